"""A dispute case (矛盾纠纷), its timeline and its deadline extensions.

The status changes only through the transition methods below; each one checks
where the case is, writes the change and a timeline entry, and raises
ValidationError (changing nothing) when the step is not allowed.
"""

import calendar
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Case as CaseExpr
from django.db.models import IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

FOLLOW_UP_DAYS = 30


def add_one_month(day):
    """The same day next month, or that month's last day (31 Jan → 28/29 Feb)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class CaseQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Case.ACTIVE)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=Case.RUNNING, deadline__lt=today)

    def urgent_first(self, today=None):
        """Overdue cases first, then red, then orange risk; newest within each."""
        today = today or timezone.localdate()
        return self.annotate(
            urgency=CaseExpr(
                When(status__in=Case.RUNNING, deadline__lt=today, then=Value(0)),
                When(Q(risk=Case.Risk.RED) & Q(status__in=Case.ACTIVE), then=Value(1)),
                When(
                    Q(risk=Case.Risk.ORANGE) & Q(status__in=Case.ACTIVE), then=Value(2)
                ),
                When(status__in=Case.ACTIVE, then=Value(3)),
                default=Value(4),
                output_field=IntegerField(),
            )
        ).order_by("urgency", "-created_at")


class Case(models.Model):
    """One dispute, from intake to closing."""

    class Source(models.TextChoices):
        RESIDENT_REPORT = "resident_report", _("Resident report")
        WALK_IN = "walk_in", _("Walk-in")
        REFERRAL_110 = "referral_110", _("110 referral")
        COUNCIL = "council", _("Council")
        PATROL = "patrol", _("Patrol")

    class Category(models.TextChoices):
        # The categories of the official people's mediation statistics.
        MARRIAGE_FAMILY = "marriage_family", _("Marriage and family")
        NEIGHBOUR = "neighbour", _("Neighbour")
        HOUSING_HOMESTEAD = "housing_homestead", _("Housing and homestead")
        DAMAGES = "damages", _("Damages")
        PROPERTY_MANAGEMENT = "property_management", _("Property management")
        LABOUR = "labour", _("Labour")
        CONSUMER = "consumer", _("Consumer")
        TRAFFIC_ACCIDENT = "traffic_accident", _("Traffic accident")
        LAND = "land", _("Land")
        OTHER = "other", _("Other")

    class Risk(models.TextChoices):
        RED = "red", _("Red: report upward at once")
        ORANGE = "orange", _("Orange: handle the same day")
        YELLOW = "yellow", _("Yellow: the grid resolves it on the spot")

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ACCEPTED = "accepted", _("Accepted")
        MEDIATING = "mediating", _("Mediating")
        AGREED = "agreed", _("Agreement reached")
        FAILED = "failed", _("Mediation failed")
        FOLLOW_UP = "follow_up", _("Followed up")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Referral(models.TextChoices):
        COURT = "court", _("People's court (litigation)")
        ARBITRATION = "arbitration", _("Arbitration")
        AGENCY = "agency", _("Another agency")
        NONE = "none", _("Nowhere: the parties decline")

    # Cases still being worked on; RUNNING ones have a deadline that can pass.
    ACTIVE = [Status.INTAKE, Status.ACCEPTED, Status.MEDIATING, Status.AGREED]
    RUNNING = [Status.ACCEPTED, Status.MEDIATING]

    # NULL until save() numbers it from the primary key; NULLs never collide.
    reference = models.CharField(  # noqa: DJ001
        _("reference"), max_length=20, unique=True, null=True, editable=False
    )
    source = models.CharField(_("source"), max_length=20, choices=Source)
    source_reference = models.CharField(
        _("source reference"),
        max_length=40,
        blank=True,
        help_text=_("E.g. the resident report's reference or the 110 incident number."),
    )
    category = models.CharField(_("category"), max_length=30, choices=Category)
    grid = models.ForeignKey(
        "grids.Grid", models.PROTECT, related_name="cases", verbose_name=_("grid")
    )
    summary = models.TextField(_("summary"), max_length=4000)
    risk = models.CharField(
        _("risk level"), max_length=10, choices=Risk, default=Risk.YELLOW
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.INTAKE,
        editable=False,
    )
    accepted_at = models.DateTimeField(_("accepted"), null=True, editable=False)
    deadline = models.DateField(_("deadline"), null=True, editable=False)
    escalated = models.BooleanField(_("escalated"), default=False, editable=False)
    referred_to = models.CharField(
        _("referred to"), max_length=20, choices=Referral, blank=True, editable=False
    )
    referral_body = models.CharField(
        _("court, arbitration body or agency"),
        max_length=200,
        blank=True,
        editable=False,
    )
    failure_reason = models.TextField(
        _("why mediation failed"), blank=True, editable=False
    )
    told_how_to_go_to_court = models.BooleanField(
        _("parties told how to go to court"), default=False, editable=False
    )
    closed_at = models.DateTimeField(_("closed"), null=True, editable=False)
    party_data_erased_at = models.DateTimeField(
        _("party data erased"), null=True, editable=False
    )
    created_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
        editable=False,
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        indexes = [models.Index(fields=["status", "risk"])]

    def __str__(self):
        return self.reference or str(_("New case"))

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if not self.reference:
            # Numbered by primary key: unique without a counter table or a lock.
            self.reference = f"M{self.created_at:%Y}-{self.pk:06d}"
            type(self).objects.filter(pk=self.pk).update(reference=self.reference)

    # --- Reading ----------------------------------------------------------

    @property
    def is_overdue(self):
        return (
            self.status in self.RUNNING
            and self.deadline is not None
            and self.deadline < timezone.localdate()
        )

    @property
    def is_open(self):
        return self.status not in (self.Status.CLOSED, self.Status.WITHDRAWN)

    def log(self, kind, text="", *, by=None):
        return CaseEvent.objects.create(case=self, kind=kind, text=str(text), actor=by)

    # --- Transitions --------------------------------------------------------

    def _require(self, *statuses, message):
        if self.status not in statuses:
            raise ValidationError(message, code="invalid_transition")

    def _move(self, status, kind, text, by, **fields):
        self.status = status
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["status", "updated_at", *fields])
        self.log(kind, text, by=by)

    @transaction.atomic
    def accept(self, *, by):
        """Intake → accepted; the one-month deadline starts now."""
        self._require(
            self.Status.INTAKE, message=_("Only a case at intake can be accepted.")
        )
        now = timezone.now()
        self._move(
            self.Status.ACCEPTED,
            CaseEvent.Kind.ACCEPTED,
            "",
            by,
            accepted_at=now,
            deadline=add_one_month(timezone.localdate(now)),
        )

    @transaction.atomic
    def start_mediation(self, *, by):
        self._require(
            self.Status.ACCEPTED,
            message=_("Mediation starts only once the case is accepted."),
        )
        self._move(self.Status.MEDIATING, CaseEvent.Kind.MEDIATING, "", by)

    @transaction.atomic
    def extend_deadline(self, *, new_deadline, reason, both_parties_agreed, by):
        """Let the deadline run on; the rules allow it only with both parties' consent."""
        self._require(
            *self.RUNNING,
            message=_("Only an accepted case in mediation has a deadline to extend."),
        )
        errors = {}
        if not (reason or "").strip():
            errors["reason"] = _("Give the reason for the extension.")
        if not both_parties_agreed:
            errors["both_parties_agreed"] = _(
                "The deadline may run on only when both parties agree."
            )
        if not isinstance(new_deadline, datetime.date) or new_deadline <= self.deadline:
            errors["new_deadline"] = _(
                "The new deadline must be after the current one."
            )
        if errors:
            raise ValidationError(errors)
        DeadlineExtension.objects.create(
            case=self,
            previous_deadline=self.deadline,
            new_deadline=new_deadline,
            reason=reason.strip(),
            both_parties_agreed=True,
            recorded_by=by,
        )
        self.deadline = new_deadline
        self.save(update_fields=["deadline", "updated_at"])
        self.log(
            CaseEvent.Kind.EXTENDED,
            _("Deadline extended to %(date)s: %(reason)s")
            % {"date": new_deadline.isoformat(), "reason": reason.strip()},
            by=by,
        )

    @transaction.atomic
    def reach_agreement(self, *, by):
        """Mediating → agreement reached; the follow-up visit is scheduled at once."""
        from .sessions import FollowUp

        self._require(
            self.Status.MEDIATING,
            message=_("An agreement can be recorded only while mediating."),
        )
        agreement = getattr(self, "agreement", None)
        if agreement is None:
            raise ValidationError(_("Record the agreement first."), code="no_agreement")
        due = agreement.performance_deadline or (
            agreement.signed_on + datetime.timedelta(days=FOLLOW_UP_DAYS)
        )
        FollowUp.objects.create(case=self, due_on=due)
        self._move(
            self.Status.AGREED,
            CaseEvent.Kind.AGREED,
            _("Follow-up visit scheduled for %(date)s.") % {"date": due.isoformat()},
            by,
        )

    @transaction.atomic
    def fail(self, *, referred_to, referral_body, reason, told_how_to_go_to_court, by):
        """Mediating → failed, recording where the parties were referred and why."""
        self._require(*self.RUNNING, message=_("Only a case in mediation can fail."))
        errors = {}
        if referred_to not in self.Referral.values:
            errors["referred_to"] = _("Say where the parties were referred.")
        if (
            referred_to
            in (self.Referral.COURT, self.Referral.ARBITRATION, self.Referral.AGENCY)
            and not (referral_body or "").strip()
        ):
            errors["referral_body"] = _("Name the court, arbitration body or agency.")
        if not (reason or "").strip():
            errors["reason"] = _("Give the reason mediation failed.")
        if not told_how_to_go_to_court:
            errors["told_how_to_go_to_court"] = _(
                "The parties must be told how to take the dispute to court."
            )
        if errors:
            raise ValidationError(errors)
        self._move(
            self.Status.FAILED,
            CaseEvent.Kind.FAILED,
            reason.strip(),
            by,
            referred_to=referred_to,
            referral_body=(referral_body or "").strip(),
            failure_reason=reason.strip(),
            told_how_to_go_to_court=True,
        )

    @transaction.atomic
    def record_follow_up(self, follow_up, *, visited_on, obligations_kept, notes, by):
        """A follow-up visit done; an unkept agreement is escalated and visited again."""
        from .sessions import FollowUp

        self._require(
            self.Status.AGREED,
            self.Status.FOLLOW_UP,
            message=_("A follow-up visit comes after an agreement is reached."),
        )
        if follow_up.case_id != self.pk or follow_up.visited_on is not None:
            raise ValidationError(
                _("This follow-up visit is not open on this case."),
                code="bad_follow_up",
            )
        if visited_on > timezone.localdate():
            raise ValidationError(
                {"visited_on": _("A visit cannot be recorded in the future.")}
            )
        follow_up.visited_on = visited_on
        follow_up.obligations_kept = obligations_kept
        follow_up.notes = notes
        follow_up.visited_by = by
        follow_up.save()
        if obligations_kept:
            self._move(
                self.Status.FOLLOW_UP,
                CaseEvent.Kind.FOLLOWED_UP,
                _("Obligations kept. %(notes)s") % {"notes": notes},
                by,
            )
            return
        from ..tasks import notify_supervisors_later

        notify_supervisors_later(self, _("The agreement is not being kept."))
        again = timezone.localdate() + datetime.timedelta(days=7)
        FollowUp.objects.create(case=self, due_on=again)
        self._move(
            self.Status.FOLLOW_UP,
            CaseEvent.Kind.ESCALATED,
            _("Obligations not kept; escalated, next visit %(date)s. %(notes)s")
            % {"date": again.isoformat(), "notes": notes},
            by,
            escalated=True,
            risk=self.Risk.RED if self.risk == self.Risk.RED else self.Risk.ORANGE,
        )

    @transaction.atomic
    def close(self, *, by):
        """Closes a failed case, or an agreed one whose follow-up found it kept."""
        if self.status == self.Status.AGREED:
            raise ValidationError(
                _("The case closes only after its follow-up visit."),
                code="needs_follow_up",
            )
        self._require(
            self.Status.FOLLOW_UP,
            self.Status.FAILED,
            message=_("This case cannot be closed at this stage."),
        )
        if self.status == self.Status.FOLLOW_UP:
            latest = (
                self.follow_ups.exclude(visited_on=None)
                .order_by("-visited_on", "-pk")
                .first()
            )
            open_visits = self.follow_ups.filter(visited_on=None).exists()
            if latest is None or not latest.obligations_kept or open_visits:
                raise ValidationError(
                    _(
                        "The case closes only after a follow-up visit finds the "
                        "agreement kept."
                    ),
                    code="needs_follow_up",
                )
        self._move(
            self.Status.CLOSED, CaseEvent.Kind.CLOSED, "", by, closed_at=timezone.now()
        )

    @transaction.atomic
    def withdraw(self, *, reason, by):
        self._require(
            self.Status.INTAKE,
            *self.RUNNING,
            message=_("Only a case not yet settled can be withdrawn."),
        )
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Give the reason for withdrawal.")})
        self._move(
            self.Status.WITHDRAWN,
            CaseEvent.Kind.WITHDRAWN,
            reason.strip(),
            by,
            closed_at=timezone.now(),
        )


class CaseEvent(models.Model):
    """One line of a case's timeline: what happened, who did it, when."""

    class Kind(models.TextChoices):
        OPENED = "opened", _("Opened")
        ACCEPTED = "accepted", _("Accepted")
        MEDIATING = "mediating", _("Mediation started")
        EXTENDED = "extended", _("Deadline extended")
        PARTY = "party", _("Party recorded")
        ASSIGNED = "assigned", _("Mediator assigned")
        RECUSAL = "recusal", _("Recusal")
        SESSION = "session", _("Session held")
        AGREED = "agreed", _("Agreement reached")
        COURT = "court", _("Court confirmation")
        FAILED = "failed", _("Mediation failed")
        FOLLOWED_UP = "followed_up", _("Follow-up visit")
        ESCALATED = "escalated", _("Escalated")
        DOCUMENT = "document", _("Document added")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        NOTE = "note", _("Note")

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="events", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    text = models.TextField(_("text"), blank=True)
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
        ordering = ["created_at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self):
        return f"{self.case} · {self.get_kind_display()}"


class DeadlineExtension(models.Model):
    """The deadline ran on, with both parties' consent and a reason."""

    case = models.ForeignKey(
        Case, models.CASCADE, related_name="extensions", verbose_name=_("case")
    )
    previous_deadline = models.DateField(_("previous deadline"))
    new_deadline = models.DateField(_("new deadline"))
    reason = models.TextField(_("reason"))
    both_parties_agreed = models.BooleanField(_("both parties agreed"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = _("deadline extension")
        verbose_name_plural = _("deadline extensions")
        constraints = [
            models.CheckConstraint(
                condition=Q(both_parties_agreed=True) & ~Q(reason=""),
                name="extension_needs_consent_and_reason",
            ),
            models.CheckConstraint(
                condition=Q(new_deadline__gt=models.F("previous_deadline")),
                name="extension_moves_deadline_later",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.new_deadline}"
