"""Notifications about cases, run as background tasks.

A failing e-mail is logged and retried later (portal/notify.py) and never
breaks the request that queued it. The messages carry the case reference and a
link only: no party data.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from portal import roles
from portal.notify import Outbox, notification_task

from .models import Case


def station_supervisors(case):
    return (
        get_user_model()
        .objects.filter(
            groups__name=roles.STATION_SUPERVISOR,
            person__station_id=case.grid.community.station_id,
            is_active=True,
        )
        .exclude(email=None)
        .order_by("pk")
    )


@notification_task
def notify_supervisors(case_id, reason, attempt=1, retry=None):
    """Tell the station's supervisors about a red-risk or escalated case."""
    case = Case.objects.select_related("grid__community").get(pk=case_id)
    subject = _("Mediation case %(reference)s needs attention") % {
        "reference": case.reference
    }
    body = "\n".join(
        [
            reason,
            f"{case.get_category_display()} · {case.grid.name}",
            settings.SITE_URL + reverse("mediation:case_detail", args=[case.pk]),
        ]
    )
    with Outbox(notify_supervisors, [case_id, reason], attempt, retry) as outbox:
        for user in station_supervisors(case):
            outbox.email(user.email, subject, body)


def notify_supervisors_later(case, reason):
    """Queue the supervisors' notification once the transaction commits."""
    transaction.on_commit(lambda: notify_supervisors.enqueue(case.pk, str(reason)))
