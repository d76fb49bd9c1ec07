"""Certificates for the verification and revocation tests.

Written with the ORM: allocating serials and tokens is the certificates service's
job (publicity.services.certificates), with its own tests; these tests need only
certificate rows as that service leaves them.
"""

import datetime
import secrets

from django.utils import timezone

from publicity.models import Certificate

ISSUED_ON = datetime.date(2021, 9, 28)


def make_certificate(
    nomination, *, number: int = 1, name: str | None = None, employer: str | None = None
) -> Certificate:
    """Return an allocated certificate of ``nomination`` (serial LJGJ-{year}-{number:03d})."""
    campaign = nomination.campaign
    return Certificate.objects.create(
        campaign=campaign,
        nomination=nomination,
        number=number,
        serial=f"LJGJ-{campaign.year}-{number:03d}",
        token=secrets.token_urlsafe(32),
        name=name or nomination.name,
        employer_name=employer or nomination.employer_name,
        issued_on=ISSUED_ON,
        allocated_at=timezone.now(),
    )
