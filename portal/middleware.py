import logging
import time

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import is_staff_member
from .signals import LOGIN_AT_SESSION_KEY

security_log = logging.getLogger("gridwatch.security")

ADMIN_PREFIX = "/admin/"
# Both back offices: Wagtail's and Django's own (for superusers only).
BACK_OFFICE_PREFIXES = (ADMIN_PREFIX, "/django-admin/")


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

    The login time is written by the user_logged_in receiver. The idle timeout is
    Django's own (SESSION_COOKIE_AGE with SESSION_SAVE_EVERY_REQUEST); a
    deactivated user is already anonymous, as the auth backends refuse inactive
    users on every request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.setdefault(LOGIN_AT_SESSION_KEY, int(time.time()))
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
        if (
            request.path.startswith(BACK_OFFICE_PREFIXES)
            and is_staff_member(request.user)
            and not _has_totp(request.user)
        ):
            security_log.info("two-factor setup required user=%s", request.user.pk)
            query = urlencode({"next": request.path})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


def _has_totp(user):
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists()


class AccessDeniedLogMiddleware:
    """Writes every refused request to the security log (no personal data).

    Besides 403s, the Wagtail admin refuses a signed-in user by redirecting: to
    the login page (no admin access at all) or to the dashboard (no permission
    for that area). Those redirects are refusals too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403 or _admin_refusal(request, response):
            _log_denied(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            _log_denied(request)


def _admin_refusal(request, response):
    if not (
        request.path.startswith(ADMIN_PREFIX)
        and response.status_code == 302
        and request.user.is_authenticated
    ):
        return False
    target = response["Location"].split("?")[0]
    dashboard = reverse("wagtailadmin_home")
    return target == reverse(settings.LOGIN_URL) or (
        target == dashboard and request.path != dashboard and request.method == "GET"
    )


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
