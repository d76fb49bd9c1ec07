"""Counting requests per client address in fixed windows, and refusing the excess with 429.

Public forms that anybody may post (an objection, a receipt lookup, later the
verification of a certificate) are limited per client address, without any
outside service: each scope has a limit per window in ``settings.RATE_LIMITS``,
and the count lives in the Django cache (Redis in production and CI, so every
worker process shares it; the local-memory cache in development).

The window is fixed: it starts at a multiple of its length since the epoch, and
its counter expires with it. A client may thus spend up to twice the limit
across a window boundary; that is accepted for the simplicity of one atomic
``incr`` per request.

The address is read as the login lockout reads it (``client_ip``, trusting only
the configured proxies) and is never stored: the cache key carries a keyed
fingerprint of it (HMAC under ``PII_INDEX_KEY``). A refusal is logged once at
INFO with the scope only, and is not audited: it changes nothing.
"""

import hashlib
import hmac
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template import loader

from longjiang.accounts.client_ip import client_ip

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rate:
    """At most ``limit`` requests per ``window`` seconds."""

    limit: int
    window: int


def rate_for(scope: str) -> Rate:
    """Return the configured rate of ``scope`` (``settings.RATE_LIMITS[scope]``)."""
    limit, window = settings.RATE_LIMITS[scope]
    return Rate(limit=int(limit), window=int(window))


def address_key(request: HttpRequest) -> str:
    """Return a keyed fingerprint of the client's address; the address cannot be read back."""
    message = f"ratelimit:{client_ip(request)}".encode()
    return hmac.new(settings.PII_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def _key(scope: str, window_start: int, request: HttpRequest) -> str:
    # The namespace lets tests (and a second deployment sharing Redis) keep apart.
    namespace = getattr(settings, "RATE_LIMIT_NAMESPACE", "")
    return f"ratelimit:{namespace}:{scope}:{window_start}:{address_key(request)}"


def hit(scope: str, request: HttpRequest, *, now: float | None = None) -> int | None:
    """Count one request of the client in ``scope``.

    Returns None while the client is within the limit, otherwise the number of
    seconds until the window ends (for ``Retry-After``). A refused request is
    counted too, so hammering does not shorten the wait.
    """
    rate = rate_for(scope)
    now = time.time() if now is None else now
    window_start = int(now // rate.window) * rate.window
    key = _key(scope, window_start, request)
    # add() is a no-op when the counter exists; incr() is atomic in Redis and locmem.
    cache.add(key, 0, timeout=rate.window + 5)
    try:
        count = cache.incr(key)
    except ValueError:
        # The counter expired between add() and incr(): this is the window's first request.
        cache.set(key, 1, timeout=rate.window + 5)
        count = 1
    if count <= rate.limit:
        return None
    return max(1, math.ceil(window_start + rate.window - now))


def too_many_requests(request: HttpRequest, scope: str, retry_after: int) -> HttpResponse:
    """Return the 429 page, in Chinese, with ``Retry-After``."""
    logger.info("rate limit reached: scope=%s retry_after=%s", scope, retry_after)
    minutes = max(1, math.ceil(retry_after / 60))
    body = loader.render_to_string("429.html", {"minutes": minutes}, request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(scope: str, *, methods: tuple[str, ...] = ("POST",)) -> Callable:
    """Decorate a view so that its ``methods`` count against ``scope`` and the excess gets 429."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method in methods:
                retry_after = hit(scope, request)
                if retry_after is not None:
                    return too_many_requests(request, scope, retry_after)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
