"""Operations that change several rows at once.

This module is the only writer of ledger entries, cached balances and reward
stock (with its stock movements). Each function runs in one transaction and locks the volunteer row first
(then the reward or activity), always in that order, so concurrent requests
queue up instead of overselling stock or spending the same points twice.
"""

import secrets
import uuid
from datetime import datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, tasks
from .models import (
    Activity,
    ActivityType,
    Attendance,
    Certificate,
    LedgerEntry,
    Redemption,
    Reward,
    ServiceLog,
    SignUp,
    StockMovement,
    Volunteer,
    VolunteerEvent,
)
from .models.activities import MAX_LOG_HOURS

AUTO_CLOSE_AFTER = timedelta(hours=24)


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


# --- Points ----------------------------------------------------------------------


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


def _redeemed_in_period(volunteer, reward):
    redemptions = Redemption.objects.filter(volunteer=volunteer, reward=reward).exclude(
        status=Redemption.Status.CANCELLED
    )
    start = reward.period_start()
    if start is not None:
        redemptions = redemptions.filter(created_at__gte=start)
    return redemptions.count()


def redeem(volunteer, reward, by):
    """Spend points on one item of a reward; returns the Redemption (pickup code).

    Only the volunteer themself may redeem. Stock and balance change together.
    """
    if by is None or by.pk != volunteer.user_id:
        raise PermissionDenied
    with transaction.atomic():
        volunteer = _lock_volunteer(volunteer.pk)
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        _require_active(volunteer)
        if not reward.is_active:
            raise ValidationError(_("This reward is no longer on offer."))
        if reward.stock < 1:
            raise ValidationError(
                _("Sorry, “%(name)s” is out of stock.") % {"name": reward.name}
            )
        if volunteer.balance < reward.cost:
            raise ValidationError(
                _("Not enough points: %(balance)s available, %(needed)s needed.")
                % {"balance": volunteer.balance, "needed": reward.cost}
            )
        if (
            reward.limit_per_person
            and _redeemed_in_period(volunteer, reward) >= reward.limit_per_person
        ):
            raise ValidationError(
                _("You have reached the limit of %(limit)s %(period)s for this reward.")
                % {
                    "limit": reward.limit_per_person,
                    "period": reward.get_limit_period_display(),
                }
            )
        redemption = Redemption.objects.create(
            volunteer=volunteer, reward=reward, cost=reward.cost
        )
        _move_stock(
            reward,
            StockMovement.Kind.REDEEM,
            -1,
            redemption.pickup_code,
            by,
            redemption=redemption,
        )
        _post(
            volunteer,
            LedgerEntry.Kind.REDEEM,
            -reward.cost,
            f"redeem:{redemption.pk}",
            reward.name,
            by,
            redemption=redemption,
        )
        VolunteerEvent.objects.create(
            volunteer=volunteer,
            action=VolunteerEvent.Action.REDEEMED,
            note=f"{reward.name} {redemption.pickup_code}",
            actor=by,
        )
        return redemption


def cancel_redemption(redemption, by, reason):
    """Cancel a pending redemption: refund the points and put the item back."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    with transaction.atomic():
        volunteer = _lock_volunteer(redemption.volunteer_id)
        reward = Reward.objects.select_for_update().get(pk=redemption.reward_id)
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        redemption.cancel(by, reason)
        _move_stock(
            reward, StockMovement.Kind.RETURN, 1, reason, by, redemption=redemption
        )
        return _post(
            volunteer,
            LedgerEntry.Kind.REFUND,
            redemption.cost,
            f"refund:{redemption.pk}",
            reason,
            by,
            redemption=redemption,
        )


def _move_stock(reward, kind, quantity, reason, by, **links):
    """Change the locked reward's stock and record the movement with it."""
    stock_after = reward.stock + quantity
    if stock_after < 0:
        raise ValidationError(
            {
                "quantity": _(
                    "Stock cannot go below zero: %(stock)s in stock, "
                    "%(removed)s to remove."
                )
                % {"stock": reward.stock, "removed": -quantity}
            }
        )
    Reward.objects.filter(pk=reward.pk).update(stock=F("stock") + quantity)
    reward.stock = stock_after
    return StockMovement.objects.create(
        reward=reward,
        kind=kind,
        quantity=quantity,
        stock_after=stock_after,
        reason=str(reason)[:300],
        created_by=by,
        **links,
    )


def restock(reward, quantity, by, reason, initial=False):
    """Add items to a reward's stock (or, with a negative quantity, correct it
    down: lost or damaged items). Items already redeemed have left the stock, so
    a correction can take it to zero but never below.

    Only users who may change rewards restock; a reason is always required.
    `initial` marks the stock an item was created with.
    """
    if by is not None and not by.has_perm("volunteers.change_reward"):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    quantity = int(quantity)
    if quantity == 0:
        raise ValidationError({"quantity": _("The quantity cannot be zero.")})
    if quantity > 0:
        kind = StockMovement.Kind.INITIAL if initial else StockMovement.Kind.RESTOCK
    else:
        kind = StockMovement.Kind.CORRECTION
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        return _move_stock(reward, kind, quantity, reason.strip(), by)


def fulfil(redemption, by):
    """Staff hand the item over; closes the redemption."""
    if by is None or by.pk == redemption.volunteer.user_id:
        raise PermissionDenied
    with transaction.atomic():
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        redemption.fulfil(by)
    return redemption


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


# --- Sign-ups ----------------------------------------------------------------------


def _lock_activity(activity_id):
    return Activity.objects.select_for_update().get(pk=activity_id)


def sign_up(activity, volunteer):
    """Take a place, or a place on the waiting list when the activity is full."""
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        _require_active(volunteer)
        if activity.is_cancelled:
            raise ValidationError(_("This activity has been cancelled."))
        if timezone.now() > activity.signup_deadline:
            raise ValidationError(_("Sign-up for this activity has closed."))
        signup = SignUp.objects.filter(activity=activity, volunteer=volunteer).first()
        if signup and signup.is_active:
            raise ValidationError(_("You have already signed up for this activity."))
        if signup and signup.status == SignUp.Status.REMOVED:
            raise ValidationError(
                _("The organiser has removed you from this activity.")
            )
        signup = signup or SignUp(activity=activity, volunteer=volunteer)
        confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
        if confirmed < activity.capacity:
            signup.status, signup.waitlist_position = SignUp.Status.CONFIRMED, None
        else:
            last = activity.signups.aggregate(last=Max("waitlist_position"))["last"]
            signup.status = SignUp.Status.WAITLISTED
            signup.waitlist_position = (last or 0) + 1
        signup.created_at = timezone.now()
        signup.save()
        return signup


def fill_places(activity):
    """Move people up from the waiting list while there are free places."""
    promoted = []
    confirmed = activity.signups.filter(status=SignUp.Status.CONFIRMED).count()
    waiting = activity.signups.filter(status=SignUp.Status.WAITLISTED).order_by(
        "waitlist_position"
    )
    for signup in waiting[: max(activity.capacity - confirmed, 0)]:
        signup.status, signup.waitlist_position = SignUp.Status.CONFIRMED, None
        signup.save(update_fields=["status", "waitlist_position"])
        promoted.append(signup.pk)
    for pk in promoted:
        transaction.on_commit(lambda pk=pk: tasks.notify_promoted.enqueue(pk))
    return promoted


def _leave(signup, status):
    with transaction.atomic():
        activity = _lock_activity(signup.activity_id)
        signup = SignUp.objects.select_for_update().get(pk=signup.pk)
        if not signup.is_active:
            raise ValidationError(_("This sign-up is no longer active."))
        if Attendance.objects.filter(signup=signup).exists():
            raise ValidationError(_("You have already checked in to this activity."))
        signup.status, signup.waitlist_position = status, None
        signup.save(update_fields=["status", "waitlist_position"])
        fill_places(activity)
    return signup


def cancel_sign_up(signup):
    """The volunteer gives up their place; the waiting list moves up."""
    return _leave(signup, SignUp.Status.CANCELLED)


def remove_sign_up(signup, by, reason):
    """The organiser removes a volunteer; they get a notice."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    signup = _leave(signup, SignUp.Status.REMOVED)
    transaction.on_commit(lambda: tasks.notify_removed.enqueue(signup.pk, reason))
    return signup


def cancel_activity(activity, by, reason):
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        activity.cancel(by, reason)
    transaction.on_commit(
        lambda: tasks.notify_activity_changed.enqueue(activity.pk, reason)
    )
    return activity


# --- Attendance ----------------------------------------------------------------------


def check_in(activity, volunteer, at=None, lat=None, lng=None, by=None):
    """Record arrival; by is the leader when checking someone in by hand."""
    at = at or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        _require_active(volunteer)
        signup = SignUp.objects.filter(
            activity=activity, volunteer=volunteer, status=SignUp.Status.CONFIRMED
        ).first()
        if activity.is_cancelled:
            raise ValidationError(_("This activity has been cancelled."))
        if signup is None:
            raise ValidationError(
                _("You do not have a confirmed place in this activity.")
            )
        if at < activity.checkin_opens_at():
            raise ValidationError(_("Check-in opens one hour before the start."))
        if at > activity.ends_at:
            raise ValidationError(_("This activity has already ended."))
        if Attendance.objects.filter(signup=signup).exists():
            raise ValidationError(_("You have already checked in."))
        return Attendance.objects.create(
            signup=signup,
            checked_in_at=at,
            check_in_lat=lat,
            check_in_lng=lng,
            checked_in_by=by,
        )


def hours_between(start, end):
    hours = Decimal((end - start).total_seconds()) / 3600
    hours = hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return min(max(hours, Decimal("0.01")), MAX_LOG_HOURS)


def log_from_attendance(attendance, activity):
    """An unsaved ServiceLog for a closed attendance, flagged when it looks odd."""
    log = ServiceLog(
        volunteer=attendance.signup.volunteer,
        source=ServiceLog.Source.ACTIVITY,
        activity=activity,
        attendance=attendance,
        team=activity.team,
        grid=activity.grid,
        kind=activity.kind,
        description=activity.title,
        place=activity.place,
        started_at=attendance.checked_in_at,
        ended_at=attendance.checked_out_at,
        hours=hours_between(attendance.checked_in_at, attendance.checked_out_at),
        points_rule=activity.points_rule,
        points_value=activity.points_value,
    )
    if log.hours > activity.hours + 1:
        log.flag(_("Longer than the activity itself."))
    if log.overlapping_logs().exists():
        log.flag(_("Overlaps another service log of this volunteer."))
    return log


def check_out(activity, volunteer, at=None, lat=None, lng=None):
    """Record departure; the attendance becomes a service log awaiting verification."""
    at = at or timezone.now()
    with transaction.atomic():
        activity = _lock_activity(activity.pk)
        attendance = (
            Attendance.objects.select_for_update()
            .filter(signup__activity=activity, signup__volunteer=volunteer)
            .select_related("signup__volunteer")
            .first()
        )
        if attendance is None:
            raise ValidationError(_("You have not checked in yet."))
        if attendance.checked_out_at is not None:
            raise ValidationError(_("You have already checked out."))
        if at <= attendance.checked_in_at:
            raise ValidationError(_("Check-out must be after check-in."))
        attendance.checked_out_at = at
        attendance.check_out_lat, attendance.check_out_lng = lat, lng
        attendance.save()
        log = log_from_attendance(attendance, activity)
        log.save()
        return log


def close_stale_attendances(now=None):
    """Close check-ins left open for 24 hours and flag their logs for review.

    Also records no-shows: confirmed places at ended activities with no check-in.
    """
    now = now or timezone.now()
    closed = 0
    stale = Attendance.objects.filter(
        checked_out_at__isnull=True, checked_in_at__lt=now - AUTO_CLOSE_AFTER
    ).select_related("signup__activity", "signup__volunteer")
    for attendance in stale:
        with transaction.atomic():
            activity = attendance.signup.activity
            end = activity.ends_at
            if end <= attendance.checked_in_at:
                end = attendance.checked_in_at + (activity.ends_at - activity.starts_at)
            attendance.checked_out_at = end
            attendance.auto_closed = True
            attendance.save()
            log = log_from_attendance(attendance, activity)
            log.flag(_("No check-out: closed automatically after 24 hours."))
            log.save()
            closed += 1
    no_shows = SignUp.objects.filter(
        status=SignUp.Status.CONFIRMED,
        activity__ends_at__lt=now,
        attendance__isnull=True,
    ).update(status=SignUp.Status.NO_SHOW)
    return closed, no_shows


# --- Certificates ----------------------------------------------------------------


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
