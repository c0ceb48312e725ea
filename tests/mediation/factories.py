import datetime

import factory
from django.utils import timezone

from mediation.models import Agreement, Case, Mediator, Party
from tests.factories import GridFactory, StationFactory

# Valid resident ID numbers (checksums correct), for parties in tests.
VALID_IDS = ["11010519491231002X", "440524188001010014", "330106199001011234"]


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    source = Case.Source.WALK_IN
    category = Case.Category.NEIGHBOUR
    grid = factory.SubFactory(GridFactory)
    summary = "楼上装修噪音扰民，多次协商未果"
    risk = Case.Risk.YELLOW


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party

    case = factory.SubFactory(CaseFactory)
    role = Party.Role.APPLICANT
    name = factory.Iterator(["张丽华", "王志强", "陈美玲"])
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    id_number = factory.Iterator(VALID_IDS)
    address = "文一路88号3幢2单元501室"
    relationship = "邻居"


class MediatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mediator

    name = factory.Iterator(["周调解", "吴律师", "郑司法"])
    kind = Mediator.Kind.PEOPLES_MEDIATOR
    institution = "西湖派出所人民调解工作室"
    station = factory.SubFactory(StationFactory)
    work_phone = "0571-87001234"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    case = factory.SubFactory(CaseFactory)
    facts = "双方因装修噪音发生纠纷，乙方施工时间违反小区管理规约。"
    terms = "乙方仅在工作日9:00至18:00施工，并赔偿甲方损失500元。"
    performance_method = "现金一次性支付"
    performance_place = "文一社区警务室"
    performance_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=10)
    )
    signed_on = factory.LazyFunction(timezone.localdate)
    signatures_recorded = True
    seal_recorded = True
    copies = 3
