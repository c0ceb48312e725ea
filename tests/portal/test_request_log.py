import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from portal.logs import JsonFormatter
from reports.models import Report
from tests.reports.factories import report_with_token

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class JsonLines(logging.Handler):
    """Formats each record as it is emitted, as the console handler does."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_log(settings):
    settings.REQUEST_LOG = True
    handler = JsonLines()
    logger = logging.getLogger("gridwatch")
    logger.addHandler(handler)
    yield handler.lines
    logger.removeHandler(handler)


@pytest.fixture
def request_lines(json_log):
    def lines():
        return [line for line in json_log if line["logger"] == "gridwatch.request"]

    return lines


def test_every_request_writes_one_json_line(client, request_lines):
    response = client.get("/grids/locate/?lat=30.2&lng=120.1")
    (line,) = request_lines()
    assert line["method"] == "GET"
    assert line["path"] == "/grids/locate/"
    assert line["status"] == response.status_code
    assert line["user"] == "anonymous"
    assert isinstance(line["duration_ms"], float)
    assert line["request_id"] == response["X-Request-ID"]
    assert line["time"].endswith("+00:00")


def test_a_proxy_request_id_is_kept_and_a_bad_one_replaced(client, request_lines):
    response = client.get("/livez", HTTP_X_REQUEST_ID="nginx-4f2a9c")
    assert response["X-Request-ID"] == "nginx-4f2a9c"
    response = client.get("/livez", HTTP_X_REQUEST_ID="bad id\n<script>")
    assert response["X-Request-ID"] != "bad id\n<script>"
    assert len(response["X-Request-ID"]) == 32
    assert [line["request_id"] for line in request_lines()] == [
        "nginx-4f2a9c",
        response["X-Request-ID"],
    ]


def test_the_signed_in_user_is_logged_by_id(client, request_lines, resident):
    client.force_login(resident)
    client.get("/livez")
    assert request_lines()[-1]["user"] == resident.pk


def test_tracking_tokens_never_reach_the_request_log(
    client, request_lines, json_log, grid_a
):
    report, token = report_with_token(grid=grid_a)
    assert Report.objects.filter(pk=report.pk).exists()
    response = client.get(f"/report/track/{token}/?lang=en")
    assert response.status_code == 200
    client.get(f"/report/track/{token}-wrong/")
    paths = [line["path"] for line in request_lines()]
    assert paths == ["/report/track/[redacted]/", "/report/track/[redacted]/"]
    assert token not in json.dumps(json_log)


def test_other_loggers_carry_the_request_id_while_a_request_is_served(
    client, json_log, resident
):
    response = client.post(
        "/accounts/login/", {"login": resident.email, "password": "x" * 12}
    )
    security = [line for line in json_log if line["logger"] == "gridwatch.security"]
    assert security
    assert {line["request_id"] for line in security} == {response["X-Request-ID"]}


def test_log_format_json_writes_one_json_object_per_line_to_stderr(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "LOG_FORMAT": "json",
        "REQUEST_LOG": "1",
        "ALLOWED_HOSTS": "testserver",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.test import Client; "
            "Client().get('/livez?secret=1', HTTP_X_REQUEST_ID='probe-1')",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines()]
    (request_line,) = [line for line in lines if line["logger"] == "gridwatch.request"]
    assert request_line["path"] == "/livez"
    assert request_line["status"] == 200
    assert request_line["request_id"] == "probe-1"
    assert "secret" not in result.stderr
