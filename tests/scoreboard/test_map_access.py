"""Who may open the command map and what each viewer's JSON contains."""

import json

import pytest
from django.urls import reverse

from grids.models import PatrolPoint
from mediation.models import Case
from portal import roles
from tests.factories import GridFactory, UserFactory, square
from tests.mediation.factories import CaseFactory, PartyFactory
from tests.reports.factories import ReportFactory

JSON_URLS = [
    "scoreboard_map_grids",
    "scoreboard_map_layers",
    "scoreboard_map_charts",
]


def codes(response):
    return sorted(f["properties"]["code"] for f in response.json()["features"])


def in_station(supervisor, station):
    supervisor.person.station = station
    supervisor.person.save()
    return supervisor


@pytest.mark.parametrize("name", ["scoreboard_map", *JSON_URLS])
def test_anonymous_visitor_is_sent_to_the_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize("name", ["scoreboard_map", *JSON_URLS])
def test_resident_is_refused(client, resident, name):
    client.force_login(resident)
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert "application/json" not in response.get("Content-Type", "")


@pytest.mark.parametrize("persona", ["mediator", "team_leader"])
def test_staff_without_a_map_role_are_sent_back_to_the_dashboard(
    client, request, persona, grid_a
):
    client.force_login(request.getfixturevalue(persona))
    for name in ["scoreboard_map", *JSON_URLS]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")


def test_officer_without_totp_is_sent_to_set_it_up(client, grid_a):
    officer = UserFactory(
        email="new.officer@example.com", groups=[roles.COMMUNITY_OFFICER]
    )
    client.force_login(officer)
    response = client.get(reverse("scoreboard_map"))
    assert response.status_code == 302
    assert reverse("mfa_activate_totp") in response["Location"]


def test_map_page_renders_filters_and_config(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("scoreboard_map"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="command-map"' in html
    assert 'id="map-config"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html
    assert "vendor/markercluster/leaflet.markercluster.js" in html


def test_the_menu_shows_the_map_to_officers_only(client, officer_a, mediator):
    client.force_login(officer_a)
    assert (
        reverse("scoreboard_map")
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    client.force_login(mediator)
    assert (
        reverse("scoreboard_map")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_officer_sees_only_their_grids(client, officer_a, grid_b):
    client.force_login(officer_a)
    assert codes(client.get(reverse("scoreboard_map_grids"))) == ["XH-01"]
    grid_b_url = reverse("scoreboard_map_grid", args=[grid_b.pk])
    assert client.get(grid_b_url).status_code == 404


def test_supervisor_sees_their_station(
    client, supervisor, station, grid_a, grid_b, grid_other_station
):
    client.force_login(in_station(supervisor, station))
    assert codes(client.get(reverse("scoreboard_map_grids"))) == ["XH-01", "XH-02"]
    other = reverse("scoreboard_map_grid", args=[grid_other_station.pk])
    assert client.get(other).status_code == 404


def test_bureau_admin_sees_everything_and_filters_by_station(
    client, bureau_admin, grid_a, grid_b, grid_other_station
):
    client.force_login(bureau_admin)
    url = reverse("scoreboard_map_grids")
    assert codes(client.get(url)) == ["GS-01", "XH-01", "XH-02"]
    assert codes(client.get(url, {"station": "GS"})) == ["GS-01"]


def test_station_outside_the_viewers_scope_is_a_form_error(
    client, officer_a, grid_other_station
):
    client.force_login(officer_a)
    for name in JSON_URLS:
        response = client.get(reverse(name), {"station": "GS"})
        assert response.status_code == 400
        assert "station" in response.json()["errors"]


@pytest.mark.parametrize(
    "params, field",
    [
        ({"measure": "bogus"}, "measure"),
        ({"period": "month:1999-01"}, "period"),
        ({"period": "month:2026-13"}, "period"),
        ({"level": "officer"}, "level"),
        ({"layers": "people"}, "layers"),
        ({"status": "closed"}, "status"),
        ({"category": "no-such-category"}, "category"),
    ],
)
def test_bad_filters_get_form_errors(client, officer_a, params, field):
    client.force_login(officer_a)
    response = client.get(reverse("scoreboard_map_layers"), params)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_layers_hold_only_the_officers_reports_and_cases_without_personal_data(
    client, officer_a, grid_a, grid_b
):
    mine = ReportFactory(
        grid=grid_a, reporter_name="张三丰", reporter_phone="13812345678"
    )
    ReportFactory(grid=grid_b)
    point = PatrolPoint.objects.create(
        grid=grid_a, name="文一路88号", lat=grid_a.centroid_lat, lng=grid_a.centroid_lng
    )
    case = CaseFactory(grid=grid_a, summary="楼上装修噪音扰民")
    PartyFactory(case=case, name="陈美玲", phone="13900001111")
    CaseFactory(grid=grid_b)
    client.force_login(officer_a)

    response = client.get(reverse("scoreboard_map_layers"))

    data = response.json()
    assert [item["id"] for item in data["reports"]["items"]] == [mine.pk]
    assert [item["id"] for item in data["cases"]["items"]] == [case.pk]
    assert [item["id"] for item in data["patrol_points"]["items"]] == [point.pk]
    assert data["reports"]["items"][0]["url"] == reverse(
        "report_inbox:edit", args=[mine.pk]
    )
    assert data["cases"]["items"][0]["url"] == reverse(
        "mediation:case_detail", args=[case.pk]
    )
    text = response.content.decode()
    for private in [
        "张三丰",
        "13812345678",
        "zhang@example.com",
        mine.description,
        "陈美玲",
        "13900001111",
        case.summary,
        point.token,
    ]:
        assert private not in text
    for item in json.loads(text)["stations"]["items"]:
        assert set(item) == {"code", "name", "lat", "lng"}


def test_layers_follow_the_toggles_and_the_report_filters(client, officer_a, grid_a):
    fire = ReportFactory(grid=grid_a, category__code="fire")
    ReportFactory(grid=grid_a, category__code="noise")
    client.force_login(officer_a)
    url = reverse("scoreboard_map_layers")

    only_reports = client.get(url, {"layers": "reports", "category": "fire"}).json()

    assert list(only_reports) == ["reports"]
    assert [item["id"] for item in only_reports["reports"]["items"]] == [fire.pk]
    accepted = client.get(url, {"layers": "reports", "status": "accepted"}).json()
    assert accepted["reports"]["items"] == []


def test_closed_reports_and_finished_cases_are_not_on_the_map(
    client, officer_a, grid_a
):
    ReportFactory(grid=grid_a, status="closed")
    CaseFactory(grid=grid_a, status=Case.Status.CLOSED)
    client.force_login(officer_a)
    data = client.get(reverse("scoreboard_map_layers")).json()
    assert data["reports"]["items"] == []
    assert data["cases"]["items"] == []


def test_grids_without_a_boundary_are_left_off_the_map(client, bureau_admin, community):
    GridFactory(code="XH-09", community=community, boundary=None)
    GridFactory(code="XH-10", community=community, boundary=square(3, 3))
    client.force_login(bureau_admin)
    assert codes(client.get(reverse("scoreboard_map_grids"))) == ["XH-10"]
