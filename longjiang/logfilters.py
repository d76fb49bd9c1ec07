"""Logging filters: expected refusals are one line each, without a traceback.

A 404 (an address the user may not see) and a 403 (a role that may not ask) are
the portal working as designed. Django logs them on ``django.request`` and,
under runserver, again on ``django.server``; a 403 from ``PermissionDenied`` also
carries the exception's traceback, which buries real errors in the log.
"""

import logging

EXPECTED = frozenset({403, 404})


class ExpectedRefusalsWithoutTraceback(logging.Filter):
    """On ``django.request``: keep the line, drop the traceback of a 403 or 404."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) in EXPECTED:
            record.exc_info = None
            record.exc_text = None
        return True


class ExpectedRefusalsOnce(logging.Filter):
    """On ``django.server``: drop the access line of a 403 or 404 already logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) not in EXPECTED


class RateLimitedLoggedOnce(logging.Filter):
    """On ``django.request`` and ``django.server``: drop the line of a 429.

    ``longjiang.ratelimit`` logs each refusal once, at INFO, with its scope; the
    request loggers would add a warning for every refused request of a flood.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return getattr(record, "status_code", None) != 429
