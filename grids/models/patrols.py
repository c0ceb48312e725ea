"""Patrols (巡逻): patrol points (必巡点) of a grid, patrols on them and the
check-ins that prove a point was visited.

Only grids/patrols.py starts, checks in and ends patrols; other apps (volunteers'
service logs, the scoreboard) read these tables.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import DurationField, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .places import Grid

DEFAULT_RADIUS_M = 50


def new_point_token():
    return secrets.token_urlsafe(18)


class PatrolPoint(models.Model):
    """A place a patrol must visit, with a printed QR code and a check-in radius."""

    grid = models.ForeignKey(
        Grid, models.PROTECT, related_name="patrol_points", verbose_name=_("grid")
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.CharField(
        _("what to check"),
        max_length=300,
        blank=True,
        help_text=_("E.g. fire exits clear, gate locked, lights working."),
    )
    lat = models.FloatField(
        _("latitude"), validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lng = models.FloatField(
        _("longitude"), validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    radius_m = models.PositiveIntegerField(
        _("check-in radius (metres)"),
        default=DEFAULT_RADIUS_M,
        validators=[MinValueValidator(10), MaxValueValidator(1000)],
        help_text=_("A check-in by location must be this close to the point."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    token = models.CharField(
        max_length=40, unique=True, default=new_point_token, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["grid", "name"]
        verbose_name = _("patrol point")
        verbose_name_plural = _("patrol points")
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "name"], name="patrol_point_name_per_grid"
            ),
            models.CheckConstraint(
                condition=Q(radius_m__gte=10) & Q(radius_m__lte=1000),
                name="patrol_point_radius_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.name}（{self.grid.name}）"


class PatrolQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(status=Patrol.Status.FINISHED)

    def active(self):
        return self.filter(status=Patrol.Status.ACTIVE)

    def with_duration(self):
        """Annotate `elapsed` (ended_at − started_at in SQL, None while under way),
        to sum or filter on; `Patrol.duration` is the same for one patrol."""
        return self.annotate(
            elapsed=ExpressionWrapper(
                F("ended_at") - F("started_at"), output_field=DurationField()
            )
        )


class Patrol(models.Model):
    """One patrol of a grid by one person, from start to end on their phone."""

    class Kind(models.TextChoices):
        OFFICER = "officer", _("Officer")
        AUXILIARY = "auxiliary", _("Auxiliary officer")
        VOLUNTEER = "volunteer", _("Volunteer team")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Under way")
        FINISHED = "finished", _("Finished")

    grid = models.ForeignKey(
        Grid, models.PROTECT, related_name="patrols", verbose_name=_("grid")
    )
    patroller = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        related_name="patrols",
        verbose_name=_("patroller"),
    )
    kind = models.CharField(_("patrolled as"), max_length=12, choices=Kind)
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.ACTIVE
    )
    points_total = models.PositiveIntegerField(
        _("points to visit"),
        default=0,
        help_text=_("Active patrol points of the grid when the patrol ended."),
    )
    points_covered = models.PositiveIntegerField(_("points covered"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    auto_closed = models.BooleanField(
        _("closed automatically"),
        default=False,
        help_text=_("Left under way and ended by the system at the last check-in."),
    )

    objects = PatrolQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("patrol")
        verbose_name_plural = _("patrols")
        indexes = [
            models.Index(fields=["grid", "started_at"]),
            models.Index(fields=["patroller", "-started_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gt=F("started_at")),
                name="patrol_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_at__isnull=True)
                | Q(status="finished", ended_at__isnull=False),
                name="patrol_ended_iff_finished",
            ),
            # One patrol at a time: a second start would split the check-ins.
            models.UniqueConstraint(
                fields=["patroller"],
                condition=Q(status="active"),
                name="patrol_one_active_per_patroller",
            ),
        ]

    def __str__(self):
        return (
            f"{self.grid.name} · {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
        )

    @property
    def is_active(self):
        return self.status == self.Status.ACTIVE

    @property
    def duration(self):
        return self.ended_at - self.started_at if self.ended_at else None

    @property
    def minutes(self):
        """Whole minutes patrolled so far (or in all, once ended)."""
        end = self.ended_at or timezone.now()
        return int((end - self.started_at).total_seconds() // 60)

    def finish(self, at, points_total, points_covered, notes="", auto_closed=False):
        """Mark ended; only grids.patrols calls this (it sends the signal)."""
        if not self.is_active:
            raise ValidationError(_("This patrol has already ended."))
        if at <= self.started_at:
            raise ValidationError(_("A patrol must end after it started."))
        self.status = self.Status.FINISHED
        self.ended_at = at
        self.points_total = points_total
        self.points_covered = points_covered
        self.notes = notes
        self.auto_closed = auto_closed
        self.save(
            update_fields=[
                "status",
                "ended_at",
                "points_total",
                "points_covered",
                "notes",
                "auto_closed",
            ]
        )


class PatrolCheckin(models.Model):
    """Proof that a patrol visited a point: by its QR code or by location."""

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        LOCATION = "location", _("Location")

    patrol = models.ForeignKey(
        Patrol, models.CASCADE, related_name="checkins", verbose_name=_("patrol")
    )
    point = models.ForeignKey(
        PatrolPoint,
        models.PROTECT,
        related_name="checkins",
        verbose_name=_("patrol point"),
    )
    checked_at = models.DateTimeField(_("checked in at"), default=timezone.now)
    method = models.CharField(_("method"), max_length=10, choices=Method)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    distance_m = models.FloatField(_("distance (metres)"), null=True, blank=True)

    class Meta:
        ordering = ["checked_at"]
        verbose_name = _("patrol check-in")
        verbose_name_plural = _("patrol check-ins")
        indexes = [models.Index(fields=["point", "checked_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["patrol", "point"], name="patrol_checkin_once_per_point"
            )
        ]

    def __str__(self):
        return f"{self.point.name} · {timezone.localtime(self.checked_at):%H:%M}"
