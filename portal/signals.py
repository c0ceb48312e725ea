"""Security log of logins, failed logins and logouts: ids only, never credentials
or personal data (no e-mail address, phone number, password or code)."""

import hashlib
import logging
import time

from allauth.account.signals import login_code_rejected
from allauth.mfa.signals import authentication_failed
from django.contrib.auth.signals import (
    user_logged_in,
    user_logged_out,
    user_login_failed,
)
from django.dispatch import receiver

security_log = logging.getLogger("gridwatch.security")

# Read by portal.middleware.SessionLifetimeMiddleware for the absolute timeout.
LOGIN_AT_SESSION_KEY = "_gridwatch_login_at"


def _client(request):
    if request is None:
        return "-"
    address = request.META.get("REMOTE_ADDR", "")
    # A short hash lets incidents be correlated without storing the address.
    return hashlib.sha256(address.encode()).hexdigest()[:12]


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = int(time.time())
    security_log.info("login user=%s client=%s", user.pk, _client(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    security_log.info("logout user=%s", getattr(user, "pk", "-"))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    security_log.warning("login failed client=%s", _client(request))


@receiver(login_code_rejected)
def login_code_failed(sender, request, user, **kwargs):
    security_log.warning(
        "login code rejected user=%s client=%s", user.pk, _client(request)
    )


@receiver(authentication_failed)
def second_factor_failed(sender, request, user, **kwargs):
    security_log.warning(
        "two-factor code rejected user=%s client=%s", user.pk, _client(request)
    )
