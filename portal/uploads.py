"""Residents' and parties' files: private storage and safe image handling.

Wagtail images are public by design (officers' portraits, page images). Anything
tied to a person's report or dispute is stored here instead, outside MEDIA_ROOT,
and served only by views that check permission first (see `serve_private_file`).

Where private files live is the storage named "private" in settings.STORAGES:
a folder under PRIVATE_MEDIA_ROOT by default, a private prefix of the object
store when MEDIA_S3_BUCKET is set. The views stream them from either.
"""

import io
import mimetypes
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@deconstructible
class PrivateStorage(FileSystemStorage):
    """File storage under PRIVATE_MEDIA_ROOT, with no public URL."""

    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        no_public_url(name)


def no_public_url(name):
    raise ValueError("Private files have no public URL; serve them through a view.")


class _LazyPrivateStorage(LazyObject):
    """settings.STORAGES["private"], looked up when first used."""

    def _setup(self):
        self._wrapped = storages["private"]

    def deconstruct(self):
        # Which backend holds private files is deployment configuration, not
        # schema: migrations always record PrivateStorage().
        return ("portal.uploads.PrivateStorage", (), {})


private_storage = _LazyPrivateStorage()


@receiver(setting_changed)
def _storages_changed(setting, **kwargs):
    if setting == "STORAGES":
        private_storage._wrapped = empty


def private_upload_to(prefix):
    """An upload_to that files uploads under a random name (no personal data)."""

    def upload_to(instance, filename):
        extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"{prefix}/{uuid.uuid4().hex}.{extension}"

    upload_to.__name__ = f"upload_to_{prefix}"
    return upload_to


def check_size(upload, max_bytes=None):
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {
                "size": round(upload.size / 1_048_576, 1),
                "limit": max_bytes // 1_048_576,
            },
            code="file_too_large",
        )


def clean_image(upload, max_bytes=None, max_pixels=None):
    """Check an uploaded image by its content and return a re-encoded copy.

    Only real JPEG, PNG and WebP images pass; decompression bombs are refused by
    their pixel count before decoding; EXIF (GPS position, camera) is dropped by
    re-encoding. Returns a ContentFile named ``image.<ext>``.
    """
    check_size(upload, max_bytes)
    max_pixels = max_pixels or settings.IMAGE_MAX_PIXELS
    not_an_image = ValidationError(
        _("The file is not a JPEG, PNG or WebP image."), code="not_an_image"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise not_an_image from exc
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise not_an_image
    if width * height > max_pixels:
        raise ValidationError(
            _("The image is too large (%(width)s×%(height)s pixels).")
            % {"width": width, "height": height},
            code="too_many_pixels",
        )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image)
            if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            output = io.BytesIO()
            image.save(output, format=image_format, quality=85)
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise not_an_image from exc
    return ContentFile(
        output.getvalue(), name=f"image.{ALLOWED_IMAGE_FORMATS[image_format]}"
    )


def serve_private_file(field_file, download_name=None):
    """A response for a private file; call only after checking permission."""
    content_type = (
        mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    )
    response = FileResponse(
        field_file.open("rb"),
        content_type=content_type,
        as_attachment=download_name is not None,
        filename=download_name or "",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
