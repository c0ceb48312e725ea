"""The points ledger: credits, adjustments, yearly expiry and certificates."""

import secrets
import uuid
from datetime import datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access
from ..models import (
    ActivityType,
    Certificate,
    LedgerEntry,
    ServiceLog,
    Volunteer,
    VolunteerEvent,
)


def _lock_volunteer(volunteer_id):
    return Volunteer.objects.select_for_update().get(pk=volunteer_id)


def _require_active(volunteer):
    if volunteer.status == Volunteer.Status.SUSPENDED:
        raise ValidationError(
            _("This volunteer is suspended and cannot earn or spend points.")
        )
    if volunteer.status != Volunteer.Status.APPROVED:
        raise ValidationError(_("This volunteer has not been approved yet."))


def _post(volunteer, kind, amount, source_key, reason, by, **links):
    """Append one ledger entry and move the cached balance with it.

    The caller holds the lock on `volunteer`; the CHECK constraints on both
    tables are the last line of defence if that were ever forgotten.
    """
    amount = int(amount)
    if amount == 0:
        raise ValidationError(_("A points change cannot be zero."))
    new_balance = volunteer.balance + amount
    if new_balance < 0:
        raise ValidationError(
            _("Not enough points: %(balance)s available, %(needed)s needed.")
            % {"balance": volunteer.balance, "needed": -amount}
        )
    entry = LedgerEntry.objects.create(
        volunteer=volunteer,
        kind=kind,
        amount=amount,
        balance_after=new_balance,
        source_key=source_key,
        reason=str(reason)[:300],
        created_by=by,
        **links,
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(balance=F("balance") + amount)
    volunteer.balance = new_balance
    return entry


def credit_service_log(log, by):
    """Verify a pending service log and credit its points exactly once.

    Refused when the reviewer is the volunteer, the log is not pending, the
    volunteer is not approved (a suspended volunteer earns nothing), the log earns
    no points, or its time overlaps a log that is already verified.
    """
    with transaction.atomic():
        volunteer = _lock_volunteer(log.volunteer_id)
        log = ServiceLog.objects.select_for_update().get(pk=log.pk)
        log.volunteer = volunteer
        if by is None or by.pk == volunteer.user_id:
            raise ValidationError(
                _("Volunteers cannot verify or reject their own service.")
            )
        _require_active(volunteer)
        overlap = log.overlapping_logs().filter(status=ServiceLog.Status.VERIFIED)
        if overlap.exists():
            raise ValidationError(
                _(
                    "This log overlaps service that is already verified; "
                    "reject one of them."
                )
            )
        amount = log.points
        if amount <= 0:
            raise ValidationError(_("This service log earns no points."))
        log.verify(by)
        return _post(
            volunteer,
            LedgerEntry.Kind.EARN,
            amount,
            f"log:{log.pk}",
            log.description,
            by,
            service_log=log,
            team=log.team,
        )


def reject_service_log(log, by, reason):
    with transaction.atomic():
        log = ServiceLog.objects.select_for_update().get(pk=log.pk)
        log.reject(by, reason)
    return log


def adjust(volunteer, amount, reason, by):
    """An officer's correction, positive or negative, with a reason."""
    if not access.is_officer(by):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    if not amount:
        raise ValidationError({"amount": _("A points change cannot be zero.")})
    with transaction.atomic():
        volunteer = _lock_volunteer(volunteer.pk)
        entry = _post(
            volunteer,
            LedgerEntry.Kind.ADJUST,
            amount,
            f"adjust:{uuid.uuid4().hex}",
            reason,
            by,
        )
        VolunteerEvent.objects.create(
            volunteer=volunteer,
            action=VolunteerEvent.Action.ADJUSTED,
            note=f"{entry.amount:+d} {reason}"[:300],
            actor=by,
        )
        return entry


def expiry_cutoff(today=None, years=None):
    """The expiry cutoff in force: 1 January of the year `years` before today's
    (local time), or None when expiry is off (VOLUNTEER_POINTS_EXPIRE_YEARS=0).

    With 1 year, a run in 2027 expires what was earned before 2026-01-01, so
    points stay valid for the rest of the year they were earned and all the next.
    """
    years = settings.VOLUNTEER_POINTS_EXPIRE_YEARS if years is None else years
    if not years:
        return None
    today = today or timezone.localdate()
    start = today.replace(year=today.year - years, month=1, day=1)
    return timezone.make_aware(datetime.combine(start, time.min))


def points_to_expire(volunteer, cutoff):
    """How many of the volunteer's points expire at `cutoff`, first in, first out.

    Points earned (earn entries and positive adjustments) form lots in date
    order, and every spend (redemptions net of refunds, negative adjustments,
    earlier expiries) uses up the oldest lots first, whenever it happened.
    What is left of the lots earned before `cutoff` expires:

        max(0, earned before cutoff − all spends − all earlier expiries)

    capped at the current balance, so a balance never goes negative.
    """
    Kind = LedgerEntry.Kind
    totals = LedgerEntry.objects.filter(volunteer=volunteer).aggregate(
        earned_before=Sum(
            "amount",
            filter=Q(kind__in=[Kind.EARN, Kind.ADJUST], amount__gt=0)
            & Q(created_at__lt=cutoff),
            default=0,
        ),
        spent=Sum(
            "amount",
            filter=Q(kind__in=[Kind.REDEEM, Kind.REFUND, Kind.EXPIRE])
            | Q(kind=Kind.ADJUST, amount__lt=0),
            default=0,
        ),
    )
    unspent_old = totals["earned_before"] + totals["spent"]
    return max(0, min(unspent_old, volunteer.balance))


def expire_points(cutoff, by=None):
    """Post one expiry entry per volunteer for the old points they did not spend
    (see points_to_expire); returns {volunteer_pk: points expired}.

    Idempotent: the entry's source key names the volunteer and the cutoff, so a
    second run with the same cutoff posts nothing. Each volunteer is locked and
    recomputed inside their own transaction, as every other points change is.
    """
    expired = {}
    day = timezone.localdate(cutoff).isoformat()
    candidates = (
        LedgerEntry.objects.filter(
            created_at__lt=cutoff,
            kind__in=[LedgerEntry.Kind.EARN, LedgerEntry.Kind.ADJUST],
        )
        .values_list("volunteer_id", flat=True)
        .distinct()
        .order_by("volunteer_id")
    )
    for volunteer_id in candidates:
        key = f"expire:{volunteer_id}:{day}"
        with transaction.atomic():
            volunteer = _lock_volunteer(volunteer_id)
            if LedgerEntry.objects.filter(source_key=key).exists():
                continue
            amount = points_to_expire(volunteer, cutoff)
            if amount <= 0:
                continue
            _post(
                volunteer,
                LedgerEntry.Kind.EXPIRE,
                -amount,
                key,
                _("Points earned before %(day)s expired") % {"day": day},
                by,
            )
            expired[volunteer_id] = amount
    return expired


def issue_certificate(volunteer, issuer):
    """Snapshot the volunteer's verified service into a numbered certificate."""
    logs = ServiceLog.objects.verified().filter(volunteer=volunteer)
    totals = logs.aggregate(
        hours=Sum("hours"),
        count=Count("pk"),
        first=Min("started_at"),
        last=Max("started_at"),
    )
    if not totals["count"]:
        raise ValidationError(_("There is no verified service to certify yet."))
    by_kind = logs.values("kind").annotate(hours=Sum("hours")).order_by("kind")
    content = "；".join(
        f"{ActivityType(row['kind']).label} {row['hours']}h" for row in by_kind
    )
    today = timezone.localdate()
    return Certificate.objects.create(
        number=f"ZY{today:%Y%m%d}{secrets.token_hex(3).upper()}",
        volunteer=volunteer,
        issued_on=today,
        issuer=issuer,
        hours=totals["hours"],
        log_count=totals["count"],
        content=content,
        first_service_on=timezone.localdate(totals["first"]),
        last_service_on=timezone.localdate(totals["last"]),
    )
