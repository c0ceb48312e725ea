"""Documents attached to a case, and the audit log of who saw party data."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.uploads import private_storage, private_upload_to

from .cases import Case


def document_upload_to(instance, filename):
    return private_upload_to("mediation")(instance, filename)


class CaseDocument(models.Model):
    """A scan or photo filed with a case; a private file served after a check."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="documents", verbose_name=_("case")
    )
    title = models.CharField(_("title"), max_length=120)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=document_upload_to
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")

    def __str__(self):
        return self.title


class AuditLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")

    def delete(self):
        raise PermissionDenied("The audit log cannot be changed.")


class AuditLogEntry(models.Model):
    """Who saw a case's party data, when and what: append-only."""

    class Action(models.TextChoices):
        VIEW_PARTIES = "view_parties", _("Viewed party details")
        PRINT_AGREEMENT = "print_agreement", _("Printed the agreement")
        VIEW_DOCUMENT = "view_document", _("Opened a case document")
        VIEW_SESSION = "view_session", _("Read session minutes")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="+",
        verbose_name=_("who"),
    )
    case = models.ForeignKey(
        Case, models.PROTECT, related_name="audit_entries", verbose_name=_("case")
    )
    action = models.CharField(_("what"), max_length=30, choices=Action)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AuditLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} · {self.user} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        if self.pk is not None or not self._state.adding:
            raise PermissionDenied("The audit log cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log cannot be changed.")


def audit(user, case, action, detail=""):
    return AuditLogEntry.objects.create(
        user=user, case=case, action=action, detail=detail[:200]
    )
