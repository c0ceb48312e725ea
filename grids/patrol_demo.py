"""Demo patrol points for every grid and a month of finished patrols by the
officers of the first community (called by grids.demo.build).

Idempotent like the rest of the demo: points are looked up by (grid, name), the
officers' accounts by e-mail, and the patrols are made only once.
"""

import random
from datetime import timedelta

import shapely
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from portal import roles

from . import patrols
from .models import Assignment, Patrol, PatrolCheckin, PatrolPoint, Person

SEED = 20240602
POINT_NAMES = [
    ("小区东门岗亭", "门禁完好、外来人员登记"),
    ("地下车库入口", "照明正常、无可疑车辆"),
    ("社区卫生服务站", "周边秩序、消防通道畅通"),
    ("农贸市场北口", "摊位不占道、防扒窃提示"),
    ("小学校门口", "上下学护学岗、交通秩序"),
    ("河道游步道", "护栏完好、防溺水警示牌"),
    ("自助银行网点", "监控正常、防诈骗提示"),
    ("老年活动中心", "用电安全、反诈宣传资料"),
    ("电动车集中充电棚", "无飞线充电、灭火器在位"),
    ("快递驿站", "包裹堆放不堵通道"),
]
PATROL_DAYS = 30
NOTES = ["", "", "一切正常。", "车库照明一处损坏，已报物业。", "劝离飞线充电一处。"]


def _points_inside(shape, count, rng):
    """`count` points inside the grid's boundary, spread at random."""
    west, south, east, north = shape.bounds
    found = []
    while len(found) < count:
        lng, lat = rng.uniform(west, east), rng.uniform(south, north)
        if shape.contains(shapely.Point(lng, lat)):
            found.append((round(lat, 6), round(lng, 6)))
    return found


def build_points(places, rng):
    for _station, _community, grids in places:
        for grid in grids:
            chosen = rng.sample(POINT_NAMES, rng.randrange(3, 6))
            spots = _points_inside(grid.shape, len(chosen), rng)
            for (name, what), (lat, lng) in zip(chosen, spots, strict=True):
                PatrolPoint.objects.get_or_create(
                    grid=grid,
                    name=name,
                    defaults={"description": what, "lat": lat, "lng": lng},
                )


def officer_account(person, n):
    """A phone login for a demo officer (no password: set one to try it)."""
    User = get_user_model()
    user = (
        person.user
        or User.objects.filter(email=f"officer{n:02d}@demo.gridwatch.cn").first()
    )
    if user is None:
        user = User(email=f"officer{n:02d}@demo.gridwatch.cn", display_name=person.name)
        user.set_unusable_password()
        user.save()
    user.groups.add(*Group.objects.filter(name=roles.COMMUNITY_OFFICER))
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])
    return user


def build_patrols(community, rng):
    """Finished patrols of the first community's grids over the last month:
    each officer and auxiliary officer patrols one of their grids every few
    days, evenings mostly, checking in at most of its points."""
    assignments = (
        Assignment.objects.current()
        .filter(
            grid__community=community,
            role__in=[Person.Role.COMMUNITY_OFFICER, Person.Role.AUXILIARY_OFFICER],
        )
        .select_related("person", "grid")
        .order_by("person__name", "grid__code")
    )
    by_person = {}
    for assignment in assignments:
        by_person.setdefault(assignment.person, []).append(assignment)
    now = timezone.localtime()
    for n, (person, held) in enumerate(
        sorted(by_person.items(), key=lambda item: item[0].name), start=1
    ):
        user = officer_account(person, n)
        if Patrol.objects.filter(patroller=user).exists():
            continue
        for day in range(PATROL_DAYS, 0, -rng.randrange(2, 5)):
            grid = rng.choice(held).grid
            start = (now - timedelta(days=day)).replace(
                hour=rng.choice((9, 14, 19, 20)),
                minute=rng.randrange(0, 60),
                second=0,
                microsecond=0,
            )
            patrol = patrols.start_patrol(user, grid, at=start)
            points = list(grid.patrol_points.filter(is_active=True))
            at = start
            for point in rng.sample(points, len(points) - rng.randrange(0, 2)):
                at += timedelta(minutes=rng.randrange(6, 18))
                patrols.check_in(
                    patrol,
                    point,
                    rng.choice(list(PatrolCheckin.Method)),
                    lat=round(point.lat + rng.uniform(-1e-4, 1e-4), 6),
                    lng=round(point.lng + rng.uniform(-1e-4, 1e-4), 6),
                    at=at,
                )
            patrols.end_patrol(
                patrol,
                user,
                notes=rng.choice(NOTES),
                at=at + timedelta(minutes=rng.randrange(5, 15)),
            )


def build(places):
    rng = random.Random(SEED)
    build_points(places, rng)
    build_patrols(places[0][1], rng)
