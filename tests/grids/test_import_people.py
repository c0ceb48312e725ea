"""Stations, communities, people and assignments from spreadsheets."""

import datetime

import pytest

from grids.models import Assignment, Community, Person, Station
from tests.factories import PersonFactory

from .spreadsheets import confirm, dry_run, errors, import_file, totals, upload

PERSON_HEADER = ["name", "role", "work_phone", "station", "duties", "office_hours"]
ASSIGNMENT_HEADER = ["person_name", "person_phone", "grid", "role", "start_date"]


@pytest.fixture
def admin_client(client, bureau_admin, station):
    client.force_login(bureau_admin)
    return client


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_people_csv_import_normalises_phones_and_finds_the_station(
    admin_client, encoding
):
    rows = [
        PERSON_HEADER,
        ["周海燕", "Auxiliary officer", "138 0000 2222", "XH", "", "周一至周五"],
        ["孙立新", "grid_worker", "+86 139-0000-3333", "XH", "入户走访", ""],
    ]
    import_file(admin_client, "grids-person", upload(rows, "csv", encoding))

    zhou = Person.objects.get(name="周海燕")
    assert zhou.work_phone == "13800002222"
    assert zhou.role == Person.Role.AUXILIARY_OFFICER
    assert zhou.station.code == "XH"
    assert Person.objects.get(name="孙立新").work_phone == "13900003333"


def test_bad_phone_number_and_unknown_station_are_row_errors(admin_client):
    rows = [
        PERSON_HEADER,
        ["周海燕", "grid_worker", "138-0000", "XH", "", ""],
        ["孙立新", "grid_worker", "13900003333", "NOPE", "", ""],
        ["钱多多", "chief", "13900004444", "XH", "", ""],
    ]
    response = dry_run(admin_client, "grids-person", upload(rows))
    assert errors(response) == {(2, "work_phone"), (3, "station"), (4, "role")}
    assert "Unknown role “chief”" in response.context["errors"][-1]["message"]
    assert not Person.objects.exists()


def test_assignments_find_person_by_name_and_phone_and_grid_by_code(
    admin_client, grid_a
):
    PersonFactory(name="周海燕", work_phone="13800002222")
    rows = [
        ASSIGNMENT_HEADER,
        ["周海燕", "13800002222", "XH-01", "auxiliary_officer", "2025-03-01"],
    ]
    import_file(admin_client, "grids-assignment", upload(rows))
    assignment = Assignment.objects.get()
    assert (assignment.person.name, assignment.grid, assignment.start_date) == (
        "周海燕",
        grid_a,
        datetime.date(2025, 3, 1),
    )

    response = dry_run(admin_client, "grids-assignment", upload(rows, "csv"))
    assert totals(response) == {"New": 0, "Updated": 0, "Unchanged": 1, "Failed": 0}


def test_assignment_with_unknown_person_or_grid_is_a_row_error(admin_client, grid_a):
    PersonFactory(name="周海燕", work_phone="13800002222")
    rows = [
        ASSIGNMENT_HEADER,
        ["周海燕", "13899999999", "XH-01", "grid_worker", "2025-03-01"],
        ["周海燕", "13800002222", "XH-77", "grid_worker", "2025-03-01"],
    ]
    response = dry_run(admin_client, "grids-assignment", upload(rows))
    messages = [e["message"] for e in response.context["errors"]]
    assert [e["row"] for e in response.context["errors"]] == [2, 3]
    assert "No single person named “周海燕”" in messages[0]
    assert "Unknown grid code “XH-77”" in messages[1]
    assert not Assignment.objects.exists()


def test_stations_then_communities_by_station_code(admin_client):
    stations = [
        ["code", "name", "address", "phone"],
        ["CY", "翠苑派出所", "翠苑路1号", "0571-88880000"],
    ]
    import_file(admin_client, "grids-station", upload(stations))
    communities = [
        ["code", "name", "station", "subdistrict"],
        ["CY-01", "翠苑一区社区", "CY", "翠苑街道"],
        ["CY-02", "翠苑二区社区", "ZZ", "翠苑街道"],
    ]
    response = dry_run(admin_client, "grids-community", upload(communities))
    assert errors(response) == {(3, "station")}

    import_file(admin_client, "grids-community", upload(communities[:2]))
    assert Community.objects.get(code="CY-01").station == Station.objects.get(code="CY")
    assert Station.objects.get(code="CY").page.title == "翠苑派出所"


def test_confirm_without_a_valid_token_imports_nothing(admin_client):
    response = confirm(admin_client, "grids-station", "made-up")
    assert response.status_code == 302
    assert Station.objects.count() == 1
