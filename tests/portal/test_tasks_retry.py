"""Notifications through the database task backend and its worker, with retries."""

import logging
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks_db.models import DBTaskResult

from mediation.tasks import notify_supervisors
from portal.notify import NotificationTask
from portal.sms import OutboxSender
from reports.models import Report
from volunteers.tasks import notify_application_decided

from ..volunteers.factories import VolunteerFactory

pytestmark = pytest.mark.django_db


class FailsFirstSender:
    """An SMS gateway that is down for its first `failures` messages."""

    failures = 1
    attempts = 0

    def send(self, phone, message):
        type(self).attempts += 1
        if type(self).attempts <= type(self).failures:
            raise ConnectionError("SMS gateway unreachable")
        OutboxSender().send(phone, message)


class NotificationQueueDown(ImmediateBackend):
    """A queue that refuses the portal's notification tasks.

    Wagtail's own tasks (search index, reference index) still run, so what is
    tested is how our code handles a refused notification.
    """

    def enqueue(self, task, args, kwargs):
        if isinstance(task, NotificationTask):
            raise ConnectionError("task queue unreachable")
        return super().enqueue(task, args, kwargs)


SENDER = f"{__name__}.FailsFirstSender"


@pytest.fixture
def flaky_sms(settings):
    settings.SMS_SENDER = SENDER
    FailsFirstSender.attempts = 0
    FailsFirstSender.failures = 1
    return FailsFirstSender


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTIFICATION_RETRY_DELAYS = [0, 0, 0]


def runs_of(task):
    return DBTaskResult.objects.filter(task_path=task.module_path).order_by(
        "enqueued_at"
    )


def run_worker():
    # The worker closes and reopens database connections between tasks, as in
    # production; the tests that run it are transactional for that reason.
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")


@pytest.fixture
def applicant(db):
    return VolunteerFactory(user__email="applicant@example.com")


@pytest.mark.django_db(transaction=True)
def test_a_failed_sms_is_retried_by_the_worker_without_repeating_the_e_mail(
    db_tasks, flaky_sms, applicant
):
    notify_application_decided.enqueue(applicant.pk)
    assert not OutboxSender.outbox  # queued, not sent in the request

    run_worker()

    assert [phone for phone, _ in OutboxSender.outbox] == [applicant.mobile]
    assert len(mail.outbox) == 1
    runs = list(runs_of(notify_application_decided))
    assert [run.status for run in runs] == ["SUCCESSFUL", "SUCCESSFUL"]
    assert runs[0].args_kwargs["kwargs"] == {}
    retry = runs[1].args_kwargs["kwargs"]
    assert retry["attempt"] == 2
    assert [key.split(":")[0] for key in retry["retry"]] == ["sms"]
    assert applicant.mobile not in str(runs[1].args_kwargs)


@pytest.mark.django_db(transaction=True)
def test_a_retry_waits_for_its_delay(settings, db_tasks, flaky_sms, applicant):
    settings.NOTIFICATION_RETRY_DELAYS = [300]
    notify_application_decided.enqueue(applicant.pk)
    run_worker()
    waiting = runs_of(notify_application_decided).get(status="READY")
    assert waiting.run_after > timezone.now() + timedelta(seconds=250)
    assert not OutboxSender.outbox


@pytest.mark.django_db(transaction=True)
def test_retries_stop_after_the_last_delay(db_tasks, flaky_sms, applicant, caplog):
    flaky_sms.failures = 99
    run_worker_after = notify_application_decided.enqueue(applicant.pk)
    assert run_worker_after is not None
    with caplog.at_level(logging.WARNING, logger="gridwatch.notify"):
        run_worker()
    runs = runs_of(notify_application_decided)
    assert runs.count() == 4  # the first run and three retries
    assert not runs.exclude(status="SUCCESSFUL").exists()
    assert flaky_sms.attempts == 4
    assert "given up" in caplog.text
    assert applicant.mobile not in caplog.text


def test_the_immediate_backend_retries_at_once(settings, flaky_sms, applicant):
    settings.NOTIFICATION_RETRY_DELAYS = [60]
    notify_application_decided.enqueue(applicant.pk)
    assert [phone for phone, _ in OutboxSender.outbox] == [applicant.mobile]
    assert flaky_sms.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_a_failed_e_mail_to_supervisors_is_retried(
    settings, db_tasks, grid_a, supervisor
):
    from mediation.models import Case

    from ..mediation.factories import CaseFactory

    settings.EMAIL_BACKEND = f"{__name__}.FailsFirstEmailBackend"
    FailsFirstEmailBackend.attempts = 0
    supervisor.person.station = grid_a.community.station
    supervisor.person.save()
    case = CaseFactory(grid=grid_a)
    assert Case.objects.filter(pk=case.pk).exists()
    notify_supervisors.enqueue(case.pk, "红色风险")
    run_worker()
    assert FailsFirstEmailBackend.attempts == 2
    assert runs_of(notify_supervisors).count() == 2


class FailsFirstEmailBackend:
    """An SMTP server that refuses the first message."""

    attempts = 0

    def __init__(self, fail_silently=False, **kwargs):
        pass

    def send_messages(self, messages):
        type(self).attempts += 1
        if type(self).attempts == 1:
            raise ConnectionRefusedError("SMTP server down")
        return len(messages)


def test_an_unreachable_queue_never_breaks_the_request(
    client, settings, grid_a, officer_a, caplog, django_capture_on_commit_callbacks
):
    from ..reports.factories import CategoryFactory

    settings.TASKS = {"default": {"BACKEND": f"{__name__}.NotificationQueueDown"}}
    category = CategoryFactory()
    with (
        caplog.at_level(logging.ERROR, logger="gridwatch.notify"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/report/?category={category.code}",
            {
                "description": "小区门口路灯坏了，晚上很黑。",
                "latitude": grid_a.centroid_lat,
                "longitude": grid_a.centroid_lng,
                "consent": "on",
            },
        )
    assert response.status_code == 201
    assert Report.objects.count() == 1
    assert "could not queue task=notify_new_report" in caplog.text
