"""Notices for the objection tests, made with the ORM (as tests/platform/test_workflow.py).

The notice services belong to another part of the stage; these tests need only a
published notice over a locked list version, with its dates around the clock.
"""

import datetime

import pytest
from django.utils import timezone

from longjiang.accounts.models import Role
from nominations.workflow import Status
from publicity.models import Notice
from publicity.workflow import NoticeStatus
from review.models import CouncilDecision, ListEntry, ListVersion
from tests.factories import UserFactory

LISTED = ("王建国", "李秀英")


def make_notice(campaign, staff_user, nominations, *, starts_on, ends_on, closes_at, number=1):
    """A published main notice over version ``number`` listing ``nominations``."""
    decision = CouncilDecision.objects.create(
        campaign=campaign,
        meeting_date=starts_on,
        minutes_ref=f"黑工主席〔2021〕{number}号",
        attendance="主席、副主席",
        minutes_name="纪要.pdf",
        minutes_storage_name=f"minutes-{number}-{timezone.now().timestamp()}",
        minutes_sha256="0" * 64,
        outcome=CouncilDecision.Outcome.APPROVED,
        recorded_by=staff_user,
        recorded_at=timezone.now(),
    )
    version = ListVersion.objects.create(
        campaign=campaign,
        number=number,
        decision=decision,
        approved_at=timezone.now(),
        content_hash="0" * 64,
    )
    for position, nomination in enumerate(nominations, start=1):
        ListEntry.objects.create(
            version=version,
            part=ListEntry.Part.LISTED,
            position=position,
            nomination=nomination,
            name=nomination.name,
            unit_code=nomination.unit.code,
            unit_name=nomination.unit.name,
            employer_name=nomination.employer_name,
        )
    return Notice.objects.create(
        campaign=campaign,
        list_version=version,
        status=NoticeStatus.PUBLISHED,
        title="关于2021年“龙江工匠”拟选树人选的公示",
        text="现予以公示。",
        starts_on=starts_on,
        ends_on=ends_on,
        working_days=5,
        closes_at=closes_at,
        prepared_by=staff_user,
        published_by=staff_user,
        published_at=timezone.now(),
    )


def live_dates(now=None):
    """Started two days ago; closes tomorrow at 17:00."""
    now = timezone.localtime(now or timezone.now())
    ends_on = now.date() + datetime.timedelta(days=1)
    closes_at = timezone.make_aware(datetime.datetime.combine(ends_on, datetime.time(17)))
    return {
        "starts_on": now.date() - datetime.timedelta(days=2),
        "ends_on": ends_on,
        "closes_at": closes_at,
    }


@pytest.fixture
def listed(make_nomination, unit_qiqihar):
    """Two eligible nominations: 王建国 of Harbin and 李秀英 of Qiqihar."""
    return [
        make_nomination(
            name=LISTED[0], status=Status.ELIGIBLE, employer_name="哈尔滨电机厂有限责任公司"
        ),
        make_nomination(
            name=LISTED[1],
            unit=unit_qiqihar,
            status=Status.ELIGIBLE,
            employer_name="中国一重集团有限公司",
        ),
    ]


@pytest.fixture
def live_notice(campaign, staff_user, listed):
    return make_notice(campaign, staff_user, listed, **live_dates())


@pytest.fixture
def handler(db):
    """Provincial staff who handle objections."""
    return UserFactory(role=Role.STAFF, username="handler", handles_objections=True)
