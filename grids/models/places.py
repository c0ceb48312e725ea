"""Places and people: stations, communities, grids, the people who serve them
and their grid assignments."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from portal.phones import normalize_phone, validate_phone

from .. import geometry

CODE_HELP = _("Letters, digits and dashes; used in the page address.")


def validate_code(value):
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9-]{0,31}", value or ""):
        raise ValidationError(
            _("Use 1–32 letters, digits or dashes, e.g. XH-01."), code="invalid_code"
        )


class Station(models.Model):
    """A police station (派出所) or police post (警务站)."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[validate_code],
        help_text=CODE_HELP,
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(
        _("duty phone"), max_length=30, blank=True, validators=[validate_phone]
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self):
        return self.name

    def clean(self):
        self.phone = normalize_phone(self.phone)


class Community(models.Model):
    """A community (社区) or village (村) served by one station."""

    code = models.CharField(
        _("code"), max_length=32, unique=True, validators=[validate_code]
    )
    name = models.CharField(_("name"), max_length=100)
    station = models.ForeignKey(
        Station, models.PROTECT, related_name="communities", verbose_name=_("station")
    )
    subdistrict = models.CharField(_("sub-district (街道)"), max_length=100, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")

    def __str__(self):
        return self.name


class GridQuerySet(models.QuerySet):
    def in_station(self, station):
        return self.filter(community__station=station)


class Grid(models.Model):
    """The smallest unit of policing (网格): every report, case and patrol points here."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        validators=[validate_code],
        help_text=CODE_HELP,
    )
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Community, models.PROTECT, related_name="grids", verbose_name=_("community")
    )
    streets = models.TextField(
        _("streets and estates"),
        blank=True,
        help_text=_("Streets, estates and landmarks in the grid, one per line."),
    )
    boundary = models.JSONField(
        _("boundary (GeoJSON)"),
        null=True,
        blank=True,
        help_text=_("A GeoJSON Polygon or MultiPolygon in longitude, latitude."),
    )
    centroid_lat = models.FloatField(
        _("centre latitude"), null=True, blank=True, editable=False
    )
    centroid_lng = models.FloatField(
        _("centre longitude"), null=True, blank=True, editable=False
    )
    households = models.PositiveIntegerField(_("households"), default=0)
    population = models.PositiveIntegerField(_("population"), default=0)

    objects = GridQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("grid")
        verbose_name_plural = _("grids")

    def __str__(self):
        return f"{self.name} ({self.code})"

    def save(self, *args, **kwargs):
        if self.boundary:
            shape = geometry.parse_boundary(self.boundary)
            self.boundary = geometry.to_geojson(shape)
            point = (
                shape.representative_point()
                if not shape.centroid.within(shape)
                else shape.centroid
            )
            self.centroid_lng, self.centroid_lat = point.x, point.y
        else:
            self.centroid_lat = self.centroid_lng = None
        self.__dict__.pop("shape", None)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.boundary:
            return
        try:
            shape = geometry.parse_boundary(self.boundary)
        except ValidationError as exc:
            raise ValidationError({"boundary": exc.messages}) from exc
        overlapping = self.overlapping_grids(shape)
        if overlapping:
            raise ValidationError(
                {
                    "boundary": _("The boundary overlaps grid(s): %(codes)s.")
                    % {"codes": ", ".join(g.code for g in overlapping)}
                }
            )

    @property
    def station(self):
        return self.community.station

    @cached_property
    def shape(self):
        return geometry.parse_boundary(self.boundary) if self.boundary else None

    def overlapping_grids(self, shape):
        from ..locate import grid_index

        candidates = grid_index().candidates(shape)
        others = Grid.objects.filter(pk__in=candidates).exclude(pk=self.pk)
        return [
            other
            for other in others
            if other.shape
            and geometry.overlap_m2(shape, other.shape) > geometry.OVERLAP_TOLERANCE_M2
        ]


class Person(index.Indexed, models.Model):
    """Someone who serves grids: an officer, an assistant, a grid worker."""

    class Role(models.TextChoices):
        COMMUNITY_OFFICER = "community_officer", _("Community officer")
        AUXILIARY_OFFICER = "auxiliary_officer", _("Auxiliary officer")
        POLICE_ASSISTANT = "police_assistant", _("Police assistant")
        GRID_WORKER = "grid_worker", _("Grid worker")
        MEDIATOR = "mediator", _("Mediator")
        VOLUNTEER_LEADER = "volunteer_leader", _("Volunteer leader")

    name = models.CharField(_("name"), max_length=50)
    role = models.CharField(_("main role"), max_length=30, choices=Role)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photo"),
    )
    work_phone = models.CharField(
        _("work phone"),
        max_length=30,
        blank=True,
        validators=[validate_phone],
        help_text=_("Public: printed on contact cards."),
    )
    duties = models.TextField(_("duties"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    station = models.ForeignKey(
        Station,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("station"),
        help_text=_("The station the person belongs to; supervisors see all of it."),
    )
    badge_number = models.CharField(
        _("badge number"),
        max_length=20,
        blank=True,
        help_text=_("Shown to staff only."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return f"{self.name}（{self.get_role_display()}）"

    def clean(self):
        self.work_phone = normalize_phone(self.work_phone)


class AssignmentQuerySet(models.QuerySet):
    def current(self, on=None):
        """Assignments in force on a date: started, and not yet at their end date."""
        on = on or timezone.localdate()
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gt=on), start_date__lte=on
        )


class Assignment(models.Model):
    """A person serving a grid in a role, from a start date to an optional end date."""

    Role = Person.Role

    person = models.ForeignKey(
        Person, models.CASCADE, related_name="assignments", verbose_name=_("person")
    )
    grid = models.ForeignKey(
        Grid, models.CASCADE, related_name="assignments", verbose_name=_("grid")
    )
    role = models.CharField(_("role"), max_length=30, choices=Role)
    start_date = models.DateField(_("start date"), default=timezone.localdate)
    end_date = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("The first day the person no longer serves the grid."),
    )

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["grid", "role", "person__name"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(end_date__gt=models.F("start_date")),
                name="assignment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person", "grid", "role", "start_date"],
                name="assignment_unique_start",
            ),
        ]

    def __str__(self):
        return f"{self.person.name} · {self.grid.name} · {self.get_role_display()}"

    def clean(self):
        if self.end_date and self.start_date and self.end_date <= self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must be after the start date.")}
            )

    @property
    def is_current(self):
        today = timezone.localdate()
        return self.start_date <= today and (
            self.end_date is None or self.end_date > today
        )
