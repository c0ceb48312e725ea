"""Factories for test data. Boundaries are 0.01° squares laid out on a grid of
cells so that generated grids never overlap."""

import io
import itertools

import factory
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image

from grids.models import Assignment, Community, Grid, Person, Station
from portal.models import User

ORIGIN_LNG, ORIGIN_LAT, CELL = 120.10, 30.20, 0.01
_cells = itertools.count()


def square(col, row, size=CELL, lng0=ORIGIN_LNG, lat0=ORIGIN_LAT):
    x, y = lng0 + col * size, lat0 + row * size
    return {
        "type": "Polygon",
        "coordinates": [
            [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
        ],
    }


def next_square():
    n = next(_cells)
    return square(n % 50, n // 50)


def png_bytes(width=120, height=150, color=(30, 80, 160)):
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(title="portrait", **kwargs):
    return Image.objects.create(
        title=title,
        file=ImageFile(io.BytesIO(png_bytes(**kwargs)), name=f"{title}.png"),
    )


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            for name in extracted:
                self.groups.add(Group.objects.get(name=name))
        if create:
            self.save()


class StationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Station
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n:02d}")
    name = factory.Sequence(lambda n: f"第{n}派出所")
    phone = "0571-87000000"


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"C{n:03d}")
    name = factory.Sequence(lambda n: f"幸福{n}社区")
    station = factory.SubFactory(StationFactory)
    subdistrict = "文新街道"


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"G{n:03d}")
    name = factory.Sequence(lambda n: f"幸福第{n}网格")
    community = factory.SubFactory(CommunityFactory)
    boundary = factory.LazyFunction(next_square)
    households = 800
    population = 2100


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Iterator(
        ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄敏"]
    )
    role = Person.Role.COMMUNITY_OFFICER
    work_phone = factory.Sequence(lambda n: f"138{n:08d}")
    duties = "社区治安巡查、矛盾纠纷化解、群众求助受理"
    office_hours = "周一至周五 9:00–17:00"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    person = factory.SubFactory(PersonFactory)
    grid = factory.SubFactory(GridFactory)
    role = factory.SelfAttribute("person.role")
