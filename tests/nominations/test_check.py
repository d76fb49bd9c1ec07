"""The first-check services: rounds, manual checks, the four decisions, their mail,
the resubmission of a returned nomination, and the automatic checklist.

Every nomination is made and moved through the real services (``make_nomination``).
Mail goes out on commit; the tests run the on-commit callbacks with
``django_capture_on_commit_callbacks(execute=True)`` and read ``mailoutbox``.
"""

import threading
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connections
from django.utils import timezone

from longjiang.accounts.models import Role
from longjiang.audit.models import AuditEvent
from longjiang.audit.selectors import events_for
from longjiang.dates import show_date, show_datetime
from longjiang.exceptions import DomainError, IllegalTransition
from nominations.checklist import MANUAL_CHECKS, automatic_checks
from nominations.diff import diff_keys
from nominations.models import (
    Campaign,
    CheckConfirmation,
    CheckRound,
    FieldComment,
    Nomination,
)
from nominations.paper_rules import paper_deadline_date
from nominations.services import (
    AlreadyDecided,
    ChecksIncomplete,
    DeadlinePassed,
    Verdict,
    disqualify_nomination,
    grant_deadline_extension,
    mark_eligible,
    record_manual_checks,
    record_paper_receipt,
    reject_nomination,
    remove_attachment,
    return_for_correction,
    save_campaign,
    save_draft,
    start_check,
    submit_nomination,
    withdraw_nomination,
)
from nominations.workflow import Status
from tests.factories import UserFactory, all_checks_met, valid_id_number
from tests.factories.nominations import MAIN_DEEDS

HARBIN = "哈尔滨市总工会"
CLERK_MAIL = ["clerk_harbin@example.org"]
NO_COMMENTS = "退回修改须至少填写一条修改意见。"
PAST_DEADLINE = "修改期限须晚于当前时间。"
REJECT_WITHOUT_REASON = "不予通过须填写理由，推荐单位将看到该理由。"
DISQUALIFY_WITHOUT_REASON = "取消资格须填写理由。"
NOT_IN_CHECK = "只有初审中的推荐才能核验。"
# Born in January 62 years before this year: 61 or 62 years old, above the check's 60
# and within the submission limit of 65.
OLD_BIRTH_MONTH = date(timezone.localdate().year - 62, 1, 1)
DEADLINE_PASSED = "本单位的电子材料报送已截止，不能再提交。如确有特殊情况，请联系省总工会。"


# --- Helpers ------------------------------------------------------------------------


def correction_deadline(days: int = 7) -> datetime:
    """Return 17:00 local time ``days`` days from today, as staff would set it."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


def chinese_datetime(value: datetime) -> str:
    """Format as the mail does ("Y年n月j日 H:i", local time)."""
    local = timezone.localtime(value)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def round_row(check_round: CheckRound) -> dict:
    return {
        "number": check_round.number,
        "revision": check_round.revision.number,
        "outcome": check_round.outcome,
        "reason": check_round.reason,
        "correction_deadline": check_round.correction_deadline,
        "started_by": check_round.started_by,
        "decided_by": check_round.decided_by,
    }


def comment_rows(check_round: CheckRound) -> list[tuple[str, str]]:
    return list(check_round.comments.order_by("id").values_list("field", "comment"))


def last_event_id() -> int:
    return AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def events_since(event_id: int) -> list[tuple[str, dict]]:
    return [(e.code, e.data) for e in AuditEvent.objects.filter(id__gt=event_id).order_by("id")]


def mail_summary(outbox) -> list[tuple[str, list[str]]]:
    return [(m.subject, m.to) for m in outbox]


def check_results(results) -> dict[str, tuple[bool | None, str]]:
    return {r.key: (r.passed, r.detail) for r in results}


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def close_intake(campaign, *, actor, days_ago: int = 3) -> None:
    """Move both deadlines into the past through the campaign service.

    The paper deadline lies ``days_ago`` days back (00:00, as the notice sets it),
    the electronic one five days before it.
    """
    paper_day = timezone.localdate() - timedelta(days=days_ago)
    campaign.paper_deadline = timezone.make_aware(datetime.combine(paper_day, time(0, 0)))
    campaign.electronic_deadline = campaign.paper_deadline - timedelta(days=5)
    save_campaign(campaign, actor=actor, changed=["electronic_deadline", "paper_deadline"])


def assert_still_in_check(nomination: Nomination, events_before: int) -> None:
    """Assert the nomination is in check with its round open and nothing was written."""
    version = nomination.version
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    assert nomination.version == version
    check_round = CheckRound.objects.get(nomination=nomination)
    assert (check_round.outcome, check_round.decided_by, check_round.decided_at) == ("", None, None)
    assert check_round.correction_deadline is None
    assert not FieldComment.objects.exists()
    assert AuditEvent.objects.count() == events_before


# --- Starting the check -------------------------------------------------------------


def test_start_check_opens_round_one_on_the_submitted_revision(make_nomination, clerk, staff_user):
    nomination = make_nomination(status=Status.SUBMITTED)
    before = timezone.now()

    result = start_check(nomination, actor=staff_user)

    after = timezone.now()
    check_round = CheckRound.objects.get(nomination=nomination)
    assert result.status == Status.IN_CHECK
    assert round_row(check_round) == {
        "number": 1,
        "revision": 1,
        "outcome": "",
        "reason": "",
        "correction_deadline": None,
        "started_by": staff_user,
        "decided_by": None,
    }
    assert before <= check_round.started_at <= after
    assert check_round.decided_at is None
    assert check_round.revision == nomination.revisions.get()
    event = events_for(nomination).last()
    assert (event.code, event.actor, event.data) == (
        "check.started",
        staff_user,
        {"from": "submitted", "to": "in_check", "round": 1, "revision": 1},
    )


def test_start_check_after_a_withdrawal_opens_the_round_on_the_latest_revision(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.SUBMITTED)
    withdraw_nomination(nomination, actor=clerk)
    submit_nomination(nomination, actor=clerk)

    start_check(nomination, actor=staff_user)

    check_round = CheckRound.objects.get(nomination=nomination)
    assert (check_round.number, check_round.revision.number) == (1, 2)
    assert check_round.revision == nomination.revisions.get(number=2)


def test_withdraw_nomination_once_the_check_started_raises_illegal_transition(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition) as caught:
        withdraw_nomination(nomination, actor=clerk)

    assert caught.value.message == "“初审中”状态下不能撤回修改。"
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK
    assert AuditEvent.objects.count() == events_before


# --- Manual checks ------------------------------------------------------------------


def confirmation_rows() -> list[tuple]:
    return list(
        CheckConfirmation.objects.order_by("round__number", "key").values_list(
            "round__number", "key", "passed", "note", "confirmed_by", "carried_from"
        )
    )


def test_record_manual_checks_saves_every_verdict_with_one_event(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    since = last_event_id()

    changed = record_manual_checks(
        nomination,
        actor=staff_user,
        verdicts={
            "not_excluded": Verdict(passed=True, note=" 系车间班组长。 "),
            "frontline": Verdict(passed=False, note="实为车间主任，待核实。"),
        },
    )

    assert changed == ["frontline", "not_excluded"]
    assert confirmation_rows() == [
        (1, "frontline", False, "实为车间主任，待核实。", staff_user.pk, None),
        (1, "not_excluded", True, "系车间班组长。", staff_user.pk, None),
    ]
    assert events_since(since) == [
        (
            "check.confirmed",
            {
                "round": 1,
                "checks": [
                    {"key": "frontline", "passed": False, "note": "实为车间主任，待核实。"},
                    {"key": "not_excluded", "passed": True, "note": "系车间班组长。"},
                ],
            },
        )
    ]
    nomination.refresh_from_db()
    assert nomination.status == Status.IN_CHECK


def test_record_manual_checks_again_changes_and_audits_only_what_differs(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    colleague = UserFactory(role=Role.STAFF, full_name="刘审核")
    record_manual_checks(
        nomination,
        actor=staff_user,
        verdicts={"frontline": Verdict(True), "not_excluded": Verdict(True, "系班组长。")},
    )
    since = last_event_id()

    changed = record_manual_checks(
        nomination,
        actor=colleague,
        verdicts={
            "frontline": Verdict(False, "实为车间主任。"),
            "not_excluded": Verdict(True, "系班组长。"),
        },
    )

    assert changed == ["frontline"]
    assert confirmation_rows() == [
        (1, "frontline", False, "实为车间主任。", colleague.pk, None),
        (1, "not_excluded", True, "系班组长。", staff_user.pk, None),
    ]
    assert events_since(since) == [
        (
            "check.confirmed",
            {
                "round": 1,
                "checks": [{"key": "frontline", "passed": False, "note": "实为车间主任。"}],
            },
        )
    ]
    assert (
        record_manual_checks(
            nomination, actor=colleague, verdicts={"frontline": Verdict(False, "实为车间主任。")}
        )
        == []
    )
    assert len(events_since(since)) == 1


def test_record_manual_checks_with_an_unknown_key_raises_value_error(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValueError, match="Unknown manual checks: \\['photo_ok'\\]"):
        record_manual_checks(
            nomination,
            actor=staff_user,
            verdicts={"frontline": Verdict(True), "photo_ok": Verdict(True)},
        )

    assert not CheckConfirmation.objects.exists()
    assert AuditEvent.objects.count() == events_before


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.ELIGIBLE, Status.RETURNED])
def test_record_manual_checks_when_not_in_check_raises_illegal_transition(
    make_nomination, clerk, staff_user, status
):
    nomination = make_nomination(status=status)
    rows = confirmation_rows()
    events_before = AuditEvent.objects.count()

    with pytest.raises(IllegalTransition) as caught:
        record_manual_checks(nomination, actor=staff_user, verdicts={"frontline": Verdict(True)})

    assert caught.value.message == NOT_IN_CHECK
    assert confirmation_rows() == rows
    assert AuditEvent.objects.count() == events_before


# --- Approval needs every manual check -------------------------------------------------


def test_mark_eligible_with_manual_checks_unrecorded_is_refused_naming_them(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    record_manual_checks(
        nomination,
        actor=staff_user,
        verdicts={"frontline": Verdict(True), "evidence_authentic": Verdict(True)},
    )
    events_before = AuditEvent.objects.count()

    with pytest.raises(ChecksIncomplete) as caught:
        mark_eligible(nomination, actor=staff_user, note="材料齐全。")

    assert caught.value.message == (
        "不能通过初审。以下人工核验尚未记录结论："
        "“核实不属于副厅（局）级及以上领导干部或组织部门管理的单位负责人”、"
        "“事迹材料能够支撑所选的推荐条件”、“所在单位及推荐单位意见齐全，签字盖章完整”。"
    )
    assert_still_in_check(nomination, events_before)


def test_mark_eligible_with_a_check_not_met_and_no_reason_is_refused(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    verdicts = {**all_checks_met(), "criteria_met": Verdict(passed=False)}
    events_before = AuditEvent.objects.count()

    with pytest.raises(ChecksIncomplete) as caught:
        mark_eligible(nomination, actor=staff_user, verdicts=verdicts)

    assert caught.value.message == (
        "不能通过初审。以下人工核验结论为不符合，仍予通过须在说明中填写理由："
        "“事迹材料能够支撑所选的推荐条件”。"
    )
    # The verdicts sent with the refused approval are not kept either.
    assert not CheckConfirmation.objects.exists()
    assert_still_in_check(nomination, events_before)


def test_mark_eligible_with_a_check_not_met_and_a_reason_records_and_decides(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    reason = "竞赛条件不足，但技术革新成果突出，经研究仍予通过。"
    verdicts = {**all_checks_met(), "criteria_met": Verdict(passed=False, note=reason)}
    since = last_event_id()

    result = mark_eligible(nomination, actor=staff_user, verdicts=verdicts)

    assert result.status == Status.ELIGIBLE
    assert [code for code, _data in events_since(since)] == ["check.confirmed", "check.eligible"]
    assert events_since(since)[0][1]["checks"][3] == {
        "key": "criteria_met",
        "passed": False,
        "note": reason,
    }
    assert CheckConfirmation.objects.get(key="criteria_met").note == reason


# --- Verdicts carried over a resubmission -------------------------------------------------


def return_and_resubmit(nomination, *, clerk, staff_user, fields: dict) -> None:
    return_for_correction(
        nomination, actor=staff_user, comments={"main_deeds": "请补充。"}, deadline=DEADLINE
    )
    current = Nomination.objects.get(pk=nomination.pk)
    if fields:
        save_draft(current, actor=clerk, expected_version=current.version, fields=fields)
    submit_nomination(current, actor=clerk)


def test_start_check_after_a_resubmission_carries_verdicts_whose_fields_did_not_change(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    reason = "竞赛条件不足，但技术革新成果突出。"
    record_manual_checks(
        nomination,
        actor=staff_user,
        verdicts={
            **all_checks_met(),
            "criteria_met": Verdict(False, reason),
            "frontline": Verdict(False, "待核实岗位。"),
        },
    )
    return_and_resubmit(
        nomination, clerk=clerk, staff_user=staff_user, fields={"main_deeds": MAIN_DEEDS + "补充。"}
    )
    since = last_event_id()

    start_check(nomination, actor=staff_user)

    # main_deeds is covered by "criteria_met" only: that verdict starts over.
    assert confirmation_rows()[5:] == [
        (2, "evidence_authentic", True, "", staff_user.pk, 1),
        (2, "frontline", False, "待核实岗位。", staff_user.pk, 1),
        (2, "not_excluded", True, "", staff_user.pk, 1),
        (2, "opinions_signed", True, "", staff_user.pk, 1),
    ]
    assert events_since(since)[0][1] == {
        "from": "submitted",
        "to": "in_check",
        "round": 2,
        "revision": 2,
        "carried": ["frontline", "not_excluded", "evidence_authentic", "opinions_signed"],
        "reset": ["criteria_met"],
    }
    with pytest.raises(ChecksIncomplete, match="“事迹材料能够支撑所选的推荐条件”"):
        mark_eligible(nomination, actor=staff_user)


# The factory's numbers are born on the 17th: the 3rd makes another valid number.
@pytest.mark.parametrize(
    "fields", [{"name": "王建军"}, {"id_number": valid_id_number(date(1980, 5, 3), "1")}]
)
def test_start_check_after_a_resubmission_naming_someone_else_resets_every_verdict(
    make_nomination, clerk, staff_user, fields
):
    nomination = make_nomination(status=Status.IN_CHECK)
    record_manual_checks(nomination, actor=staff_user, verdicts=all_checks_met())
    return_and_resubmit(nomination, clerk=clerk, staff_user=staff_user, fields=fields)
    since = last_event_id()

    start_check(nomination, actor=staff_user)

    assert confirmation_rows()[5:] == []
    assert events_since(since)[0][1]["carried"] == []
    assert sorted(events_since(since)[0][1]["reset"]) == sorted(all_checks_met())


def test_start_check_after_an_unchanged_resubmission_carries_every_verdict_into_round_three(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    record_manual_checks(nomination, actor=staff_user, verdicts=all_checks_met())
    return_and_resubmit(nomination, clerk=clerk, staff_user=staff_user, fields={})
    start_check(nomination, actor=staff_user)
    return_and_resubmit(nomination, clerk=clerk, staff_user=staff_user, fields={"post": "焊工班长"})

    start_check(nomination, actor=staff_user)

    third = [row for row in confirmation_rows() if row[0] == 3]
    # "post" is covered by "frontline" and "not_excluded"; the others still date from round 1.
    assert third == [
        (3, "criteria_met", True, "", staff_user.pk, 1),
        (3, "evidence_authentic", True, "", staff_user.pk, 1),
        (3, "opinions_signed", True, "", staff_user.pk, 1),
    ]


def test_manual_checks_cover_only_keys_the_diff_reports():
    assert all(check.covers for check in MANUAL_CHECKS)
    assert set().union(*(check.covers for check in MANUAL_CHECKS)) <= diff_keys()


# --- The four decisions -------------------------------------------------------------

DEADLINE = correction_deadline()
# decision -> (call, outcome and status, reason, deadline, comments, extra event data)
DECISIONS = {
    "eligible": (
        lambda n, actor: mark_eligible(
            n, actor=actor, note="材料齐全，条件相符。", verdicts=all_checks_met()
        ),
        "eligible",
        "材料齐全，条件相符。",
        None,
        [],
        {},
    ),
    "returned": (
        lambda n, actor: return_for_correction(
            n,
            actor=actor,
            comments={
                "main_deeds": "  请补充近三年的主要业绩数据。 ",
                "photo": "请更换为近期正面免冠照片。",
                "honours": "   ",
            },
            deadline=DEADLINE,
            note="请按意见修改。",
        ),
        "returned",
        "请按意见修改。",
        DEADLINE,
        [("main_deeds", "请补充近三年的主要业绩数据。"), ("photo", "请更换为近期正面免冠照片。")],
        {"deadline": DEADLINE.isoformat(), "comments": ["main_deeds", "photo"]},
    ),
    "rejected": (
        lambda n, actor: reject_nomination(n, actor=actor, reason="不在生产一线岗位。"),
        "rejected",
        "不在生产一线岗位。",
        None,
        [],
        {},
    ),
    "disqualified": (
        lambda n, actor: disqualify_nomination(n, actor=actor, reason="获奖证书系伪造。"),
        "disqualified",
        "获奖证书系伪造。",
        None,
        [],
        {},
    ),
}
EVENT_OF = {
    "eligible": "check.eligible",
    "returned": "check.returned",
    "rejected": "check.rejected",
    "disqualified": "check.disqualified",
}


@pytest.mark.parametrize("decision", DECISIONS)
def test_decision_closes_the_open_round_with_outcome_reason_and_comments(
    make_nomination, clerk, staff_user, decision
):
    decide, outcome, reason, deadline, comments, extra = DECISIONS[decision]
    nomination = make_nomination(status=Status.IN_CHECK)
    record_manual_checks(nomination, actor=staff_user, verdicts=all_checks_met())
    since = last_event_id()
    before = timezone.now()

    result = decide(nomination, staff_user)

    after = timezone.now()
    check_round = CheckRound.objects.get(nomination=nomination)
    assert result.status == outcome
    nomination.refresh_from_db()
    assert nomination.status == outcome
    assert round_row(check_round) == {
        "number": 1,
        "revision": 1,
        "outcome": outcome,
        "reason": reason,
        "correction_deadline": deadline,
        "started_by": staff_user,
        "decided_by": staff_user,
    }
    assert before <= check_round.decided_at <= after
    assert comment_rows(check_round) == comments
    # The manual checks stay with the round they were made in.
    assert list(check_round.confirmations.values_list("key", flat=True)) == sorted(
        check.key for check in MANUAL_CHECKS
    )
    assert events_since(since) == [
        (
            EVENT_OF[decision],
            {"from": "in_check", "to": outcome, "round": 1, "reason": reason, **extra},
        )
    ]


@pytest.mark.parametrize(
    "comments", [{}, {"main_deeds": "  ", "photo": ""}], ids=["no comments", "blank comments"]
)
def test_return_for_correction_without_comments_raises_and_writes_nothing(
    make_nomination, clerk, staff_user, comments
):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        return_for_correction(
            nomination,
            actor=staff_user,
            comments=comments,
            deadline=correction_deadline(),
        )

    assert str(caught.value.message) == NO_COMMENTS
    assert_still_in_check(nomination, events_before)


def test_return_for_correction_with_a_past_deadline_raises_and_writes_nothing(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        return_for_correction(
            nomination,
            actor=staff_user,
            comments={"main_deeds": "请补充业绩。"},
            deadline=timezone.now() - timedelta(minutes=1),
        )

    assert str(caught.value.message) == PAST_DEADLINE
    assert_still_in_check(nomination, events_before)


def test_return_for_correction_with_a_comment_on_an_unknown_field_raises_value_error(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    with pytest.raises(ValueError, match=r"Comments on unknown fields: \['salary'\]"):
        return_for_correction(
            nomination,
            actor=staff_user,
            comments={"salary": "请填写收入。"},
            deadline=correction_deadline(),
        )

    assert_still_in_check(nomination, events_before)


@pytest.mark.parametrize(
    ("decide", "message"),
    [
        (reject_nomination, REJECT_WITHOUT_REASON),
        (disqualify_nomination, DISQUALIFY_WITHOUT_REASON),
    ],
    ids=["reject", "disqualify"],
)
@pytest.mark.parametrize("reason", ["", "  \n "])
def test_decision_without_a_reason_raises_and_writes_nothing(
    make_nomination, clerk, staff_user, decide, message, reason
):
    nomination = make_nomination(status=Status.IN_CHECK)
    events_before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as caught:
        decide(nomination, actor=staff_user, reason=reason)

    assert str(caught.value.message) == message
    assert_still_in_check(nomination, events_before)


def test_disqualify_nomination_of_an_eligible_one_opens_and_closes_a_new_round(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.ELIGIBLE)
    colleague = UserFactory(role=Role.STAFF, full_name="刘审核")
    since = last_event_id()

    disqualify_nomination(nomination, actor=colleague, reason="公示期间查实荣誉证书系伪造。")

    rounds = list(CheckRound.objects.filter(nomination=nomination).order_by("number"))
    assert [round_row(r) for r in rounds] == [
        {
            "number": 1,
            "revision": 1,
            "outcome": "eligible",
            "reason": "",
            "correction_deadline": None,
            "started_by": staff_user,
            "decided_by": staff_user,
        },
        {
            "number": 2,
            "revision": 1,
            "outcome": "disqualified",
            "reason": "公示期间查实荣誉证书系伪造。",
            "correction_deadline": None,
            "started_by": colleague,
            "decided_by": colleague,
        },
    ]
    assert rounds[1].started_at <= rounds[1].decided_at
    nomination.refresh_from_db()
    assert nomination.status == Status.DISQUALIFIED
    assert events_since(since) == [
        (
            "check.disqualified",
            {
                "from": "eligible",
                "to": "disqualified",
                "round": 2,
                "reason": "公示期间查实荣誉证书系伪造。",
            },
        )
    ]


def test_reject_nomination_already_found_eligible_raises_already_decided_naming_who(
    make_nomination, clerk, staff_user
):
    staff_user.full_name = "王审核"
    staff_user.save(update_fields=["full_name"])
    nomination = make_nomination(status=Status.ELIGIBLE)
    decided_at = CheckRound.objects.get(nomination=nomination).decided_at
    events_before = AuditEvent.objects.count()

    with pytest.raises(AlreadyDecided) as caught:
        reject_nomination(nomination, actor=UserFactory(role=Role.STAFF), reason="不符合条件。")

    clock = show_datetime(decided_at)
    assert str(caught.value.message) == (
        f"该推荐已由王审核于{clock}作出初审决定（初审通过），您的操作未执行。"
    )
    assert CheckRound.objects.get(nomination=nomination).outcome == "eligible"
    assert AuditEvent.objects.count() == events_before


def test_mark_eligible_of_a_submitted_nomination_raises_illegal_transition_not_decided(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.SUBMITTED)

    with pytest.raises(IllegalTransition) as caught:
        mark_eligible(nomination, actor=staff_user)

    assert type(caught.value) is IllegalTransition
    assert caught.value.message == "“已提交”状态下不能确认通过初审。"
    assert not CheckRound.objects.exists()


# --- The decision mail --------------------------------------------------------------


@pytest.mark.parametrize(
    ("decision", "subject", "line"),
    [
        ("eligible", "【初审结果】推荐人选“张建国”：通过初审", "意见或理由：材料齐全，条件相符。"),
        ("rejected", "【初审结果】推荐人选“张建国”：不予通过", "意见或理由：不在生产一线岗位。"),
        (
            "disqualified",
            "【初审结果】推荐人选“张建国”：取消资格",
            "意见或理由：获奖证书系伪造。",
        ),
    ],
)
def test_decision_mails_the_units_clerks_on_commit(
    make_nomination,
    clerk,
    other_clerk,
    staff_user,
    mailoutbox,
    django_capture_on_commit_callbacks,
    decision,
    subject,
    line,
):
    nomination = make_nomination(status=Status.IN_CHECK)

    with django_capture_on_commit_callbacks() as callbacks:
        DECISIONS[decision][0](nomination, staff_user)
    assert mailoutbox == []  # Nothing is sent before the decision commits.
    for callback in callbacks:
        callback()

    assert mail_summary(mailoutbox) == [(subject, CLERK_MAIL)]
    body = mailoutbox[0].body
    assert body.startswith(f"{HARBIN}：\n\n贵单位推荐的人选“张建国”的初审结果为：")
    assert line in body.splitlines()
    assert "请按以下意见修改" not in body


def test_return_for_correction_mails_the_comments_with_their_field_labels(
    make_nomination, clerk, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination(status=Status.IN_CHECK)

    with django_capture_on_commit_callbacks(execute=True):
        DECISIONS["returned"][0](nomination, staff_user)

    assert mail_summary(mailoutbox) == [("【初审结果】推荐人选“张建国”：退回修改", CLERK_MAIL)]
    assert mailoutbox[0].body == (
        f"{HARBIN}：\n\n"
        "贵单位推荐的人选“张建国”的初审结果为：退回修改。\n\n"
        f"请按以下意见修改，并于{chinese_datetime(DEADLINE)}前重新提交：\n"
        "- 主要事迹：请补充近三年的主要业绩数据。\n"
        "- 照片：请更换为近期正面免冠照片。\n\n"
        "意见或理由：请按意见修改。\n\n"
        "请登录龙江工匠选树门户查看详情。\n\n"
        "本邮件由系统自动发送，请勿回复。\n"
    )


def test_refused_decision_sends_no_mail(
    make_nomination, clerk, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination(status=Status.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(IllegalTransition):
        reject_nomination(nomination, actor=staff_user, reason="不符合条件。")

    assert mailoutbox == []


# --- Resubmission -------------------------------------------------------------------


def test_submit_nomination_of_a_corrected_return_resubmits_it_and_notifies_unit_and_staff(
    make_nomination, clerk, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination(status=Status.RETURNED)
    corrected = MAIN_DEEDS + "\n\n近三年完成技术攻关十二项。"
    nomination = save_draft(
        nomination,
        actor=clerk,
        expected_version=nomination.version,
        fields={"main_deeds": corrected},
    )
    since = last_event_id()

    with django_capture_on_commit_callbacks(execute=True):
        result = submit_nomination(nomination, actor=clerk)

    assert result.status == Status.SUBMITTED
    revisions = list(nomination.revisions.order_by("number"))
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].snapshot["main_deeds"] == MAIN_DEEDS
    assert revisions[1].snapshot["main_deeds"] == corrected
    assert events_since(since) == [
        ("nomination.submitted", {"from": "returned", "to": "submitted"})
    ]
    assert mail_summary(mailoutbox) == [
        ("【2021年“龙江工匠”选树】推荐人选“张建国”已提交", CLERK_MAIL),
        (f"【初审】{HARBIN}已重新提交“张建国”的推荐材料", ["staff@example.org"]),
    ]
    assert mailoutbox[1].body.startswith(
        f"{HARBIN}已按退回意见修改并重新提交了推荐人选“张建国”的材料。\n"
    )


def test_submit_nomination_for_the_first_time_sends_no_resubmission_notice(
    make_nomination, clerk, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination()

    with django_capture_on_commit_callbacks(execute=True):
        submit_nomination(nomination, actor=clerk)

    assert mail_summary(mailoutbox) == [
        ("【2021年“龙江工匠”选树】推荐人选“张建国”已提交", CLERK_MAIL)
    ]


def test_submit_nomination_after_the_correction_deadline_raises_deadline_passed(
    make_nomination, clerk, staff_user, campaign
):
    nomination = make_nomination(status=Status.IN_CHECK)
    deadline = correction_deadline(2)
    return_for_correction(
        nomination, actor=staff_user, comments={"main_deeds": "请补充。"}, deadline=deadline
    )
    late = deadline + timedelta(minutes=1)
    assert late < campaign.electronic_deadline  # The campaign itself is still open.

    with pytest.raises(DeadlinePassed) as caught:
        submit_nomination(nomination, actor=clerk, now=late)

    assert str(caught.value.message) == DEADLINE_PASSED
    nomination.refresh_from_db()
    assert nomination.status == Status.RETURNED
    assert nomination.revisions.count() == 1


def test_submit_nomination_before_the_correction_deadline_succeeds_after_the_campaigns(
    make_nomination, clerk, staff_user, campaign
):
    nomination = make_nomination(status=Status.IN_CHECK)
    return_for_correction(
        nomination,
        actor=staff_user,
        comments={"main_deeds": "请补充。"},
        deadline=campaign.electronic_deadline + timedelta(days=3),
    )
    after_campaign = campaign.electronic_deadline + timedelta(days=1)

    result = submit_nomination(nomination, actor=clerk, now=after_campaign)

    nomination.refresh_from_db()
    assert result.status == Status.SUBMITTED
    assert nomination.status == Status.SUBMITTED
    assert nomination.submitted_at == after_campaign
    assert nomination.revisions.count() == 2


def test_start_check_of_a_resubmission_opens_round_two_on_revision_two(
    make_nomination, clerk, staff_user
):
    nomination = make_nomination(status=Status.RETURNED)
    submit_nomination(nomination, actor=clerk)

    start_check(nomination, actor=staff_user)

    rounds = list(CheckRound.objects.filter(nomination=nomination).order_by("number"))
    assert [(r.number, r.revision.number, r.outcome) for r in rounds] == [
        (1, 1, "returned"),
        (2, 2, ""),
    ]
    assert rounds[1].revision == nomination.revisions.get(number=2)


# --- Warning count ------------------------------------------------------------------


def test_submit_nomination_of_a_complete_one_counts_no_warning(make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED)

    assert nomination.warning_count == 0


def test_credit_code_failing_its_checksum_is_stored_and_an_automatic_check_warning(
    make_nomination, clerk
):
    nomination = make_nomination()
    good = nomination.employer_credit_code
    bad = good[:17] + ("0" if good[17] != "0" else "1")

    save_draft(
        nomination,
        actor=clerk,
        expected_version=nomination.version,
        fields={"employer_credit_code": bad},
    )
    nomination.refresh_from_db()
    stored = nomination.credit_code_suspect
    submit_nomination(nomination, actor=clerk)
    nomination.refresh_from_db()

    assert stored is True
    assert nomination.warning_count == 1
    assert check_results(automatic_checks(nomination))["credit_code"] == (
        False,
        f"{bad}校验位不符，请与推荐单位核对；个别早期试点代码校验位不符但仍有效",
    )


def test_credit_code_corrected_clears_the_stored_warning(make_nomination, clerk):
    nomination = make_nomination()
    good = nomination.employer_credit_code
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    for code in (bad, good):
        current = Nomination.objects.get(pk=nomination.pk)
        save_draft(
            current,
            actor=clerk,
            expected_version=current.version,
            fields={"employer_credit_code": code},
        )

    nomination.refresh_from_db()
    assert nomination.credit_code_suspect is False
    assert check_results(automatic_checks(nomination))["credit_code"] == (True, good)


def test_automatic_check_without_a_credit_code_is_undecided(make_nomination, clerk):
    nomination = make_nomination(employer_credit_code="")

    assert check_results(automatic_checks(nomination))["credit_code"] == (None, "未填写")


def test_submit_nomination_past_the_retirement_age_counts_one_warning(make_nomination, clerk):
    nomination = make_nomination(status=Status.SUBMITTED, birth_month=OLD_BIRTH_MONTH)

    assert nomination.warning_count == 1


def test_submit_nomination_after_the_paper_deadline_without_paper_counts_one_warning(
    make_nomination, clerk, staff_user, campaign, unit_harbin
):
    # Only a unit with an extension can still submit after the paper deadline.
    grant_deadline_extension(
        campaign,
        unit=unit_harbin,
        until=campaign.paper_deadline + timedelta(days=3),
        reason="受汛期影响。",
        actor=staff_user,
    )
    nomination = make_nomination()

    submit_nomination(nomination, actor=clerk, now=campaign.paper_deadline + timedelta(days=1))

    nomination.refresh_from_db()
    assert nomination.warning_count == 1


def test_record_paper_receipt_refreshes_the_warning_count(make_nomination, clerk, staff_user):
    nomination = make_nomination(status=Status.SUBMITTED, birth_month=OLD_BIRTH_MONTH)
    today = timezone.localdate()
    counts = [nomination.warning_count]

    for copies, stamped in [(2, False), (3, True)]:
        record_paper_receipt(
            nomination, actor=staff_user, received_on=today, copies=copies, stamped=stamped
        )
        nomination.refresh_from_db()
        counts.append(nomination.warning_count)

    # Age alone; age and an incomplete paper copy; age again once the copy is complete.
    assert counts == [1, 2, 1]


def test_record_paper_receipt_after_the_paper_deadline_counts_a_warning(
    make_nomination, clerk, staff_user, campaign
):
    nomination = make_nomination(status=Status.SUBMITTED)
    close_intake(campaign, actor=staff_user, days_ago=3)

    record_paper_receipt(
        nomination, actor=staff_user, received_on=timezone.localdate(), copies=3, stamped=True
    )

    nomination.refresh_from_db()
    assert nomination.warning_count == 1


# --- Automatic checks ---------------------------------------------------------------


def test_automatic_checks_of_a_complete_nomination_all_pass_but_paper_pending(
    make_nomination, clerk
):
    nomination = make_nomination(status=Status.SUBMITTED)
    deadline_day = timezone.localdate(nomination.campaign.electronic_deadline)

    results = automatic_checks(nomination)

    assert [(r.key, str(r.label)) for r in results] == [
        ("union_member", "工会会员"),
        ("in_service", "在职，非退休（含返聘）"),
        ("not_excluded", "非副厅（局）级及以上干部或组织部门管理的单位负责人"),
        ("criteria", "至少符合一项推荐条件"),
        ("competition", "竞赛奖励达到通知要求"),
        ("evidence", "每项获奖和荣誉均有佐证材料"),
        ("deeds", "事迹材料字数符合要求"),
        ("duplicates", "本年度无重复推荐"),
        ("repeat", "往届未获评“龙江工匠”"),
        ("credit_code", "统一社会信用代码校验位正确"),
        ("age", "年龄"),
        ("consent", "本人同意公开姓名、单位及职务"),
        ("paper", "纸质材料按时收到"),
    ]
    assert check_results(results) == {
        "union_member": (True, "2000年1月"),
        "in_service": (True, ""),
        "not_excluded": (True, ""),
        "criteria": (True, "高超技能"),
        "competition": (None, "未选择该条件"),
        "evidence": (True, ""),
        "deeds": (True, "简要事迹82字，主要事迹415字"),
        "duplicates": (True, ""),
        "repeat": (True, ""),
        "credit_code": (True, nomination.employer_credit_code),
        "age": (True, f"{age_on(date(1980, 5, 17), deadline_day)}岁"),
        "consent": (True, ""),
        "paper": (None, "尚未收到"),
    }


def test_automatic_checks_with_an_honour_without_evidence_fail_evidence(make_nomination, clerk):
    nomination = make_nomination()
    remove_attachment(nomination.attachments.get(honour__isnull=False), actor=clerk)

    results = check_results(automatic_checks(nomination))

    assert results["evidence"] == (False, "缺少：黑龙江省五一劳动奖章")


def test_automatic_checks_without_paper_after_the_paper_deadline_fail_paper(
    make_nomination, clerk, campaign
):
    nomination = make_nomination(status=Status.SUBMITTED)
    deadline_day = paper_deadline_date(campaign)

    on_the_day = check_results(automatic_checks(nomination, on=deadline_day))
    day_after = check_results(automatic_checks(nomination, on=deadline_day + timedelta(days=1)))

    assert on_the_day["paper"] == (None, "尚未收到")
    assert day_after["paper"] == (False, "逾期未收到")


def test_automatic_checks_with_paper_received_late_fail_paper(
    make_nomination, clerk, staff_user, campaign
):
    nomination = make_nomination(status=Status.SUBMITTED)
    close_intake(campaign, actor=staff_user, days_ago=3)
    received_on = timezone.localdate() - timedelta(days=1)
    record_paper_receipt(
        nomination, actor=staff_user, received_on=received_on, copies=3, stamped=True
    )
    nomination = Nomination.objects.get(pk=nomination.pk)

    results = check_results(automatic_checks(nomination))

    assert results["paper"] == (False, f"{show_date(received_on)}收到3份，已盖章（逾期）")


def test_automatic_checks_with_paper_received_in_time_pass_paper(
    make_nomination, clerk, staff_user, campaign
):
    nomination = make_nomination(status=Status.SUBMITTED)
    close_intake(campaign, actor=staff_user, days_ago=3)
    received_on = paper_deadline_date(campaign)  # The deadline's own day is in time.
    record_paper_receipt(
        nomination, actor=staff_user, received_on=received_on, copies=3, stamped=True
    )
    nomination = Nomination.objects.get(pk=nomination.pk)

    results = check_results(automatic_checks(nomination))

    assert results["paper"] == (True, f"{show_date(received_on)}收到3份，已盖章")


def move_electronic_deadline(campaign, day: date) -> None:
    """Put the campaign's electronic deadline (and the paper one after it) on ``day``."""
    deadline = timezone.make_aware(datetime.combine(day, time(17, 0)))
    Campaign.objects.filter(pk=campaign.pk).update(
        electronic_deadline=deadline, paper_deadline=deadline + timedelta(days=5)
    )


@pytest.mark.parametrize(
    ("birth", "sex", "deadline", "expected"),
    [
        # A man born in May 1965 retires at 60 years 2 months, in July 2025.
        (date(1965, 5, 1), "1", date(2025, 7, 16), (True, "60岁")),
        (
            date(1965, 5, 1),
            "1",
            date(2025, 7, 17),
            (False, "60岁，已达法定退休年龄（男职工60岁2个月，2025年7月达到），请核实是否仍在职"),
        ),
        # Before the raise: a man born in 1961 retired at 60, in 2021.
        (
            date(1961, 5, 1),
            "1",
            date(2021, 7, 1),
            (False, "60岁，已达法定退休年龄（男职工60岁，2021年5月达到），请核实是否仍在职"),
        ),
        # A woman born in March 1975: 50 years 2 months as a worker, 55 as a cadre.
        (date(1975, 3, 1), "2", date(2025, 5, 16), (True, "50岁")),
        (
            date(1975, 3, 1),
            "2",
            date(2025, 5, 17),
            (
                None,
                "50岁，如为女工人已达法定退休年龄（女工人50岁2个月，2025年5月达到；"
                "女干部56岁4个月，2031年7月达到），请核实身份及是否仍在职",
            ),
        ),
        (
            date(1970, 1, 1),
            "2",
            date(2025, 2, 17),
            (
                False,
                "55岁，已达法定退休年龄（女工人50岁，2020年1月达到；"
                "女干部55岁1个月，2025年2月达到），请核实是否仍在职",
            ),
        ),
    ],
)
def test_automatic_checks_age_at_the_electronic_deadline_against_the_retirement_age(
    make_nomination, clerk, campaign, birth, sex, deadline, expected
):
    # complete_fields gives the 17th of the birth month as the birthday.
    nomination = make_nomination(status=Status.SUBMITTED, birth_month=birth, sex=sex)
    move_electronic_deadline(campaign, deadline)
    nomination = Nomination.objects.get(pk=nomination.pk)

    # The day the check runs does not matter; the deadline does.
    results = check_results(automatic_checks(nomination, on=date(2040, 1, 1)))

    assert results["age"] == expected


# --- Two staff deciding at once (PostgreSQL) ----------------------------------------


@pytest.mark.usefixtures("row_locks")
@pytest.mark.django_db(transaction=True)
def test_two_staff_deciding_at_once_one_wins_and_the_other_is_told_who(
    make_nomination, clerk, staff_user, mailoutbox
):
    nomination = make_nomination(status=Status.IN_CHECK)
    first = UserFactory(role=Role.STAFF, full_name="赵审核")
    second = UserFactory(role=Role.STAFF, full_name="钱审核")
    record_manual_checks(nomination, actor=first, verdicts=all_checks_met())
    events_before = AuditEvent.objects.count()
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(label, service, **kwargs):
        try:
            barrier.wait(timeout=10)
            service(Nomination.objects.get(pk=nomination.pk), **kwargs)
            outcomes[label] = "ok"
        except Exception as exc:  # The loser's exception is its result.
            outcomes[label] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=("eligible", mark_eligible), kwargs={"actor": first}),
        threading.Thread(
            target=decide,
            args=("rejected", reject_nomination),
            kwargs={"actor": second, "reason": "不符合一线岗位条件。"},
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [label for label, result in outcomes.items() if result == "ok"]
    losers = [result for result in outcomes.values() if result != "ok"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and type(losers[0]) is AlreadyDecided, outcomes
    winner = winners[0]
    nomination.refresh_from_db()
    assert nomination.status == winner
    check_round = CheckRound.objects.get(nomination=nomination)
    assert check_round.outcome == winner
    assert check_round.decided_by == (first if winner == "eligible" else second)
    status_label = {"eligible": "初审通过", "rejected": "初审未通过"}[winner]
    clock = show_datetime(check_round.decided_at)
    assert str(losers[0].message) == (
        f"该推荐已由{check_round.decided_by.full_name}于{clock}作出初审决定（{status_label}），"
        "您的操作未执行。"
    )
    decisions = AuditEvent.objects.filter(
        code__in=["check.eligible", "check.rejected"]
    ).values_list("code", flat=True)
    assert list(decisions) == [EVENT_OF[winner]]
    assert AuditEvent.objects.count() == events_before + 1
    # The winner's decision is mailed once, after its commit.
    assert [m.subject for m in mailoutbox].count(
        f"【初审结果】推荐人选“张建国”：{'通过初审' if winner == 'eligible' else '不予通过'}"
    ) == 1


def test_decision_on_a_stale_page_is_refused_naming_who_decided(
    make_nomination, staff_user, django_capture_on_commit_callbacks
):
    # Staff B loaded the check page; staff A then found the nomination eligible.
    nomination = make_nomination(status=Status.IN_CHECK)
    loaded_version = nomination.version
    colleague = UserFactory(role=Role.STAFF, full_name="王审核")
    mark_eligible(nomination, actor=colleague, verdicts=all_checks_met())

    # The table allows disqualifying an eligible nomination, but not from a stale page.
    with pytest.raises(AlreadyDecided) as excinfo:
        disqualify_nomination(
            nomination, actor=staff_user, reason="材料造假。", expected_version=loaded_version
        )

    nomination.refresh_from_db()
    assert nomination.status == Status.ELIGIBLE
    assert excinfo.value.message.startswith("该推荐已由王审核于")
    assert excinfo.value.message.endswith("作出初审决定（初审通过），您的操作未执行。")
    assert nomination.checks.count() == 1


def test_reject_a_returned_nomination_not_corrected_in_time(make_nomination, staff_user):
    nomination = make_nomination(status=Status.RETURNED)

    reject_nomination(nomination, actor=staff_user, reason="逾期未按要求修改。")

    nomination.refresh_from_db()
    assert nomination.status == Status.REJECTED
    assert list(nomination.checks.values_list("outcome", "reason")) == [
        ("returned", ""),
        ("rejected", "逾期未按要求修改。"),
    ]


def test_decision_mail_is_plain_text_not_html_escaped(
    make_nomination, staff_user, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = make_nomination(status=Status.IN_CHECK, name="欧阳&'小明")
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        reject_nomination(nomination, actor=staff_user, reason='证书"编号"与<原件>不符 & 须补充')

    (mail,) = mailoutbox
    assert mail.subject == "【初审结果】推荐人选“欧阳&'小明”：不予通过"
    assert '证书"编号"与<原件>不符 & 须补充' in mail.body
