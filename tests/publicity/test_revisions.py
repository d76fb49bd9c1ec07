"""The upheld path: the council's version 2, release from the lock, disqualification."""

import re
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from nominations.models import CheckRound, Nomination
from nominations.services import (
    NominationLocked,
    StillOnTheList,
    disqualify_nomination,
    lock_for_list,
    release_from_list,
)
from nominations.workflow import Status
from publicity.models import Notice, Outcome
from publicity.services.notices import prepare_notice
from publicity.services.revisions import NothingChanges, approve_revision
from publicity.workflow import ObjectionStatus
from review.models import CouncilDecision, ListVersion
from review.services.lists import StaleVersion
from review.verification import verify_campaign
from tests.factories import pdf_upload
from tests.publicity.notice_fixtures import future_start
from tests.publicity.upheld import decision, make_objection

pytestmark = pytest.mark.django_db


def revise(campaign, actor, *, cases=(), substitutes=(), expected_version=1):
    return approve_revision(
        campaign,
        decision(),
        minutes=pdf_upload("会议纪要2.pdf"),
        removed_cases=list(cases),
        substitutes=list(substitutes),
        expected_version=expected_version,
        actor=actor,
    )


def rows(version):
    return list(
        version.entries.order_by("part", "position").values_list(
            "part", "position", "name", "rank", "score"
        )
    )


def test_an_upheld_case_with_a_substitute_makes_version_two(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])

    version = revise(campaign, council_secretary, cases=[case], substitutes=[candidates["李建国"]])

    assert version.number == 2
    assert rows(version) == [
        ("listed", 1, "欧阳明辉", 1, "85.00"),
        ("listed", 2, "李建国", 3, "55.00"),
        ("reserve", 1, "王秀兰", 4, "45.00"),
    ]
    assert (
        version.reason == f"根据异议{case.receipt_number}核查结果取消孙丽华的人选资格；递补李建国。"
    )
    assert version.decision.reason == version.reason
    assert version.decision.outcome == CouncilDecision.Outcome.APPROVED
    first = ListVersion.objects.get(campaign=campaign, number=1)
    assert version.previous_hash == first.content_hash
    report = verify_campaign(campaign)
    assert [v.problems for v in report.versions] == [[], []]
    assert not report.altered
    case.refresh_from_db()
    assert case.applied_in == version


def test_the_removed_is_released_and_disqualified_and_the_substitute_stays_locked(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])

    version = revise(campaign, council_secretary, cases=[case], substitutes=[candidates["李建国"]])

    removed = Nomination.objects.get(pk=candidates["孙丽华"].pk)
    assert removed.locked_at is None
    assert removed.locked_by_list == ""
    assert removed.status == Status.DISQUALIFIED
    last_round = CheckRound.objects.filter(nomination=removed).order_by("-number").first()
    assert last_round.outcome == CheckRound.Outcome.DISQUALIFIED
    assert last_round.reason == (
        f"根据异议{case.receipt_number}核查结果，经主席办公会议审定（第2版名单），取消人选资格。"
    )
    substitute = Nomination.objects.get(pk=candidates["李建国"].pk)
    assert substitute.locked_at is not None
    assert substitute.locked_by_list == "2021-v1"
    assert substitute.status == Status.ELIGIBLE
    released = AuditEvent.objects.get(code="nomination.released_from_list")
    assert released.subject_id == removed.pk
    assert released.actor == council_secretary
    assert released.data == {
        "reference": f"2021-v2 {case.receipt_number}",
        "locked_by_list": "2021-v1",
    }
    locked = AuditEvent.objects.filter(code="review.list_locked").order_by("pk").last()
    assert locked.subject_id == version.pk
    assert locked.data["objections"] == [case.receipt_number]
    assert locked.data["removed"] == [removed.pk]
    assert locked.data["substitutes"] == [substitute.pk]
    assert locked.data["reason"] == version.reason
    applied = AuditEvent.objects.get(code="publicity.objection_applied")
    assert applied.subject_id == case.pk
    assert applied.data == {"nomination": removed.pk, "version": 2}
    disqualified = AuditEvent.objects.filter(code="check.disqualified").get()
    assert disqualified.subject_id == removed.pk


def test_no_substitute_leaves_the_place_empty(campaign, candidates, main_notice, council_secretary):
    case = make_objection(main_notice, candidates["欧阳明辉"])

    version = revise(campaign, council_secretary, cases=[case])

    assert rows(version) == [
        ("listed", 1, "孙丽华", 2, "70.00"),
        ("reserve", 1, "李建国", 3, "55.00"),
        ("reserve", 2, "王秀兰", 4, "45.00"),
    ]
    assert (
        version.reason == f"根据异议{case.receipt_number}核查结果取消欧阳明辉的人选资格；不递补。"
    )


def test_two_cases_against_one_person_and_one_against_another(
    campaign, candidates, main_notice, council_secretary
):
    first = make_objection(main_notice, candidates["孙丽华"])
    second = make_objection(main_notice, candidates["欧阳明辉"])
    third = make_objection(main_notice, candidates["孙丽华"])

    version = revise(
        campaign,
        council_secretary,
        cases=[first, second, third],
        substitutes=[candidates["王秀兰"], candidates["李建国"]],
    )

    # Substitutes come in reserve order, whatever order they were chosen in.
    assert [r[2] for r in rows(version)] == ["李建国", "王秀兰"]
    assert version.reason == (
        f"根据异议{second.receipt_number}核查结果取消欧阳明辉的人选资格；"
        f"根据异议{first.receipt_number}、{third.receipt_number}核查结果取消孙丽华的人选资格；"
        "递补李建国、王秀兰。"
    )
    assert not verify_campaign(campaign).altered


def test_a_substitute_may_later_fill_a_place_left_empty(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    revise(campaign, council_secretary, cases=[case])

    version = revise(
        campaign, council_secretary, substitutes=[candidates["王秀兰"]], expected_version=2
    )

    assert [r[2] for r in rows(version)] == ["欧阳明辉", "王秀兰", "李建国"]
    assert version.reason == "递补王秀兰。"
    assert not verify_campaign(campaign).altered


def refused(campaign, actor, message, **options):
    versions = ListVersion.objects.count()
    decisions = CouncilDecision.objects.count()
    events = AuditEvent.objects.count()
    with pytest.raises(DomainError) as caught:
        revise(campaign, actor, **options)
    assert str(caught.value.message) == message
    assert ListVersion.objects.count() == versions
    assert CouncilDecision.objects.count() == decisions
    assert AuditEvent.objects.count() == events
    return caught.value


def test_a_stale_page_is_refused(campaign, candidates, main_notice, council_secretary):
    case = make_objection(main_notice, candidates["孙丽华"])
    error = refused(
        campaign,
        council_secretary,
        "在您打开页面后，名单已审定并锁定为第1版，本次提交未记录。请核对最新的名单版本后再操作。",
        cases=[case],
        expected_version=0,
    )
    assert isinstance(error, StaleVersion)
    assert Nomination.objects.get(pk=candidates["孙丽华"].pk).locked_at is not None


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (ObjectionStatus.DECIDED, Outcome.NOT_TRUE),
        (ObjectionStatus.DECIDED, Outcome.PARTLY_TRUE),
        (ObjectionStatus.VERIFYING, ""),
        (ObjectionStatus.REPORTED, ""),
    ],
)
def test_a_case_not_decided_upheld_is_refused(
    campaign, candidates, main_notice, council_secretary, status, outcome
):
    case = make_objection(main_notice, candidates["孙丽华"], status=status, outcome=outcome)
    refused(
        campaign,
        council_secretary,
        f"异议{case.receipt_number}的办理结果不是“查实，取消资格”，不能据此变更名单。",
        cases=[case],
    )
    nomination = Nomination.objects.get(pk=candidates["孙丽华"].pk)
    assert nomination.locked_at is not None
    assert nomination.status == Status.ELIGIBLE


def test_a_case_applied_once_is_refused_the_second_time(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    revise(campaign, council_secretary, cases=[case])
    case.refresh_from_db()
    refused(
        campaign,
        council_secretary,
        f"异议{case.receipt_number}已据以形成过新的名单版本。",
        cases=[case],
        expected_version=2,
    )


def test_a_substitute_not_in_the_reserve_is_refused(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    refused(
        campaign,
        council_secretary,
        "递补人选须从第1版的后备人选中确定：欧阳明辉不在后备人选中。",
        cases=[case],
        substitutes=[candidates["欧阳明辉"]],
    )


def test_more_substitutes_than_places_are_refused(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    refused(
        campaign,
        council_secretary,
        "递补后建议人选将为3人，超过名额2人。",
        cases=[case],
        substitutes=[candidates["李建国"], candidates["王秀兰"]],
    )


def test_nothing_chosen_is_refused(campaign, candidates, main_notice, council_secretary):
    error = refused(
        campaign,
        council_secretary,
        "未选择取消资格的异议或递补人选，名单没有变化，不能形成新版本。",
    )
    assert isinstance(error, NothingChanges)


def test_only_the_council_secretary_records_it(campaign, candidates, main_notice, staff_user):
    case = make_objection(main_notice, candidates["孙丽华"])
    refused(campaign, staff_user, "只有主席办公会议秘书可以记录会议决定。", cases=[case])


def test_a_refusal_keeps_no_minutes_file(
    campaign, candidates, main_notice, council_secretary, private_root
):
    before = sorted(p for p in private_root.rglob("*") if p.is_file())
    refused(
        campaign,
        council_secretary,
        "未选择取消资格的异议或递补人选，名单没有变化，不能形成新版本。",
    )
    assert sorted(p for p in private_root.rglob("*") if p.is_file()) == before


# --- The lock: released only through the audited path ------------------------------------


def test_lock_for_list_never_unlocks(campaign, candidates, version1, council_secretary):
    nomination = candidates["孙丽华"]
    assert lock_for_list([nomination.pk], reference="2021-v9", actor=council_secretary) == 0
    nomination.refresh_from_db()
    assert nomination.locked_at is not None
    assert nomination.locked_by_list == "2021-v1"


def test_release_from_list_releases_only_locked_nominations(
    campaign, candidates, make_nomination, version1, council_secretary
):
    free = make_nomination(status="eligible", name="周晓梅")
    # Locked once, but not held by the latest version (as one the council dropped).
    dropped = make_nomination(status="eligible", name="吴海波")
    Nomination.objects.filter(pk=dropped.pk).update(
        locked_at=timezone.now(), locked_by_list="2021-v1"
    )
    dropped.refresh_from_db()
    with pytest.raises(NominationLocked):
        # Still locked: the workflow refuses.
        disqualify_nomination(dropped, actor=council_secretary, reason="材料造假")
    with transaction.atomic():
        count = release_from_list(
            [dropped.pk, free.pk],
            reference="2021-v2 YY2021-0001",
            actor=council_secretary,
        )
    assert count == 1
    events = AuditEvent.objects.filter(code="nomination.released_from_list")
    assert [e.subject_id for e in events] == [dropped.pk]


def test_release_from_list_refuses_anyone_on_the_latest_version(
    campaign, candidates, make_nomination, version1, council_secretary
):
    dropped = make_nomination(status="eligible", name="吴海波")
    Nomination.objects.filter(pk=dropped.pk).update(
        locked_at=timezone.now(), locked_by_list="2021-v1"
    )
    listed = candidates["孙丽华"]

    with pytest.raises(StillOnTheList, match=r"^孙丽华仍在最新版本的名单中，不能解除锁定。$"):
        release_from_list(
            [dropped.pk, listed.pk], reference="2021-v2 YY2021-0001", actor=council_secretary
        )

    listed.refresh_from_db()
    dropped.refresh_from_db()
    assert (listed.locked_at is not None, listed.locked_by_list) == (True, "2021-v1")
    assert dropped.locked_at is not None
    assert not AuditEvent.objects.filter(code="nomination.released_from_list").exists()


def test_the_council_revision_releases_the_removed_after_writing_the_new_version(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])

    version = revise(campaign, council_secretary, cases=[case])

    removed = Nomination.objects.get(pk=candidates["孙丽华"].pk)
    kept = Nomination.objects.get(pk=candidates["欧阳明辉"].pk)
    assert version.number == 2
    assert (removed.locked_at, removed.locked_by_list) == (None, "")
    assert kept.locked_at is not None
    [event] = AuditEvent.objects.filter(code="nomination.released_from_list")
    assert event.subject_id == removed.pk
    assert event.data["reference"] == f"2021-v2 {case.receipt_number}"


def test_a_released_entry_of_an_older_version_still_verifies_but_a_cleared_lock_does_not(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    revise(campaign, council_secretary, cases=[case])
    # Behind the portal's back: a lock cleared without the audited release.
    Nomination.objects.filter(pk=candidates["欧阳明辉"].pk).update(locked_at=None)

    report = verify_campaign(campaign)

    assert [v.problems for v in report.versions] == [
        ["名单中有 1 名人选的锁定标记被清除。"],
        ["名单中有 1 名人选的锁定标记被清除。"],
    ]


def test_the_meeting_date_cannot_be_in_the_future(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    data = decision()
    future = data.__class__(
        **{**data.__dict__, "meeting_date": timezone.localdate().replace(year=2099)}
    )
    with pytest.raises(DomainError, match="会议日期不能晚于今天。"):
        approve_revision(
            campaign,
            future,
            minutes=pdf_upload(),
            removed_cases=[case],
            substitutes=[],
            expected_version=1,
            actor=council_secretary,
        )


def test_the_substitute_gets_a_supplementary_notice_of_its_own(
    campaign, candidates, main_notice, council_secretary, staff_user, covered_years
):
    case = make_objection(main_notice, candidates["孙丽华"])
    version = revise(campaign, council_secretary, cases=[case], substitutes=[candidates["李建国"]])

    notice = prepare_notice(
        campaign,
        list_version=version,
        starts_on=future_start(),
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[candidates["李建国"]],
        actor=staff_user,
    )

    assert notice.list_version == version
    assert list(notice.persons.values_list("name", flat=True)) == ["李建国"]
    assert notice.working_days == 5
    assert notice.title.endswith("（补充公示）")


def test_only_release_from_list_clears_a_lock_in_the_code_base():
    root = Path(settings.BASE_DIR)
    clearing = re.compile(r"locked_at\s*=\s*None")
    found = sorted(
        str(path.relative_to(root))
        for package in ("longjiang", "nominations", "review", "publicity")
        for path in (root / package).rglob("*.py")
        if clearing.search(path.read_text(encoding="utf-8"))
    )
    assert found == ["nominations/services/common.py"]


@pytest.mark.usefixtures("row_locks")
@pytest.mark.django_db(transaction=True)
def test_two_revisions_sent_at_once_make_one_version(
    campaign, candidates, main_notice, council_secretary
):
    case = make_objection(main_notice, candidates["孙丽华"])
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def send(substitute):
        try:
            barrier.wait(timeout=10)
            revise(campaign, council_secretary, cases=[case], substitutes=[candidates[substitute]])
            outcomes[substitute] = "ok"
        except Exception as exc:  # The loser's exception is its result.
            outcomes[substitute] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send, args=(name,)) for name in ("李建国", "王秀兰")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [name for name, result in outcomes.items() if result == "ok"]
    losers = [result for result in outcomes.values() if result != "ok"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and type(losers[0]) is StaleVersion, outcomes
    version = ListVersion.objects.get(campaign=campaign, number=2)
    assert [e.name for e in version.entries.filter(part="listed").order_by("position")] == [
        "欧阳明辉",
        winners[0],
    ]
    assert AuditEvent.objects.filter(code="nomination.released_from_list").count() == 1
    assert AuditEvent.objects.filter(code="check.disqualified").count() == 1
    assert not verify_campaign(campaign).altered
