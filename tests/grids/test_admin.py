"""The Grids menu of the Wagtail admin: scoped listings, edits and permissions."""

import json

import pytest
from django.urls import reverse

from grids.models import Assignment, Grid, Station
from tests.factories import AssignmentFactory, GridFactory, PersonFactory, square

LISTINGS = [
    "grids_grid:index",
    "grids_person:index",
    "grids_assignment:index",
    "grids_community:index",
    "grids_station:index",
]


def edit_url(grid):
    return reverse("grids_grid:edit", args=[grid.pk])


def grid_form(grid, **changes):
    data = {
        "code": grid.code,
        "name": grid.name,
        "community": grid.community_id,
        "streets": grid.streets,
        "households": grid.households,
        "population": grid.population,
        "boundary": json.dumps(grid.boundary),
    }
    return {**data, **changes}


def test_bureau_admin_sees_every_listing_with_import_and_export(
    client, bureau_admin, officer_a
):
    client.force_login(bureau_admin)
    for url_name in LISTINGS:
        response = client.get(reverse(url_name), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Import from spreadsheet" in html
        assert "Export for re-import (XLSX)" in html


def test_grids_menu_groups_the_five_listings(client, bureau_admin):
    client.force_login(bureau_admin)
    html = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="en")
    html = html.content.decode()
    for url_name in LISTINGS:
        assert reverse(url_name) in html


def test_officer_lists_only_their_grids_and_their_grids_assignments(
    client, officer_a, officer_b, grid_other_station
):
    client.force_login(officer_a)
    grids = client.get(reverse("grids_grid:index")).content.decode()
    assert "文一第一网格" in grids
    assert "文一第二网格" not in grids and "学院第一网格" not in grids
    assignments = client.get(reverse("grids_assignment:index")).content.decode()
    assert "王建国" in assignments and "李秀英" not in assignments
    listing = client.get(reverse("grids_grid:index"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Import from spreadsheet" not in listing.content.decode()


def test_officer_of_other_grid_gets_404(client, officer_a, officer_b, grid_a):
    client.force_login(officer_b)
    assert client.get(edit_url(grid_a)).status_code == 404
    response = client.post(edit_url(grid_a), grid_form(grid_a, name="抢来的网格"))
    assert response.status_code == 404
    grid_a.refresh_from_db()
    assert grid_a.name == "文一第一网格"
    history = reverse("grids_grid:history", args=[grid_a.pk])
    assert client.get(history).status_code == 404
    person_a = officer_b.person.__class__.objects.get(name="王建国")
    person_url = reverse("grids_person:edit", args=[person_a.pk])
    assert client.get(person_url).status_code == 404


def test_officer_edits_their_own_grid(client, officer_a, grid_a):
    client.force_login(officer_a)
    response = client.post(edit_url(grid_a), grid_form(grid_a, name="文一一号网格"))
    assert response.status_code == 302
    grid_a.refresh_from_db()
    assert grid_a.name == "文一一号网格"


def test_officer_cannot_delete_stations_grids_or_add_people(client, officer_a, station):
    client.force_login(officer_a)
    for url in [
        reverse("grids_station:delete", args=[station.pk]),
        reverse("grids_grid:delete", args=[officer_a.person.assignments.get().grid_id]),
        reverse("grids_person:add"),
        reverse("grids_assignment:edit", args=[officer_a.person.assignments.get().pk]),
    ]:
        response = client.post(url)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_home")
    assert Station.objects.filter(pk=station.pk).exists()
    assert Grid.objects.count() == 1


def test_supervisor_sees_their_station_only(
    client, supervisor, station, grid_a, grid_b, grid_other_station
):
    supervisor.person.station = station
    supervisor.person.save()
    client.force_login(supervisor)
    html = client.get(reverse("grids_grid:index")).content.decode()
    assert "文一第一网格" in html and "文一第二网格" in html
    assert "学院第一网格" not in html
    assert client.get(edit_url(grid_other_station)).status_code == 404
    stations = client.get(reverse("grids_station:index")).content.decode()
    assert "西湖派出所" in stations and "古荡派出所" not in stations


def test_supervisor_cannot_assign_people_to_another_stations_grid(
    client, supervisor, station, grid_a, grid_other_station
):
    supervisor.person.station = station
    supervisor.person.save()
    person = PersonFactory(name="新来的辅警", station=station)
    client.force_login(supervisor)
    data = {
        "person": person.pk,
        "grid": grid_other_station.pk,
        "role": "auxiliary_officer",
        "start_date": "2025-01-01",
    }
    response = client.post(reverse("grids_assignment:add"), data)
    assert response.status_code == 200
    assert "grid" in response.context["form"].errors
    assert not Assignment.objects.filter(person=person).exists()


def test_anonymous_and_residents_are_kept_out(client, resident, grid_a):
    assert client.get(reverse("grids_grid:index")).status_code == 302
    client.force_login(resident)
    response = client.get(edit_url(grid_a))
    assert response.status_code == 302
    assert not response.url.startswith("/admin/grids")


@pytest.mark.parametrize(
    ("url_name", "query", "found", "not_found"),
    [
        ("grids_person:index", "王建国", "王建国", "李秀英"),
        ("grids_person:index", "建国", "王建国", "李秀英"),
        ("grids_grid:index", "文一", "文一第一网格", "学院第一网格"),
        ("grids_community:index", "文一", "文一社区", "学院社区"),
    ],
)
def test_chinese_search_finds_rows(
    client,
    bureau_admin,
    officer_a,
    officer_b,
    grid_other_station,
    url_name,
    query,
    found,
    not_found,
):
    client.force_login(bureau_admin)
    response = client.get(reverse(url_name), {"q": query})
    html = response.content.decode()
    assert found in html and not_found not in html


@pytest.mark.parametrize(
    ("boundary", "message"),
    [
        ('{"type": "Polygon", ', "The boundary is not valid JSON"),
        (
            '{"type": "Point", "coordinates": [120.1, 30.2]}',
            "must be a GeoJSON Polygon",
        ),
        (
            json.dumps(
                {
                    "type": "Polygon",
                    "coordinates": [
                        [
                            [120, 30],
                            [120.01, 30.01],
                            [120.01, 30],
                            [120, 30.01],
                            [120, 30],
                        ]
                    ],
                }
            ),
            "Self-intersection",
        ),
        (json.dumps(square(1.5, 0)), "The boundary overlaps grid(s): XH-02."),
    ],
)
def test_bad_boundary_is_an_error_next_to_the_field(
    client, bureau_admin, grid_a, grid_b, boundary, message
):
    client.force_login(bureau_admin)
    original = Grid.objects.get(pk=grid_a.pk).boundary
    response = client.post(
        edit_url(grid_a),
        grid_form(grid_a, boundary=boundary, name="改名"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["boundary"]
    assert any(message in error for error in errors["boundary"])
    grid_a.refresh_from_db()
    assert (grid_a.name, grid_a.boundary) == ("文一第一网格", original)


@pytest.mark.parametrize("grids", [3, 20])
def test_grid_listing_query_count_does_not_grow(
    client, bureau_admin, community, grids, django_assert_max_num_queries
):
    for _ in range(grids):
        AssignmentFactory(grid=GridFactory(community=community))
    client.force_login(bureau_admin)
    client.get(reverse("grids_grid:index"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("grids_grid:index"))
    assert response.status_code == 200
