"""Reads for receiving objections: live notices, the people they publish, a receipt's status.

Nothing here reveals who complained: the public lookup reads only the status of
the one objection whose receipt number and private code match.
"""

import secrets
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import check_password, make_password
from django.db.models import QuerySet
from django.utils import timezone

from publicity.models import Notice, Objection
from publicity.selectors.notices import still_listed
from publicity.workflow import NoticeStatus, ObjectionStatus
from review.models import ListEntry


def published_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(status=NoticeStatus.PUBLISHED).select_related("campaign")


def next_or_last_notice(now=None) -> Notice | None:
    """For the "no notice is live" page: the next scheduled notice, else the last closed one."""
    now = now or timezone.now()
    upcoming = (
        published_notices()
        .filter(starts_on__gt=timezone.localdate(now))
        .order_by("starts_on")
        .first()
    )
    if upcoming is not None:
        return upcoming
    return published_notices().filter(closes_at__lte=now).order_by("-closes_at").first()


def notice_entries(notice: Notice) -> QuerySet[ListEntry]:
    """The list lines a notice publishes now, in 姓氏笔画 order.

    A main notice publishes every listed entry of its version; a supplementary
    notice only its ``persons`` (the council's substitutes), as they stand in
    the same version. Either without whoever the campaign's latest version no
    longer lists (``current_persons``: the same people).
    """
    entries = ListEntry.objects.filter(
        version_id=notice.list_version_id,
        part=ListEntry.Part.LISTED,
        nomination_id__in=still_listed(notice.campaign),
    )
    if notice.kind == Notice.Kind.SUPPLEMENTARY:
        entries = entries.filter(nomination__in=notice.persons.all())
    return entries.select_related("nomination").order_by("nomination__name_order", "position")


def is_published_by(notice: Notice, nomination_id: int) -> bool:
    return notice_entries(notice).filter(nomination_id=nomination_id).exists()


@dataclass(frozen=True)
class PublicStatus:
    """What the complainant may read of their own objection."""

    receipt_number: str
    label: str
    reason: str = ""
    outcome: str = ""
    reply: str = ""
    received_at: object = None


@cache
def _nobody_hash() -> str:
    """A hash to check against when no objection has the number, so that a wrong
    number takes as long as a wrong code."""
    return make_password(secrets.token_urlsafe(16))


def normalise_code(code: str) -> str:
    """The code as stored: upper case, without the spaces and hyphens people type."""
    return "".join(code.split()).replace("-", "").upper()


def lookup_status(receipt_number: str, code: str) -> PublicStatus | None:
    """Return the status of the objection with this receipt number and code; None for any
    wrong pair (unknown number, wrong code), alike."""
    number = "".join(receipt_number.split()).upper()
    objection = Objection.objects.filter(receipt_number=number).first()
    if objection is None:
        check_password(normalise_code(code), _nobody_hash())
        return None
    if not check_password(normalise_code(code), objection.lookup_code_hash):
        return None
    return public_status(objection)


def public_status(objection: Objection) -> PublicStatus:
    status = objection.status
    if status in (ObjectionStatus.VERIFYING, ObjectionStatus.REPORTED):
        label = ObjectionStatus.VERIFYING.label
    else:
        label = ObjectionStatus(status).label
    return PublicStatus(
        receipt_number=objection.receipt_number,
        label=str(label),
        reason=(
            objection.get_acceptance_display() if status == ObjectionStatus.NOT_ACCEPTED else ""
        ),
        outcome=objection.get_outcome_display() if status == ObjectionStatus.DECIDED else "",
        reply=objection.reply_text if status == ObjectionStatus.DECIDED else "",
        received_at=objection.received_at,
    )
