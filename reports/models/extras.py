"""Around a report: its photos, subscriptions to updates, Open311 API keys."""

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import private_storage, private_upload_to

from .reports import Report


def photo_upload_to(instance, filename):
    """Photos go under reports/ with a random name (see portal.uploads)."""
    return private_upload_to("reports")(instance, filename)


class ReportPhoto(models.Model):
    """A resident's photo: a private file, cleaned before it is stored."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Staff and reporter")
        PUBLIC = "public", _("Published")
        HIDDEN = "hidden", _("Hidden (staff only)")

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="photos", verbose_name=_("report")
    )
    image = models.FileField(
        _("image"), storage=private_storage, upload_to=photo_upload_to
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility, default=Visibility.PRIVATE
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("report photo")
        verbose_name_plural = _("report photos")

    def __str__(self):
        return f"{self.report_id}/{self.pk}"


class Subscription(models.Model):
    """Someone who wants new public updates of one report or of a grid."""

    report = models.ForeignKey(
        Report,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("report"),
    )
    grid = models.ForeignKey(
        "grids.Grid",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="report_subscriptions",
        verbose_name=_("grid"),
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(report__isnull=True, grid__isnull=False)
                | Q(report__isnull=False, grid__isnull=True),
                name="subscription_one_target",
            ),
            models.CheckConstraint(
                condition=~Q(email="", phone=""), name="subscription_has_contact"
            ),
            models.UniqueConstraint(
                fields=["report", "email", "phone"],
                condition=Q(report__isnull=False),
                name="subscription_unique_report",
            ),
            models.UniqueConstraint(
                fields=["grid", "email", "phone"],
                condition=Q(grid__isnull=False),
                name="subscription_unique_grid",
            ),
        ]

    def __str__(self):
        return f"{self.pk}"


def new_api_key():
    return secrets.token_urlsafe(32)


class ApiKey(models.Model):
    """An Open311 client allowed to POST service requests."""

    name = models.CharField(_("client name"), max_length=100)
    key = models.CharField(_("key"), max_length=64, unique=True, default=new_api_key)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self):
        return self.name
