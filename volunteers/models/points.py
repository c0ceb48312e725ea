"""Points: the append-only ledger, rewards, redemptions and service certificates.

Only volunteers/services.py writes ledger entries, balances and reward stock.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .activities import ServiceLog
from .people import Team, Volunteer, VolunteerEvent

PICKUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(f"{self.model.__name__} rows are never edited.")

    def delete(self):
        raise AppendOnlyError(f"{self.model.__name__} rows are never deleted.")


class AppendOnlyModel(models.Model):
    """Rows are only ever added: a mistake is corrected by a reversing row.
    (On PostgreSQL a trigger refuses UPDATE and DELETE as well.)"""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(f"{type(self).__name__} rows are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows are never deleted.")


class LedgerEntry(AppendOnlyModel):
    """One change of a volunteer's points. Never edited or deleted: a mistake is
    corrected by a reversing entry. `source_key` makes each source count once."""

    class Kind(models.TextChoices):
        EARN = "earn", _("Earned for service")
        REDEEM = "redeem", _("Redeemed")
        REFUND = "refund", _("Refund")
        ADJUST = "adjust", _("Adjustment")
        EXPIRE = "expire", _("Expired")

    volunteer = models.ForeignKey(
        Volunteer, models.PROTECT, related_name="ledger", verbose_name=_("volunteer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    amount = models.IntegerField(_("points"))
    balance_after = models.IntegerField(_("balance after"))
    source_key = models.CharField(max_length=64, unique=True, editable=False)
    reason = models.CharField(_("reason"), max_length=300)
    service_log = models.ForeignKey(
        ServiceLog, models.PROTECT, null=True, blank=True, related_name="+"
    )
    redemption = models.ForeignKey(
        "Redemption", models.PROTECT, null=True, blank=True, related_name="ledger"
    )
    team = models.ForeignKey(
        Team,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For earned points: the team the service was done with."),
    )
    created_by = models.ForeignKey(
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
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["volunteer", "-created_at"]),
            # Leaderboards: earned points in a period, summed per volunteer/team.
            models.Index(
                fields=["kind", "created_at"],
                include=["volunteer", "amount"],
                name="ledger_board_idx",
            ),
            models.Index(
                fields=["kind", "team", "created_at"],
                include=["volunteer", "amount"],
                name="ledger_team_board_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(amount=0), name="ledger_amount_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["earn", "refund"], amount__gt=0)
                | Q(kind__in=["redeem", "expire"], amount__lt=0)
                | Q(kind="adjust"),
                name="ledger_amount_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="ledger_balance_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.volunteer} {self.amount:+d} ({self.get_kind_display()})"


class Reward(models.Model):
    """An item in the points catalogue (积分兑换实物)."""

    class Period(models.TextChoices):
        MONTH = "month", _("per month")
        YEAR = "year", _("per year")
        EVER = "ever", _("in total")

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    cost = models.PositiveIntegerField(_("points cost"))
    stock = models.IntegerField(_("stock"), default=0)
    limit_per_person = models.PositiveIntegerField(
        _("limit per person"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit."),
    )
    limit_period = models.CharField(
        _("limit period"), max_length=10, choices=Period, default=Period.MONTH
    )
    is_active = models.BooleanField(_("on offer"), default=True)

    class Meta:
        ordering = ["cost", "name"]
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        constraints = [
            models.CheckConstraint(
                condition=Q(stock__gte=0), name="reward_stock_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(cost__gte=1), name="reward_costs_points"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            # Stock moves only through services (row lock, F() update, movement
            # record); an ordinary save must not write back a value read before
            # a concurrent redemption.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "stock"
            ]
        super().save(*args, **kwargs)

    def clean(self):
        if self.stock is not None and self.stock < 0:
            raise ValidationError({"stock": _("Stock cannot be negative.")})
        if self.cost is not None and self.cost < 1:
            raise ValidationError({"cost": _("A reward costs at least one point.")})

    def period_start(self, now=None):
        now = timezone.localtime(now)
        if self.limit_period == self.Period.MONTH:
            return now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        if self.limit_period == self.Period.YEAR:
            return now.replace(
                month=1, day=1, hour=0, minute=0, second=0, microsecond=0
            )
        return None


class StockMovement(AppendOnlyModel):
    """One change of a reward's stock, saying who and why. Append-only, like the
    ledger: the sum of a reward's movements is its stock."""

    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial stock")
        RESTOCK = "restock", _("Restocked")
        CORRECTION = "correction", _("Correction")
        REDEEM = "redeem", _("Redeemed")
        RETURN = "return", _("Returned on cancellation")

    reward = models.ForeignKey(
        Reward,
        models.PROTECT,
        related_name="stock_movements",
        verbose_name=_("reward"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    quantity = models.IntegerField(_("quantity"))
    stock_after = models.IntegerField(_("stock after"))
    reason = models.CharField(_("reason"), max_length=300)
    redemption = models.ForeignKey(
        "Redemption",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="stock_movements",
    )
    created_by = models.ForeignKey(
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
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        indexes = [models.Index(fields=["reward", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(quantity=0), name="stock_movement_not_zero"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["initial", "restock", "return"], quantity__gt=0)
                | Q(kind="redeem", quantity__lt=0)
                | Q(kind="correction"),
                name="stock_movement_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(stock_after__gte=0), name="stock_movement_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.reward} {self.quantity:+d} ({self.get_kind_display()})"


def new_pickup_code():
    return "".join(secrets.choice(PICKUP_ALPHABET) for _ in range(8))


class Redemption(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Ready for pickup")
        FULFILLED = "fulfilled", _("Handed over")
        CANCELLED = "cancelled", _("Cancelled")

    volunteer = models.ForeignKey(
        Volunteer,
        models.PROTECT,
        related_name="redemptions",
        verbose_name=_("volunteer"),
    )
    reward = models.ForeignKey(
        Reward, models.PROTECT, related_name="redemptions", verbose_name=_("reward")
    )
    cost = models.PositiveIntegerField(_("points"))
    pickup_code = models.CharField(
        _("pickup code"), max_length=12, unique=True, default=new_pickup_code
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("redeemed at"), default=timezone.now)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    cancel_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("redemption")
        verbose_name_plural = _("redemptions")
        indexes = [models.Index(fields=["volunteer", "reward", "created_at"])]

    def __str__(self):
        return f"{self.reward} · {self.pickup_code}"

    def _close(self, by, to, action, reason=""):
        if self.status != self.Status.PENDING:
            raise ValidationError(_("This redemption is already closed."))
        self.status = to
        self.closed_by = by
        self.closed_at = timezone.now()
        self.cancel_reason = reason
        self.save(update_fields=["status", "closed_by", "closed_at", "cancel_reason"])
        VolunteerEvent.objects.create(
            volunteer_id=self.volunteer_id,
            action=action,
            note=f"{self.reward.name} {self.pickup_code} {reason}".strip(),
            actor=by,
        )

    def fulfil(self, by):
        self._close(by, self.Status.FULFILLED, VolunteerEvent.Action.FULFILLED)

    def cancel(self, by, reason):
        """Mark cancelled; only services.cancel_redemption calls this (it refunds)."""
        self._close(by, self.Status.CANCELLED, VolunteerEvent.Action.CANCELLED, reason)


def new_certificate_token():
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """A service record certificate (志愿服务记录证明): a snapshot of verified service."""

    number = models.CharField(_("certificate number"), max_length=32, unique=True)
    volunteer = models.ForeignKey(
        Volunteer,
        models.PROTECT,
        related_name="certificates",
        verbose_name=_("volunteer"),
    )
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    issuer = models.CharField(_("issuing unit"), max_length=100)
    hours = models.DecimalField(_("verified hours"), max_digits=8, decimal_places=2)
    log_count = models.PositiveIntegerField(_("services"))
    content = models.TextField(_("service content"))
    first_service_on = models.DateField(null=True, blank=True)
    last_service_on = models.DateField(null=True, blank=True)
    token = models.CharField(
        max_length=40, unique=True, default=new_certificate_token, editable=False
    )

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("service certificate")
        verbose_name_plural = _("service certificates")

    def __str__(self):
        return self.number
