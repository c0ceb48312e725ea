"""Demo data for mediation: mediators of the three institutions, cases in every
stage and category, and a council with meetings and action items. Idempotent:
records are found by natural keys and only created when missing."""

import datetime

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from grids.models import Grid, Station
from mediation import services
from mediation.models import (
    ActionItem,
    Agreement,
    Case,
    CaseMediator,
    Council,
    Mediator,
    Meeting,
    MeetingIssue,
    MemberUnit,
    Party,
    ResidentRepresentative,
    Session,
)

MEDIATORS = [
    ("周秀兰", Mediator.Kind.PEOPLES_MEDIATOR, "{station}人民调解工作室"),
    ("何建平", Mediator.Kind.OFFICER, "{station}"),
    ("孙丽娟", Mediator.Kind.JUDICIAL_STAFF, "文新司法所"),
    ("冯志远", Mediator.Kind.LAWYER, "浙江明理律师事务所"),
]

# (source reference, source, category, risk, summary, stage, parties)
CASES = [
    (
        "110-20261102-0117",
        "referral_110",
        "neighbour",
        "orange",
        "楼上住户夜间装修噪音扰民，双方多次争吵，110出警后移交调解。",
        "closed",
        [
            (
                "applicant",
                "张丽华",
                "13912345678",
                "11010519491231002X",
                "文一路88号3幢501室",
                "楼下邻居",
            ),
            (
                "respondent",
                "王志强",
                "13887654321",
                "440524188001010014",
                "文一路88号3幢601室",
                "楼上邻居",
            ),
        ],
    ),
    (
        "R2026-000031",
        "resident_report",
        "property_management",
        "yellow",
        "业主以电梯长期故障为由拒交物业费，物业公司催缴未果。",
        "agreed",
        [
            (
                "applicant",
                "杭州安居物业管理有限公司",
                "0571-87012345",
                "",
                "文一社区物业服务中心",
                "物业服务企业",
            ),
            ("respondent", "陈美玲", "13700002222", "", "文一路66号2幢302室", "业主"),
        ],
    ),
    (
        "ZF-20261110-01",
        "walk_in",
        "labour",
        "red",
        "装修工人六人被拖欠工资共计四万二千元，聚集在工地门口讨薪。",
        "mediating",
        [
            ("applicant", "刘大勇", "13600003333", "", "", "务工人员代表"),
            (
                "respondent",
                "杭州鑫达装饰工程有限公司",
                "0571-88001234",
                "",
                "西湖区文二路18号",
                "用工单位",
            ),
        ],
    ),
    (
        "XL-20261115-03",
        "patrol",
        "traffic_accident",
        "yellow",
        "小区内电动车与行人轻微碰撞，双方就医药费承担有争议。",
        "accepted",
        [
            ("applicant", "赵桂芳", "13500004444", "", "", "行人"),
            ("respondent", "李明", "13500005555", "", "", "电动车驾驶人"),
        ],
    ),
    (
        "ZF-20261120-02",
        "walk_in",
        "marriage_family",
        "orange",
        "兄弟二人因母亲赡养费分担及老房居住问题发生争执。",
        "intake",
        [
            ("applicant", "吴建华", "13400006666", "", "", "长子"),
            ("respondent", "吴建国", "13400007777", "", "", "次子"),
        ],
    ),
    (
        "YSH-2026-05",
        "council",
        "housing_homestead",
        "yellow",
        "租客退租时房东以墙面损坏为由扣留押金三千元。",
        "failed",
        [
            ("applicant", "郑晓雨", "13300008888", "", "", "租客"),
            ("respondent", "钱国强", "13300009999", "", "", "房东"),
        ],
    ),
    (
        "ZF-20261005-07",
        "walk_in",
        "consumer",
        "yellow",
        "顾客在社区理发店办理储值卡后店铺转让，要求退还余额。",
        "withdrawn",
        [
            ("applicant", "孙小红", "13200001111", "", "", "消费者"),
            ("respondent", "美发店经营者", "13200002222", "", "", "经营者"),
        ],
    ),
]


class Command(BaseCommand):
    help = "Create demo mediators, cases and a council (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        station = Station.objects.order_by("code").first()
        grids = (
            list(Grid.objects.in_station(station).order_by("code")) if station else []
        )
        if not grids:
            self.stdout.write("No stations or grids yet; run the grids seed first.")
            return
        mediators = self._mediators(station)
        for index, row in enumerate(CASES):
            self._case(row, grids[index % len(grids)], mediators)
        self._council(grids[0])
        self.stdout.write(
            f"Mediation demo: {Case.objects.count()} cases, "
            f"{Mediator.objects.count()} mediators, {Council.objects.count()} councils."
        )

    def _mediators(self, station):
        result = []
        for name, kind, institution in MEDIATORS:
            mediator, _created = Mediator.objects.get_or_create(
                name=name,
                station=station,
                defaults={
                    "kind": kind,
                    "institution": institution.format(station=station.name),
                    "work_phone": "0571-87005110",
                },
            )
            result.append(mediator)
        return result

    def _case(self, row, grid, mediators):
        reference, source, category, risk, summary, stage, parties = row
        if Case.objects.filter(source_reference=reference).exists():
            return
        case = services.open_case(
            case=Case(
                source=source,
                source_reference=reference,
                category=category,
                risk=risk,
                summary=summary,
                grid=grid,
            ),
            by=None,
        )
        for role, name, phone, id_number, address, relationship in parties:
            services.add_party(
                party=Party(
                    case=case,
                    role=role,
                    name=name,
                    phone=phone,
                    id_number=id_number,
                    address=address,
                    relationship=relationship,
                ),
                by=None,
            )
        if stage == "intake":
            return
        if stage == "withdrawn":
            case.withdraw(reason="申请人表示已与店主私下协商解决，撤回申请。", by=None)
            return
        services.accept_case(case, lead=mediators[0], by=None)
        services.assign_mediator(
            case,
            mediators[len(case.summary) % 3 + 1],
            role=CaseMediator.Role.HELPER,
            by=None,
        )
        if stage == "accepted":
            return
        services.add_session(
            session=Session(
                case=case,
                held_at=timezone.now() - datetime.timedelta(days=2),
                place="驻所人民调解室",
                attendees="双方当事人、人民调解员、社区民警",
                minutes="调解员释明相关法律规定，双方分别陈述事实和诉求，经背对背沟通，双方初步达成一致意向。",
            ),
            by=None,
        )
        case.refresh_from_db()
        if stage == "mediating":
            return
        if stage == "failed":
            case.fail(
                referred_to=Case.Referral.COURT,
                referral_body="杭州市西湖区人民法院",
                reason="双方对房屋损坏程度及赔偿金额分歧较大，经两次调解未能达成一致。",
                told_how_to_go_to_court=True,
                by=None,
            )
            return
        today = timezone.localdate()
        services.record_agreement(
            agreement=Agreement(
                case=case,
                facts="经查，双方因本纠纷产生矛盾，被申请人对损失负主要责任。",
                terms="一、被申请人向申请人赔偿损失人民币伍佰元；二、双方今后互谅互让，不再因此事发生争执。",
                performance_method="现金一次性支付",
                performance_place="驻所人民调解室",
                performance_deadline=today + datetime.timedelta(days=7),
                signed_on=today,
                signatures_recorded=True,
                seal_recorded=True,
                copies=3,
            ),
            by=None,
        )
        case.refresh_from_db()
        if stage == "agreed":
            return
        case.record_follow_up(
            case.follow_ups.get(),
            visited_on=today,
            obligations_kept=True,
            notes="电话回访，双方均表示协议已履行，关系缓和。",
            by=None,
        )
        case.close(by=None)

    def _council(self, grid):
        council, _created = Council.objects.get_or_create(
            name=f"{grid.community.name}警民议事会",
            defaults={
                "community": grid.community,
                "description": "由派出所牵头，街道、城管、交警、消防等单位和居民代表共同参与，每月议事一次。",
            },
        )
        units = {}
        for name, contact, phone in [
            ("文新街道办事处", "蒋主任", "0571-88101234"),
            ("西湖城管中队", "韩队长", "0571-88102345"),
            ("西湖交警中队", "杨警官", "0571-88103456"),
            ("文新消防救援站", "朱站长", "0571-88104567"),
            (grid.community.station.name, "何建平", "0571-87005110"),
        ]:
            units[name], _ = MemberUnit.objects.get_or_create(
                council=council,
                name=name,
                defaults={"contact_name": contact, "contact_phone": phone},
            )
        for name, phone, building in [
            ("陈阿姨", "13700001111", "文一路88号"),
            ("老许", "13700003333", "文一路66号"),
        ]:
            ResidentRepresentative.objects.get_or_create(
                council=council,
                name=name,
                defaults={"phone": phone, "building": building},
            )
        if council.meetings.exists():
            return
        now = timezone.now()
        held = Meeting.objects.create(
            council=council,
            scheduled_at=now - datetime.timedelta(days=20),
            place="文一社区党群服务中心议事厅",
            agenda="一、小区电动车飞线充电整治；二、学校门口早高峰拥堵；三、沿街商铺占道经营",
        )
        held.attending_units.set(list(units.values())[:4])
        held.attending_representatives.set(council.representatives.all())
        held.record_held(
            minutes="各单位通报情况，居民代表反映问题，经讨论形成三项决定。",
            public_summary="1. 在3幢、6幢旁增设电动车集中充电点，月底前完工；\n2. 交警中队在上学时段增派警力疏导；\n3. 城管中队对沿街占道经营开展集中整治。",
        )
        MeetingIssue.objects.create(
            meeting=held,
            title="电动车楼道飞线充电",
            description="居民多次通过平台反映，存在火灾隐患。",
            report_reference="R2026-000012",
        )
        today = timezone.localdate()
        for title, unit, due, status in [
            (
                "增设电动车集中充电点",
                "文新街道办事处",
                today + datetime.timedelta(days=10),
                "in_progress",
            ),
            (
                "早高峰学校门口交通疏导",
                "西湖交警中队",
                today - datetime.timedelta(days=5),
                "done",
            ),
            (
                "沿街商铺占道经营整治",
                "西湖城管中队",
                today - datetime.timedelta(days=3),
                "open",
            ),
            (
                "楼道消防安全检查",
                "文新消防救援站",
                today + datetime.timedelta(days=20),
                "open",
            ),
        ]:
            ActionItem.objects.create(
                council=council,
                meeting=held,
                title=title,
                owner_unit=units[unit],
                due_on=due,
                status=status,
                done_on=due if status == "done" else None,
            )
        Meeting.objects.create(
            council=council,
            scheduled_at=now + datetime.timedelta(days=10),
            place="文一社区党群服务中心议事厅",
            agenda="一、上次议定事项落实情况；二、老旧小区加装电梯协调；三、居民代表提出的其他问题",
        )
