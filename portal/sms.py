"""Pluggable SMS sending. settings.SMS_SENDER names the class to use."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from .masking import mask_phone

log = logging.getLogger("gridwatch.sms")


class ConsoleSender:
    """Development sender: prints messages instead of sending them."""

    def send(self, phone, message):
        print(f"[SMS to {phone}] {message}")  # noqa: T201
        log.info("sms sent to=%s", mask_phone(phone))


class OutboxSender:
    """Test sender: keeps messages in memory, like Django's locmem e-mail."""

    outbox = []

    def send(self, phone, message):
        self.outbox.append((phone, message))


def send_sms(phone, message):
    import_string(settings.SMS_SENDER)().send(phone, message)
