"""When a stamped paper Attachment 1 counts as received in time and complete.

Pure functions without database access: the paper-copy pages, the first-check
checklist and the check workbook all call these, so the rule lives in one place.
"""

from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import Campaign, PaperReceipt

# The notice asks for three stamped copies of Attachment 1.
REQUIRED_COPIES = 3


class PaperStatus(models.TextChoices):
    ON_TIME = "on_time", _("按时收到")
    LATE = "late", _("逾期")
    INCOMPLETE = "incomplete", _("不完整")
    MISSING = "missing", _("未收到")


# Statuses that need the staff's attention on the per-unit page.
PROBLEM_STATUSES = frozenset({PaperStatus.LATE, PaperStatus.INCOMPLETE, PaperStatus.MISSING})


def paper_deadline_date(campaign: Campaign) -> date:
    """Return the last local date on which a paper copy is received in time.

    The notice says "请于7月6日前邮寄" (post by 6 July) and the campaign stores the
    deadline as 2021-07-06 00:00 Asia/Shanghai. Only the day the copy arrived is
    recorded, not its postmark, so the deadline's own day still counts as on time:
    a copy received on 6 July is in time, one received on 7 July is late.
    """
    return timezone.localdate(campaign.paper_deadline)


def paper_is_late(received: PaperReceipt | date, campaign: Campaign) -> bool:
    """Return whether a receipt (or a date received) is after the paper deadline's day."""
    if isinstance(received, PaperReceipt):
        received = received.received_on
    elif isinstance(received, datetime):
        received = timezone.localdate(received)
    return received > paper_deadline_date(campaign)


def paper_is_complete(receipt: PaperReceipt) -> bool:
    """Return whether the receipt has the required number of copies, stamped."""
    return receipt.copies >= REQUIRED_COPIES and receipt.stamped


def paper_status(receipt: PaperReceipt | None, campaign: Campaign) -> PaperStatus:
    """Return one status for a nomination's paper copy.

    An incomplete copy is reported as incomplete even when it also came late, since
    the unit has to send the missing copies; ``paper_is_late`` tells the lateness apart.
    """
    if receipt is None:
        return PaperStatus.MISSING
    if not paper_is_complete(receipt):
        return PaperStatus.INCOMPLETE
    if paper_is_late(receipt, campaign):
        return PaperStatus.LATE
    return PaperStatus.ON_TIME


__all__ = [
    "PROBLEM_STATUSES",
    "REQUIRED_COPIES",
    "PaperStatus",
    "paper_deadline_date",
    "paper_is_complete",
    "paper_is_late",
    "paper_status",
]
