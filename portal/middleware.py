import logging
import re
import time
import uuid

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from . import page_cache
from .logs import request_id_var
from .roles import is_staff_member
from .signals import LOGIN_AT_SESSION_KEY

security_log = logging.getLogger("gridwatch.security")
request_log = logging.getLogger("gridwatch.request")

ADMIN_PREFIX = "/admin/"
# Both back offices: Wagtail's and Django's own (for superusers only).
BACK_OFFICE_PREFIXES = (ADMIN_PREFIX, "/django-admin/")


REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept when it looks like one; anything else is replaced.
REQUEST_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration, user, request id.

    The request id comes from the proxy's X-Request-ID header (nginx:
    `proxy_set_header X-Request-ID $request_id;`) or is made here, and is sent
    back in the response. Query strings are never logged, and the path segment
    after a REQUEST_LOG_SECRET_PREFIXES entry (tracking tokens, signed links)
    is replaced by "[redacted]".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if REQUEST_ID_RE.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        context_token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(context_token)
        response[REQUEST_ID_HEADER] = request_id
        if settings.REQUEST_LOG:
            request_log.info(
                "%s %s %s",
                request.method,
                loggable_path(request.path),
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": loggable_path(request.path),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": _user_id(request),
                },
            )
        return response


def loggable_path(path):
    for prefix in settings.REQUEST_LOG_SECRET_PREFIXES:
        if path.startswith(prefix):
            rest = path[len(prefix) :].partition("/")
            return f"{prefix}[redacted]{rest[1]}{rest[2]}"
    return path


def _user_id(request):
    """The signed-in user's id, or "anonymous"; a cached page has no user."""
    return request.user.pk if _is_authenticated(request) else "anonymous"


class PageCacheMiddleware:
    """Serves anonymous visitors' public pages from the shared cache.

    See portal/page_cache.py for what is cached and how it is invalidated.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = page_cache.request_key(request)
        if key is not None:
            cached = page_cache.lookup(request, key)
            if cached is not None:
                return cached
        response = self.get_response(request)
        if key is not None and not _is_authenticated(request):
            page_cache.store(request, response, key)
        else:
            page_cache.mark_private(request, response)
        return response


def _is_authenticated(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """A strict policy for the public site; the Wagtail admin needs inline styles
    and scripts of its own, so its pages get a looser script/style policy."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path.startswith(ADMIN_PREFIX) and not report_only:
            parts.replace = {
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
