"""Certificates (荣誉证书): the serial numbers and verification tokens of the final list.

A certificate's number, serial and token are allocated once and never change:
the campaign's row is locked for the allocation, so two requests at the same
moment (two staff members, a web job and the export command) wait for each other
and the second finds the first one's certificates. Numbers continue after the
highest ever used in the campaign and are never reused: a revoked certificate
keeps its number.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from publicity.models import Certificate
from publicity.selectors.results import final_list

# The serial's prefix (龙江工匠 → LJGJ). Changing it changes only certificates
# allocated afterwards; printed serials never change.
SERIAL_PREFIX = "LJGJ"
# Bytes of randomness in a verification token (22 URL-safe characters).
TOKEN_BYTES = 16


class NoFinalList(DomainError):
    default_message = _("尚未记录公示结果，还没有命名名单，不能生成荣誉证书。")


def serial_of(year: int, number: int) -> str:
    """Return the printed serial: LJGJ-2021-001."""
    return f"{SERIAL_PREFIX}-{year}-{number:03d}"


def new_token() -> str:
    """Return an unguessable token for the QR code, unrelated to the serial."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def allocate_certificates(campaign: Campaign, *, actor: User | None) -> list[Certificate]:
    """Give everyone on the final list a certificate, in list order; return them all.

    Idempotent: people who already have a certificate keep its number, serial, token
    and date of issue; only people without one get the next numbers, after the
    campaign's highest. The date of issue is the local day of the allocation. The
    printed name and unit are copied from the final list's entry (as publicized).
    Audited as ``award.certificates_allocated`` when anything was allocated.
    ``actor`` is None for the operator's export command.
    """
    if actor is not None and not is_provincial(actor):
        raise DomainError(_("只有省总工会工作人员可以生成荣誉证书。"))
    with transaction.atomic():
        # The campaign's row serializes allocations: a concurrent call waits here
        # and then sees every certificate this one wrote.
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        entries = list(final_list(campaign).only("nomination_id", "name", "employer_name"))
        if not entries:
            raise NoFinalList
        existing = {c.nomination_id: c for c in Certificate.objects.filter(campaign=campaign)}
        highest = max((c.number for c in existing.values()), default=0)
        now = timezone.now()
        issued_on = timezone.localdate(now)
        new = []
        for entry in entries:
            if entry.nomination_id in existing:
                continue
            highest += 1
            certificate = Certificate(
                campaign=campaign,
                nomination_id=entry.nomination_id,
                number=highest,
                serial=serial_of(campaign.year, highest),
                token=new_token(),
                name=entry.name,
                employer_name=entry.employer_name,
                issued_on=issued_on,
                allocated_at=now,
                allocated_by=actor,
            )
            new.append(certificate)
        if new:
            Certificate.objects.bulk_create(new)
            record_event(
                "award.certificates_allocated",
                actor=actor,
                subject=campaign,
                data={
                    "year": campaign.year,
                    "allocated": len(new),
                    "total": len(existing) + len(new),
                    "first": new[0].serial,
                    "last": new[-1].serial,
                },
            )
    mine = {c.nomination_id: c for c in Certificate.objects.filter(campaign=campaign)}
    return [mine[entry.nomination_id] for entry in entries]
