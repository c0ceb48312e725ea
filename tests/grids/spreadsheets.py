"""Real spreadsheets for the import tests: xlsx built with openpyxl, csv as bytes."""

import csv
import io
import json

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import square

GRID_HEADER = ["code", "name", "community", "streets", "households", "population"]


def xlsx_bytes(rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(rows, extension="xlsx", encoding="utf-8-sig"):
    data = xlsx_bytes(rows) if extension == "xlsx" else csv_bytes(rows, encoding)
    return SimpleUploadedFile(f"import.{extension}", data)


def read_xlsx(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def grid_row(code, name, community="XH-WY", boundary=None, streets=""):
    boundary = json.dumps(boundary) if isinstance(boundary, dict) else boundary
    return [code, name, community, streets, 500, 1200, boundary]


def grid_rows(*rows):
    return [GRID_HEADER + ["boundary"], *rows]


def new_grid_rows():
    return grid_rows(
        grid_row("XH-03", "文一第三网格", boundary=square(2, 0), streets="文一西路"),
        grid_row("XH-04", "文一第四网格", boundary=square(3, 0)),
    )


def dry_run(client, name, file):
    return client.post(
        reverse("portal_import", args=[name]),
        {"file": file},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def confirm(client, name, token):
    return client.post(
        reverse("portal_import_confirm", args=[name]),
        {"token": token},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def import_file(client, name, file):
    """Dry run, then confirm; returns the confirm response."""
    response = dry_run(client, name, file)
    assert response.context["errors"] == []
    return confirm(client, name, response.context["token"])


def totals(response):
    return {str(label): count for label, count in response.context["totals"]}


def errors(response):
    return {(e["row"], e["column"]) for e in response.context["errors"]}
