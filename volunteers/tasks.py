"""Notifications to volunteers, run as background tasks (e-mail and SMS).

Messages go out through an Outbox (portal/notify.py): a failed one is logged
and retried later without repeating the others.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portal.notify import Outbox, notification_task

from .models import Activity, SignUp, Volunteer


def _notify(outbox, volunteer, subject, message):
    if volunteer.user.email:
        outbox.email(volunteer.user.email, subject, message)
    if volunteer.mobile:
        outbox.sms(volunteer.mobile, message)


def _when(activity):
    return date_format(timezone.localtime(activity.starts_at), "DATETIME_FORMAT")


def _signup(signup_id):
    return SignUp.objects.select_related("activity", "volunteer__user").get(
        pk=signup_id
    )


@notification_task
def send_reminder(signup_id, attempt=1, retry=None):
    signup = _signup(signup_id)
    activity = signup.activity
    with (
        translation.override(settings.LANGUAGE_CODE),
        Outbox(send_reminder, [signup_id], attempt, retry) as outbox,
    ):
        _notify(
            outbox,
            signup.volunteer,
            _("Reminder: %(title)s") % {"title": activity.title},
            _("Reminder: “%(title)s” starts at %(when)s, %(place)s.")
            % {
                "title": activity.title,
                "when": _when(activity),
                "place": activity.place,
            },
        )


@notification_task
def notify_promoted(signup_id, attempt=1, retry=None):
    signup = _signup(signup_id)
    activity = signup.activity
    with (
        translation.override(settings.LANGUAGE_CODE),
        Outbox(notify_promoted, [signup_id], attempt, retry) as outbox,
    ):
        _notify(
            outbox,
            signup.volunteer,
            _("You have a place: %(title)s") % {"title": activity.title},
            _("A place opened up: you are now confirmed for “%(title)s” at %(when)s.")
            % {"title": activity.title, "when": _when(activity)},
        )


@notification_task
def notify_removed(signup_id, reason, attempt=1, retry=None):
    signup = _signup(signup_id)
    with (
        translation.override(settings.LANGUAGE_CODE),
        Outbox(notify_removed, [signup_id, reason], attempt, retry) as outbox,
    ):
        _notify(
            outbox,
            signup.volunteer,
            _("Removed from %(title)s") % {"title": signup.activity.title},
            _("The organiser removed you from “%(title)s”: %(reason)s")
            % {"title": signup.activity.title, "reason": reason},
        )


@notification_task
def notify_activity_changed(activity_id, note, attempt=1, retry=None):
    """Tell everyone with an active place that the activity changed or was cancelled."""
    activity = Activity.objects.get(pk=activity_id)
    signups = (
        activity.signups.filter(
            status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
        )
        .select_related("volunteer__user")
        .order_by("pk")
    )
    with (
        translation.override(settings.LANGUAGE_CODE),
        Outbox(notify_activity_changed, [activity_id, note], attempt, retry) as outbox,
    ):
        for signup in signups:
            if activity.is_cancelled:
                message = _("“%(title)s” has been cancelled: %(note)s")
            else:
                message = _(
                    "“%(title)s” has changed: %(note)s Now: %(when)s, %(place)s."
                )
            _notify(
                outbox,
                signup.volunteer,
                _("Activity update: %(title)s") % {"title": activity.title},
                message
                % {
                    "title": activity.title,
                    "note": note,
                    "when": _when(activity),
                    "place": activity.place,
                },
            )


@notification_task
def notify_application_decided(volunteer_id, attempt=1, retry=None):
    volunteer = Volunteer.objects.select_related("user").get(pk=volunteer_id)
    with (
        translation.override(settings.LANGUAGE_CODE),
        Outbox(notify_application_decided, [volunteer_id], attempt, retry) as outbox,
    ):
        if volunteer.status == Volunteer.Status.APPROVED:
            message = _("Welcome! Your volunteer application has been approved.")
        else:
            message = _("Your volunteer application was declined: %(reason)s") % {
                "reason": volunteer.status_reason
            }
        _notify(outbox, volunteer, _("Your volunteer application"), message)
