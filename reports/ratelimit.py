"""Submission rate limits on the shared cache: per client IP and per contact.

Limits are (count, seconds) pairs from settings.REPORTS_RATE_LIMITS, so a load
test or a busy deployment can tune them without code changes.
"""

import hashlib

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache

DEFAULT_LIMITS = {"ip": (10, 3600), "contact": (5, 3600)}


def _limits():
    return {**DEFAULT_LIMITS, **getattr(settings, "REPORTS_RATE_LIMITS", {})}


def _hit(scope, value, limit, seconds):
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    key = f"reports:rl:{scope}:{digest}"
    cache.add(key, 0, seconds)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, seconds)
        count = 1
    return count <= limit


def client_ip(request):
    """The client's address, read through trusted proxies as allauth reads it."""
    return get_adapter(request).get_client_ip(request)


def allow(request, scope="ip", value=None):
    """Count one attempt; False once the scope's limit is used up."""
    limit, seconds = _limits()[scope]
    return _hit(
        scope, value if value is not None else client_ip(request), limit, seconds
    )


def allow_submission(request, contacts):
    """One submission by this IP and by each contact (phone, e-mail) given."""
    allowed = allow(request, "ip")
    for contact in contacts:
        if contact:
            allowed = allow(request, "contact", contact.lower()) and allowed
    return allowed
