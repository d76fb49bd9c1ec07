"""What the public verification of a certificate reads: by the QR code's token, or by
the serial and the name printed on a paper certificate.

Both return a ``Verification`` holding only what the public page may show (the
status, the revocation date, the name, the unit, the title, the year, the serial
and the date of issue), never the certificate row itself, so a template cannot
show anything else (the reason of a revocation, who revoked it, the nomination).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _

from publicity.models import Certificate

# The title every certificate confers (the notice: 命名为“龙江工匠”).
TITLE = _("龙江工匠")

# What ``secrets.token_urlsafe`` produces, with room for a longer token later. Anything
# else is answered exactly like an unknown token, without a query.
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")

# Dots people type between the parts of a name (阿不都·热合曼), all read as one.
_NAME_DOTS = str.maketrans(dict.fromkeys("·・•‧･.．", "·"))
# Dashes people type in a serial (LJGJ–2021–001), all read as a hyphen-minus.
_SERIAL_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−－﹣", "-"))
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Verification:
    """What the public page shows of one certificate, and nothing else."""

    revoked: bool
    revoked_on: date | None
    name: str
    employer_name: str
    title: str
    year: int
    serial: str
    issued_on: date
    # The issuer's contact for questions (the campaign's contact block), not the holder's.
    contact_department: str
    contact_phones: str


def _verification(certificate: Certificate) -> Verification:
    revoked_at = certificate.revoked_at
    return Verification(
        revoked=revoked_at is not None,
        revoked_on=timezone.localdate(revoked_at) if revoked_at is not None else None,
        name=certificate.name,
        employer_name=certificate.employer_name,
        title=str(TITLE),
        year=certificate.campaign.year,
        serial=certificate.serial,
        issued_on=certificate.issued_on,
        contact_department=certificate.campaign.contact_department,
        contact_phones=certificate.campaign.contact_phones,
    )


def verify_token(token: str) -> Verification | None:
    """Return the certificate the QR code's token stands for, or None.

    A malformed token is None without a query; a well-formed one is looked up
    through the token's unique index, so an unknown one costs the same query as
    a known one.
    """
    if not TOKEN.fullmatch(token):
        return None
    certificate = Certificate.objects.select_related("campaign").filter(token=token).first()
    return None if certificate is None else _verification(certificate)


def normalize_serial(serial: str) -> str:
    """Read a typed serial as printed: full-width forms, spaces, dashes and case forgiven."""
    text = unicodedata.normalize("NFKC", serial).translate(_SERIAL_DASHES)
    return _SPACE.sub("", text).upper()


def normalize_name(name: str) -> str:
    """Read a typed name as printed: full-width forms, spaces, dots and Latin case forgiven."""
    text = unicodedata.normalize("NFKC", name).translate(_NAME_DOTS)
    return _SPACE.sub("", text).casefold()


def verify_serial_and_name(serial: str, name: str) -> Verification | None:
    """Return the certificate with this serial if it was issued to this name, or None.

    An unknown serial and a wrong name are the same None, so the lookup cannot
    tell which of the two was wrong; the names are compared in constant time.
    """
    certificate = (
        Certificate.objects.select_related("campaign")
        .filter(serial=normalize_serial(serial))
        .first()
    )
    expected = normalize_name(certificate.name) if certificate is not None else ""
    # Compared even for an unknown serial, so both refusals take about as long.
    matches = constant_time_compare(expected, normalize_name(name))
    if certificate is None or not matches or not expected:
        return None
    return _verification(certificate)
