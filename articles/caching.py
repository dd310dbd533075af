"""Whole-page caching for anonymous readers, dropped at once when any story or tag changes."""

import hashlib
import time
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.cache import patch_cache_control

from .filters import PAGE_PARAMS

GENERATION_KEY = "pages:generation"
# Every query parameter a cached page reads: reader pages, feeds, and the sitemap's "p".
CACHED_PARAMS = frozenset((*PAGE_PARAMS, "p"))


def page_generation() -> int:
    """Return the current generation of cached pages.

    A generation starts from the clock, not from 1: if the cache loses the key (a restart, an
    eviction), the new one can never name pages cached before.
    """
    return cache.get_or_set(GENERATION_KEY, time.time_ns, timeout=None)


# Set while invalidations are gathered (``one_invalidation``): whether one was asked for.
_gathered: ContextVar[list | None] = ContextVar("gathered_invalidations", default=None)


def invalidate_pages(**kwargs) -> None:
    """Make every cached page stale; used whenever what readers see may have changed.

    Inside a transaction (an admin save, a merge, an imported story) pages are dropped at once
    and again when it commits: a reader served in between would otherwise cache the old page
    under the new generation, and keep it until the next change."""
    gathered = _gathered.get()
    if gathered is not None:
        gathered.append(True)
        return
    _next_generation()
    connection = transaction.get_connection(kwargs.get("using"))
    if connection.in_atomic_block and not any(
        func is _next_generation for _sids, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(_next_generation, using=connection.alias)


def _next_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, time.time_ns(), timeout=None)


@contextmanager
def one_invalidation():
    """Gather the invalidations asked for inside the block (each saved story of a bulk import
    asks for one) into one, once the block's work is committed: readers' cached pages and
    lists are then dropped once per block, not once per row."""
    if _gathered.get() is not None:  # already gathering: the outer block invalidates
        yield
        return
    token = _gathered.set([])
    try:
        yield
    finally:
        asked = bool(_gathered.get())
        _gathered.reset(token)
        if asked:
            transaction.on_commit(invalidate_pages)


def page_key(request) -> str:
    """Return the cache key of a page as one reader sees it.

    Parameters no page reads (a tracker's, a bot's random ones) are left out: the page is the
    same, and a stream of them must neither be built afresh nor push real pages out.
    """
    params = request.GET.copy()
    for name in list(params.keys()):
        if name not in CACHED_PARAMS:
            del params[name]
    digest = hashlib.sha256(f"{request.path}?{params.urlencode()}".encode()).hexdigest()
    return f"pages:{page_generation()}:{request.LANGUAGE_CODE}:{digest}"


class AnonymousPageCacheMiddleware:
    """Serve readers who are not signed in from the cache; editors always get fresh pages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.is_cacheable_request(request):
            return self.get_response(request)
        # An unknown Host must get its 400 even when the page is in the cache.
        request.get_host()
        key = page_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = self.get_response(request)
        if self.is_cacheable_response(response):
            patch_cache_control(response, public=True, max_age=60)
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def is_cacheable_request(request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(("/admin/", "/health/", "/static/"))
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def is_cacheable_response(response) -> bool:
        # A response that sets a cookie (a CSRF token, a session) belongs to one visitor only.
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "no-store" not in response.get("Cache-Control", "")
        )
