import logging
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from .roles import is_staff_member

security_log = logging.getLogger("gridwatch.security")

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """A strict policy for the public site; the Wagtail admin needs inline styles
    and scripts of its own, so its pages get a looser script/style policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and not report_only:
            parts.update = {
                "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
                "style-src": ["'self'", "'unsafe-inline'"],
                "frame-ancestors": ["'self'"],
                "frame-src": ["'self'"],
            }
        return parts


class SessionLifetimeMiddleware:
    """Ends a session SESSION_ABSOLUTE_SECONDS after login, however active it is.

    The idle timeout is Django's own (SESSION_COOKIE_AGE with
    SESSION_SAVE_EVERY_REQUEST); a deactivated user is already logged out by the
    auth backend, which refuses inactive users on every request.
    """

    KEY = "_gridwatch_login_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(self.KEY, int(time.time()))
            if time.time() - started > settings.SESSION_ABSOLUTE_SECONDS:
                security_log.info("session expired user=%s", request.user.pk)
                logout(request)
        return self.get_response(request)


class StaffTwoFactorMiddleware:
    """No staff account reaches the admin without a TOTP authenticator.

    Staff without one are sent to set it up; allauth then asks for the code at
    every later login.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and is_staff_member(request.user):
            if not _has_totp(request.user):
                return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)


def _has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class AccessDeniedLogMiddleware:
    """Writes every refused request to the security log (no personal data)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            _log_denied(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            _log_denied(request)


def _log_denied(request):
    if getattr(request, "_denied_logged", False):
        return
    request._denied_logged = True
    user = getattr(request, "user", None)
    security_log.warning(
        "access denied user=%s method=%s path=%s",
        user.pk if user and user.is_authenticated else "-",
        request.method,
        request.path,
    )
