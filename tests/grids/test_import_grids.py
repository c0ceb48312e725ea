"""Grids (with GeoJSON boundaries) from a spreadsheet, through the admin views."""

import pytest
from django.urls import reverse

from grids.models import Grid, GridPage
from portal import roles
from tests.conftest import with_totp
from tests.factories import UserFactory, square

from .spreadsheets import (
    confirm,
    dry_run,
    errors,
    grid_row,
    grid_rows,
    import_file,
    new_grid_rows,
    totals,
    upload,
)

BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[120.2, 30.3], [120.21, 30.31], [120.21, 30.3], [120.2, 30.31], [120.2, 30.3]]
    ],
}


@pytest.fixture
def admin_client(client, bureau_admin, grid_a, grid_b):
    client.force_login(bureau_admin)
    return client


def test_dry_run_writes_nothing_and_confirm_imports_the_grids(admin_client):
    response = dry_run(admin_client, "grids-grid", upload(new_grid_rows()))
    assert response.status_code == 200
    assert totals(response) == {"New": 2, "Updated": 0, "Unchanged": 0, "Failed": 0}
    assert not Grid.objects.filter(code__in=["XH-03", "XH-04"]).exists()

    response = confirm(admin_client, "grids-grid", response.context["token"])
    assert response.status_code == 302
    assert response.url == reverse("grids_grid:index")
    third = Grid.objects.get(code="XH-03")
    assert third.community.code == "XH-WY"
    assert third.streets == "文一西路"
    assert third.centroid_lat == pytest.approx(30.205)
    assert GridPage.objects.filter(grid=third).exists()


def test_reimporting_the_same_file_changes_nothing(admin_client):
    rows = new_grid_rows()
    import_file(admin_client, "grids-grid", upload(rows))
    before = list(Grid.objects.values_list("code", "name", "boundary", "community"))

    response = dry_run(admin_client, "grids-grid", upload(rows))
    assert totals(response) == {"New": 0, "Updated": 0, "Unchanged": 2, "Failed": 0}
    confirm(admin_client, "grids-grid", response.context["token"])
    assert (
        list(Grid.objects.values_list("code", "name", "boundary", "community"))
        == before
    )


def test_a_changed_row_updates_its_grid_by_code(admin_client, grid_a):
    rows = grid_rows(grid_row("XH-01", "文一一号网格", boundary=grid_a.boundary))
    response = dry_run(admin_client, "grids-grid", upload(rows, "csv"))
    assert totals(response)["Updated"] == 1
    confirm(admin_client, "grids-grid", response.context["token"])
    grid_a.refresh_from_db()
    assert grid_a.name == "文一一号网格"


def test_bad_rows_are_listed_and_nothing_is_written(admin_client):
    rows = grid_rows(
        grid_row("XH-05", "未知社区网格", community="NOPE", boundary=square(4, 0)),
        grid_row("XH-06", "八字形网格", boundary=BOWTIE),
        grid_row(
            "XH-07", "不是多边形", boundary='{"type": "Point", "coordinates": [1, 2]}'
        ),
        grid_row("XH-08", "坏的JSON", boundary="{not json"),
        grid_row("XH-09", "压线网格", boundary=square(0.5, 0)),  # overlaps grid_a
        grid_row("XH-10", "第十网格", boundary=square(6, 0)),
        grid_row("XH-11", "重叠第十网格", boundary=square(6.5, 0)),  # overlaps row 7
        grid_row("XH-12", "好的网格", boundary=square(8, 0)),
    )
    response = dry_run(admin_client, "grids-grid", upload(rows))

    assert errors(response) == {
        (2, "community"),
        (3, "boundary"),
        (4, "boundary"),
        (5, "boundary"),
        (6, "boundary"),
        (8, "boundary"),
    }
    messages = " ".join(e["message"] for e in response.context["errors"])
    assert "Unknown community code “NOPE”" in messages
    assert "Self-intersection" in messages
    assert "XH-01" in messages and "row 7" in messages
    assert "token" not in response.context
    assert not Grid.objects.filter(code__startswith="XH-1").exists()
    assert Grid.objects.count() == 2


def test_confirm_writes_nothing_when_the_data_changed_since_the_dry_run(
    admin_client, community
):
    response = dry_run(admin_client, "grids-grid", upload(new_grid_rows()))
    Grid.objects.create(
        code="XH-99", name="抢先网格", community=community, boundary=square(3, 0)
    )
    response = confirm(admin_client, "grids-grid", response.context["token"])
    assert response.status_code == 200
    assert errors(response) == {(3, "boundary")}
    assert not Grid.objects.filter(code__in=["XH-03", "XH-04"]).exists()


def test_another_users_token_does_not_import(admin_client):
    response = dry_run(admin_client, "grids-grid", upload(new_grid_rows()))
    token = response.context["token"]
    other_admin = with_totp(
        UserFactory(email="admin2@example.com", groups=[roles.BUREAU_ADMIN])
    )
    admin_client.force_login(other_admin)
    response = confirm(admin_client, "grids-grid", token)
    assert response.status_code == 302
    assert response.url == reverse("portal_import", args=["grids-grid"])
    assert not Grid.objects.filter(code="XH-03").exists()


def test_supervisor_cannot_import_into_another_stations_community(
    client, supervisor, station, grid_a, grid_other_station
):
    supervisor.person.station = station
    supervisor.person.save()
    client.force_login(supervisor)
    rows = grid_rows(grid_row("GS-02", "学院第二网格", "GS-XY", square(9, 9)))
    response = dry_run(client, "grids-grid", upload(rows))
    assert errors(response) == {(2, "community")}
