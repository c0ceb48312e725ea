from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import CommunityFactory, GridFactory, StationFactory, UserFactory
from volunteers.models import (
    Activity,
    ActivityType,
    Membership,
    PointsRule,
    Reward,
    ServiceLog,
    Team,
    Volunteer,
)


class VolunteerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Volunteer

    user = factory.SubFactory(UserFactory)
    real_name = factory.Iterator(["张志强", "李红梅", "王海涛", "陈晓燕", "刘建华"])
    id_number = factory.Sequence(lambda n: f"33010619900101{n % 10000:04d}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    community = factory.SubFactory(CommunityFactory)
    skills = "急救证、普通话"
    availability = "周末"
    consent = True
    status = Volunteer.Status.APPROVED


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"第{n}志愿服务队")
    slug = factory.Sequence(lambda n: f"team-{n}")
    station = factory.SubFactory(StationFactory)
    description = "社区平安巡防"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    team = factory.SubFactory(TeamFactory)
    volunteer = factory.SubFactory(VolunteerFactory)


def in_hours(hours):
    return timezone.now() + timedelta(hours=hours)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    title = factory.Sequence(lambda n: f"夜间巡逻{n}")
    kind = ActivityType.PATROL
    grid = factory.SubFactory(GridFactory)
    place = "文一路与学院路口"
    starts_at = factory.LazyFunction(lambda: in_hours(30))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=2))
    signup_deadline = factory.LazyAttribute(lambda o: o.starts_at)
    capacity = 5
    points_rule = PointsRule.PER_HOUR
    points_value = 10


class ServiceLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceLog

    volunteer = factory.SubFactory(VolunteerFactory)
    source = ServiceLog.Source.SELF
    kind = ActivityType.PUBLICITY
    description = "反诈宣传进小区"
    place = "文一社区广场"
    started_at = factory.Sequence(lambda n: timezone.now() - timedelta(days=n + 1))
    hours = 2
    ended_at = factory.LazyAttribute(lambda o: o.started_at + timedelta(hours=o.hours))
    points_rule = PointsRule.PER_HOUR
    points_value = 10


class RewardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reward

    name = factory.Iterator(["环保购物袋", "保温杯", "急救包", "雨伞"])
    cost = 50
    stock = 10
