"""Encryption at rest, blind indexing and redaction of personal data (ID numbers, phones).

Values are encrypted with Fernet under ``settings.PII_KEYS`` through a
MultiFernet: the first key encrypts, every key decrypts, so a key can be
rotated by putting a new one first and re-encrypting (``rotate_pii_keys``).
Equality look-ups use an HMAC-SHA256 blind index under a separate key, so the
database never needs the plaintext to find a duplicate.
"""

import hashlib
import hmac
import re
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.PII_KEYS))


def encrypt(value: str) -> str:
    """Encrypt a value; the empty string stays empty."""
    if not value:
        return ""
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt a token written by ``encrypt``."""
    if not token:
        return ""
    return fernet().decrypt(token.encode()).decode()


def rotate(token: str) -> str:
    """Re-encrypt a token under the current primary key."""
    if not token:
        return ""
    return fernet().rotate(token.encode()).decode()


def blind_index(value: str) -> str:
    """Return the keyed hash used to find equal values without decrypting."""
    key = settings.PII_INDEX_KEY.encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text field stored as a Fernet token and read back as plaintext.

    The database column holds only ciphertext; lists should defer the field so
    that nothing is decrypted for rows that are not shown in full.
    """

    def from_db_value(self, value, expression, connection):
        if value is None:
            return value
        try:
            return decrypt(value)
        except InvalidToken as exc:
            raise ValueError(
                "A personal-data value cannot be decrypted with LONGJIANG_PII_KEYS."
            ) from exc

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return value
        return encrypt(value)


# Digit runs that look like an ID number (15–18 characters) or a mainland mobile.
_PERSONAL_NUMBER_RE = re.compile(
    r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15}|1[3-9][0-9]{9})(?![0-9])"
)


def redact_personal_numbers(text: str) -> str:
    """Mask anything in free text that looks like an ID number or a mobile number.

    File names are kept in the audit trail, which can never be edited, and clerks
    often name scans after the person ("张三230102….pdf").
    """
    return _PERSONAL_NUMBER_RE.sub(lambda m: "*" * len(m.group()), text)
