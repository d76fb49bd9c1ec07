"""A campaign locked through review's services, with notices and objections for the
upheld path and the publicity result.

Quota 2: version 1 lists 欧阳明辉 (85) and 孙丽华 (70), its reserve 李建国 (55) and
王秀兰 (45). Notices and objections are written with the ORM: their own services
belong to other modules and have their own tests.
"""

import itertools
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from longjiang.accounts.models import Role
from publicity.models import ComplainantKind, Notice, Objection, Outcome, PublicitySettings, Source
from publicity.workflow import NoticeStatus, ObjectionStatus
from review import services
from review.models import CouncilDecision, ReviewSettings
from review.selectors.council import WarningKind
from review.services.lists import DecisionInput, record_council_decision
from tests.factories import UserFactory, pdf_upload

KEYS = ("skill", "innovation", "leadership", "awards", "overall")
_receipts = itertools.count(1)


def _score(expert, candidate, values) -> None:
    sheet = services.save_sheet(
        expert.user,
        nomination=candidate,
        scores={k: Decimal(str(v)) for k, v in zip(KEYS, values, strict=True)},
        comment="",
        recommend=True,
        expected_version=0,
        actor=expert.user,
    )
    services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)


def decision(minutes_ref="黑工办纪〔2021〕30号") -> DecisionInput:
    return DecisionInput(
        meeting_date=timezone.localdate(),
        minutes_ref=minutes_ref,
        attendance="主席、副主席、党组成员",
        outcome=CouncilDecision.Outcome.APPROVED,
        note="同意",
    )


@pytest.fixture
def council_secretary(db):
    return UserFactory(role=Role.COUNCIL, username="council_sec", full_name="赵秘书")


@pytest.fixture
def candidates(campaign, staff_user, make_expert, make_nomination, panel, private_root):
    """Four placed candidates scored by two experts; the window closed."""
    campaign.quota = 2
    campaign.save(update_fields=["quota"])
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=1),
        actor=staff_user,
    )
    people = [
        make_nomination(status="eligible", name=name)
        for name in ("欧阳明辉", "孙丽华", "李建国", "王秀兰")
    ]
    services.place_eligible_nominations(campaign, actor=staff_user)
    experts = []
    for name in ("王振华", "刘志强"):
        expert = make_expert(name=name)
        services.add_panel_member(panel, expert=expert, actor=staff_user)
        services.sign_pledge(expert, campaign=campaign, actor=expert.user)
        experts.append(expert)
    a, b = experts
    for person, first, second in zip(
        people,
        ((27, 27, 18, 14, 4), (21, 21, 14, 10, 4), (18, 18, 12, 9, 3), (15, 15, 10, 7, 3)),
        ((24, 24, 16, 12, 4), (21, 21, 14, 10, 4), (15, 15, 10, 7, 3), (12, 12, 8, 6, 2)),
        strict=True,
    ):
        _score(a, person, first)
        _score(b, person, second)
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_opens_at=now - timedelta(days=8), review_closes_at=now - timedelta(seconds=1)
    )
    return {p.name: p for p in people}


@pytest.fixture
def version1(candidates, campaign, council_secretary):
    return record_council_decision(
        campaign,
        decision("黑工办纪〔2021〕12号"),
        minutes=pdf_upload("会议纪要.pdf"),
        actor=council_secretary,
        acknowledged=frozenset(WarningKind.values),
    ).list_version


def make_notice(campaign, version, actor, *, closed=True, kind=Notice.Kind.MAIN, persons=()):
    """A published notice over ``version``: closed yesterday, or live until tomorrow."""
    now = timezone.now()
    today = timezone.localdate()
    notice = Notice.objects.create(
        campaign=campaign,
        list_version=version,
        kind=kind,
        status=NoticeStatus.PUBLISHED,
        title="公示",
        text="公示正文",
        starts_on=today - timedelta(days=8),
        ends_on=today - timedelta(days=1) if closed else today + timedelta(days=1),
        working_days=5,
        closes_at=now - timedelta(days=1) if closed else now + timedelta(days=1),
        prepared_by=actor,
        published_by=actor,
        published_at=now - timedelta(days=9),
    )
    notice.persons.set(persons)
    return notice


def make_objection(notice, nomination, *, status=ObjectionStatus.DECIDED, outcome=Outcome.UPHELD):
    return Objection.objects.create(
        campaign=notice.campaign,
        notice=notice,
        nomination=nomination,
        receipt_number=f"YY2021-{next(_receipts):04d}",
        lookup_code_hash="!",
        source=Source.CALL,
        status=status,
        outcome=outcome if status == ObjectionStatus.DECIDED else "",
        complainant_kind=ComplainantKind.PERSON,
        complainant_name="钱举报",
        complainant_phone="13800000000",
        facts="获奖情况不实",
        decided_at=timezone.now() if status == ObjectionStatus.DECIDED else None,
    )


@pytest.fixture
def main_notice(version1, campaign, staff_user):
    """The main notice over version 1, closed yesterday.

    The campaign waits for no letter in the post (``postal_grace_days=0``), so the
    result can be recorded today; test_results tests the grace period itself.
    """
    PublicitySettings.objects.update_or_create(campaign=campaign, defaults={"postal_grace_days": 0})
    return make_notice(campaign, version1, staff_user)
