"""One month (October 2026) of data built by hand, for the KPI and ranking tests.

Times are Beijing time. Figures are read on NOW (10 November 2026, noon), so
deadlines that fell before then count as passed.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from grids.models import Assignment
from mediation.models import Case, FollowUp
from scoreboard.periods import Period
from tests.factories import (
    AssignmentFactory,
    CommunityFactory,
    GridFactory,
    PersonFactory,
    StationFactory,
    UserFactory,
)
from tests.mediation.factories import AgreementFactory, CaseFactory
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.volunteers.factories import ServiceLogFactory, VolunteerFactory
from volunteers.models import LedgerEntry, ServiceLog

OCTOBER = Period.parse("month", "2026-10")


def at(month, day, hour, minute=0, year=2026):
    return timezone.make_aware(
        dt.datetime(year, month, day, hour, minute), timezone.get_default_timezone()
    )


NOW = at(11, 10, 12)


@pytest.fixture
def month(db):
    """Build the month; returns the objects the tests refer to by name."""
    xh = StationFactory(code="XH", name="西湖派出所")
    gs = StationFactory(code="GS", name="古荡派出所")
    wy = CommunityFactory(code="XH-WY", name="文一社区", station=xh)
    xy = CommunityFactory(code="GS-XY", name="学院社区", station=gs)
    a = GridFactory(code="XH-01", name="文一第一网格", community=wy, population=2000)
    b = GridFactory(code="XH-02", name="文一第二网格", community=wy, population=1000)
    c = GridFactory(code="GS-01", name="学院第一网格", community=xy, population=500)

    since = dt.date(2026, 1, 1)
    wang = PersonFactory(name="王建国")
    zhao = PersonFactory(name="赵敏")
    former = PersonFactory(name="钱前任")
    for grid in (a, b):
        AssignmentFactory(person=wang, grid=grid, start_date=since)
    AssignmentFactory(person=zhao, grid=c, start_date=since)
    # Left grid A before October: does not count as A's officer.
    AssignmentFactory(
        person=former,
        grid=a,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 9, 1),
    )
    # A grid worker on B is not an officer.
    AssignmentFactory(
        person=PersonFactory(name="孙网格", role="grid_worker"),
        grid=b,
        role=Assignment.Role.GRID_WORKER,
        start_date=since,
    )

    _reports(a, b)
    _cases(a, b)
    _ledger(a, b)
    _patrols(a, b)
    return {
        "xh": xh,
        "gs": gs,
        "wy": wy,
        "a": a,
        "b": b,
        "c": c,
        "wang": wang,
        "zhao": zhao,
    }


def _report(grid, category, created, **fields):
    return ReportFactory(grid=grid, category=category, created_at=created, **fields)


def _reports(a, b):
    from reports.models import ReportUpdate

    # SLA: accept within 2 hours, resolve within 48 hours.
    cat = CategoryFactory(code="noise", hours_to_accept=2, hours_to_resolve=48)
    # Grid A
    _report(
        a,
        cat,
        at(10, 5, 9),
        status="closed",
        accepted_at=at(10, 5, 10),
        resolved_at=at(10, 6, 9),
        closed_at=at(10, 6, 12),
        rating=5,
    )  # R1
    _report(
        a,
        cat,
        at(10, 10, 9),
        status="resolved",
        accepted_at=at(10, 10, 12),
        resolved_at=at(10, 13, 9),
        rating=2,
    )  # R2
    _report(
        a, cat, at(10, 20, 9), status="in_progress", accepted_at=at(10, 20, 9, 30)
    )  # R3
    _report(a, cat, at(10, 31, 23, 30), status="submitted")  # R4
    _report(a, cat, at(10, 15, 9), status="rejected", closed_at=at(10, 15, 10))  # R5
    # Outside October (Beijing time): never counted.
    _report(a, cat, at(11, 1, 0, 10), status="submitted")
    _report(a, cat, at(9, 30, 23, 50), status="submitted")
    # Grid B
    _report(
        b,
        cat,
        at(10, 8, 8),
        status="closed",
        accepted_at=at(10, 8, 9),
        resolved_at=at(10, 9, 8),
        closed_at=at(10, 9, 9),
        rating=4,
    )  # R7
    r8 = _report(
        b,
        cat,
        at(10, 12, 10),
        status="in_progress",
        accepted_at=at(10, 12, 10, 30),
        rating=1,
    )  # R8, reopened
    ReportUpdate.objects.create(
        report=r8,
        kind="status",
        from_status="resolved",
        to_status="in_progress",
        created_at=at(10, 13, 9),
    )


def _cases(a, b):
    def case(grid, created, status, **fields):
        return CaseFactory(grid=grid, created_at=created, status=status, **fields)

    m1 = case(a, at(10, 3, 9), Case.Status.CLOSED)
    AgreementFactory(case=m1, signed_on=dt.date(2026, 10, 10))
    case(a, at(10, 9, 9), Case.Status.FAILED, referred_to=Case.Referral.COURT)
    case(a, at(10, 16, 9), Case.Status.MEDIATING, deadline=dt.date(2026, 11, 5))
    case(a, at(10, 25, 9), Case.Status.ACCEPTED, deadline=dt.date(2026, 11, 25))
    case(a, at(10, 28, 9), Case.Status.WITHDRAWN)
    m6 = case(b, at(10, 2, 9), Case.Status.FOLLOW_UP)
    AgreementFactory(case=m6, signed_on=dt.date(2026, 10, 20))
    FollowUp.objects.create(
        case=m1,
        due_on=dt.date(2026, 10, 20),
        visited_on=dt.date(2026, 10, 20),
        obligations_kept=True,
    )
    FollowUp.objects.create(
        case=m1,
        due_on=dt.date(2026, 10, 31),
        visited_on=dt.date(2026, 10, 31),
        obligations_kept=True,
    )
    FollowUp.objects.create(
        case=m6,
        due_on=dt.date(2026, 11, 2),
        visited_on=dt.date(2026, 11, 2),
        obligations_kept=True,
    )
    FollowUp.objects.create(case=m6, due_on=dt.date(2026, 10, 30))  # not visited


def _ledger(a, b):
    v1, v2, v3 = (VolunteerFactory(real_name=n) for n in ("张志强", "李红梅", "王海涛"))
    balance = {}

    def credit(volunteer, grid, hours, when):
        log = ServiceLogFactory(
            volunteer=volunteer,
            grid=grid,
            hours=float(hours),
            started_at=when - dt.timedelta(hours=6),
            status=ServiceLog.Status.VERIFIED,
        )
        amount = int(Decimal(hours) * 10)
        balance[volunteer.pk] = balance.get(volunteer.pk, 0) + amount
        LedgerEntry.objects.create(
            volunteer=volunteer,
            kind="earn",
            amount=amount,
            balance_after=balance[volunteer.pk],
            source_key=f"log:{log.pk}",
            reason=log.description,
            service_log=log,
            created_at=when,
        )

    credit(v1, a, "3.0", at(10, 10, 18))
    credit(v1, a, "2.5", at(10, 20, 18))
    credit(v2, a, "4.0", at(10, 31, 23))
    credit(v3, b, "2.0", at(11, 1, 8))  # November: not counted
    credit(v2, b, "1.5", at(10, 5, 18))
    # Spending points is not service.
    LedgerEntry.objects.create(
        volunteer=v1,
        kind="redeem",
        amount=-20,
        balance_after=balance[v1.pk] - 20,
        source_key="redeem:1",
        reason="保温杯",
        created_at=at(10, 21, 9),
    )


def _patrols(a, b):
    from grids.models import Patrol, PatrolCheckin, PatrolPoint

    officer, volunteer, other = (UserFactory() for _ in range(3))
    p1, p2, p3 = (
        PatrolPoint.objects.create(grid=a, name=n, lat=30.28, lng=120.13)
        for n in ("文一路口", "小区南门", "菜市场")
    )
    p4 = PatrolPoint.objects.create(
        grid=a, name="旧仓库", lat=30.28, lng=120.13, is_active=False
    )
    p5 = PatrolPoint.objects.create(grid=b, name="学校门口", lat=30.28, lng=120.13)

    def patrol(grid, user, start, end, kind="officer"):
        return Patrol.objects.create(
            grid=grid,
            patroller=user,
            kind=kind,
            started_at=start,
            ended_at=end,
            status="finished" if end else "active",
        )

    def checkin(patrol, point, when):
        PatrolCheckin.objects.create(
            patrol=patrol, point=point, checked_at=when, method="qr"
        )

    first = patrol(a, officer, at(10, 5, 20), at(10, 5, 22))
    checkin(first, p1, at(10, 5, 20, 30))
    checkin(first, p2, at(10, 5, 21))
    checkin(first, p4, at(10, 5, 21, 30))
    night = patrol(a, volunteer, at(10, 31, 22), at(11, 1, 0, 30), kind="volunteer")
    checkin(night, p1, at(10, 31, 23))
    checkin(night, p3, at(11, 1, 0, 10))
    patrol(a, other, at(10, 20, 9), None)  # still under way: not counted
    patrol(a, officer, at(9, 30, 21), at(9, 30, 23))  # September
    school = patrol(b, officer, at(10, 10, 9), at(10, 10, 10))
    checkin(school, p5, at(10, 10, 9, 15))
