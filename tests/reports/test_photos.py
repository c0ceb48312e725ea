"""Photo validation with real image files."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from reports.models import Report

from .factories import image_bytes, jpeg_with_gps, upload

pytestmark = pytest.mark.django_db


def send(client, category, grid, *files):
    data = {
        "description": "门口有可疑人员徘徊",
        "latitude": grid.centroid_lat,
        "longitude": grid.centroid_lng,
        "consent": "on",
        "photos": list(files),
    }
    url = reverse("reports:submit") + f"?category={category.code}"
    return client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")


def test_a_jpeg_with_gps_is_stored_without_exif(client, category, grid_a):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    assert (
        send(client, category, grid_a, upload("gps.jpg", original)).status_code == 201
    )
    stored = Report.objects.get().photos.get().image.read()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG"
    assert not image.getexif()


def test_png_and_webp_are_accepted(client, category, grid_a):
    png = upload("a.png", image_bytes("PNG"), "image/png")
    webp = upload("b.webp", image_bytes("WEBP"), "image/webp")
    assert send(client, category, grid_a, png, webp).status_code == 201
    assert Report.objects.get().photos.count() == 2


def test_a_text_file_renamed_jpg_is_refused(client, category, grid_a):
    fake = upload("photo.jpg", b"this is not an image\n" * 50)
    response = send(client, category, grid_a, fake)
    assert response.status_code == 400
    assert "photos" in response.context["form"].errors
    assert not Report.objects.exists()


def test_a_gif_is_refused(client, category, grid_a):
    response = send(
        client, category, grid_a, upload("a.gif", image_bytes("GIF"), "image/gif")
    )
    assert "photos" in response.context["form"].errors
    assert not Report.objects.exists()


def test_a_decompression_bomb_is_refused(client, category, grid_a, settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    buffer = io.BytesIO()
    Image.new("1", (4000, 4000)).save(buffer, format="PNG")  # tiny file, 16 Mpx
    assert len(buffer.getvalue()) < 100_000
    response = send(
        client, category, grid_a, upload("bomb.png", buffer.getvalue(), "image/png")
    )
    assert response.status_code == 400
    assert "photos" in response.context["form"].errors
    assert not Report.objects.exists()


def test_a_photo_never_has_a_public_media_url(client, category, grid_a):
    send(client, category, grid_a, upload())
    photo = Report.objects.get().photos.get()
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018
