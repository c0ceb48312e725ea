"""Notifications to volunteers, run as background tasks (e-mail and SMS)."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from portal.sms import send_sms

from .models import Activity, SignUp, Volunteer


def _notify(volunteer, subject, message):
    if volunteer.user.email:
        send_mail(subject, message, None, [volunteer.user.email])
    if volunteer.mobile:
        send_sms(volunteer.mobile, message)


def _when(activity):
    return date_format(timezone.localtime(activity.starts_at), "DATETIME_FORMAT")


def _signup(signup_id):
    return SignUp.objects.select_related("activity", "volunteer__user").get(
        pk=signup_id
    )


@task
def send_reminder(signup_id):
    signup = _signup(signup_id)
    activity = signup.activity
    with translation.override(settings.LANGUAGE_CODE):
        _notify(
            signup.volunteer,
            _("Reminder: %(title)s") % {"title": activity.title},
            _("Reminder: “%(title)s” starts at %(when)s, %(place)s.")
            % {
                "title": activity.title,
                "when": _when(activity),
                "place": activity.place,
            },
        )


@task
def notify_promoted(signup_id):
    signup = _signup(signup_id)
    activity = signup.activity
    with translation.override(settings.LANGUAGE_CODE):
        _notify(
            signup.volunteer,
            _("You have a place: %(title)s") % {"title": activity.title},
            _("A place opened up: you are now confirmed for “%(title)s” at %(when)s.")
            % {"title": activity.title, "when": _when(activity)},
        )


@task
def notify_removed(signup_id, reason):
    signup = _signup(signup_id)
    with translation.override(settings.LANGUAGE_CODE):
        _notify(
            signup.volunteer,
            _("Removed from %(title)s") % {"title": signup.activity.title},
            _("The organiser removed you from “%(title)s”: %(reason)s")
            % {"title": signup.activity.title, "reason": reason},
        )


@task
def notify_activity_changed(activity_id, note):
    """Tell everyone with an active place that the activity changed or was cancelled."""
    activity = Activity.objects.get(pk=activity_id)
    signups = activity.signups.filter(
        status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
    ).select_related("volunteer__user")
    with translation.override(settings.LANGUAGE_CODE):
        for signup in signups:
            if activity.is_cancelled:
                message = _("“%(title)s” has been cancelled: %(note)s")
            else:
                message = _(
                    "“%(title)s” has changed: %(note)s Now: %(when)s, %(place)s."
                )
            _notify(
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


@task
def notify_application_decided(volunteer_id):
    volunteer = Volunteer.objects.select_related("user").get(pk=volunteer_id)
    with translation.override(settings.LANGUAGE_CODE):
        if volunteer.status == Volunteer.Status.APPROVED:
            message = _("Welcome! Your volunteer application has been approved.")
        else:
            message = _("Your volunteer application was declined: %(reason)s") % {
                "reason": volunteer.status_reason
            }
        _notify(volunteer, _("Your volunteer application"), message)
