"""Activities: sign-ups, the waitlist, check-in and check-out."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import tasks
from ..models import (
    Activity,
    Attendance,
    ServiceLog,
    SignUp,
)
from ..models.activities import MAX_LOG_HOURS
from .points import _require_active

AUTO_CLOSE_AFTER = timedelta(hours=24)


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
