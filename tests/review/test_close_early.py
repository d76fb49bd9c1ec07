"""Closing the review window early: who has not finished, the confirmation, the audit."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from longjiang.exceptions import DomainError
from review import services
from review.models import Conflict, ReviewSettings
from review.selectors.progress import scoring_progress
from tests.review.conftest import client_for, events

pytestmark = pytest.mark.django_db

KEYS = ("skill", "innovation", "leadership", "awards", "overall")
POINTS = dict(
    zip(
        KEYS,
        (Decimal("20"), Decimal("20"), Decimal("10"), Decimal("10"), Decimal("5")),
        strict=True,
    )
)


def draft(expert, candidate):
    return services.save_sheet(
        expert.user,
        nomination=candidate,
        scores=POINTS,
        comment="",
        recommend=True,
        expected_version=0,
        actor=expert.user,
    )


def submit(expert, candidate) -> None:
    sheet = draft(expert, candidate)
    services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)


@pytest.fixture
def scoring(campaign, staff_user, make_expert, make_nomination, panel):
    """An open window: 王振华 finished, 刘志强 half way, 陈建平 nothing, 李红 in conflict."""
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=3),
        actor=staff_user,
    )
    candidates = [
        make_nomination(status="eligible", name=name) for name in ("欧阳明辉", "孙丽华", "李建国")
    ]
    services.place_eligible_nominations(campaign, actor=staff_user)
    experts = {}
    for name in ("王振华", "刘志强", "陈建平", "李红"):
        expert = make_expert(name=name)
        services.add_panel_member(panel, expert=expert, actor=staff_user)
        experts[name] = expert
    for name in ("王振华", "刘志强", "李红"):
        services.sign_pledge(experts[name], campaign=campaign, actor=experts[name].user)
    Conflict.objects.create(
        expert=experts["李红"],
        nomination=candidates[2],
        kind="relative",
        declared=True,
        status="confirmed",
    )
    for candidate in candidates:
        submit(experts["王振华"], candidate)
    submit(experts["刘志强"], candidates[0])
    draft(experts["刘志强"], candidates[1])
    submit(experts["李红"], candidates[0])
    submit(experts["李红"], candidates[1])
    return experts


def rows(progress):
    return [
        (e.name, e.signed, e.to_score, e.submitted, e.drafts, e.not_started)
        for e in progress.experts
    ]


def test_scoring_progress_counts_each_experts_sheets(scoring, campaign):
    progress = scoring_progress(campaign)

    # 姓氏笔画: 王 (4), 刘 (6), 李 (7), 陈 (7, after 李).
    assert rows(progress) == [
        ("王振华", True, 3, 3, 0, 0),
        ("刘志强", True, 3, 1, 1, 1),
        ("李红", True, 2, 2, 0, 0),
        ("陈建平", False, 3, 0, 0, 3),
    ]
    assert [e.name for e in progress.unfinished] == ["刘志强", "陈建平"]
    assert [e.name for e in progress.scored_nothing] == ["陈建平"]
    assert (progress.to_score, progress.submitted, progress.drafts, progress.not_started) == (
        11,
        6,
        1,
        4,
    )


def test_closing_early_ends_the_window_now_and_audits_the_counts(scoring, campaign, staff_user):
    planned = ReviewSettings.objects.get(campaign=campaign).review_closes_at
    before = timezone.now()

    services.close_review_early(campaign, actor=staff_user)

    settings = ReviewSettings.objects.get(campaign=campaign)
    assert before <= settings.review_closes_at <= timezone.now()
    [event] = events("review.window_closed_early")
    assert event.actor == staff_user
    experts = {e.name: e.pk for e in scoring.values()}
    assert event.data == {
        "planned_closes_at": planned.isoformat(),
        "closed_at": settings.review_closes_at.isoformat(),
        "to_score": 11,
        "submitted": 6,
        "drafts": 1,
        "not_started": 4,
        "experts": [
            {"expert": experts[name], "name": name, **counts}
            for name, counts in [
                ("王振华", {"to_score": 3, "submitted": 3, "drafts": 0, "not_started": 0}),
                ("刘志强", {"to_score": 3, "submitted": 1, "drafts": 1, "not_started": 1}),
                ("李红", {"to_score": 2, "submitted": 2, "drafts": 0, "not_started": 0}),
                ("陈建平", {"to_score": 3, "submitted": 0, "drafts": 0, "not_started": 3}),
            ]
        ],
    }
    late = scoring["陈建平"]
    services.sign_pledge(late, campaign=campaign, actor=late.user)
    with pytest.raises(DomainError, match="评分已经截止"):
        draft(late, campaign.nominations.get(name="欧阳明辉"))


def test_closing_a_window_that_is_not_open_is_refused(campaign, staff_user):
    with pytest.raises(DomainError, match="评分不在进行中，无需提前结束。"):
        services.close_review_early(campaign, actor=staff_user)
    assert events("review.window_closed_early") == []


def test_only_staff_close_early(scoring, campaign):
    expert = scoring["王振华"]
    with pytest.raises(DomainError, match="只有省总工会工作人员可以提前结束评分。"):
        services.close_review_early(campaign, actor=expert.user)
    assert ReviewSettings.objects.get(campaign=campaign).review_closes_at > timezone.now()


def test_the_window_form_cannot_end_an_open_window(scoring, campaign, staff_user):
    now = timezone.now()
    with pytest.raises(DomainError) as raised:
        services.set_review_window(
            campaign, opens_at=now - timedelta(days=1), closes_at=now, actor=staff_user
        )
    assert raised.value.message == (
        "评分正在进行中，截止时间须晚于现在。如需提前结束评分，请使用“提前结束评分”。"
    )
    assert ReviewSettings.objects.get(campaign=campaign).review_closes_at > now
    # A later closing time is still a plain change of the window.
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(hours=1),
        actor=staff_user,
    )


def test_the_close_page_lists_who_has_not_finished_before_the_button(scoring, staff_user):
    text = client_for(staff_user).get(reverse("review:window_close")).content.decode()

    button = text.index("提前结束评分</button>")
    assert text.index("共应评 11 份，已提交 6 份，草稿 1 份，未开始 4 份。") < button
    assert text.index("尚未提交任何评分的专家：</strong>陈建平") < button
    cells = [
        '<th scope="row" class="fw-normal text-nowrap">刘志强</th>\n'
        '            <td class="text-end">3</td>\n'
        '            <td class="text-end">1</td>\n'
        '            <td class="text-end">1</td>\n'
        '            <td class="text-end">1</td>\n'
        '            <td class="small">未完成</td>',
        '<th scope="row" class="fw-normal text-nowrap">陈建平</th>\n'
        '            <td class="text-end">3</td>\n'
        '            <td class="text-end">0</td>\n'
        '            <td class="text-end">0</td>\n'
        '            <td class="text-end">3</td>\n'
        '            <td class="small"><strong>未提交任何评分</strong>（未签署承诺书）</td>',
    ]
    assert all(text.index(cell) < button for cell in cells)
    assert "我已知晓上述未完成情况，确认提前结束评分" in text
    assert 'data-confirm="确认现在结束评分？结束后专家不能再评分，此操作不能撤销。"' in text


def test_closing_without_the_confirmation_is_refused(scoring, campaign, staff_user):
    response = client_for(staff_user).post(reverse("review:window_close"), {})

    assert response.status_code == 200
    assert "请勾选“我已知晓上述未完成情况，确认提前结束评分”。" in response.content.decode()
    assert ReviewSettings.objects.get(campaign=campaign).review_closes_at > timezone.now()
    assert events("review.window_closed_early") == []


def test_closing_with_the_confirmation_ends_the_window(scoring, campaign, staff_user):
    response = client_for(staff_user).post(
        reverse("review:window_close"), {"confirm": "on"}, follow=True
    )

    assert response.redirect_chain == [(reverse("review:window"), 302)]
    settings = ReviewSettings.objects.get(campaign=campaign)
    when = timezone.localtime(settings.review_closes_at)
    assert f"评分已提前结束，截止于{when.year}年{when.month}月{when.day}日 {when:%H:%M}。" in (
        response.content.decode()
    )
    assert len(events("review.window_closed_early")) == 1


def test_the_close_page_says_when_there_is_nothing_to_close(campaign, staff_user):
    text = client_for(staff_user).get(reverse("review:window_close")).content.decode()

    assert "评分时间尚未确定，无需提前结束。" in text
    assert "提前结束评分</button>" not in text


def test_the_audit_trail_says_each_experts_counts(scoring, campaign, staff_user):
    from longjiang.audit.display import describe

    services.close_review_early(campaign, actor=staff_user)

    [row] = describe(events("review.window_closed_early"))
    details = {detail.label: detail.text for detail in row.details}
    assert row.label == "提前结束评分"
    assert (details["应评份数"], details["已提交"], details["草稿"], details["未开始"]) == (
        "11",
        "6",
        "1",
        "4",
    )
    assert details["各位专家"] == (
        "王振华：应评3份，已提交3份，草稿0份，未开始0份；"
        "刘志强：应评3份，已提交1份，草稿1份，未开始1份；"
        "李红：应评2份，已提交2份，草稿0份，未开始0份；"
        "陈建平：应评3份，已提交0份，草稿0份，未开始3份"
    )
