"""Resident–police deliberation councils (警民议事会): members, meetings, actions."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.phones import normalize_phone, validate_phone


def quorum_met(council, units_present, representative_present):
    """More than half of the member units present, and a resident representative."""
    members = council.member_units.count()
    return members > 0 and units_present * 2 > members and representative_present


class Council(models.Model):
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        "grids.Community",
        models.PROTECT,
        related_name="councils",
        verbose_name=_("community served"),
    )
    grids = models.ManyToManyField(
        "grids.Grid",
        related_name="councils",
        blank=True,
        verbose_name=_("grids served"),
        help_text=_("Leave empty to serve every grid of the community."),
    )
    convenor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="convened_councils",
        verbose_name=_("convenor"),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self):
        return self.name


class MemberUnit(models.Model):
    """An agency sitting on the council, with the person who speaks for it."""

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="member_units", verbose_name=_("council")
    )
    name = models.CharField(_("unit"), max_length=100)
    contact_name = models.CharField(_("contact person"), max_length=50)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, validators=[validate_phone]
    )

    class Meta:
        ordering = ["council", "pk"]
        verbose_name = _("member unit")
        verbose_name_plural = _("member units")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "name"], name="member_unit_once_per_council"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.contact_phone = normalize_phone(self.contact_phone)


class ResidentRepresentative(models.Model):
    council = models.ForeignKey(
        Council,
        models.CASCADE,
        related_name="representatives",
        verbose_name=_("council"),
    )
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, validators=[validate_phone])
    building = models.CharField(_("building or street"), max_length=100, blank=True)

    class Meta:
        ordering = ["council", "pk"]
        verbose_name = _("resident representative")
        verbose_name_plural = _("resident representatives")

    def __str__(self):
        return self.name

    def clean(self):
        self.phone = normalize_phone(self.phone)


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="meetings", verbose_name=_("council")
    )
    scheduled_at = models.DateTimeField(_("date and time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("agenda"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PLANNED,
        editable=False,
    )
    attending_units = models.ManyToManyField(
        MemberUnit, blank=True, related_name="+", verbose_name=_("member units present")
    )
    attending_representatives = models.ManyToManyField(
        ResidentRepresentative,
        blank=True,
        related_name="+",
        verbose_name=_("resident representatives present"),
    )
    minutes = models.TextField(_("minutes"), blank=True)
    public_summary = models.TextField(
        _("public summary of decisions"),
        blank=True,
        help_text=_("Shown on the grid pages. No names, phones or addresses."),
    )

    class Meta:
        ordering = ["-scheduled_at"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self):
        return f"{self.council} · {timezone.localtime(self.scheduled_at):%Y-%m-%d}"

    def carried_items(self):
        """Open action items from earlier meetings: they head this meeting's agenda."""
        return (
            ActionItem.objects.filter(
                council_id=self.council_id,
                status__in=ActionItem.OPEN,
                meeting__scheduled_at__lt=self.scheduled_at,
            )
            .select_related("owner_unit")
            .order_by("due_on")
        )

    def has_quorum(self):
        return quorum_met(
            self.council,
            self.attending_units.count(),
            self.attending_representatives.exists(),
        )

    def signed_off(self):
        present = set(self.attending_units.values_list("pk", flat=True))
        signed = set(self.sign_offs.values_list("member_unit_id", flat=True))
        return bool(present) and present <= signed

    @transaction.atomic
    def record_held(self, *, minutes, public_summary):
        """The meeting took place: needs a quorum and its minutes."""
        if self.status != self.Status.PLANNED:
            raise ValidationError(_("Only a planned meeting can be recorded as held."))
        if not self.has_quorum():
            raise ValidationError(
                _(
                    "No quorum: more than half of the member units and at least one "
                    "resident representative must attend."
                ),
                code="no_quorum",
            )
        if not (minutes or "").strip():
            raise ValidationError({"minutes": _("Write the minutes.")})
        self.status = self.Status.HELD
        self.minutes = minutes.strip()
        self.public_summary = (public_summary or "").strip()
        self.save()

    def cancel(self):
        if self.status != self.Status.PLANNED:
            raise ValidationError(_("Only a planned meeting can be cancelled."))
        self.status = self.Status.CANCELLED
        self.save(update_fields=["status"])


class MinutesSignOff(models.Model):
    """A member unit signed off the minutes of a meeting it attended."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="sign_offs", verbose_name=_("meeting")
    )
    member_unit = models.ForeignKey(
        MemberUnit, models.CASCADE, related_name="+", verbose_name=_("member unit")
    )
    signed_by = models.CharField(_("signed by"), max_length=50)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes sign-off")
        verbose_name_plural = _("minutes sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "member_unit"], name="sign_off_once_per_unit"
            )
        ]

    def __str__(self):
        return f"{self.meeting} · {self.member_unit}"

    def clean(self):
        meeting, unit = self.meeting, self.member_unit
        if meeting.status != Meeting.Status.HELD:
            raise ValidationError(
                _("Minutes are signed off after the meeting is held.")
            )
        if not meeting.attending_units.filter(pk=unit.pk).exists():
            raise ValidationError(
                {"member_unit": _("Only a unit that attended signs the minutes.")}
            )


class MeetingIssue(models.Model):
    """An issue raised at a meeting, optionally a resident report by its reference."""

    meeting = models.ForeignKey(
        Meeting, models.CASCADE, related_name="issues", verbose_name=_("meeting")
    )
    title = models.CharField(_("issue"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    report_reference = models.CharField(
        _("resident report reference"),
        max_length=40,
        blank=True,
        help_text=_("E.g. R2026-000123."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("issue raised")
        verbose_name_plural = _("issues raised")

    def __str__(self):
        return self.title


class ActionItem(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN = [Status.OPEN, Status.IN_PROGRESS]

    council = models.ForeignKey(
        Council, models.CASCADE, related_name="action_items", verbose_name=_("council")
    )
    meeting = models.ForeignKey(
        Meeting,
        models.CASCADE,
        related_name="action_items",
        verbose_name=_("decided at"),
    )
    title = models.CharField(_("action"), max_length=200)
    owner_unit = models.ForeignKey(
        MemberUnit,
        models.PROTECT,
        related_name="action_items",
        verbose_name=_("owning unit"),
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    notes = models.TextField(_("progress notes"), blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.status in self.OPEN and self.due_on < timezone.localdate()

    def clean(self):
        if (
            self.meeting_id
            and self.council_id
            and self.meeting.council_id != self.council_id
        ):
            raise ValidationError({"meeting": _("The meeting is of another council.")})
        if (
            self.owner_unit_id
            and self.council_id
            and self.owner_unit.council_id != self.council_id
        ):
            raise ValidationError(
                {"owner_unit": _("The owning unit must sit on this council.")}
            )
        if self.status == self.Status.DONE and not self.done_on:
            self.done_on = timezone.localdate()
