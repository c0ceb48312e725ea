"""Rendered public pages for anonymous visitors, kept in the shared cache.

How it fits together:

- `PageCacheMiddleware` (portal/middleware.py) answers a cacheable request
  (anonymous GET or HEAD, no query string, no session or messages cookie) from
  the cache before sessions, CSRF and auth run: no database query at all.
- On a miss, the `before_serve_page` hook below marks requests for cacheable
  page types (`CACHED_PAGE_TYPES`) and reads the page's version tokens; the
  middleware stores the response only if it is a plain 200 that set no cookie
  (a page that used a CSRF token or a session is never stored).
- Invalidation is by version tokens in the cache: one for the whole page tree
  (any publish, unpublish, move or delete, site settings) and one per page
  path, changed by `grids.signals` when a grid's people, assignments or photos
  change. A cached entry remembers the tokens it was rendered with and is
  served only while they are unchanged, so every app server sees an edit at
  once. Other apps' sections on grid pages (report counts, activities,
  council meetings) are not tracked: entries expire after PAGE_CACHE_SECONDS.
- A front cache (nginx, Varnish) configured through Wagtail's frontend_cache
  is purged for the same pages.
"""

import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail import hooks
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.views import serve as wagtail_serve

from .models import PortalSettings

log = logging.getLogger("gridwatch.page_cache")

CACHED_PAGE_TYPES = {
    "portal.homepage",
    "grids.gridindexpage",
    "grids.stationpage",
    "grids.gridpage",
}
TREE_KEY = "pagecache:v:tree"
# Cookies whose presence may change what a page shows: a signed-in session,
# pending messages. The CSRF and language cookies do not (the language is
# part of the key).
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
STORED_HEADERS = ("Content-Type", "Content-Language")


def path_key(path):
    """A page's own version token, named by its path so that a lookup can
    fetch the entry and both tokens in one round trip."""
    return f"pagecache:v:path:{path}"


def _new_token():
    return uuid.uuid4().hex


def bump(*keys):
    """Give the version tokens new values: entries made with the old ones die."""
    if keys:
        cache.set_many(dict.fromkeys(keys, _new_token()), None)


def _bump_now_and_on_commit(keys, after_commit=None):
    # Now, so this process never serves the old copy; and again once the change
    # is committed, so a page another server rendered from the old rows while
    # the transaction was open cannot outlive it.
    bump(*keys)

    def again():
        bump(*keys)
        if after_commit:
            after_commit()

    transaction.on_commit(again)


def pages_changed(page_ids):
    """Drop the cached copies of these pages (on every app server and proxy)."""
    page_ids = sorted({pk for pk in page_ids if pk})
    paths = {
        parts[2]
        for page in Page.objects.filter(pk__in=page_ids)
        if (parts := page.get_url_parts())
    }
    if paths:
        _bump_now_and_on_commit(
            [path_key(path) for path in sorted(paths)],
            after_commit=lambda: _purge_front_cache(page_ids),
        )


def tree_changed():
    """Drop every cached page: titles, URLs or site-wide settings changed."""
    _bump_now_and_on_commit([TREE_KEY])


def _purge_front_cache(page_ids):
    if not _front_cache_configured():
        return
    from wagtail.contrib.frontend_cache.utils import purge_pages_from_cache

    purge_pages_from_cache(Page.objects.filter(pk__in=page_ids).specific())


def _current_tokens(keys):
    tokens = cache.get_many(keys)
    missing = [key for key in keys if key not in tokens]
    if missing:
        # A token that is gone (Redis flushed) gets a fresh value, never an old
        # one, so an entry made before the flush cannot match it by chance.
        for key in missing:
            cache.add(key, _new_token(), None)
        tokens.update(cache.get_many(missing))
    return tokens


def request_key(request):
    """The cache key of a cacheable request, or None if it is not cacheable."""
    if request.method not in ("GET", "HEAD") or request.META.get("QUERY_STRING"):
        return None
    if any(name in request.COOKIES for name in PERSONAL_COOKIES):
        return None
    if settings.PAGE_CACHE_SECONDS <= 0 or not _is_wagtail_page_url(request):
        return None
    language = translation.get_language_from_request(request)
    return f"pagecache:{request.scheme}:{request.get_host()}:{language}:{request.path}"


def _is_wagtail_page_url(request):
    """Only Wagtail's page URLs may be cached: this keeps every other request
    (views, /livez, the admin) from a pointless cache round trip."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.func is wagtail_serve


def _token_keys(request):
    return [TREE_KEY, path_key(request.path)]


def lookup(request, key):
    """A response for the request from the cache, or None."""
    token_keys = _token_keys(request)
    found = cache.get_many([key, *token_keys])
    entry = found.pop(key, None)
    if entry is None or found != entry["tokens"]:
        return None
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    _public_headers(response)
    response["X-Page-Cache"] = "hit"
    return response


def store(request, response, key):
    tokens = getattr(request, "_page_cache_tokens", None)
    if (
        tokens is None
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or response.has_header("Cache-Control")
    ):
        return
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    entry = {
        "tokens": tokens,
        "content": response.content,
        "headers": {h: response[h] for h in STORED_HEADERS if response.has_header(h)},
    }
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
    _public_headers(response)
    response["X-Page-Cache"] = "miss"


def mark_private(request, response):
    """A page type we cache, served to someone we must not cache it for."""
    if getattr(request, "_page_cache_tokens", None) is not None:
        patch_cache_control(response, private=True, no_cache=True)


def _public_headers(response):
    # Browsers revalidate; a purge-capable front cache may keep it meanwhile.
    shared = settings.PAGE_CACHE_SECONDS if _front_cache_configured() else 0
    patch_cache_control(response, public=True, max_age=0, s_maxage=shared)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))


def _front_cache_configured():
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


@hooks.register("before_serve_page")
def remember_page_versions(page, request, serve_args, serve_kwargs):
    """Marks the request as cacheable and reads the tokens it is rendered with.

    Read before rendering: an edit made while the page renders changes a
    token, so the entry stored afterwards is already stale, never wrong.
    Routable sub-pages (printable cards) are not cached.
    """
    if page.specific_class._meta.label_lower not in CACHED_PAGE_TYPES:
        return None
    if serve_args and getattr(serve_args[0], "__name__", "") != "index_route":
        return None
    request._page_cache_tokens = _current_tokens(_token_keys(request))
    return None


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
@receiver(post_delete, sender=Page)
def _page_tree_changed(sender, **kwargs):
    """Any change to the page tree drops every cached page (it is rare)."""
    tree_changed()


@receiver(post_save, sender=PortalSettings)
def _site_settings_changed(sender, created, **kwargs):
    # The first page ever rendered creates the settings with their defaults,
    # which is what it shows: only later edits change pages.
    if not created:
        tree_changed()
