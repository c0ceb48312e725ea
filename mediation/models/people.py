"""The people of a case: its parties (sensitive) and its mediators."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.masking import mask_name
from portal.phones import normalize_phone, validate_phone

from ..fields import EncryptedTextField
from .cases import Case


class Party(models.Model):
    """An applicant, respondent or other party; name, phone, ID and address encrypted."""

    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")
        OTHER = "other", _("Other party")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="parties", verbose_name=_("case")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role)
    name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"), blank=True)
    id_number = EncryptedTextField(_("resident ID number"), blank=True)
    address = EncryptedTextField(_("address"), blank=True)
    relationship = models.CharField(
        _("relationship"),
        max_length=60,
        blank=True,
        help_text=_("To the other party, e.g. neighbour, tenant, employer."),
    )
    erased = models.BooleanField(_("erased"), default=False, editable=False)

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self):
        return f"{self.get_role_display()} {mask_name(self.name)}"

    def clean(self):
        self.phone = normalize_phone(self.phone)
        if self.phone:
            validate_phone(self.phone)

    def erase(self):
        """Drop the personal data, keep the row (role and count feed statistics)."""
        self.name = self.phone = self.id_number = self.address = ""
        self.relationship = ""
        self.erased = True
        self.save()


class Mediator(models.Model):
    """Someone who mediates: a stationed people's mediator, officer, clerk or lawyer."""

    class Kind(models.TextChoices):
        PEOPLES_MEDIATOR = "peoples_mediator", _("Stationed people's mediator")
        OFFICER = "officer", _("Police officer")
        JUDICIAL_STAFF = "judicial_staff", _("Judicial office staff")
        LAWYER = "lawyer", _("Lawyer")

    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    institution = models.CharField(
        _("institution"),
        max_length=100,
        help_text=_("E.g. the police station, judicial office or law firm."),
    )
    station = models.ForeignKey(
        "grids.Station",
        models.PROTECT,
        related_name="mediators",
        verbose_name=_("station served"),
    )
    work_phone = models.CharField(
        _("work phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="mediator",
        verbose_name=_("account"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["station", "name"]
        verbose_name = _("mediator")
        verbose_name_plural = _("mediators")

    def __str__(self):
        return f"{self.name}（{self.institution}）"

    def clean(self):
        self.work_phone = normalize_phone(self.work_phone)


class CaseMediatorQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_at__isnull=True)


class CaseMediator(models.Model):
    """A mediator on a case, as its lead or a helper; ended when they step aside."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead mediator")
        HELPER = "helper", _("Helper")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="assignments", verbose_name=_("case")
    )
    mediator = models.ForeignKey(
        Mediator, models.PROTECT, related_name="assignments", verbose_name=_("mediator")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role)
    assigned_at = models.DateTimeField(_("assigned"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = CaseMediatorQuerySet.as_manager()

    class Meta:
        ordering = ["role", "assigned_at"]
        verbose_name = _("case mediator")
        verbose_name_plural = _("case mediators")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(role="lead", ended_at__isnull=True),
                name="one_current_lead_per_case",
            ),
            models.UniqueConstraint(
                fields=["case", "mediator"],
                condition=Q(ended_at__isnull=True),
                name="mediator_once_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.case} · {self.mediator} · {self.get_role_display()}"


class Recusal(models.Model):
    """A party asked a mediator to step aside (回避); the decision and replacement."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="recusals", verbose_name=_("case")
    )
    mediator = models.ForeignKey(
        Mediator, models.PROTECT, related_name="+", verbose_name=_("mediator")
    )
    requested_by = models.ForeignKey(
        Party,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    reason = models.TextField(_("reason"))
    granted = models.BooleanField(_("granted"))
    replacement = models.ForeignKey(
        Mediator,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replaced by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        ordering = ["decided_at"]
        verbose_name = _("recusal")
        verbose_name_plural = _("recusals")

    def __str__(self):
        return f"{self.case} · {self.mediator}"
