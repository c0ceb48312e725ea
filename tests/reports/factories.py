"""Factories for reports tests; images are real Pillow-made files."""

import io
import secrets

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from reports.models import Category, Report, hash_token


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat-{n}")
    name = factory.Sequence(lambda n: f"治安隐患{n}")
    hours_to_accept = 2
    hours_to_reply = 72
    hours_to_resolve = 168


class ReportFactory(factory.django.DjangoModelFactory):
    """A report in a grid, placed at the grid's centre unless told otherwise."""

    class Meta:
        model = Report

    category = factory.SubFactory(CategoryFactory)
    description = "楼道里堆满杂物，堵住了消防通道。"
    grid = None
    station = factory.LazyAttribute(lambda o: o.grid.community.station)
    latitude = factory.LazyAttribute(lambda o: o.grid.centroid_lat if o.grid else None)
    longitude = factory.LazyAttribute(lambda o: o.grid.centroid_lng if o.grid else None)
    token_hash = factory.LazyFunction(lambda: hash_token(secrets.token_urlsafe(32)))
    reporter_name = "张三丰"
    reporter_phone = "13812345678"
    reporter_email = "zhang@example.com"


def report_with_token(**kwargs):
    """(report, token) so a test can open the tracking page."""
    token = secrets.token_urlsafe(32)
    return ReportFactory(token_hash=hash_token(token), **kwargs), token


def image_bytes(fmt="JPEG", size=(200, 150), exif=None):
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (200, 60, 40))
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format=fmt, **kwargs)
    return buffer.getvalue()


def jpeg_with_gps():
    """A JPEG whose EXIF carries a GPS position and a camera model."""
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # Model
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (30.0, 16.0, 27.0)
    gps[3] = "E"
    gps[4] = (120.0, 9.0, 18.0)
    return image_bytes(exif=exif)


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content or image_bytes(), content_type=content_type)
