"""The generic spreadsheet import view: permissions and files it refuses."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grids.models import Grid
from tests.factories import png_bytes
from tests.grids.spreadsheets import dry_run, new_grid_rows, upload, xlsx_bytes

IMPORT = reverse("portal_import", args=["grids-grid"])
CONFIRM = reverse("portal_import_confirm", args=["grids-grid"])


@pytest.fixture
def admin_client(client, bureau_admin, grid_a):
    client.force_login(bureau_admin)
    return client


def _file_errors(response):
    return [str(e) for e in response.context["form"].errors["file"]]


def test_officer_without_import_permission_gets_403(client, officer_a):
    client.force_login(officer_a)
    assert client.get(IMPORT).status_code == 403
    assert dry_run(client, "grids-grid", upload(new_grid_rows())).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert not Grid.objects.filter(code="XH-03").exists()


def test_anonymous_is_sent_to_login_and_residents_are_kept_out(client, resident):
    assert client.get(IMPORT).status_code == 302
    client.force_login(resident)
    response = client.get(IMPORT)
    assert response.status_code == 302
    assert not response.url.startswith(IMPORT)


def test_unknown_spreadsheet_is_404(admin_client):
    url = reverse("portal_import", args=["grids-nothing"])
    assert admin_client.get(url).status_code == 404


def test_upload_larger_than_the_limit_is_refused(admin_client, settings):
    big = SimpleUploadedFile(
        "grids.xlsx", xlsx_bytes(new_grid_rows()) + bytes(50 << 20)
    )
    response = dry_run(admin_client, "grids-grid", big)
    assert response.status_code == 200
    assert "The file is too large (50.0 MB); the limit is 10 MB." in _file_errors(
        response
    )
    assert "totals" not in response.context
    assert Grid.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.png", png_bytes(), "Choose a spreadsheet: an .xlsx or .csv file."),
        ("grids.xlsx", png_bytes(), "The file is not an Excel workbook (.xlsx)"),
        ("grids.xlsx", b"PK\x03\x04broken zip", "The file is not an Excel workbook"),
        ("grids.csv", png_bytes(), "The file is not a CSV text file."),
        ("grids.csv", b"code,name\n", "The file has no rows below its header row."),
    ],
)
def test_files_that_are_not_spreadsheets_are_refused(
    admin_client, name, content, message
):
    response = dry_run(admin_client, "grids-grid", SimpleUploadedFile(name, content))
    assert any(error.startswith(message) for error in _file_errors(response))
    assert Grid.objects.count() == 1


def test_a_file_without_the_key_column_is_reported(admin_client):
    rows = [["name", "community"], ["无编码网格", "XH-WY"]]
    response = dry_run(admin_client, "grids-grid", upload(rows))
    assert "code" in response.context["errors"][0]["message"]
    assert "token" not in response.context
