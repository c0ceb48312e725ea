"""The staff dashboard and the explanation pages: scoping, bad input, masking,
and a constant number of queries."""

import pytest
from django.urls import reverse

from tests.factories import GridFactory
from tests.reports.factories import ReportFactory
from tests.volunteers.factories import ServiceLogFactory, VolunteerFactory
from volunteers.models import LedgerEntry

from .conftest import OCTOBER

DASHBOARD = reverse("scoreboard_dashboard")


def _query(level="grid", key=OCTOBER.key, kind="month"):
    return {"level": level, "kind": kind, "key": key}


def _subjects(html):
    import re

    return {int(s) for s in re.findall(r'<tr data-subject="(\d+)"', html)}


def _explain(code, subject, level="grid", key=OCTOBER.key):
    return reverse("scoreboard_explain", args=[code]), {
        **_query(level, key),
        "subject": subject,
    }


def test_officer_sees_only_their_grids(client, officer_a, grid_a, grid_b):
    client.force_login(officer_a)
    response = client.get(DASHBOARD, _query())
    assert response.status_code == 200
    assert _subjects(response.content.decode()) == {grid_a.pk}


def test_officer_sees_no_station_or_bureau_rows(client, officer_a, station):
    client.force_login(officer_a)
    for level in ("station", "bureau"):
        html = client.get(DASHBOARD, _query(level)).content.decode()
        assert _subjects(html) == set()


def test_supervisor_sees_their_station_only(
    client, supervisor, station, other_station, grid_a, grid_other_station
):
    supervisor.person.station = station
    supervisor.person.save()
    client.force_login(supervisor)
    assert _subjects(client.get(DASHBOARD, _query("station")).content.decode()) == {
        station.pk
    }
    grids = _subjects(client.get(DASHBOARD, _query("grid")).content.decode())
    assert grids == {grid_a.pk}


def test_bureau_admin_sees_everything(client, bureau_admin, grid_a, grid_other_station):
    client.force_login(bureau_admin)
    html = client.get(DASHBOARD, _query()).content.decode()
    assert _subjects(html) == {grid_a.pk, grid_other_station.pk}
    assert _subjects(client.get(DASHBOARD, _query("bureau")).content.decode()) == {0}


def test_wrong_roles_are_refused(client, resident, mediator, team_leader):
    client.force_login(resident)
    assert client.get(DASHBOARD).status_code in (302, 403)
    for user in (mediator, team_leader):
        client.force_login(user)
        # The admin turns PermissionDenied into a redirect to its home page.
        response = client.get(DASHBOARD, _query())
        assert response.status_code == 302 and response.url == reverse(
            "wagtailadmin_home"
        )


def test_a_bad_period_is_a_form_error(client, bureau_admin):
    client.force_login(bureau_admin)
    response = client.get(DASHBOARD, _query(key="2026-13"))
    assert response.status_code == 200
    assert "key" in response.context["form"].errors
    assert response.context["rows"] == []
    response = client.get(DASHBOARD, {"level": "galaxy", "kind": "month"})
    assert "level" in response.context["form"].errors


def test_every_figure_links_to_its_explanation(client, bureau_admin, grid_a):
    client.force_login(bureau_admin)
    html = client.get(DASHBOARD, _query()).content.decode()
    url, params = _explain("closure_rate", grid_a.pk)
    assert (
        f'href="{url}?level=grid&amp;kind=month&amp;key=2026-10&amp;subject={grid_a.pk}"'
        in html
    )


def test_dashboard_queries_do_not_grow_with_grids(
    client, bureau_admin, community, django_assert_max_num_queries
):
    client.force_login(bureau_admin)
    GridFactory(community=community)
    client.get(DASHBOARD, _query())
    with django_assert_max_num_queries(30) as few:
        client.get(DASHBOARD, _query())
    for _n in range(8):
        grid = GridFactory(community=community)
        ReportFactory(grid=grid, created_at=OCTOBER.start)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(DASHBOARD, _query())
    assert len(_subjects(response.content.decode())) == 9


def test_explain_lists_the_rows_behind_a_figure(client, bureau_admin, grid_a, grid_b):
    inside = ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    ReportFactory(grid=grid_b, created_at=OCTOBER.start)
    ReportFactory(grid=grid_a, created_at=OCTOBER.end)
    client.force_login(bureau_admin)
    url, params = _explain("reports_received", grid_a.pk)
    response = client.get(url, params)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert inside.reference in response.content.decode()
    assert "13812345678" not in response.content.decode()
    assert float(response.context["value"]) == 1


def test_explain_masks_volunteers_names(client, bureau_admin, grid_a):
    volunteer = VolunteerFactory(real_name="张志强")
    log = ServiceLogFactory(volunteer=volunteer, grid=grid_a, status="verified")
    LedgerEntry.objects.create(
        volunteer=volunteer,
        kind="earn",
        amount=20,
        balance_after=20,
        source_key="t:1",
        reason="巡逻",
        service_log=log,
        created_at=OCTOBER.start,
    )
    client.force_login(bureau_admin)
    url, params = _explain("volunteer_hours", grid_a.pk)
    html = client.get(url, params).content.decode()
    assert "张**" in html and "张志强" not in html


def test_explain_is_paginated(client, bureau_admin, grid_a):
    for _n in range(55):
        ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    client.force_login(bureau_admin)
    url, params = _explain("reports_received", grid_a.pk)
    first = client.get(url, params)
    assert len(first.context["cells"]) == 50
    second = client.get(url, {**params, "page": 2})
    assert len(second.context["cells"]) == 5


def test_officer_of_other_grid_gets_404_on_an_explanation(client, officer_b, grid_a):
    client.force_login(officer_b)
    url, params = _explain("reports_received", grid_a.pk)
    assert client.get(url, params).status_code == 404


def test_explanation_of_an_unknown_kpi_or_subject_is_404(client, bureau_admin, grid_a):
    client.force_login(bureau_admin)
    url, params = _explain("reports_received", 999999)
    assert client.get(url, params).status_code == 404
    assert (
        client.get(reverse("scoreboard_explain", args=["nope"]), params).status_code
        == 404
    )


def test_explanation_with_bad_input_is_400_with_errors(client, bureau_admin, grid_a):
    client.force_login(bureau_admin)
    url, params = _explain("reports_received", grid_a.pk, key="October")
    response = client.get(url, params)
    assert response.status_code == 400
    assert "key" in response.context["form"].errors
    response = client.get(url, {**params, "key": "2026-10", "subject": "x"})
    assert "subject" in response.context["form"].errors


@pytest.mark.parametrize("level", ["grid", "officer", "community", "station", "bureau"])
def test_every_level_renders(client, bureau_admin, officer_a, level):
    client.force_login(bureau_admin)
    assert client.get(DASHBOARD, _query(level)).status_code == 200


def test_explanation_queries_do_not_grow_with_rows(
    client, bureau_admin, grid_a, django_assert_max_num_queries
):
    client.force_login(bureau_admin)
    url, params = _explain("on_time_resolution_rate", grid_a.pk)
    ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    client.get(url, params)
    with django_assert_max_num_queries(40) as few:
        client.get(url, params)
    for _n in range(10):
        ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url, params)
