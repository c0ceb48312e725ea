import re

import pytest
from allauth.account.models import EmailAddress

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "Lantern-Orchard-42"


@pytest.fixture(autouse=True)
def _production_account_settings(settings):
    # tests/conftest.py asks for "mandatory"; the portal runs with "optional"
    # plus its own login stage, which is what these tests exercise.
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"


def sms_code(phone):
    """The code in the last SMS sent to a phone (portal.sms.OutboxSender)."""
    from portal.sms import OutboxSender

    messages = [text for to, text in OutboxSender.outbox if to == phone]
    assert messages, f"no SMS was sent to {phone}"
    return re.search(r"\b(\d{6})\b", messages[-1]).group(1)


def verified_email(user):
    """allauth keeps its own record of addresses; personas start without one."""
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def log_in(client, login, password=PASSWORD, **extra):
    return client.post(
        "/accounts/login/", {"login": login, "password": password}, **extra
    )
