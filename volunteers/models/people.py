"""Volunteers (a profile of a User), their teams and team membership."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community, Grid, Station, validate_code
from portal import roles
from portal.phones import normalize_phone, validate_mobile


class Volunteer(models.Model):
    """A resident who applied to volunteer; `balance` caches the ledger sum."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        SUSPENDED = "suspended", _("Suspended")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="volunteer",
        verbose_name=_("account"),
    )
    real_name = models.CharField(_("real name"), max_length=50)
    id_number = models.CharField(
        _("ID number"),
        max_length=18,
        blank=True,
        help_text=_("Printed masked on service certificates."),
    )
    mobile = models.CharField(_("mobile"), max_length=20, validators=[validate_mobile])
    community = models.ForeignKey(
        Community,
        models.PROTECT,
        related_name="volunteers",
        verbose_name=_("community"),
    )
    preferred_team = models.ForeignKey(
        "Team",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="applicants",
        verbose_name=_("team you would like to join"),
    )
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    consent = models.BooleanField(_("consent"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.APPLIED
    )
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    balance = models.IntegerField(_("points balance"), default=0, editable=False)
    created_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="volunteer_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(consent=True), name="volunteer_gave_consent"
            ),
        ]

    def __str__(self):
        return self.real_name

    def clean(self):
        self.mobile = normalize_phone(self.mobile)

    @property
    def is_active(self):
        return self.status == self.Status.APPROVED

    def _move(self, allowed_from, to, action, by, reason=""):
        if self.status not in allowed_from:
            raise ValidationError(
                _("A volunteer who is “%(status)s” cannot be moved to “%(to)s”.")
                % {"status": self.get_status_display(), "to": self.Status(to).label}
            )
        self.status = to
        self.status_reason = reason
        self.save(update_fields=["status", "status_reason"])
        VolunteerEvent.objects.create(
            volunteer=self, action=action, note=reason, actor=by
        )

    def approve(self, by):
        self._move(
            {self.Status.APPLIED, self.Status.DECLINED},
            self.Status.APPROVED,
            VolunteerEvent.Action.APPROVED,
            by,
        )
        self.user.groups.add(*Group.objects.filter(name=roles.VOLUNTEER))
        if self.preferred_team_id:
            Membership.objects.get_or_create(
                team_id=self.preferred_team_id, volunteer=self
            )

    def decline(self, by, reason):
        _require_reason(reason)
        self._move(
            {self.Status.APPLIED},
            self.Status.DECLINED,
            VolunteerEvent.Action.DECLINED,
            by,
            reason,
        )

    def suspend(self, by, reason):
        _require_reason(reason)
        self._move(
            {self.Status.APPROVED},
            self.Status.SUSPENDED,
            VolunteerEvent.Action.SUSPENDED,
            by,
            reason,
        )

    def reinstate(self, by):
        self._move(
            {self.Status.SUSPENDED},
            self.Status.APPROVED,
            VolunteerEvent.Action.REINSTATED,
            by,
        )


def _require_reason(reason):
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})


class VolunteerEvent(models.Model):
    """The timeline of a volunteer: every status change and points event, who and why."""

    class Action(models.TextChoices):
        APPLIED = "applied", _("Applied")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        SUSPENDED = "suspended", _("Suspended")
        REINSTATED = "reinstated", _("Reinstated")
        LOG_VERIFIED = "log_verified", _("Service log verified")
        LOG_REJECTED = "log_rejected", _("Service log rejected")
        REDEEMED = "redeemed", _("Reward redeemed")
        FULFILLED = "fulfilled", _("Reward handed over")
        CANCELLED = "cancelled", _("Redemption cancelled")
        ADJUSTED = "adjusted", _("Points adjusted")

    volunteer = models.ForeignKey(
        Volunteer, models.CASCADE, related_name="events", verbose_name=_("volunteer")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("volunteer event")
        verbose_name_plural = _("volunteer events")

    def __str__(self):
        return f"{self.volunteer} · {self.get_action_display()}"


class Team(models.Model):
    """A volunteer team (志愿服务队); partner teams are outside organisations."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.CharField(
        _("short code"),
        max_length=32,
        unique=True,
        validators=[validate_code],
        help_text=_("Letters, digits and dashes; used in the team page address."),
    )
    description = models.TextField(_("description"), blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("leader"),
    )
    station = models.ForeignKey(
        Station,
        models.PROTECT,
        related_name="volunteer_teams",
        verbose_name=_("station"),
    )
    grids = models.ManyToManyField(
        Grid, blank=True, related_name="volunteer_teams", verbose_name=_("grids")
    )
    is_partner = models.BooleanField(
        _("partner team"),
        default=False,
        help_text=_("An outside organisation, e.g. a rescue team or security company."),
    )
    partner_organisation = models.CharField(
        _("partner organisation"), max_length=100, blank=True
    )
    members = models.ManyToManyField(
        Volunteer,
        through="Membership",
        related_name="teams",
        verbose_name=_("members"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Membership(models.Model):
    team = models.ForeignKey(
        Team, models.CASCADE, related_name="memberships", verbose_name=_("team")
    )
    volunteer = models.ForeignKey(
        Volunteer,
        models.CASCADE,
        related_name="memberships",
        verbose_name=_("volunteer"),
    )
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)

    class Meta:
        ordering = ["team", "joined_on"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["team", "volunteer"], name="membership_unique"
            )
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.team}"
