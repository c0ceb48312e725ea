"""Patrols on the phone: start, check in by QR link or by location, end."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grids import patrols
from grids.models import Patrol, PatrolCheckin

from .patrol_factories import GATE, PatrolPointFactory

pytestmark = pytest.mark.django_db

NEAR_GATE = (30.2051, 120.1050)  # about 11 m north of the gate
FAR_FROM_GATE = (30.2060, 120.1050)  # about 111 m north


def start(client, user, grid):
    client.force_login(user)
    response = client.post(reverse("grids:patrol_start", args=[grid.code]))
    assert response.status_code == 302
    return Patrol.objects.get(patroller=user, status="active")


def test_officer_starts_a_patrol_and_sees_the_points(
    client, officer_a, grid_a, gate, garage
):
    client.force_login(officer_a)
    home = client.get(reverse("grids:patrols"))
    assert home.status_code == 200
    assert f'data-grid="{grid_a.code}"' in home.content.decode()
    patrol = start(client, officer_a, grid_a)
    assert (patrol.grid, patrol.kind) == (grid_a, Patrol.Kind.OFFICER)
    page = client.get(reverse("grids:patrol", args=[patrol.pk])).content.decode()
    assert page.count('data-covered="0"') == 2
    assert 'data-status="active"' in page


def test_auxiliary_officer_patrols_as_auxiliary(client, auxiliary_a, grid_a):
    assert start(client, auxiliary_a, grid_a).kind == Patrol.Kind.AUXILIARY


def test_qr_link_checks_in_at_the_point(client, officer_a, grid_a, gate, garage):
    patrol = start(client, officer_a, grid_a)
    url = reverse("grids:patrol_scan", args=[gate.token])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response["Location"] == reverse("grids:patrol", args=[patrol.pk])
    checkin = PatrolCheckin.objects.get()
    assert (checkin.patrol, checkin.point, checkin.method) == (patrol, gate, "qr")
    page = client.get(response["Location"]).content.decode()
    assert f'data-point="{gate.pk}" data-covered="1"' in page
    assert f'data-point="{garage.pk}" data-covered="0"' in page


def test_qr_link_starts_a_patrol_when_none_is_under_way(client, officer_a, gate):
    client.force_login(officer_a)
    client.post(reverse("grids:patrol_scan", args=[gate.token]), {"lat": "", "lng": ""})
    patrol = Patrol.objects.get()
    assert patrol.is_active
    assert list(patrol.checkins.values_list("point", flat=True)) == [gate.pk]


def test_an_unknown_or_retired_qr_code_is_404(client, officer_a, gate):
    client.force_login(officer_a)
    assert client.get("/grids/patrols/p/not-a-token/").status_code == 404
    gate.is_active = False
    gate.save()
    assert (
        client.get(reverse("grids:patrol_scan", args=[gate.token])).status_code == 404
    )


def test_location_within_the_radius_checks_in(client, officer_a, grid_a, gate):
    patrol = start(client, officer_a, grid_a)
    url = reverse("grids:patrol_checkin", args=[patrol.pk, gate.pk])
    client.post(url, {"lat": NEAR_GATE[0], "lng": NEAR_GATE[1]})
    checkin = PatrolCheckin.objects.get()
    assert checkin.method == "location"
    assert 5 < checkin.distance_m < 20
    assert (checkin.lat, checkin.lng) == NEAR_GATE


@pytest.mark.parametrize(
    "data",
    [
        {"lat": FAR_FROM_GATE[0], "lng": FAR_FROM_GATE[1]},
        {"lat": "", "lng": ""},
        {"lat": NEAR_GATE[0]},
        {"lat": "north", "lng": "east"},
        {"lat": 95, "lng": 120.1},
    ],
)
def test_location_outside_the_radius_or_missing_saves_nothing(
    client, officer_a, grid_a, gate, data
):
    patrol = start(client, officer_a, grid_a)
    url = reverse("grids:patrol_checkin", args=[patrol.pk, gate.pk])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "message-error" in response.content.decode()
    assert not PatrolCheckin.objects.exists()


def test_a_wider_radius_lets_a_far_check_in_through(client, officer_a, grid_a):
    square = PatrolPointFactory(grid=grid_a, lat=GATE[0], lng=GATE[1], radius_m=150)
    patrol = start(client, officer_a, grid_a)
    url = reverse("grids:patrol_checkin", args=[patrol.pk, square.pk])
    client.post(url, {"lat": FAR_FROM_GATE[0], "lng": FAR_FROM_GATE[1]})
    assert PatrolCheckin.objects.get().point == square


def test_a_point_is_checked_in_once_per_patrol(client, officer_a, grid_a, gate):
    patrol = start(client, officer_a, grid_a)
    client.post(reverse("grids:patrol_scan", args=[gate.token]))
    response = client.post(reverse("grids:patrol_scan", args=[gate.token]), follow=True)
    assert "message-error" in response.content.decode()
    client.post(
        reverse("grids:patrol_checkin", args=[patrol.pk, gate.pk]),
        {"lat": NEAR_GATE[0], "lng": NEAR_GATE[1]},
    )
    assert PatrolCheckin.objects.count() == 1


def test_a_point_of_another_grid_is_refused(client, officer_a, grid_a, point_b):
    patrol = start(client, officer_a, grid_a)
    url = reverse("grids:patrol_checkin", args=[patrol.pk, point_b.pk])
    assert client.post(url, {"lat": 30.205, "lng": 120.115}).status_code == 404
    with pytest.raises(patrols.ValidationError):
        patrols.check_in(patrol, point_b, PatrolCheckin.Method.QR)
    assert not PatrolCheckin.objects.exists()


def test_ending_records_the_time_and_the_points_covered(
    client, officer_a, grid_a, gate, garage
):
    patrol = patrols.start_patrol(
        officer_a, grid_a, at=timezone.now() - timedelta(minutes=45)
    )
    patrols.check_in(patrol, gate, PatrolCheckin.Method.QR)
    client.force_login(officer_a)
    url = reverse("grids:patrol_end", args=[patrol.pk])
    response = client.post(url, {"notes": "车库照明一处损坏"})
    assert response.status_code == 302
    patrol.refresh_from_db()
    assert patrol.status == Patrol.Status.FINISHED
    assert (patrol.points_covered, patrol.points_total) == (1, 2)
    assert patrol.minutes == 45
    assert patrol.notes == "车库照明一处损坏"
    elapsed = Patrol.objects.with_duration().get().elapsed
    assert timedelta(minutes=45) <= elapsed < timedelta(minutes=46)
    assert patrol.duration == elapsed


def test_ending_twice_changes_nothing(client, officer_a, grid_a, gate):
    patrol = start(client, officer_a, grid_a)
    url = reverse("grids:patrol_end", args=[patrol.pk])
    client.post(url, {"notes": "一切正常"})
    patrol.refresh_from_db()
    ended_at = patrol.ended_at
    response = client.post(url, {"notes": "改了"}, follow=True)
    assert "message-error" in response.content.decode()
    patrol.refresh_from_db()
    assert (patrol.ended_at, patrol.notes) == (ended_at, "一切正常")


def test_no_check_in_after_the_end(client, officer_a, grid_a, gate):
    patrol = start(client, officer_a, grid_a)
    client.post(reverse("grids:patrol_end", args=[patrol.pk]))
    client.post(
        reverse("grids:patrol_checkin", args=[patrol.pk, gate.pk]),
        {"lat": NEAR_GATE[0], "lng": NEAR_GATE[1]},
    )
    assert not PatrolCheckin.objects.exists()


def test_one_patrol_at_a_time(client, officer_a, grid_a):
    start(client, officer_a, grid_a)
    response = client.post(
        reverse("grids:patrol_start", args=[grid_a.code]), follow=True
    )
    assert "message-error" in response.content.decode()
    assert Patrol.objects.count() == 1


def test_notes_too_long_are_refused(client, officer_a, grid_a):
    patrol = start(client, officer_a, grid_a)
    client.post(reverse("grids:patrol_end", args=[patrol.pk]), {"notes": "长" * 1001})
    patrol.refresh_from_db()
    assert patrol.is_active


def test_patrol_list_keeps_a_constant_number_of_queries(
    client, officer_a, grid_a, gate, garage, django_assert_max_num_queries
):
    def make_patrols(count):
        for n in range(count):
            patrol = patrols.start_patrol(
                officer_a, grid_a, at=timezone.now() - timedelta(days=n + 1, hours=2)
            )
            patrols.check_in(patrol, gate, PatrolCheckin.Method.QR)
            patrols.end_patrol(
                patrol, officer_a, at=timezone.now() - timedelta(days=n + 1)
            )

    client.force_login(officer_a)
    client.get(reverse("grids:patrols"))  # the site settings row is made once
    make_patrols(2)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("grids:patrols")).status_code == 200
    make_patrols(15)
    patrols.start_patrol(officer_a, grid_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(reverse("grids:patrols")).content.decode()
    assert page.count('data-status="finished"') == 17
    assert 'id="active-patrol"' in page


def test_qr_sheet_prints_a_code_per_active_point(client, officer_a, grid_a, gate):
    PatrolPointFactory(grid=grid_a, name="旧岗亭", is_active=False)
    client.force_login(officer_a)
    response = client.get(reverse("grids:patrol_qr_sheet", args=[grid_a.code]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 1
    assert f'data-point="{gate.pk}"' in html


def test_a_forgotten_patrol_is_closed_at_its_last_check_in(officer_a, grid_a, gate):
    started = timezone.now() - timedelta(hours=13)
    patrol = patrols.start_patrol(officer_a, grid_a, at=started)
    patrols.check_in(
        patrol, gate, PatrolCheckin.Method.QR, at=started + timedelta(minutes=20)
    )
    assert patrols.close_stale_patrols() == 1
    patrol.refresh_from_db()
    assert patrol.auto_closed
    assert patrol.ended_at == started + timedelta(minutes=21)
    assert (patrol.points_covered, patrol.points_total) == (1, 1)
    assert patrols.close_stale_patrols() == 0


def test_patrols_under_way_for_less_than_12_hours_stay_open(officer_a, grid_a):
    patrols.start_patrol(officer_a, grid_a, at=timezone.now() - timedelta(hours=11))
    assert patrols.close_stale_patrols() == 0
    assert Patrol.objects.get().is_active
