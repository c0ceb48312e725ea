"""A volunteer's patrol becomes exactly one service log waiting for verification,
and never one for time their activity attendance already covers."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from grids import patrols
from grids.models import PatrolCheckin
from volunteers import services
from volunteers.models import Attendance, ServiceLog, SignUp
from volunteers.patrol_logs import log_for_patrol

from .factories import ActivityFactory, ServiceLogFactory

pytestmark = pytest.mark.django_db


def ago(minutes):
    return timezone.now() - timedelta(minutes=minutes)


def patrol_of(member, grid, start, end, points=()):
    patrol = patrols.start_patrol(member.user, grid, at=start)
    for n, point in enumerate(points, start=1):
        patrols.check_in(
            patrol, point, PatrolCheckin.Method.QR, at=start + timedelta(minutes=n)
        )
    return patrols.end_patrol(patrol, member.user, at=end)


def test_a_volunteer_patrol_makes_one_pending_log(
    client, member, team, grid_a, patrol_points
):
    client.force_login(member.user)
    client.post(reverse("grids:patrol_start", args=[grid_a.code]))
    client.post(reverse("grids:patrol_scan", args=[patrol_points[0].token]))
    patrol = member.user.patrols.get()
    end = reverse("grids:patrol_end", args=[patrol.pk])
    client.post(end, {"notes": "一切正常"})
    client.post(end, {"notes": "一切正常"})  # a double tap on "end"
    log = ServiceLog.objects.get()
    assert (log.source, log.patrol, log.volunteer) == ("patrol", patrol, member)
    assert (log.status, log.kind, log.grid, log.team) == (
        "pending",
        "patrol",
        grid_a,
        team,
    )
    patrol.refresh_from_db()
    assert (log.started_at, log.ended_at) == (patrol.started_at, patrol.ended_at)
    assert not log.needs_review


def test_the_log_counts_patrol_time_and_earns_after_verification(
    member, team, grid_a, patrol_points, team_leader
):
    patrol_of(member, grid_a, ago(100), ago(10), patrol_points)  # 90 minutes
    log = ServiceLog.objects.get()
    assert log.hours == Decimal("1.50")
    assert log.points == 15  # 10 points per hour
    services.credit_service_log(log, team_leader)
    member.refresh_from_db()
    assert member.balance == 15
    assert member.ledger.get().source_key == f"log:{log.pk}"


def test_sending_the_end_again_does_not_log_twice(member, grid_a, patrol_points):
    patrol = patrol_of(member, grid_a, ago(60), ago(5), patrol_points)
    assert log_for_patrol(patrol) is None
    patrols.patrol_ended.send(sender=type(patrol), patrol=patrol)
    assert ServiceLog.objects.count() == 1
    with pytest.raises(ValidationError):
        patrols.end_patrol(patrol, member.user)
    assert ServiceLog.objects.count() == 1


def test_officers_patrols_make_no_service_log(officer_a, grid_a, patrol_points):
    patrol = patrols.start_patrol(officer_a, grid_a, at=ago(30))
    patrols.end_patrol(patrol, officer_a)
    assert not ServiceLog.objects.exists()


def test_time_covered_by_a_patrol_activity_is_not_logged_again(
    member, team, grid_a, patrol_points
):
    activity = ActivityFactory(
        team=team, grid=grid_a, starts_at=ago(180), ends_at=ago(60)
    )
    signup = SignUp.objects.create(
        activity=activity, volunteer=member, status="confirmed"
    )
    attendance = Attendance.objects.create(
        signup=signup, checked_in_at=ago(180), checked_out_at=ago(60)
    )
    services.log_from_attendance(attendance, activity).save()
    patrol_of(member, grid_a, ago(150), ago(90), patrol_points)  # during it
    assert ServiceLog.objects.get().source == "activity"


def test_a_patrol_during_an_open_check_in_is_not_logged(
    member, team, grid_a, patrol_points
):
    activity = ActivityFactory(team=team, grid=grid_a, starts_at=ago(60))
    signup = SignUp.objects.create(
        activity=activity, volunteer=member, status="confirmed"
    )
    Attendance.objects.create(signup=signup, checked_in_at=ago(50))
    patrol_of(member, grid_a, ago(40), ago(5), patrol_points)
    assert not ServiceLog.objects.exists()


def test_a_patrol_after_the_activity_is_logged(member, team, grid_a, patrol_points):
    activity = ActivityFactory(
        team=team, grid=grid_a, starts_at=ago(300), ends_at=ago(240)
    )
    signup = SignUp.objects.create(
        activity=activity, volunteer=member, status="confirmed"
    )
    attendance = Attendance.objects.create(
        signup=signup, checked_in_at=ago(300), checked_out_at=ago(240)
    )
    services.log_from_attendance(attendance, activity).save()
    patrol_of(member, grid_a, ago(60), ago(5), patrol_points)
    assert sorted(ServiceLog.objects.values_list("source", flat=True)) == [
        "activity",
        "patrol",
    ]


def test_overlap_with_a_self_reported_log_is_flagged(member, grid_a, patrol_points):
    ServiceLogFactory(volunteer=member, started_at=ago(90), ended_at=ago(30), hours=1)
    patrol_of(member, grid_a, ago(60), ago(5), patrol_points)
    log = ServiceLog.objects.get(source="patrol")
    assert log.needs_review


def test_a_patrol_without_check_ins_is_flagged(member, grid_a, patrol_points):
    patrol_of(member, grid_a, ago(60), ago(5))
    log = ServiceLog.objects.get()
    assert log.needs_review
    assert log.patrol.points_covered == 0


def test_a_forgotten_patrol_is_logged_to_its_last_check_in_and_flagged(
    member, grid_a, patrol_points
):
    started = timezone.now() - timedelta(hours=14)
    patrol = patrols.start_patrol(member.user, grid_a, at=started)
    patrols.check_in(
        patrol,
        patrol_points[0],
        PatrolCheckin.Method.QR,
        at=started + timedelta(minutes=59),
    )
    patrols.close_stale_patrols()
    log = ServiceLog.objects.get()
    assert log.hours == Decimal("1.00")
    assert log.needs_review


@pytest.mark.django_db(transaction=True)
def test_concurrent_ends_make_one_log(member, grid_a, patrol_points):
    on_postgres = connection.vendor == "postgresql"
    patrol = patrols.start_patrol(member.user, grid_a, at=ago(60))
    outcomes = []
    lock = threading.Lock()

    def end(_n):
        try:
            patrols.end_patrol(patrol, member.user)
            result = "ended"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    with ThreadPoolExecutor(max_workers=8 if on_postgres else 1) as pool:
        list(pool.map(end, range(8)))
    assert sorted(outcomes) == ["ended"] + ["refused"] * 7
    assert ServiceLog.objects.filter(patrol=patrol).count() == 1
