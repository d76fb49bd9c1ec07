"""Handling objections: 核查 by the unit, its report, the outcome and the reply, reminders."""

import hashlib
from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError, IllegalTransition
from publicity.models import Acceptance, ComplainantKind, Objection, Outcome, PublicitySettings
from publicity.selectors.handling import complainant_of, objections_visible_to
from publicity.services.handling import (
    decide,
    decline,
    remind_units,
    send_for_verification,
    submit_report,
)
from publicity.workflow import ObjectionStatus
from tests.factories import pdf_upload, png_upload
from tests.publicity.handling_fixtures import COMPLAINANT_EMAIL, COMPLAINANT_NAME, COMPLAINANT_PHONE

pytestmark = pytest.mark.django_db

# 2021-09-30 is the Thursday before 国庆: 10-01..10-07 are holidays, 10-09 (Saturday)
# is a 调休 working day. The 3rd working day after it is Monday 2021-10-11.
BEFORE_NATIONAL_DAY = date(2021, 9, 30)


def events(code: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(code=code).order_by("id"))


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


# --- Sending for verification ---------------------------------------------------------


def test_send_for_verification_counts_working_days_across_national_day(
    make_case, handler, clerk, django_capture_on_commit_callbacks
):
    case = make_case()
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_for_verification(
            case, actor=handler, note="请核实获奖证书。", today=BEFORE_NATIONAL_DAY
        )

    assert sent.status == ObjectionStatus.VERIFYING
    assert sent.verification_due == date(2021, 10, 11)
    assert sent.verification_note == "请核实获奖证书。"
    [event] = events("publicity.objection_sent_for_verification")
    assert event.actor == handler
    assert event.unit_id == case.nomination.unit_id
    assert event.data == {
        "from": "received",
        "to": "verifying",
        "nomination": case.nomination_id,
        "due": "2021-10-11",
        "note": "请核实获奖证书。",
        "facts_edited": False,
    }
    assert sent.forwarded_facts == "反映其获奖证书存疑。"
    [message] = mail.outbox
    assert message.to == [clerk.email]
    assert case.receipt_number in message.subject
    assert "2021年10月11日" in message.body
    for secret in (COMPLAINANT_NAME, COMPLAINANT_PHONE, COMPLAINANT_EMAIL):
        assert secret not in message.body + message.subject


def test_send_for_verification_uses_the_campaign_setting(make_case, handler, campaign):
    PublicitySettings.objects.create(campaign=campaign, verification_working_days=5)
    case = make_case()

    sent = send_for_verification(case, actor=handler, today=BEFORE_NATIONAL_DAY)

    # 10-08, 10-09 (调休), 10-11, 10-12, 10-13.
    assert sent.verification_due == date(2021, 10, 13)


def test_send_for_verification_from_a_friday_skips_the_weekend(make_case, handler):
    case = make_case()

    sent = send_for_verification(case, actor=handler, today=date(2021, 11, 5))

    assert sent.verification_due == date(2021, 11, 10)


def test_send_for_verification_refuses_a_year_without_calendar(make_case, handler):
    case = make_case()

    with pytest.raises(DomainError, match="2041年的节假日安排尚未录入"):
        send_for_verification(case, actor=handler, today=date(2041, 3, 1))

    case.refresh_from_db()
    assert case.status == ObjectionStatus.RECEIVED
    assert not events("publicity.objection_sent_for_verification")


def test_send_for_verification_refused_to_plain_staff(make_case, staff_user):
    case = make_case()

    with pytest.raises(DomainError, match="只有负责异议处理的工作人员"):
        send_for_verification(case, actor=staff_user, today=BEFORE_NATIONAL_DAY)

    assert not events("publicity.objection_sent_for_verification")


def test_send_for_verification_refuses_a_case_not_accepted(make_case, handler):
    case = make_case(acceptance=Acceptance.NOT_REAL_NAME)

    with pytest.raises(DomainError, match="不予受理的异议不能转推荐单位核查"):
        send_for_verification(case, actor=handler, today=BEFORE_NATIONAL_DAY)


@pytest.mark.parametrize(
    "status",
    [ObjectionStatus.VERIFYING, ObjectionStatus.REPORTED, ObjectionStatus.DECIDED, "not_accepted"],
)
def test_send_for_verification_refused_after_received(make_case, handler, status):
    case = make_case(status=status)

    with pytest.raises(IllegalTransition, match="只有已登记、已受理的异议可以转推荐单位核查"):
        send_for_verification(case, actor=handler, today=BEFORE_NATIONAL_DAY)

    assert not events("publicity.objection_sent_for_verification")


# --- The unit's report ------------------------------------------------------------------


def test_submit_report_stores_the_pdf_privately_with_its_hash(
    make_case, clerk, handler, private_root, django_capture_on_commit_callbacks
):
    case = make_case(status=ObjectionStatus.VERIFYING)
    upload = pdf_upload("核查报告.pdf")
    content = upload.read()
    upload.seek(0)

    with django_capture_on_commit_callbacks(execute=True):
        reported = submit_report(case, actor=clerk, report_file=upload)

    digest = hashlib.sha256(content).hexdigest()
    assert reported.status == ObjectionStatus.REPORTED
    assert reported.report_name == "核查报告.pdf"
    assert reported.report_sha256 == digest
    assert reported.report_submitted_by == clerk
    assert (private_root / reported.report_storage_name).read_bytes() == content
    [event] = events("publicity.objection_report_submitted")
    assert event.actor == clerk
    assert event.data == {
        "from": "verifying",
        "to": "reported",
        "nomination": case.nomination_id,
        "name": "核查报告.pdf",
        "sha256": digest,
    }
    [message] = mail.outbox
    assert message.to == [handler.email]


def test_submit_report_refuses_another_units_clerk(make_case, other_clerk, private_root):
    case = make_case(status=ObjectionStatus.VERIFYING)

    with pytest.raises(DomainError, match="只有被反映人所在推荐单位的填报员"):
        submit_report(case, actor=other_clerk, report_file=pdf_upload())

    case.refresh_from_db()
    assert case.status == ObjectionStatus.VERIFYING
    assert not events("publicity.objection_report_submitted")
    assert not (private_root / "objections").exists()


def test_submit_report_refuses_staff(make_case, handler):
    case = make_case(status=ObjectionStatus.VERIFYING)

    with pytest.raises(DomainError, match="只有被反映人所在推荐单位的填报员"):
        submit_report(case, actor=handler, report_file=pdf_upload())


@pytest.mark.parametrize(
    "upload",
    [
        lambda: png_upload("report.png"),
        lambda: SimpleUploadedFile("report.pdf", b"not a pdf at all", "application/pdf"),
    ],
)
def test_submit_report_refuses_what_is_not_a_pdf(make_case, clerk, upload, private_root):
    case = make_case(status=ObjectionStatus.VERIFYING)

    with pytest.raises(ValidationError):
        submit_report(case, actor=clerk, report_file=upload())

    case.refresh_from_db()
    assert case.status == ObjectionStatus.VERIFYING
    assert not (private_root / "objections").exists()


@pytest.mark.parametrize(
    "status",
    [ObjectionStatus.RECEIVED, ObjectionStatus.REPORTED, ObjectionStatus.DECIDED, "not_accepted"],
)
def test_submit_report_refused_unless_verifying(make_case, clerk, status, private_root):
    case = make_case(status=status)

    with pytest.raises(IllegalTransition, match="该异议不在核查中"):
        submit_report(case, actor=clerk, report_file=pdf_upload())

    assert not (private_root / "objections").exists()


# --- The outcome and the reply ----------------------------------------------------------


@pytest.mark.parametrize("outcome", Outcome.values)
def test_decide_a_reported_case_records_the_outcome_and_mails_the_reply(
    make_case, handler, outcome, django_capture_on_commit_callbacks
):
    case = make_case(status=ObjectionStatus.REPORTED)

    with django_capture_on_commit_callbacks(execute=True):
        decided = decide(
            case, actor=handler, outcome=outcome, note="经核查。", reply_text="经核查，反映不实。"
        )

    assert decided.status == ObjectionStatus.DECIDED
    assert decided.outcome == outcome
    assert decided.reply_text == "经核查，反映不实。"
    assert decided.replied_at is not None
    [event] = events("publicity.objection_decided")
    assert event.actor == handler
    assert event.data == {
        "from": "reported",
        "to": "decided",
        "nomination": case.nomination_id,
        "outcome": outcome,
        "note": "经核查。",
        "missed_deadline": False,
        "replied": True,
    }
    [message] = mail.outbox
    assert message.to == [COMPLAINANT_EMAIL]
    assert case.receipt_number in message.subject
    assert str(Outcome(outcome).label) in message.body
    assert "经核查，反映不实。" in message.body
    # Nobody else's data: not the nominee, not the complainant's phone.
    assert case.nomination.name not in message.body
    assert COMPLAINANT_PHONE not in message.body


def test_decide_upheld_does_not_change_the_list(make_case, handler):
    case = make_case(status=ObjectionStatus.REPORTED)
    nomination = case.nomination
    before = (nomination.status, nomination.locked_at)

    decide(case, actor=handler, outcome=Outcome.UPHELD, reply_text="经核查，反映属实。")

    nomination.refresh_from_db()
    assert (nomination.status, nomination.locked_at) == before


def test_decide_without_email_sends_no_mail(make_case, handler, django_capture_on_commit_callbacks):
    case = make_case(status=ObjectionStatus.REPORTED, complainant_email="")

    with django_capture_on_commit_callbacks(execute=True):
        decided = decide(case, actor=handler, outcome=Outcome.NOT_TRUE, reply_text="反映不实。")

    assert decided.replied_at is not None
    assert mail.outbox == []


def test_decide_an_anonymous_lead_needs_no_reply(
    make_case, handler, django_capture_on_commit_callbacks
):
    case = make_case(
        status=ObjectionStatus.REPORTED,
        complainant_kind=ComplainantKind.ANONYMOUS,
        complainant_name="",
        complainant_email="someone@example.com",
    )

    with django_capture_on_commit_callbacks(execute=True):
        decided = decide(case, actor=handler, outcome=Outcome.NOT_TRUE, reply_text="不会发送。")

    assert decided.reply_text == ""
    assert decided.replied_at is None
    assert events("publicity.objection_decided")[0].data["replied"] is False
    assert mail.outbox == []


def test_decide_a_real_name_case_requires_a_reply(make_case, handler):
    case = make_case(status=ObjectionStatus.REPORTED)

    with pytest.raises(DomainError, match="实名反映的异议须填写对反映人的答复内容"):
        decide(case, actor=handler, outcome=Outcome.NOT_TRUE)

    case.refresh_from_db()
    assert case.status == ObjectionStatus.REPORTED


def test_decide_refuses_an_unknown_outcome(make_case, handler):
    case = make_case(status=ObjectionStatus.REPORTED)

    with pytest.raises(DomainError, match="请选择办理结果"):
        decide(case, actor=handler, outcome="maybe", reply_text="答复。")


def test_decide_refused_to_plain_staff(make_case, staff_user):
    case = make_case(status=ObjectionStatus.REPORTED)

    with pytest.raises(DomainError, match="只有负责异议处理的工作人员"):
        decide(case, actor=staff_user, outcome=Outcome.NOT_TRUE, reply_text="答复。")


def test_decide_from_verifying_after_the_missed_deadline_with_a_note(make_case, handler):
    case = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))

    decided = decide(
        case,
        actor=handler,
        outcome=Outcome.NOT_TRUE,
        note="推荐单位逾期未报送核查报告，经电话核实反映不实。",
        reply_text="反映不实。",
        today=date(2021, 10, 12),
    )

    assert decided.status == ObjectionStatus.DECIDED
    [event] = events("publicity.objection_decided")
    assert event.data["from"] == "verifying"
    assert event.data["missed_deadline"] is True


def test_decide_from_verifying_without_a_note_is_refused(make_case, handler):
    case = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))

    with pytest.raises(DomainError, match="逾期未报送核查报告，请在办理意见中说明"):
        decide(
            case,
            actor=handler,
            outcome=Outcome.NOT_TRUE,
            reply_text="反映不实。",
            today=date(2021, 10, 12),
        )


def test_decide_from_verifying_before_the_deadline_is_refused(make_case, handler):
    case = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))

    with pytest.raises(DomainError, match="报送期限尚未届满"):
        decide(
            case,
            actor=handler,
            outcome=Outcome.NOT_TRUE,
            note="说明。",
            reply_text="反映不实。",
            today=date(2021, 10, 11),
        )

    assert not events("publicity.objection_decided")


@pytest.mark.parametrize(
    "status", [ObjectionStatus.RECEIVED, ObjectionStatus.DECIDED, "not_accepted"]
)
def test_decide_refused_from_other_states(make_case, handler, status):
    case = make_case(status=status)

    with pytest.raises(IllegalTransition, match="尚未转推荐单位核查，或已办结"):
        decide(case, actor=handler, outcome=Outcome.NOT_TRUE, note="说明。", reply_text="答复。")


# --- Declining ------------------------------------------------------------------------


def test_decline_a_received_case_with_its_reason(make_case, handler):
    case = make_case()

    declined = decline(
        case, actor=handler, reason="经查为公示期结束后寄出。", acceptance=Acceptance.LATE
    )

    assert declined.status == ObjectionStatus.NOT_ACCEPTED
    assert declined.acceptance == Acceptance.LATE
    assert declined.outcome_note == "经查为公示期结束后寄出。"
    [event] = events("publicity.objection_declined")
    assert event.actor == handler
    assert event.data == {
        "from": "received",
        "to": "not_accepted",
        "nomination": case.nomination_id,
        "reason": "经查为公示期结束后寄出。",
        "acceptance": "late",
    }


def test_decline_for_another_reason_never_leaves_the_case_accepted(make_case, handler):
    case = make_case()

    declined = decline(case, actor=handler, reason="重复反映，已并入前一件办理。")

    assert declined.status == ObjectionStatus.NOT_ACCEPTED
    assert declined.acceptance == Acceptance.OTHER
    [event] = events("publicity.objection_declined")
    assert event.data["acceptance"] == "other"


def test_decline_keeps_a_not_real_name_mark_without_a_new_one(make_case, handler):
    case = make_case(acceptance=Acceptance.NOT_REAL_NAME)

    declined = decline(case, actor=handler, reason="未留联系方式。")

    assert declined.acceptance == Acceptance.NOT_REAL_NAME


def test_decline_without_reason_is_refused(make_case, handler):
    case = make_case()

    with pytest.raises(DomainError, match="请填写不予受理的理由"):
        decline(case, actor=handler, reason="  ")


@pytest.mark.parametrize(
    "status", [ObjectionStatus.VERIFYING, ObjectionStatus.REPORTED, ObjectionStatus.DECIDED]
)
def test_decline_refused_after_sending(make_case, handler, status):
    case = make_case(status=status)

    with pytest.raises(IllegalTransition, match="只有刚登记的异议可以决定不予受理"):
        decline(case, actor=handler, reason="理由。")


def test_decline_refused_to_plain_staff(make_case, staff_user):
    with pytest.raises(DomainError, match="只有负责异议处理的工作人员"):
        decline(make_case(), actor=staff_user, reason="理由。")


# --- Reminders ----------------------------------------------------------------------


def test_reminders_go_once_a_day_to_due_and_overdue_cases(
    make_case, clerk, django_capture_on_commit_callbacks
):
    today = date(2021, 10, 11)
    due_tomorrow = make_case(status=ObjectionStatus.VERIFYING, due=today + timedelta(days=1))
    overdue = make_case(status=ObjectionStatus.VERIFYING, due=today - timedelta(days=1))
    make_case(status=ObjectionStatus.VERIFYING, due=today + timedelta(days=2))
    make_case(status=ObjectionStatus.REPORTED, due=today - timedelta(days=1))

    with django_capture_on_commit_callbacks(execute=True):
        first = remind_units(now=at(today, 8))
    with django_capture_on_commit_callbacks(execute=True):
        again = remind_units(now=at(today, 15))

    assert (first, again) == (2, 0)
    reminded = events("publicity.objection_reminded")
    assert [e.subject_id for e in reminded] == [due_tomorrow.pk, overdue.pk]
    assert reminded[0].data == {
        "nomination": due_tomorrow.nomination_id,
        "date": "2021-10-11",
        "due": "2021-10-12",
        "overdue": False,
    }
    assert reminded[1].data["overdue"] is True
    assert reminded[0].actor is None
    assert reminded[0].unit_id == clerk.unit_id
    assert len(mail.outbox) == 2
    assert all(m.to == [clerk.email] for m in mail.outbox)
    assert "已逾期" in mail.outbox[1].subject


def test_reminders_go_again_the_next_day(make_case, django_capture_on_commit_callbacks):
    case = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))

    with django_capture_on_commit_callbacks(execute=True):
        counts = [remind_units(now=at(date(2021, 10, day))) for day in (12, 13)]

    assert counts == [1, 1]
    assert [e.data["date"] for e in events("publicity.objection_reminded")] == [
        "2021-10-12",
        "2021-10-13",
    ]
    assert all(e.subject_id == case.pk for e in events("publicity.objection_reminded"))


def test_reminders_count_working_days_across_a_weekend(
    make_case, django_capture_on_commit_callbacks
):
    friday, saturday, sunday = date(2021, 9, 10), date(2021, 9, 11), date(2021, 9, 12)
    due_monday = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 9, 13))
    make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 9, 14))

    with django_capture_on_commit_callbacks(execute=True):
        counts = [remind_units(now=at(day)) for day in (friday, saturday, sunday)]

    assert counts == [1, 0, 0]
    [reminded] = events("publicity.objection_reminded")
    assert (reminded.subject_id, reminded.data["date"]) == (due_monday.pk, "2021-09-10")


def test_no_overdue_reminders_on_a_holiday(make_case, django_capture_on_commit_callbacks):
    make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 9, 30))

    with django_capture_on_commit_callbacks(execute=True):
        national_day = remind_units(now=at(date(2021, 10, 1)))
        back_at_work = remind_units(now=at(date(2021, 10, 8)))

    assert (national_day, back_at_work) == (0, 1)


def test_reminder_task_runs_from_the_beat(settings):
    from longjiang.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["publicity.remind_units"]
    assert entry["task"] == "publicity.remind_units"

    assert "publicity.remind_units" in app.tasks


# --- Selectors ----------------------------------------------------------------------


def test_complainant_of_audits_every_view(make_case, handler):
    case = make_case()

    first = complainant_of(case, user=handler)
    complainant_of(case, user=handler)

    assert (first.name, first.phone, first.email) == (
        COMPLAINANT_NAME,
        COMPLAINANT_PHONE,
        COMPLAINANT_EMAIL,
    )
    viewed = events("publicity.complainant_viewed")
    assert [(e.actor, e.subject_id, e.data) for e in viewed] == [
        (handler, case.pk, {"via": "page"}),
        (handler, case.pk, {"via": "page"}),
    ]


@pytest.mark.parametrize("who", ["staff_user", "clerk", "expert_user", "council_user"])
def test_complainant_of_refuses_everyone_but_handlers(make_case, who, request):
    case = make_case()

    with pytest.raises(PermissionDenied):
        complainant_of(case, user=request.getfixturevalue(who))

    assert not events("publicity.complainant_viewed")


def test_visibility_by_role(
    make_case,
    make_nomination,
    unit_qiqihar,
    handler,
    staff_user,
    clerk,
    other_clerk,
    expert_user,
    council_user,
):
    received = make_case()
    verifying = make_case(status=ObjectionStatus.VERIFYING)
    decided = make_case(status=ObjectionStatus.DECIDED)
    other_unit = make_case(
        status=ObjectionStatus.VERIFYING,
        nomination=make_nomination(unit=unit_qiqihar, status="eligible", name="李四"),
    )
    everything = {received.pk, verifying.pk, decided.pk, other_unit.pk}

    def seen(user):
        return set(objections_visible_to(user).values_list("pk", flat=True))

    assert seen(handler) == everything
    assert seen(staff_user) == everything
    assert seen(clerk) == {verifying.pk, decided.pk}
    assert seen(other_clerk) == {other_unit.pk}
    assert seen(expert_user) == set()
    assert seen(council_user) == set()


def test_list_queries_defer_the_complainant(make_case, handler):
    make_case()

    [case] = objections_visible_to(handler)

    deferred = case.get_deferred_fields()
    assert {"complainant_name", "complainant_phone", "complainant_email"} <= deferred
    assert isinstance(case, Objection)


@pytest.mark.usefixtures("row_locks")
@pytest.mark.django_db(transaction=True)
def test_two_reminder_runs_at_once_remind_a_case_once(make_case):
    import threading

    from django.db import connections

    case = make_case(status=ObjectionStatus.VERIFYING, due=date(2021, 10, 11))
    barrier = threading.Barrier(2)
    results: list = []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(remind_units(now=at(date(2021, 10, 12))))
        except Exception as exc:  # A failure is the result under test.
            results.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [0, 1], results
    assert [e.subject_id for e in events("publicity.objection_reminded")] == [case.pk]
