"""Officers' portraits are Wagtail images: uploads are checked before they exist."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.images.models import Image

from tests.factories import png_bytes

ADD_IMAGE = reverse("wagtailimages:add")


def gif_bytes():
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 80), (30, 80, 160)).save(buffer, format="GIF")
    return buffer.getvalue()


def big_png():
    """A real PNG just over the 10 MB limit (stored uncompressed)."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (1900, 1900), (200, 30, 30)).save(
        buffer, format="PNG", compress_level=0
    )
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("portrait.png", b"MZ\x90\x00 not an image", "Upload a valid image"),
        ("portrait.gif", gif_bytes(), "Not a supported image format"),
        ("portrait.png", big_png(), "This file is too big"),
    ],
)
def test_bad_portrait_uploads_are_refused_and_create_no_image(
    client, bureau_admin, name, content, message
):
    client.force_login(bureau_admin)
    response = client.post(
        ADD_IMAGE,
        {"title": "王建国", "file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["file"]
    assert any(message in error for error in errors), errors
    assert not Image.objects.exists()


def test_a_real_portrait_is_accepted(client, officer_a):
    client.force_login(officer_a)
    response = client.post(
        ADD_IMAGE,
        {"title": "王建国", "file": SimpleUploadedFile("portrait.png", png_bytes())},
    )
    assert response.status_code == 302
    assert Image.objects.get().title == "王建国"
