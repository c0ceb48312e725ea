"""Mediation sessions with minutes, the agreement, and follow-up visits."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .cases import Case, CaseEvent

COURT_CONFIRMATION_DAYS = 30


class Session(models.Model):
    """One mediation meeting and its minutes (笔录)."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="sessions", verbose_name=_("case")
    )
    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=200)
    attendees = models.TextField(
        _("who attended"), help_text=_("Parties, mediators and anyone else present.")
    )
    minutes = models.TextField(_("minutes"), help_text=_("What was said and agreed."))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["held_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self):
        return f"{self.case} · {self.held_at:%Y-%m-%d}"


class Agreement(models.Model):
    """The mediation agreement (调解协议书) with what the mediation rules require."""

    class CourtConfirmation(models.TextChoices):
        NOT_SOUGHT = "not_sought", _("Not sought")
        APPLIED = "applied", _("Applied for")
        CONFIRMED = "confirmed", _("Confirmed by the court")
        REFUSED = "refused", _("Refused by the court")

    case = models.OneToOneField(
        Case, models.CASCADE, related_name="agreement", verbose_name=_("case")
    )
    facts = models.TextField(
        _("facts and responsibility"),
        help_text=_(
            "The main facts of the dispute, the issues and who is responsible."
        ),
    )
    terms = models.TextField(_("terms agreed"))
    performance_method = models.CharField(
        _("how it will be carried out"), max_length=300
    )
    performance_place = models.CharField(
        _("where it will be carried out"), max_length=200
    )
    performance_deadline = models.DateField(_("carried out by"))
    signed_on = models.DateField(_("signed on"))
    signatures_recorded = models.BooleanField(
        _("parties and mediators signed on paper"), default=False
    )
    seal_recorded = models.BooleanField(
        _("committee seal affixed on paper"), default=False
    )
    copies = models.PositiveSmallIntegerField(
        _("copies"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text=_("One for each party and one for the mediation committee."),
    )
    court_confirmation = models.CharField(
        _("court confirmation"),
        max_length=20,
        choices=CourtConfirmation,
        default=CourtConfirmation.NOT_SOUGHT,
        editable=False,
    )
    court_name = models.CharField(
        _("court"), max_length=100, blank=True, editable=False
    )
    court_applied_on = models.DateField(
        _("applied to court on"), null=True, editable=False
    )
    court_decided_on = models.DateField(
        _("court decided on"), null=True, editable=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self):
        return f"{self.case} · {_('agreement')}"

    def clean(self):
        errors = {}
        if not self.signatures_recorded:
            errors["signatures_recorded"] = _(
                "An agreement takes effect once the parties and mediators have signed."
            )
        if not self.seal_recorded:
            errors["seal_recorded"] = _("The committee's seal must be affixed.")
        if (
            self.signed_on
            and self.performance_deadline
            and self.performance_deadline < self.signed_on
        ):
            errors["performance_deadline"] = _(
                "It cannot be carried out before it is signed."
            )
        if self.signed_on and self.signed_on > timezone.localdate():
            errors["signed_on"] = _("The signing date cannot be in the future.")
        if errors:
            raise ValidationError(errors)

    @transaction.atomic
    def apply_for_court_confirmation(self, *, court, applied_on, by):
        """The parties ask the court to confirm it (司法确认), within 30 days."""
        if self.court_confirmation != self.CourtConfirmation.NOT_SOUGHT:
            raise ValidationError(_("Court confirmation was already applied for."))
        if not (court or "").strip():
            raise ValidationError({"court": _("Name the court.")})
        last_day = self.signed_on + datetime.timedelta(days=COURT_CONFIRMATION_DAYS)
        if not self.signed_on <= applied_on <= last_day:
            raise ValidationError(
                {
                    "applied_on": _(
                        "Parties apply within 30 days of the agreement taking effect."
                    )
                }
            )
        self.court_confirmation = self.CourtConfirmation.APPLIED
        self.court_name = court.strip()
        self.court_applied_on = applied_on
        self.save()
        self.case.log(
            CaseEvent.Kind.COURT,
            _("Applied to %(court)s for confirmation.") % {"court": self.court_name},
            by=by,
        )

    @transaction.atomic
    def record_court_decision(self, *, confirmed, decided_on, by):
        if self.court_confirmation != self.CourtConfirmation.APPLIED:
            raise ValidationError(_("No application to the court is pending."))
        if decided_on < self.court_applied_on:
            raise ValidationError(
                {"decided_on": _("The decision cannot precede the application.")}
            )
        self.court_confirmation = (
            self.CourtConfirmation.CONFIRMED
            if confirmed
            else self.CourtConfirmation.REFUSED
        )
        self.court_decided_on = decided_on
        self.save()
        self.case.log(
            CaseEvent.Kind.COURT, self.get_court_confirmation_display(), by=by
        )


class FollowUp(models.Model):
    """A follow-up visit (回访): are the agreement's obligations being kept?"""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="follow_ups", verbose_name=_("case")
    )
    due_on = models.DateField(_("due on"))
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    obligations_kept = models.BooleanField(_("obligations kept"), null=True)
    notes = models.TextField(_("notes"), blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("visited by"),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")

    def __str__(self):
        return f"{self.case} · {self.due_on}"

    @property
    def is_done(self):
        return self.visited_on is not None
