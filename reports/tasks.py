"""Notifications about reports, run as background tasks.

Each message goes out separately through an Outbox (portal/notify.py): a
failing channel is logged and retried later, and one bad address never stops
the others (nor, with the immediate backend, the request).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import roles
from portal.notify import Outbox, notification_task

from .models import Report, ReportUpdate, Subscription

UNSUBSCRIBE_SALT = "reports.unsubscribe"


def unsubscribe_url(subscription):
    signed = signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT)
    return settings.SITE_URL + reverse("reports:unsubscribe", args=[signed])


def _admin_url(report):
    return settings.SITE_URL + reverse("report_inbox:edit", args=[report.pk])


@notification_task
def notify_new_report(report_id, attempt=1, retry=None):
    """Tell the grid's officer (or the station's supervisors) about a new report."""
    report = Report.objects.select_related("category", "assigned_to").get(pk=report_id)
    recipients = [report.assigned_to] if report.assigned_to else supervisors(report)
    subject = _("New report %(reference)s: %(category)s") % {
        "reference": report.reference,
        "category": report.category.name,
    }
    body = _("Accept it within %(hours)s hours: %(url)s") % {
        "hours": report.category.hours_to_accept,
        "url": _admin_url(report),
    }
    with Outbox(notify_new_report, [report_id], attempt, retry) as outbox:
        for user in recipients:
            _notify_staff(outbox, user, subject, body)


@notification_task
def notify_overdue(report_id, attempt=1, retry=None):
    """Tell the station's supervisors that a report is past its SLA."""
    report = Report.objects.select_related("category").get(pk=report_id)
    subject = _("Overdue report %(reference)s: %(category)s") % {
        "reference": report.reference,
        "category": report.category.name,
    }
    with Outbox(notify_overdue, [report_id], attempt, retry) as outbox:
        for user in supervisors(report):
            _notify_staff(outbox, user, subject, _admin_url(report))


@notification_task
def notify_update(update_id, attempt=1, retry=None):
    """Tell the reporter and the subscribers about a public update."""
    update = ReportUpdate.objects.select_related("report__category").get(pk=update_id)
    report = update.report
    text = _("Report %(reference)s (%(category)s) is now: %(status)s.") % {
        "reference": report.reference,
        "category": report.category.name,
        "status": report.get_status_display(),
    }
    if update.public_reply:
        text += " " + update.public_reply[:300]
    is_own_step = update.author_id and update.author_id == report.reporter_id
    subscriptions = Subscription.objects.filter(
        Q(report=report) | Q(grid_id=report.grid_id, grid__isnull=False)
    ).order_by("pk")
    with Outbox(notify_update, [update_id], attempt, retry) as outbox:
        if not is_own_step and update.kind != ReportUpdate.Kind.VOICE:
            if report.reporter_email:
                outbox.email(report.reporter_email, text[:120], text)
            if report.reporter_phone:
                outbox.sms(report.reporter_phone, text[:200])
        for subscription in subscriptions:
            message = text if subscription.report_id else _public_grid_text(report)
            link = unsubscribe_url(subscription)
            if subscription.email:
                outbox.email(
                    subscription.email,
                    message[:120],
                    message + "\n\n" + _("Unsubscribe: %(url)s") % {"url": link},
                )
            if subscription.phone:
                outbox.sms(subscription.phone, message[:200] + " " + link)


def _public_grid_text(report):
    return _("Grid %(grid)s: a %(category)s report is now %(status)s.") % {
        "grid": report.grid.name if report.grid else "",
        "category": report.category.name,
        "status": report.get_status_display(),
    }


def supervisors(report):
    return (
        get_user_model()
        .objects.filter(
            groups__name=roles.STATION_SUPERVISOR,
            person__station_id=report.station_id,
            is_active=True,
        )
        .select_related("person")
        .distinct()
        .order_by("pk")
    )


def _notify_staff(outbox, user, subject, body):
    if user.email:
        outbox.email(user.email, subject, body)
    phone = user.phone or getattr(getattr(user, "person", None), "work_phone", "")
    if phone:
        outbox.sms(phone, f"{subject} {body}"[:200])
