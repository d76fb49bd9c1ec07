"""Keyed hashes for what must be tamper-evident: the audit chain and the locked lists.

A plain SHA-256 can be recomputed by anyone who can write to the database, so a
rewritten row with every hash recomputed would still verify. An HMAC-SHA-256
under ``LONGJIANG_INTEGRITY_KEY``, a secret kept outside the database, cannot.

``settings.INTEGRITY_KEYS`` is a list: the first key signs everything new; the
others only verify what they signed before a rotation (docs/deployment.md).
"""

import hashlib
import hmac

from django.conf import settings


def signing_key() -> bytes:
    return settings.INTEGRITY_KEYS[0].encode()


def keyed_digest(content: bytes, *, key: bytes | None = None) -> str:
    """Return the HMAC-SHA-256 of ``content`` in hex, under the signing key by default."""
    return hmac.new(key or signing_key(), content, hashlib.sha256).hexdigest()


def matches_any_key(content: bytes, expected: str) -> bool:
    """Whether ``expected`` is the digest of ``content`` under any configured key."""
    return any(
        hmac.compare_digest(keyed_digest(content, key=key.encode()), expected)
        for key in settings.INTEGRITY_KEYS
    )
