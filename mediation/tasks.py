"""Notifications about cases, run as background tasks.

A failing e-mail is logged and never breaks the request that queued it. The
messages carry the case reference and a link only: no party data.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tasks import task

from portal import roles

from .models import Case

log = logging.getLogger("gridwatch.mediation")


def station_supervisors(case):
    return (
        get_user_model()
        .objects.filter(
            groups__name=roles.STATION_SUPERVISOR,
            person__station_id=case.grid.community.station_id,
            is_active=True,
        )
        .exclude(email=None)
    )


@task()
def notify_supervisors(case_id, reason):
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
    for user in station_supervisors(case):
        try:
            send_mail(subject, body, None, [user.email])
        except Exception:
            log.exception("mediation e-mail failed case=%s", case.pk)


def notify_supervisors_later(case, reason):
    """Queue the supervisors' notification once the transaction commits."""
    transaction.on_commit(lambda: notify_supervisors.enqueue(case.pk, str(reason)))
