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

Why per address, and what it costs (docs/decisions.md, "Rate limits count
outcomes, per address"): the public forms have no account to count against, and
the address is the only thing a client cannot choose freely. It is coarse both
ways. Mobile carriers put many phones behind one IPv4 address (carrier-grade
NAT), so a limit that counted every request would let one careless or hostile
neighbour lock out everybody on that address; an IPv6 client, on the other hand,
usually holds a whole /64 and can rotate within it. Hence:

- an IPv6 address is counted by its /64 prefix (``client_bucket``); an IPv4 one,
  and an IPv4-mapped IPv6 one, by the exact address;
- a view counts *outcomes*, not attempts, where an attempt may fail innocently:
  a form refused for a mistake does not count towards the objection limit, only
  an accepted filing does (``peek`` before the work, ``hit`` after it), and a
  lookup counts only when the pair is wrong (a guess);
- a separate, much higher limit on every POST (``rate_limited`` with a
  ``*_post`` scope) stops floods, whatever their outcome.

``peek`` and ``hit`` are not one atomic step: concurrent requests may pass the
``peek`` together and end a few over the limit. That is accepted; the POST
limit still bounds them.
"""

import hashlib
import hmac
import ipaddress
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


def client_bucket(request: HttpRequest) -> str:
    """Return what the client is counted as: its IPv4 address, or its IPv6 /64 prefix."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
    return str(parsed)


def address_key(request: HttpRequest) -> str:
    """Return a keyed fingerprint of the client's bucket; the address cannot be read back."""
    message = f"ratelimit:{client_bucket(request)}".encode()
    return hmac.new(settings.PII_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()[:32]


def _key(scope: str, window_start: int, request: HttpRequest) -> str:
    # The namespace lets tests (and a second deployment sharing Redis) keep apart.
    namespace = getattr(settings, "RATE_LIMIT_NAMESPACE", "")
    return f"ratelimit:{namespace}:{scope}:{window_start}:{address_key(request)}"


def _window(rate: Rate, now: float | None) -> tuple[float, int]:
    now = time.time() if now is None else now
    return now, int(now // rate.window) * rate.window


def count(scope: str, request: HttpRequest, *, now: float | None = None) -> int:
    """Return how many times the client was counted in ``scope`` in the current window."""
    rate = rate_for(scope)
    now, window_start = _window(rate, now)
    return int(cache.get(_key(scope, window_start, request), 0))


def peek(scope: str, request: HttpRequest, *, now: float | None = None) -> int | None:
    """Tell, without counting, whether one more counted request would be over the limit.

    Returns None while the client may still be counted once more, otherwise the
    number of seconds until the window ends (for ``Retry-After``).
    """
    rate = rate_for(scope)
    now, window_start = _window(rate, now)
    if int(cache.get(_key(scope, window_start, request), 0)) < rate.limit:
        return None
    return max(1, math.ceil(window_start + rate.window - now))


def hit(scope: str, request: HttpRequest, *, now: float | None = None) -> int | None:
    """Count one request of the client in ``scope``.

    Returns None while the client is within the limit, otherwise the number of
    seconds until the window ends (for ``Retry-After``). A refused request is
    counted too, so hammering does not shorten the wait.
    """
    rate = rate_for(scope)
    now, window_start = _window(rate, now)
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
