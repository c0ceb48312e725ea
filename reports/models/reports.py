"""The report and its timeline.

A report's status changes only through the transition methods on `Report`; each
one checks that the move is allowed and writes a `ReportUpdate` (who, when, the
public reply and the internal note), which is the report's whole history.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .categories import Category

TOKEN_BYTES = 32  # secrets.token_urlsafe(32) gives 43 characters


def hash_token(token):
    return hashlib.sha256((token or "").encode()).hexdigest()


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Report.OPEN_STATUSES)

    def overdue(self, now=None):
        """Reports past one of their SLA deadlines and still waiting on it."""
        now = now or timezone.now()
        working = Report.WORKING_STATUSES
        return self.filter(
            Q(status=Report.Status.SUBMITTED, accept_due_at__lt=now)
            | Q(status__in=working, first_reply_at=None, reply_due_at__lt=now)
            | Q(status__in=working, resolve_due_at__lt=now)
        )


class InvalidTransition(ValidationError):
    pass


class Report(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        DUPLICATE = "duplicate", _("Duplicate")
        TRANSFERRED = "transferred", _("Transferred to another agency")
        ESCALATED = "escalated", _("Handed to mediation")

    OPEN_STATUSES = [
        Status.SUBMITTED,
        Status.ACCEPTED,
        Status.IN_PROGRESS,
        Status.ESCALATED,
    ]
    WORKING_STATUSES = [Status.SUBMITTED, Status.ACCEPTED, Status.IN_PROGRESS]
    FINISHED_STATUSES = [
        Status.RESOLVED,
        Status.CLOSED,
        Status.REJECTED,
        Status.DUPLICATE,
        Status.TRANSFERRED,
    ]

    # NULL until the first save gives the row its number (unique allows many NULLs).
    reference = models.CharField(  # noqa: DJ001
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    category = models.ForeignKey(
        Category, models.PROTECT, related_name="reports", verbose_name=_("category")
    )
    description = models.TextField(_("description"), max_length=2000)
    answers = models.JSONField(
        _("answers to extra questions"), default=dict, blank=True
    )
    public_description = models.TextField(
        _("public text"),
        max_length=2000,
        blank=True,
        help_text=_("The redacted text shown publicly when the report is public."),
    )
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Show the public text on public pages and in the open API."),
    )
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    grid = models.ForeignKey(
        "grids.Grid",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("grid"),
    )
    station = models.ForeignKey(
        "grids.Station",
        models.PROTECT,
        related_name="reports",
        verbose_name=_("station"),
        help_text=_("The station whose inbox holds the report."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_reports",
        verbose_name=_("assigned officer"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.SUBMITTED,
        editable=False,
    )
    duplicate_of = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    transferred_to = models.CharField(_("agency"), max_length=100, blank=True)
    case = models.ForeignKey(
        "mediation.Case",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mediation case"),
    )
    needs_review = models.BooleanField(
        _("needs supervisor review"), default=False, editable=False
    )
    supporters = models.PositiveIntegerField(_("residents reporting it"), default=1)

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reporter account"),
    )
    reporter_name = models.CharField(_("name"), max_length=50, blank=True)
    reporter_phone = models.CharField(_("phone"), max_length=20, blank=True)
    reporter_email = models.EmailField(_("email"), blank=True)
    show_name_publicly = models.BooleanField(_("show my name publicly"), default=False)

    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.TextField(_("rating comment"), max_length=1000, blank=True)

    created_at = models.DateTimeField(_("submitted"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    accept_due_at = models.DateTimeField(_("accept by"))
    reply_due_at = models.DateTimeField(_("reply by"))
    resolve_due_at = models.DateTimeField(_("resolve by"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    first_reply_at = models.DateTimeField(
        _("first public reply"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        permissions = [
            ("reopen_report", _("Can reopen reports and review unhappy ratings")),
            ("export_report", _("Can export reports")),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            # KPIs and rankings read one period of reports at a time.
            models.Index(fields=["created_at"]),
            models.Index(fields=["category", "created_at"]),
            models.Index(fields=["latitude", "longitude"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="report_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90, latitude__lte=90)
                    & Q(longitude__gte=-180, longitude__lte=180)
                ),
                name="report_coordinates_valid",
            ),
        ]

    def __str__(self):
        return self.reference or _("New report")

    def save(self, *args, **kwargs):
        if not self.accept_due_at:
            self.set_deadlines()
        super().save(*args, **kwargs)
        if not self.reference:
            year = timezone.localtime(self.created_at).year
            self.reference = f"R{year}-{self.pk:06d}"
            Report.objects.filter(pk=self.pk).update(reference=self.reference)

    # --- creation ---------------------------------------------------------

    def set_deadlines(self):
        start = self.created_at
        self.accept_due_at = start + timedelta(hours=self.category.hours_to_accept)
        self.reply_due_at = start + timedelta(hours=self.category.hours_to_reply)
        self.resolve_due_at = start + timedelta(hours=self.category.hours_to_resolve)

    def issue_token(self):
        """A new tracking token: only its hash is stored; the caller shows it once."""
        token = secrets.token_urlsafe(TOKEN_BYTES)
        self.token_hash = hash_token(token)
        return token

    # --- derived ----------------------------------------------------------

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        now = timezone.now()
        if self.status not in self.WORKING_STATUSES:
            return False
        return (
            (self.status == self.Status.SUBMITTED and self.accept_due_at < now)
            or (self.first_reply_at is None and self.reply_due_at < now)
            or self.resolve_due_at < now
        )

    @property
    def can_be_rated(self):
        return self.status == self.Status.RESOLVED and self.rating is None

    @property
    def public_name(self):
        return self.reporter_name if self.show_name_publicly else ""

    @property
    def open311_status(self):
        return "open" if self.is_open else "closed"

    # --- transitions --------------------------------------------------------

    def _move(
        self, allowed, to_status, by, *, public_reply="", internal_note="", **changes
    ):
        if self.status not in allowed:
            raise InvalidTransition(
                _("A report that is “%(status)s” cannot be changed this way.")
                % {"status": self.get_status_display()},
                code="invalid_transition",
            )
        for name, value in changes.items():
            setattr(self, name, value)
        from_status = self.status
        self.status = to_status
        now = timezone.now()
        if public_reply and self.first_reply_at is None:
            self.first_reply_at = now
        self.save()
        return self._record(
            by,
            ReportUpdate.Kind.STATUS,
            from_status=from_status,
            to_status=to_status,
            public_reply=public_reply,
            internal_note=internal_note,
        )

    def _record(self, by, kind, **fields):
        update = ReportUpdate.objects.create(
            report=self,
            author=by if by and by.is_authenticated else None,
            kind=kind,
            **fields,
        )
        if update.is_public:
            from reports import tasks

            transaction.on_commit(lambda: tasks.notify_update.enqueue(update.pk))
        return update

    def accept(self, by, public_reply="", internal_note=""):
        changes = {"accepted_at": timezone.now()}
        if not self.assigned_to_id and by and by.is_authenticated:
            changes["assigned_to"] = by
        return self._move(
            [self.Status.SUBMITTED],
            self.Status.ACCEPTED,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            **changes,
        )

    def start(self, by, public_reply="", internal_note=""):
        return self._move(
            [self.Status.ACCEPTED],
            self.Status.IN_PROGRESS,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
        )

    def resolve(self, by, public_reply, internal_note=""):
        return self._move(
            [self.Status.ACCEPTED, self.Status.IN_PROGRESS, self.Status.ESCALATED],
            self.Status.RESOLVED,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            resolved_at=timezone.now(),
        )

    def close(self, by, public_reply="", internal_note=""):
        """Close a resolved report (after rating, 7 days or a supervisor's review)."""
        return self._move(
            [self.Status.RESOLVED],
            self.Status.CLOSED,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            closed_at=timezone.now(),
            needs_review=False,
        )

    def reject(self, by, public_reply, internal_note=""):
        return self._move(
            [self.Status.SUBMITTED, self.Status.ACCEPTED],
            self.Status.REJECTED,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            closed_at=timezone.now(),
        )

    def mark_duplicate(self, by, original, public_reply="", internal_note=""):
        if original.pk == self.pk or original.duplicate_of_id == self.pk:
            raise InvalidTransition(
                _("A report cannot duplicate itself."), code="self_duplicate"
            )
        update = self._move(
            [self.Status.SUBMITTED, self.Status.ACCEPTED],
            self.Status.DUPLICATE,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            duplicate_of=original,
            closed_at=timezone.now(),
        )
        Report.objects.filter(pk=original.pk).update(supporters=F("supporters") + 1)
        return update

    def transfer(self, by, agency, public_reply, internal_note=""):
        return self._move(
            [self.Status.SUBMITTED, self.Status.ACCEPTED, self.Status.IN_PROGRESS],
            self.Status.TRANSFERRED,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            transferred_to=agency,
            closed_at=timezone.now(),
        )

    def escalate(self, by, case, public_reply="", internal_note=""):
        """Hand the report to mediation (the case is opened by the caller)."""
        return self._move(
            [self.Status.ACCEPTED, self.Status.IN_PROGRESS],
            self.Status.ESCALATED,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            case=case,
        )

    def reopen(self, by, public_reply="", internal_note=""):
        """Back to work, keeping the history (supervisors, or an unhappy rating)."""
        return self._move(
            self.FINISHED_STATUSES,
            self.Status.IN_PROGRESS,
            by,
            public_reply=public_reply,
            internal_note=internal_note,
            needs_review=False,
            closed_at=None,
            resolved_at=None,
        )

    def reply(self, by, public_reply="", internal_note=""):
        """A reply or note without a change of status."""
        if public_reply and self.first_reply_at is None:
            self.first_reply_at = timezone.now()
            self.save(update_fields=["first_reply_at", "updated_at"])
        return self._record(
            by,
            ReportUpdate.Kind.COMMENT,
            public_reply=public_reply,
            internal_note=internal_note,
        )

    def rate(self, stars, comment=""):
        """The resident's rating, once; 1–2 stars send it to the supervisor."""
        if not self.can_be_rated:
            raise InvalidTransition(
                _("This report cannot be rated now."), code="cannot_rate"
            )
        self.rating = stars
        self.rating_comment = comment
        self.rated_at = timezone.now()
        unhappy = stars <= 2
        self.needs_review = unhappy
        self.save()
        update = self._record(
            None, ReportUpdate.Kind.RATING, public_reply="", internal_note=comment
        )
        if not unhappy:
            self.close(None)
        return update

    def add_voice(self):
        """Another resident reports the same problem instead of a duplicate."""
        Report.objects.filter(pk=self.pk).update(supporters=F("supporters") + 1)
        self.refresh_from_db(fields=["supporters"])
        return self._record(None, ReportUpdate.Kind.VOICE)


class ReportUpdate(models.Model):
    """One entry of a report's timeline."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status change")
        COMMENT = "comment", _("Reply or note")
        VOICE = "voice", _("Another resident reported it")
        RATING = "rating", _("Rating")
        MODERATION = "moderation", _("Moderation")

    report = models.ForeignKey(
        Report, models.CASCADE, related_name="updates", verbose_name=_("report")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    from_status = models.CharField(
        _("from"), max_length=20, choices=Report.Status, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=Report.Status, blank=True
    )
    public_reply = models.TextField(_("public reply"), max_length=2000, blank=True)
    internal_note = models.TextField(_("internal note"), max_length=2000, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("report update")
        verbose_name_plural = _("report updates")

    def __str__(self):
        return f"{self.report_id} {self.get_kind_display()}"

    @property
    def is_public(self):
        """Whether the resident sees (and is told about) this entry."""
        return bool(self.to_status or self.public_reply)
