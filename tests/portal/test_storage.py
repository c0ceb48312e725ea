"""Media storage: local folders by default, an object store when configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from portal.uploads import private_storage
from reports.models import ReportPhoto
from tests.reports.factories import image_bytes, report_with_token

ROOT = Path(__file__).resolve().parents[2]

S3_ENV = {
    "MEDIA_S3_BUCKET": "gridwatch-media",
    "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "MEDIA_S3_ACCESS_KEY_ID": "gridwatch",
    "MEDIA_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
}

DESCRIBE_STORAGES = """
import json
import django
django.setup()
from django.core.files.storage import storages
from portal.uploads import private_storage
out = {}
for alias in ("default", "private"):
    s = storages[alias]
    out[alias] = {
        "class": f"{type(s).__module__}.{type(s).__name__}",
        "bucket": getattr(s, "bucket_name", None),
        "location": getattr(s, "location", None),
        "acl": getattr(s, "default_acl", None),
        "signed": getattr(s, "querystring_auth", None),
    }
try:
    private_storage.url("reports/x.jpg")
    out["private_url"] = "given"
except ValueError:
    out["private_url"] = "refused"
print(json.dumps(out))
"""


def describe_storages(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **env}
    for name in S3_ENV:
        if name not in env:
            environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-c", DESCRIBE_STORAGES],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_a_bucket_media_go_to_the_object_store():
    described = describe_storages(**S3_ENV)
    public, private = described["default"], described["private"]
    assert public["class"] == "storages.backends.s3.S3Storage"
    assert public["bucket"] == "gridwatch-media" and public["location"] == "public"
    assert public["signed"] is False
    assert private["class"] == "portal.s3.PrivateS3Storage"
    assert private["bucket"] == "gridwatch-media" and private["location"] == "private"
    assert private["acl"] == "private"
    assert described["private_url"] == "refused"


def test_without_a_bucket_media_stay_in_local_folders():
    described = describe_storages()
    assert (
        described["default"]["class"]
        == "django.core.files.storage.filesystem.FileSystemStorage"
    )
    assert described["private"]["class"] == "portal.uploads.PrivateStorage"
    assert described["private_url"] == "refused"


@pytest.fixture
def other_private_storage(settings, tmp_path):
    """Private files somewhere else entirely, as an object store would be."""
    location = tmp_path / "elsewhere"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(location), "base_url": None},
        },
    }
    return location


@pytest.mark.django_db
def test_the_private_photo_view_streams_from_the_configured_storage(
    client, settings, grid_a, other_private_storage
):
    assert private_storage.location == str(other_private_storage)
    report, token = report_with_token(grid=grid_a)
    content = image_bytes()
    photo = ReportPhoto(report=report)
    photo.image.save("photo.jpg", ContentFile(content))

    assert (other_private_storage / photo.image.name).read_bytes() == content
    assert not (Path(settings.PRIVATE_MEDIA_ROOT) / photo.image.name).exists()

    response = client.get(f"/report/track/{token}/photos/{photo.pk}/")
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == content
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_the_private_photo_still_needs_the_tracking_token(
    client, grid_a, other_private_storage
):
    report, _token = report_with_token(grid=grid_a)
    photo = ReportPhoto(report=report)
    photo.image.save("photo.jpg", ContentFile(image_bytes()))
    response = client.get(f"/report/track/{'x' * 43}/photos/{photo.pk}/")
    assert response.status_code == 404
