"""Objection cases for the handling tests, made with the ORM in any state."""

import itertools
from datetime import date, datetime

import pytest
from django.utils import timezone

from nominations.workflow import Status
from publicity.models import ComplainantKind, Notice, Objection, Source
from publicity.workflow import NoticeStatus, ObjectionStatus
from review.models import CouncilDecision, ListVersion

# Who complained in the cases these tests make; no page but the handler's may show it.
COMPLAINANT_NAME = "钱保密"
COMPLAINANT_PHONE = "13912345678"
COMPLAINANT_EMAIL = "qian.baomi@example.com"
COMPLAINANT_UNIT = "龙江某机械厂"

_receipts = itertools.count(1)


@pytest.fixture
def case_notice(campaign, staff_user) -> Notice:
    """A published notice over version 1 of the campaign's list (made with the ORM)."""
    now = timezone.now()
    # The local (Beijing) date: an aware UTC ``now.date()`` is yesterday from 00:00 to 08:00.
    today = timezone.localdate(now)
    decision = CouncilDecision.objects.create(
        campaign=campaign,
        meeting_date=today,
        minutes_ref="黑工主席〔2021〕1号",
        attendance="主席、副主席",
        minutes_name="纪要.pdf",
        minutes_storage_name=f"minutes-{now.timestamp()}",
        minutes_sha256="0" * 64,
        outcome=CouncilDecision.Outcome.APPROVED,
        recorded_by=staff_user,
        recorded_at=now,
    )
    version = ListVersion.objects.create(
        campaign=campaign, number=1, decision=decision, approved_at=now, content_hash="0" * 64
    )
    return Notice.objects.create(
        campaign=campaign,
        list_version=version,
        title="关于2021年“龙江工匠”拟选树人选的公示",
        text="现予以公示。",
        starts_on=today,
        ends_on=today,
        working_days=5,
        closes_at=now,
        prepared_by=staff_user,
        status=NoticeStatus.PUBLISHED,
    )


@pytest.fixture
def nominee(clerk, make_nomination):
    """An eligible nomination of 哈尔滨市总工会, made by its clerk."""
    return make_nomination(status=Status.ELIGIBLE, name="欧阳明辉")


@pytest.fixture
def make_case(campaign, case_notice, nominee):
    """Return a function making an accepted, real-name objection in ``status`` with the ORM.

    ``make_case(status="received", due=None, **fields)``: a case sent to the unit gets
    ``sent_at``, the due date ``due`` (default 2021-10-11) and, unless given,
    ``forwarded_facts`` equal to the facts.
    """

    def make(status: str = ObjectionStatus.RECEIVED, due: date | None = None, **fields):
        values = {
            "campaign": campaign,
            "notice": case_notice,
            "nomination": nominee,
            "receipt_number": f"YY2021-{next(_receipts):04d}",
            "source": Source.CALL,
            "complainant_kind": ComplainantKind.PERSON,
            "complainant_name": COMPLAINANT_NAME,
            "complainant_unit": COMPLAINANT_UNIT,
            "complainant_phone": COMPLAINANT_PHONE,
            "complainant_email": COMPLAINANT_EMAIL,
            "facts": "反映其获奖证书存疑。",
            "status": status,
        }
        if status != ObjectionStatus.RECEIVED and status != ObjectionStatus.NOT_ACCEPTED:
            values["sent_at"] = timezone.make_aware(datetime(2021, 9, 30, 10))
            values["verification_due"] = due or date(2021, 10, 11)
        if status == ObjectionStatus.DECIDED:
            values["outcome"] = "not_true"
            values["decided_at"] = timezone.now()
        values.update(fields)
        if values.get("sent_at") and "forwarded_facts" not in fields:
            # As ``send_for_verification`` does when the handler edits nothing.
            values["forwarded_facts"] = values["facts"]
        return Objection.objects.create(**values)

    return make
