"""Publicity fixes the list for review (review.freeze): once a notice is published the
council no longer decides from the ranking; once the result is recorded nothing changes."""

import pytest
from django.urls import reverse

from longjiang.exceptions import DomainError
from publicity.freeze import published_message, result_recorded_message
from publicity.services.results import record_publicity_result
from publicity.services.revisions import approve_revision, preview_revision
from publicity.workflow import NoticeStatus
from review.models import CouncilDecision, ListVersion
from review.selectors.council import WarningKind
from review.services.lists import record_council_decision
from tests.factories import pdf_upload
from tests.publicity.upheld import decision, make_notice, make_objection
from tests.review.conftest import client_for

pytestmark = pytest.mark.django_db

PUBLISHED = (
    "本年度名单已发布公示，不能再按评审排名审定或退回建议名单。"
    "公示发布后名单的变更，须在“名单变更”中依据查实的异议由主席办公会议审定新的名单版本。"
)
RESULT = "本年度公示结果已记录，命名名单已确定，名单不能再变更。"


def from_ranking(campaign, actor, *, outcome=CouncilDecision.Outcome.APPROVED, expected=1):
    data = decision("黑工办纪〔2021〕31号")
    data = type(data)(**{**data.__dict__, "outcome": outcome, "reason": "重新审定"})
    return record_council_decision(
        campaign,
        data,
        minutes=pdf_upload("会议纪要3.pdf"),
        actor=actor,
        expected_version=expected,
        acknowledged=frozenset(WarningKind.values),
    )


def test_the_messages_are_the_ones_shown(campaign):
    assert published_message() == PUBLISHED
    assert result_recorded_message() == RESULT


@pytest.mark.parametrize("status", [NoticeStatus.WITHDRAWN, NoticeStatus.DRAFT])
def test_before_any_publication_the_ranking_still_makes_a_new_version(
    campaign, version1, council_secretary, staff_user, status
):
    notice = make_notice(campaign, version1, staff_user, closed=False)
    notice.status = status
    notice.save(update_fields=["status"])

    made = from_ranking(campaign, council_secretary)

    assert made.list_version.number == 2
    assert made.list_version.reason == "重新审定"


@pytest.mark.parametrize(
    "outcome", [CouncilDecision.Outcome.APPROVED, CouncilDecision.Outcome.RETURNED]
)
def test_a_live_notice_refuses_every_decision_from_the_ranking(
    campaign, version1, council_secretary, staff_user, outcome
):
    make_notice(campaign, version1, staff_user, closed=False)
    decisions = CouncilDecision.objects.count()

    with pytest.raises(DomainError) as caught:
        from_ranking(campaign, council_secretary, outcome=outcome)

    assert caught.value.message == PUBLISHED
    assert CouncilDecision.objects.count() == decisions
    assert list(ListVersion.objects.values_list("number", flat=True)) == [1]


def test_after_the_result_neither_path_makes_a_version(
    campaign, candidates, version1, main_notice, council_secretary, staff_user
):
    case = make_objection(main_notice, candidates["孙丽华"])
    approve_revision(
        campaign,
        decision(),
        minutes=pdf_upload(),
        removed_cases=[case],
        substitutes=[],
        expected_version=1,
        actor=council_secretary,
    )
    record_publicity_result(campaign, actor=staff_user)
    late = make_objection(main_notice, candidates["欧阳明辉"])

    with pytest.raises(DomainError) as caught:
        approve_revision(
            campaign,
            decision(),
            minutes=pdf_upload(),
            removed_cases=[late],
            substitutes=[],
            expected_version=2,
            actor=council_secretary,
        )
    assert caught.value.message == RESULT
    with pytest.raises(DomainError) as caught:
        preview_revision(campaign, removed_cases=[late], substitutes=[])
    assert caught.value.message == RESULT
    with pytest.raises(DomainError) as caught:
        from_ranking(campaign, council_secretary, expected=2)
    assert caught.value.message == RESULT
    assert list(ListVersion.objects.order_by("number").values_list("number", flat=True)) == [1, 2]


def test_the_council_page_shows_the_freeze_instead_of_the_form(
    campaign, version1, council_secretary, staff_user
):
    client = client_for(council_secretary)
    before = client.get(reverse("review:council")).content.decode()
    assert 'id="decision-form"' in before
    assert PUBLISHED not in before

    make_notice(campaign, version1, staff_user, closed=False)
    text = client.get(reverse("review:council")).content.decode()

    assert 'id="decision-form"' not in text
    assert PUBLISHED in text
    assert f'<a href="{reverse("publicity:revision")}">前往名单变更</a>' in text
    staff_text = client_for(staff_user).get(reverse("review:council")).content.decode()
    assert PUBLISHED in staff_text


def test_a_post_to_the_council_page_is_refused_with_the_message(
    campaign, version1, council_secretary, staff_user
):
    make_notice(campaign, version1, staff_user, closed=False)
    response = client_for(council_secretary).post(
        reverse("review:council"),
        {
            "list_version": "1",
            "acknowledged": list(WarningKind.values),
            "meeting_date": version1.decision.meeting_date.isoformat(),
            "minutes_ref": "黑工办纪〔2021〕31号",
            "attendance": "主席、副主席",
            "outcome": "approved",
            "note": "",
            "reason": "重新审定",
            "minutes": pdf_upload("纪要.pdf"),
        },
    )

    assert response.status_code == 200
    assert PUBLISHED in response.content.decode()
    assert list(ListVersion.objects.values_list("number", flat=True)) == [1]
