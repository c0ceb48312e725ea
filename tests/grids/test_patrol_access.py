"""Who may patrol which grid, and who may see which patrol: wrong grid, wrong
role and anonymous visitors get 403/404/login and change nothing."""

import pytest
from django.urls import reverse

from grids import patrols
from grids.models import Patrol, PatrolCheckin
from tests.volunteers.factories import (
    ActivityFactory,
    MembershipFactory,
    TeamFactory,
    VolunteerFactory,
)
from volunteers.models import SignUp

from .patrol_factories import PatrolPointFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_member(volunteer, station, grid_a, community):
    """The volunteer persona, approved, in a team that serves grid_a."""
    team = TeamFactory(name="西湖平安巡防队", station=station)
    team.grids.add(grid_a)
    profile = VolunteerFactory(user=volunteer, community=community)
    MembershipFactory(team=team, volunteer=profile)
    return profile


def start_status(client, user, grid):
    if user is not None:
        client.force_login(user)
    return client.post(reverse("grids:patrol_start", args=[grid.code])).status_code


# --- Starting a patrol ------------------------------------------------------------


def test_anonymous_is_sent_to_log_in(client, grid_a, gate):
    assert start_status(client, None, grid_a) == 302
    for url in [
        reverse("grids:patrols"),
        reverse("grids:patrol_scan", args=[gate.token]),
        reverse("grids:patrol_qr_sheet", args=[grid_a.code]),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    assert not Patrol.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "mediator", "team_leader"])
def test_roles_without_patrol_duty_get_403(client, request, persona, grid_a, gate):
    user = request.getfixturevalue(persona)
    assert start_status(client, user, grid_a) == 403
    assert client.get(reverse("grids:patrols")).status_code == 403
    assert (
        client.get(reverse("grids:patrol_scan", args=[gate.token])).status_code == 403
    )
    assert (
        client.post(reverse("grids:patrol_scan", args=[gate.token])).status_code == 403
    )
    assert not Patrol.objects.exists()


def test_officer_of_another_grid_gets_403(client, officer_b, grid_a, gate):
    assert start_status(client, officer_b, grid_a) == 403
    assert (
        client.post(reverse("grids:patrol_scan", args=[gate.token])).status_code == 403
    )
    assert not Patrol.objects.exists()


def test_unknown_grid_is_404(client, officer_a):
    client.force_login(officer_a)
    assert client.post("/grids/patrols/start/NO-SUCH/").status_code == 404


def test_supervisor_patrols_every_grid_of_the_station(
    client, supervisor, station, grid_a, grid_b, grid_other_station
):
    supervisor.person.station = station
    supervisor.person.save()
    assert start_status(client, supervisor, grid_b) == 302
    patrol = Patrol.objects.get()
    assert (patrol.grid, patrol.kind) == (grid_b, Patrol.Kind.OFFICER)
    patrols.end_patrol(patrol, supervisor)
    assert start_status(client, supervisor, grid_other_station) == 403
    assert Patrol.objects.count() == 1


def test_volunteer_patrols_the_grids_of_their_team(client, team_member, grid_a, grid_b):
    assert start_status(client, team_member.user, grid_b) == 403
    assert start_status(client, team_member.user, grid_a) == 302
    assert Patrol.objects.get().kind == Patrol.Kind.VOLUNTEER


def test_volunteer_with_a_place_in_a_patrol_activity_patrols_its_grid(
    client, volunteer, community, grid_b
):
    profile = VolunteerFactory(user=volunteer, community=community)
    activity = ActivityFactory(grid=grid_b)
    SignUp.objects.create(activity=activity, volunteer=profile, status="confirmed")
    assert start_status(client, volunteer, grid_b) == 302


@pytest.mark.parametrize("status", ["suspended", "applied"])
def test_volunteer_not_in_good_standing_cannot_patrol(
    client, team_member, grid_a, status
):
    team_member.status = status
    team_member.save()
    assert start_status(client, team_member.user, grid_a) == 403
    assert not Patrol.objects.exists()


# --- Someone else's patrol ----------------------------------------------------------


def test_nobody_acts_on_someone_elses_patrol(
    client, officer_a, auxiliary_a, grid_a, gate
):
    patrol = patrols.start_patrol(officer_a, grid_a)
    client.force_login(auxiliary_a)  # same grid, other person
    assert client.get(reverse("grids:patrol", args=[patrol.pk])).status_code == 404
    checkin = reverse("grids:patrol_checkin", args=[patrol.pk, gate.pk])
    assert client.post(checkin, {"lat": 30.205, "lng": 120.105}).status_code == 404
    end = reverse("grids:patrol_end", args=[patrol.pk])
    assert client.post(end).status_code == 404
    patrol.refresh_from_db()
    assert patrol.is_active
    assert not PatrolCheckin.objects.exists()


def test_end_service_refuses_another_user(officer_a, auxiliary_a, grid_a):
    patrol = patrols.start_patrol(officer_a, grid_a)
    with pytest.raises(patrols.PermissionDenied):
        patrols.end_patrol(patrol, auxiliary_a)
    patrol.refresh_from_db()
    assert patrol.is_active


# --- QR sheet and admin ------------------------------------------------------------------


def test_qr_sheet_is_for_staff_of_the_grid(client, officer_b, team_member, grid_a):
    PatrolPointFactory(grid=grid_a)
    url = reverse("grids:patrol_qr_sheet", args=[grid_a.code])
    client.force_login(officer_b)
    assert client.get(url).status_code == 404
    client.force_login(team_member.user)
    assert client.get(url).status_code == 404


def test_officers_manage_only_their_grids_points(
    client, officer_a, officer_b, gate, point_b
):
    client.force_login(officer_a)
    listing = client.get(reverse("grids_patrolpoint:index")).content.decode()
    assert gate.name in listing
    assert point_b.name not in listing
    edit = reverse("grids_patrolpoint:edit", args=[point_b.pk])
    assert client.get(edit).status_code == 404
    response = client.post(
        reverse("grids_patrolpoint:add"),
        {
            "grid": point_b.grid_id,
            "name": "越界点位",
            "lat": 30.205,
            "lng": 120.115,
            "radius_m": 50,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "grid" in response.context["form"].errors
    assert not type(gate).objects.filter(name="越界点位").exists()


def test_officer_adds_a_point_with_a_sensible_radius(client, officer_a, grid_a):
    client.force_login(officer_a)
    data = {"grid": grid_a.pk, "name": "菜市场", "lat": 30.205, "lng": 120.105}
    response = client.post(reverse("grids_patrolpoint:add"), {**data, "radius_m": 5})
    assert "radius_m" in response.context["form"].errors
    client.post(
        reverse("grids_patrolpoint:add"), {**data, "radius_m": 80, "is_active": "on"}
    )
    point = type(response.context["form"].instance).objects.get(name="菜市场")
    assert (point.grid, point.radius_m, len(point.token)) == (grid_a, 80, 24)


def test_admin_patrol_list_is_scoped_to_the_officers_grids(
    client, officer_a, officer_b, grid_a, grid_b
):
    mine = patrols.start_patrol(officer_a, grid_a)
    theirs = patrols.start_patrol(officer_b, grid_b)
    client.force_login(officer_a)
    response = client.get(reverse("grids_patrol:index"))
    assert response.status_code == 200
    listed = {patrol.pk for patrol in response.context["object_list"]}
    assert listed == {mine.pk}
    inspect = reverse("grids_patrol:inspect", args=[theirs.pk])
    assert client.get(inspect).status_code == 404
    assert (
        client.get(reverse("grids_patrol:inspect", args=[mine.pk])).status_code == 200
    )


def test_the_admin_links_officers_to_the_phone_pages(client, officer_a, mediator):
    client.force_login(officer_a)
    assert reverse("grids:patrols") in client.get("/admin/").content.decode()
    client.force_login(mediator)
    assert reverse("grids:patrols") not in client.get("/admin/").content.decode()
