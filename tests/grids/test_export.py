"""Exports: re-importable files, scoped to the user, formulae defused."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import AssignmentFactory, PersonFactory

from .spreadsheets import dry_run, read_xlsx, totals


def export(client, name, extension):
    url = reverse("portal_export", args=[name]) + f"?format={extension}"
    return client.get(url)


def test_exported_grids_reimport_as_unchanged(client, bureau_admin, grid_a, grid_b):
    client.force_login(bureau_admin)
    response = export(client, "grids-grid", "xlsx")
    assert response["Content-Disposition"].startswith('attachment; filename="grids')
    rows = read_xlsx(response.content)
    assert rows[0] == [
        "code",
        "name",
        "community",
        "streets",
        "households",
        "population",
        "boundary",
    ]
    assert [row[0] for row in rows[1:]] == ["XH-01", "XH-02"]

    upload = SimpleUploadedFile("grids.xlsx", response.content)
    response = dry_run(client, "grids-grid", upload)
    assert totals(response) == {"New": 0, "Updated": 0, "Unchanged": 2, "Failed": 0}


def test_exported_assignments_reimport_as_unchanged_from_csv(
    client, bureau_admin, officer_a, officer_b
):
    client.force_login(bureau_admin)
    response = export(client, "grids-assignment", "csv")
    upload = SimpleUploadedFile("assignments.csv", response.content)
    response = dry_run(client, "grids-assignment", upload)
    assert totals(response) == {"New": 0, "Updated": 0, "Unchanged": 2, "Failed": 0}


@pytest.mark.parametrize("extension", ["xlsx", "csv"])
def test_cells_starting_with_equals_are_escaped(
    client, bureau_admin, grid_a, extension
):
    AssignmentFactory(
        grid=grid_a, person=PersonFactory(name='=HYPERLINK("http://x.example")')
    )
    client.force_login(bureau_admin)
    content = export(client, "grids-person", extension).content
    if extension == "xlsx":
        cells = [cell for row in read_xlsx(content) for cell in row]
    else:
        text = content.decode("utf-8-sig")
        cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert 'HYPERLINK("http://x.example")' in cells
    assert not any(str(cell).startswith("=") for cell in cells)


def test_officer_exports_only_their_grids(client, officer_a, grid_b):
    client.force_login(officer_a)
    rows = read_xlsx(export(client, "grids-grid", "xlsx").content)
    assert [row[0] for row in rows[1:]] == ["XH-01"]


def test_listing_download_escapes_formulae_in_csv(client, bureau_admin, grid_a):
    AssignmentFactory(grid=grid_a, person=PersonFactory(name="=1+2"))
    client.force_login(bureau_admin)
    response = client.get(reverse("grids_person:index") + "?export=csv")
    text = b"".join(response.streaming_content).decode()
    assert "'=1+2" in text
    assert "\n=1+2" not in text


def test_export_needs_view_permission(client, resident, volunteer):
    client.force_login(volunteer)
    response = export(client, "grids-person", "xlsx")
    assert response.status_code == 302  # not admin staff: sent away
    assert "spreadsheet" not in response.get("Content-Type", "")
