"""Security log of logins and failed logins: user ids only, never credentials."""

import hashlib
import logging

from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

security_log = logging.getLogger("gridwatch.security")


def _client(request):
    if request is None:
        return "-"
    address = request.META.get("REMOTE_ADDR", "")
    # A short hash lets incidents be correlated without storing the address.
    return hashlib.sha256(address.encode()).hexdigest()[:12]


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    security_log.info("login user=%s client=%s", user.pk, _client(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    security_log.info("logout user=%s", getattr(user, "pk", "-"))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    security_log.warning("login failed client=%s", _client(request))
