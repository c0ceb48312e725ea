"""Activities (patrols, escorts, publicity...), sign-ups, attendance and service logs."""

import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Grid
from portal.uploads import private_storage, private_upload_to

from .people import Team, Volunteer, VolunteerEvent

MAX_LOG_HOURS = Decimal(24)
# Service done outside an activity earns this per verified hour.
SELF_REPORTED_POINTS_PER_HOUR = 10
# A volunteer's patrol (grids.Patrol) earns this per verified hour.
PATROL_POINTS_PER_HOUR = 10


class ActivityType(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    SCHOOL_ESCORT = "school_escort", _("School escort")
    EXAM_ESCORT = "exam_escort", _("Exam escort")
    PUBLICITY = "publicity", _("Publicity")
    ONLINE_SAFETY = "online_safety", _("Online safety")
    EMERGENCY_RESCUE = "emergency_rescue", _("Emergency rescue")
    OTHER = "other", _("Other")


class PointsRule(models.TextChoices):
    PER_HOUR = "per_hour", _("Points per hour")
    FIXED = "fixed", _("Fixed points")


def points_for(rule, value, hours):
    """Points a piece of work earns under a rule: per hour (rounded) or fixed."""
    if rule == PointsRule.FIXED:
        return int(value)
    return int((Decimal(hours) * value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def log_photo_upload_to(instance, filename):
    return private_upload_to("volunteer-logs")(instance, filename)


def new_token():
    return secrets.token_urlsafe(18)


class ActivityQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Activity.Status.PUBLISHED)

    def upcoming(self):
        return self.published().filter(ends_at__gt=timezone.now())


class Activity(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=100)
    kind = models.CharField(_("type"), max_length=20, choices=ActivityType)
    description = models.TextField(_("description"), blank=True)
    team = models.ForeignKey(
        Team,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        verbose_name=_("team"),
    )
    grid = models.ForeignKey(
        Grid,
        models.PROTECT,
        related_name="volunteer_activities",
        verbose_name=_("grid"),
    )
    place = models.CharField(_("place"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("places"), default=10)
    signup_deadline = models.DateTimeField(_("sign-up deadline"))
    points_rule = models.CharField(
        _("points rule"), max_length=10, choices=PointsRule, default=PointsRule.PER_HOUR
    )
    points_value = models.PositiveIntegerField(
        _("points"),
        default=10,
        help_text=_("Per hour or for the whole activity, as the rule says."),
    )
    checkin_token = models.CharField(
        max_length=40, unique=True, default=new_token, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PUBLISHED
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="activity_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="activity_has_places"
            ),
            models.CheckConstraint(
                condition=Q(points_value__gte=1), name="activity_earns_points"
            ),
            models.CheckConstraint(
                condition=Q(signup_deadline__lte=F("ends_at")),
                name="activity_deadline_before_end",
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end must be after the start.")
        if (
            self.signup_deadline
            and self.ends_at
            and self.signup_deadline > self.ends_at
        ):
            errors["signup_deadline"] = _(
                "The sign-up deadline must be before the activity ends."
            )
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _("An activity needs at least one place.")
        if self.points_value is not None and self.points_value < 1:
            errors["points_value"] = _("An activity earns at least one point.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def signup_open(self):
        return not self.is_cancelled and timezone.now() <= self.signup_deadline

    @property
    def hours(self):
        return Decimal((self.ends_at - self.starts_at).total_seconds()) / 3600

    def checkin_opens_at(self):
        return self.starts_at - timedelta(hours=1)

    def cancel(self, by, reason):
        if self.is_cancelled:
            raise ValidationError(_("This activity is already cancelled."))
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Please give a reason.")})
        self.status = self.Status.CANCELLED
        self.cancel_reason = reason
        self.save(update_fields=["status", "cancel_reason"])


class SignUp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        REMOVED = "removed", _("Removed by the organiser")
        NO_SHOW = "no_show", _("Did not come")

    activity = models.ForeignKey(
        Activity, models.CASCADE, related_name="signups", verbose_name=_("activity")
    )
    volunteer = models.ForeignKey(
        Volunteer, models.CASCADE, related_name="signups", verbose_name=_("volunteer")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status)
    waitlist_position = models.PositiveIntegerField(
        _("waiting list position"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("signed up at"), default=timezone.now)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["activity", "status", "waitlist_position", "created_at"]
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "volunteer"], name="signup_once_per_activity"
            ),
            models.CheckConstraint(
                condition=Q(status="waitlisted", waitlist_position__isnull=False)
                | (~Q(status="waitlisted") & Q(waitlist_position__isnull=True)),
                name="signup_waitlist_position_iff_waitlisted",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.activity}"

    @property
    def is_active(self):
        return self.status in (self.Status.CONFIRMED, self.Status.WAITLISTED)


class Attendance(models.Model):
    """A check-in and check-out at an activity; becomes a ServiceLog on check-out."""

    signup = models.OneToOneField(
        SignUp, models.CASCADE, related_name="attendance", verbose_name=_("sign-up")
    )
    checked_in_at = models.DateTimeField(_("checked in at"))
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    check_in_lat = models.FloatField(null=True, blank=True)
    check_in_lng = models.FloatField(null=True, blank=True)
    check_out_lat = models.FloatField(null=True, blank=True)
    check_out_lng = models.FloatField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by hand by"),
    )
    auto_closed = models.BooleanField(_("closed automatically"), default=False)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_out_at__gt=F("checked_in_at")),
                name="attendance_out_after_in",
            )
        ]

    def __str__(self):
        return str(self.signup)


class ServiceLogQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=ServiceLog.Status.VERIFIED)

    def overlapping(self, volunteer_id, started_at, ended_at, exclude_pk=None):
        """The volunteer's other logs (not rejected) whose time overlaps."""
        return (
            self.filter(
                volunteer_id=volunteer_id,
                started_at__lt=ended_at,
                ended_at__gt=started_at,
            )
            .exclude(status=ServiceLog.Status.REJECTED)
            .exclude(pk=exclude_pk)
        )


class ServiceLog(models.Model):
    """Work done: from an attendance or reported by the volunteer; credits once verified.

    The points rule is copied here when the log is made, so a later change of the
    activity's rule does not change what earlier work earns.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        ACTIVITY = "activity", _("Activity attendance")
        SELF = "self", _("Reported by the volunteer")
        PATROL = "patrol", _("Patrol")

    volunteer = models.ForeignKey(
        Volunteer,
        models.PROTECT,
        related_name="service_logs",
        verbose_name=_("volunteer"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source)
    activity = models.ForeignKey(
        Activity,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="service_logs",
        verbose_name=_("activity"),
    )
    attendance = models.OneToOneField(
        Attendance,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="service_log",
    )
    patrol = models.OneToOneField(
        "grids.Patrol",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="service_log",
        verbose_name=_("patrol"),
        help_text=_("For patrols: one service log per patrol, never two."),
    )
    team = models.ForeignKey(
        Team,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="service_logs",
        verbose_name=_("team"),
    )
    grid = models.ForeignKey(
        Grid,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="volunteer_service_logs",
        verbose_name=_("grid"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=ActivityType)
    description = models.CharField(_("what was done"), max_length=500)
    place = models.CharField(_("where"), max_length=200)
    started_at = models.DateTimeField(_("started at"))
    ended_at = models.DateTimeField(_("ended at"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    photo = models.FileField(
        _("photo"),
        storage=private_storage,
        upload_to=log_photo_upload_to,
        blank=True,
    )
    points_rule = models.CharField(
        _("points rule"), max_length=10, choices=PointsRule, editable=False
    )
    points_value = models.PositiveIntegerField(_("points"), editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    needs_review = models.BooleanField(_("needs review"), default=False)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("logged at"), default=timezone.now)

    objects = ServiceLogQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("service log")
        verbose_name_plural = _("service logs")
        indexes = [
            models.Index(fields=["volunteer", "started_at"]),
            models.Index(fields=["status", "started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__gt=F("started_at")), name="log_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=MAX_LOG_HOURS),
                name="log_hours_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} · {self.description[:30]}"

    def clean(self):
        if self.hours is not None and not (0 < self.hours <= MAX_LOG_HOURS):
            raise ValidationError(
                {"hours": _("Hours must be more than 0 and at most 24.")}
            )
        if self.started_at and self.ended_at and self.ended_at <= self.started_at:
            raise ValidationError({"ended_at": _("The end must be after the start.")})

    @property
    def points(self):
        return points_for(self.points_rule, self.points_value, self.hours)

    def overlapping_logs(self):
        return ServiceLog.objects.overlapping(
            self.volunteer_id, self.started_at, self.ended_at, exclude_pk=self.pk
        )

    def flag(self, note):
        self.needs_review = True
        self.review_note = "; ".join(filter(None, [self.review_note, str(note)]))[:300]

    def _review(self, by, to, action, reason=""):
        if self.status != self.Status.PENDING:
            raise ValidationError(_("This service log has already been reviewed."))
        if by is None or by.pk == self.volunteer.user_id:
            raise ValidationError(
                _("Volunteers cannot verify or reject their own service.")
            )
        self.status = to
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.reject_reason = reason
        self.save(
            update_fields=["status", "reviewed_by", "reviewed_at", "reject_reason"]
        )
        VolunteerEvent.objects.create(
            volunteer=self.volunteer,
            action=action,
            note=reason or self.description[:300],
            actor=by,
        )

    def verify(self, by):
        """Mark verified; only services.credit_service_log calls this."""
        self._review(by, self.Status.VERIFIED, VolunteerEvent.Action.LOG_VERIFIED)

    def reject(self, by, reason):
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Please give a reason.")})
        self._review(
            by, self.Status.REJECTED, VolunteerEvent.Action.LOG_REJECTED, reason
        )
