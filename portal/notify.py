"""Notification tasks: queued without ever breaking a request, retried on failure.

`django_tasks` has no retries of its own. A notification task here sends its
messages through an `Outbox`; a message whose e-mail or SMS fails is logged
and, once the task's other messages are out, the task queues itself again for
just the failed ones, after NOTIFICATION_RETRY_DELAYS[attempt - 1] seconds,
until the delays run out. Each run is one row of the database backend's
results table (its `attempt` argument counts them); failed messages are named
by a key (channel + hash of the address), so no address lands in that table.

Queueing itself never raises: a task queued from a view (best on transaction
commit) that cannot be queued is logged, and the request goes on.
"""

import hashlib
import logging
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks.base import DEFAULT_TASK_PRIORITY, Task

from .masking import mask_phone
from .sms import send_sms

log = logging.getLogger("gridwatch.notify")


class NotificationTask(Task):
    def enqueue(self, *args, **kwargs):
        """Queue the task; a failure to queue is logged, never raised."""
        try:
            return super().enqueue(*args, **kwargs)
        except Exception:
            log.exception("could not queue task=%s", self.name)
            return None


def notification_task(func):
    """Like `@task`, for a function taking `attempt=1, retry=None` keywords."""
    return NotificationTask(
        func=func,
        priority=DEFAULT_TASK_PRIORITY,
        backend=DEFAULT_TASK_BACKEND_ALIAS,
        queue_name=DEFAULT_TASK_QUEUE_NAME,
        run_after=None,
        takes_context=False,
    )


class Outbox:
    """The messages of one run of a notification task.

    Use as ``with Outbox(task, args, attempt, retry) as outbox: outbox.email(...)``.
    On a retry (``retry`` holds the keys that failed) only those messages go out.
    If the block raises (say, the report is gone), nothing is retried.
    """

    def __init__(self, task, args, attempt=1, retry=None):
        self.task = task
        self.args = list(args)
        self.attempt = attempt
        self.retry = set(retry) if retry is not None else None
        self.failed = []
        self.sent = 0
        self._seen = Counter()

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, traceback):
        if exc_type is None and self.failed:
            self._schedule_retry()
        return False

    def email(self, address, subject, body):
        self._deliver("email", address, lambda: send_mail(subject, body, None, [address]))

    def sms(self, phone, message):
        self._deliver("sms", phone, lambda: send_sms(phone, message))

    def _deliver(self, channel, address, send):
        key = self._key(channel, address)
        if self.retry is not None and key not in self.retry:
            return
        try:
            send()
        except Exception:
            log.warning(
                "%s failed task=%s attempt=%s to=%s",
                channel,
                self.task.name,
                self.attempt,
                mask_phone(address) if channel == "sms" else "[e-mail]",
                exc_info=True,
            )
            self.failed.append(key)
        else:
            self.sent += 1

    def _key(self, channel, address):
        digest = hashlib.sha256(address.strip().lower().encode()).hexdigest()[:16]
        # The n-th message to the same address in this run: tasks build their
        # recipient lists in a fixed order, so a retry finds the same keys.
        self._seen[(channel, digest)] += 1
        return f"{channel}:{digest}:{self._seen[(channel, digest)]}"

    def _schedule_retry(self):
        delays = settings.NOTIFICATION_RETRY_DELAYS
        if self.attempt > len(delays):
            log.error(
                "notification given up task=%s attempts=%s failed=%s",
                self.task.name,
                self.attempt,
                len(self.failed),
            )
            return
        task = self.task
        # The immediate backend (development) cannot defer: it retries at once.
        if task.get_backend().supports_defer:
            delay = timedelta(seconds=delays[self.attempt - 1])
            task = task.using(run_after=timezone.now() + delay)
        log.info(
            "notification retry queued task=%s attempt=%s failed=%s",
            self.task.name,
            self.attempt + 1,
            len(self.failed),
        )
        task.enqueue(*self.args, attempt=self.attempt + 1, retry=sorted(self.failed))
