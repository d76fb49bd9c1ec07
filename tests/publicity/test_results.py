"""The publicity result (公示结果) and the final list (命名名单)."""

from datetime import datetime, time

import pytest
from django.utils import timezone

from longjiang.audit.models import AuditEvent
from longjiang.exceptions import DomainError
from publicity.models import Acceptance, Notice, Outcome, PublicityResult
from publicity.selectors.results import final_list, result_blockers
from publicity.services.results import PublicityStillOpen, record_publicity_result
from publicity.services.revisions import approve_revision
from publicity.workflow import ObjectionStatus
from review.models import LockedRecord
from tests.factories import pdf_upload
from tests.publicity.upheld import decision, make_notice, make_objection

pytestmark = pytest.mark.django_db


def test_no_objection_records_the_first_version_as_the_final_list(
    campaign, version1, main_notice, staff_user
):
    assert final_list(campaign).count() == 0

    result = record_publicity_result(campaign, actor=staff_user, note="公示期满无异议")

    assert result.kind == PublicityResult.Kind.NO_OBJECTION
    assert result.final_version == version1
    assert result.note == "公示期满无异议"
    assert [e.name for e in final_list(campaign)] == ["欧阳明辉", "孙丽华"]
    event = AuditEvent.objects.get(code="publicity.result_recorded")
    assert event.subject_id == result.pk
    assert event.data == {
        "kind": "no_objection",
        "version": 1,
        "content_hash": version1.content_hash,
        "objections": [],
        "note": "公示期满无异议",
    }


def test_a_declined_objection_alone_still_means_no_objection(
    campaign, candidates, version1, main_notice, staff_user
):
    lead = make_objection(main_notice, candidates["孙丽华"], status=ObjectionStatus.NOT_ACCEPTED)
    lead.acceptance = Acceptance.NOT_REAL_NAME
    lead.save(update_fields=["acceptance"])

    result = record_publicity_result(campaign, actor=staff_user)

    assert result.kind == PublicityResult.Kind.NO_OBJECTION


def test_a_case_declined_for_another_reason_still_means_no_objection(
    campaign, candidates, version1, main_notice, staff_user, handler
):
    from publicity.services.handling import decline

    case = make_objection(main_notice, candidates["孙丽华"], status=ObjectionStatus.RECEIVED)
    decline(case, actor=handler, reason="重复反映")

    result = record_publicity_result(campaign, actor=staff_user)

    assert result.kind == PublicityResult.Kind.NO_OBJECTION
    assert result.note == ""


def test_an_accepted_mark_on_a_declined_case_is_not_counted(
    campaign, candidates, version1, main_notice, staff_user
):
    # A case declined before the fix kept the mark 受理 without an outcome.
    make_objection(main_notice, candidates["孙丽华"], status=ObjectionStatus.NOT_ACCEPTED)
    kept = make_objection(main_notice, candidates["欧阳明辉"], outcome=Outcome.NOT_TRUE)

    result = record_publicity_result(campaign, actor=staff_user)

    assert result.kind == PublicityResult.Kind.HANDLED
    assert result.note == f"受理异议1件：{kept.receipt_number}（欧阳明辉）反映不实，维持。"


def test_the_upheld_path_ends_with_version_two_as_the_final_list(
    campaign, candidates, version1, main_notice, staff_user, council_secretary
):
    kept = make_objection(main_notice, candidates["欧阳明辉"], outcome=Outcome.NOT_TRUE)
    upheld = make_objection(main_notice, candidates["孙丽华"])
    with pytest.raises(PublicityStillOpen) as caught:
        record_publicity_result(campaign, actor=staff_user)
    assert caught.value.message == (
        "不能记录公示结果：1件查实的异议尚未经主席办公会议形成新的名单版本。"
    )
    version2 = approve_revision(
        campaign,
        decision(),
        minutes=pdf_upload(),
        removed_cases=[upheld],
        substitutes=[candidates["李建国"]],
        expected_version=1,
        actor=council_secretary,
    )
    with pytest.raises(PublicityStillOpen) as caught:
        record_publicity_result(campaign, actor=staff_user)
    assert caught.value.message == "不能记录公示结果：李建国尚未公示。"
    supplementary = make_notice(
        campaign,
        version2,
        staff_user,
        closed=False,
        kind=Notice.Kind.SUPPLEMENTARY,
        persons=[candidates["李建国"]],
    )
    with pytest.raises(PublicityStillOpen) as caught:
        record_publicity_result(campaign, actor=staff_user)
    assert caught.value.message == "不能记录公示结果：1份公示公告尚未结束。"
    assert result_blockers(campaign).open_notices == [supplementary]
    Notice.objects.filter(pk=supplementary.pk).update(closes_at=main_notice.closes_at)

    result = record_publicity_result(campaign, actor=staff_user, note="经主席办公会议审定")

    assert result.kind == PublicityResult.Kind.HANDLED
    assert result.final_version == version2
    assert result.note == (
        f"受理异议2件：{kept.receipt_number}（欧阳明辉）反映不实，维持；"
        f"{upheld.receipt_number}（孙丽华）查实，取消资格。\n经主席办公会议审定"
    )
    assert [e.name for e in final_list(campaign)] == ["欧阳明辉", "李建国"]
    event = AuditEvent.objects.get(code="publicity.result_recorded")
    assert event.data["objections"] == [kept.receipt_number, upheld.receipt_number]
    assert event.data["version"] == 2


def test_open_notices_and_open_cases_are_named(campaign, candidates, version1, staff_user):
    live = make_notice(campaign, version1, staff_user, closed=False)
    make_objection(live, candidates["孙丽华"], status=ObjectionStatus.VERIFYING)
    make_objection(live, candidates["孙丽华"], status=ObjectionStatus.RECEIVED)
    with pytest.raises(PublicityStillOpen) as caught:
        record_publicity_result(campaign, actor=staff_user)
    assert caught.value.message == ("不能记录公示结果：1份公示公告尚未结束；2件异议尚未办结。")
    assert not PublicityResult.objects.exists()
    assert not AuditEvent.objects.filter(code="publicity.result_recorded").exists()


def test_without_a_published_notice_nothing_is_recorded(campaign, version1, staff_user):
    with pytest.raises(PublicityStillOpen) as caught:
        record_publicity_result(campaign, actor=staff_user)
    assert caught.value.message == "不能记录公示结果：尚未发布公示公告。"


def test_the_result_is_written_once(campaign, version1, main_notice, staff_user):
    result = record_publicity_result(campaign, actor=staff_user)
    with pytest.raises(DomainError, match="本年度的公示结果已记录，不能重复记录或修改。"):
        record_publicity_result(campaign, actor=staff_user)
    result.note = "改"
    with pytest.raises(LockedRecord):
        result.save()
    with pytest.raises(LockedRecord):
        result.delete()


@pytest.mark.parametrize("who", ["council_secretary", "clerk", "expert_user"])
def test_only_provincial_staff_record_the_result(request, campaign, version1, main_notice, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(DomainError, match="只有省总工会工作人员可以记录公示结果。"):
        record_publicity_result(campaign, actor=actor)
    assert not PublicityResult.objects.exists()


def test_the_result_waits_for_letters_in_the_post_under_the_sending_postmark(
    campaign, version1, main_notice, staff_user
):
    from datetime import timedelta

    from longjiang.dates import show_date
    from publicity import workdays
    from publicity.models import PublicitySettings

    PublicitySettings.objects.filter(campaign=campaign).update(postal_grace_days=3)
    _first, last = workdays.period(main_notice.ends_on + timedelta(days=1), 3)

    assert result_blockers(campaign).postal_grace_until == last
    with pytest.raises(PublicityStillOpen) as refused:
        record_publicity_result(campaign, actor=staff_user)
    assert str(refused.value.message) == (
        f"不能记录公示结果：按寄出地邮戳日期认定，按时寄出的来信至{show_date(last)}仍可能寄达。"
    )
    assert not PublicityResult.objects.exists()
    # The day after the grace period, nothing waits for the post.
    after = timezone.make_aware(datetime.combine(last + timedelta(days=1), time(9)))
    assert not result_blockers(campaign, now=after)


def test_under_the_arrival_postmark_no_letter_is_waited_for(
    campaign, version1, main_notice, staff_user
):
    from publicity.models import PublicitySettings

    PublicitySettings.objects.filter(campaign=campaign).update(
        postal_grace_days=3, postmark_rule="arrived"
    )

    assert record_publicity_result(campaign, actor=staff_user).kind == "no_objection"
