"""The rubric, the review window and the experts' score sheets."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from longjiang.exceptions import ConflictError, DomainError
from review import services
from review.models import Conflict, Dimension, ReviewSettings, Score, ScoreSheet
from tests.review.conftest import events

pytestmark = pytest.mark.django_db

FULL = {
    "skill": Decimal("25.5"),
    "innovation": Decimal("28"),
    "leadership": Decimal("15"),
    "awards": Decimal("12"),
    "overall": Decimal("4"),
}


def save(expert, candidate, scores=None, *, version=0, recommend=True, comment="技艺精湛"):
    return services.save_sheet(
        expert.user,
        nomination=candidate,
        scores=FULL if scores is None else scores,
        comment=comment,
        recommend=recommend,
        expected_version=version,
        actor=expert.user,
    )


def close_window(campaign) -> None:
    # Behind the services' back: time passing, not an action.
    now = timezone.now()
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_opens_at=now - timedelta(days=8), review_closes_at=now - timedelta(seconds=1)
    )


# --- The rubric ----------------------------------------------------------------------------


def test_ensure_default_rubric_creates_five_dimensions_of_100(campaign, staff_user):
    rubric = services.ensure_default_rubric(campaign, actor=staff_user)

    rows = list(
        Dimension.objects.filter(campaign=campaign)
        .order_by("position")
        .values_list("key", "name", "max_points", "position")
    )
    assert rows == [
        ("skill", "技能水平与工艺专长", Decimal("30.0"), 1),
        ("innovation", "创新成果与突出贡献", Decimal("30.0"), 2),
        ("leadership", "领军作用与技艺传承", Decimal("20.0"), 3),
        ("awards", "竞赛与荣誉", Decimal("15.0"), 4),
        ("overall", "事迹材料质量与综合评价", Decimal("5.0"), 5),
    ]
    assert sum(d.max_points for d in rubric) == 100
    assert all(d.guidance for d in rubric)
    (event,) = events("review.rubric_created")
    assert event.actor == staff_user
    assert event.data["dimensions"]["skill"] == "30"


def test_ensure_default_rubric_twice_changes_nothing(campaign, staff_user, rubric):
    services.ensure_default_rubric(campaign, actor=staff_user)

    assert Dimension.objects.filter(campaign=campaign).count() == 5
    assert len(events("review.rubric_created")) == 1


def test_update_dimension_before_freeze_changes_it(campaign, staff_user, rubric):
    services.update_dimension(
        rubric[4], name="综合评价", max_points=Decimal("10"), guidance="总体印象", actor=staff_user
    )

    dim = Dimension.objects.get(campaign=campaign, key="overall")
    assert (dim.name, dim.max_points, dim.guidance) == ("综合评价", Decimal("10.0"), "总体印象")
    (event,) = events("review.dimension_updated")
    assert event.data == {
        "key": "overall",
        "before": {"name": "事迹材料质量与综合评价", "max_points": "5.0"},
        "after": {"name": "综合评价", "max_points": "10"},
    }


def test_update_dimension_after_first_save_is_refused(ready, rubric, staff_user):
    expert, candidate = ready
    save(expert, candidate, {"skill": Decimal("20")})

    with pytest.raises(DomainError, match="评分标准不能再修改"):
        services.update_dimension(
            rubric[0], name="技能", max_points=Decimal("40"), guidance="", actor=staff_user
        )
    assert Dimension.objects.get(pk=rubric[0].pk).max_points == Decimal("30.0")
    assert events("review.dimension_updated") == []


# --- The window ----------------------------------------------------------------------------


def test_set_review_window_records_dates(campaign, staff_user):
    opens = timezone.now()
    closes = opens + timedelta(days=3)

    services.set_review_window(campaign, opens_at=opens, closes_at=closes, actor=staff_user)

    settings = ReviewSettings.objects.get(campaign=campaign)
    assert (settings.review_opens_at, settings.review_closes_at) == (opens, closes)
    (event,) = events("review.window_set")
    assert event.data == {"opens_at": opens.isoformat(), "closes_at": closes.isoformat()}


def test_set_review_window_backwards_is_refused(campaign, staff_user):
    opens = timezone.now()
    with pytest.raises(DomainError, match="晚于开始时间"):
        services.set_review_window(campaign, opens_at=opens, closes_at=opens, actor=staff_user)
    assert events("review.window_set") == []


def test_save_sheet_without_window_is_refused(rubric, signed_expert, candidate):
    with pytest.raises(DomainError, match="评分时间尚未确定"):
        save(signed_expert, candidate)
    assert ScoreSheet.objects.count() == 0


def test_save_sheet_before_window_opens_is_refused(ready, campaign, staff_user):
    expert, candidate = ready
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now + timedelta(days=1),
        closes_at=now + timedelta(days=2),
        actor=staff_user,
    )
    with pytest.raises(DomainError, match="评分尚未开始"):
        save(expert, candidate)
    assert ScoreSheet.objects.count() == 0


def test_save_sheet_after_window_closes_is_refused(ready, campaign):
    expert, candidate = ready
    close_window(campaign)
    with pytest.raises(DomainError, match="评分已经截止"):
        save(expert, candidate)
    assert ScoreSheet.objects.count() == 0
    assert events("review.sheet_saved") == []


# --- Saving --------------------------------------------------------------------------------


def test_save_sheet_creates_draft_scores_and_freezes_rubric(ready, campaign):
    expert, candidate = ready

    sheet = save(expert, candidate, {"skill": Decimal("25.5"), "awards": "12"})

    sheet.refresh_from_db()
    assert (sheet.status, sheet.version, sheet.comment, sheet.recommend, sheet.total) == (
        "draft",
        1,
        "技艺精湛",
        True,
        Decimal("37.5"),
    )
    assert dict(sheet.scores.values_list("dimension__key", "points")) == {
        "skill": Decimal("25.5"),
        "awards": Decimal("12.0"),
    }
    assert ReviewSettings.objects.get(campaign=campaign).rubric_frozen_at is not None
    (event,) = events("review.sheet_saved")
    assert event.actor == expert.user
    assert event.data == {
        "nomination": candidate.pk,
        "scores": {"awards": "12.0", "skill": "25.5"},
        "recommend": True,
        "version": 1,
        "rubric_frozen": True,
    }


def test_save_sheet_again_replaces_scores(ready):
    expert, candidate = ready
    save(expert, candidate, {"skill": Decimal("25.5"), "awards": Decimal("12")})

    sheet = save(expert, candidate, {"skill": Decimal("20")}, version=1, recommend=None)

    assert dict(sheet.scores.values_list("dimension__key", "points")) == {"skill": Decimal("20.0")}
    sheet.refresh_from_db()
    assert (sheet.version, sheet.recommend, sheet.total) == (2, None, Decimal("20.0"))
    assert [e.data["rubric_frozen"] for e in events("review.sheet_saved")] == [True, False]


def test_save_sheet_with_stale_version_is_refused(ready):
    expert, candidate = ready
    save(expert, candidate, {"skill": Decimal("20")})

    with pytest.raises(ConflictError):
        save(expert, candidate, {"skill": Decimal("21")}, version=0)
    assert Score.objects.get().points == Decimal("20.0")


@pytest.mark.parametrize(
    ("key", "points"),
    [
        ("skill", Decimal("30.5")),
        ("skill", Decimal("-1")),
        ("overall", Decimal("5.1")),
        ("innovation", Decimal("12.25")),
        ("leadership", "abc"),
    ],
)
def test_save_sheet_out_of_range_names_the_dimension(ready, rubric, key, points):
    expert, candidate = ready
    name = next(d.name for d in rubric if d.key == key)

    with pytest.raises(DomainError, match=f"“{name}”的得分须在0至"):
        save(expert, candidate, {key: points})
    assert ScoreSheet.objects.count() == 0
    assert events("review.sheet_saved") == []


def test_save_sheet_full_marks_are_accepted(ready):
    expert, candidate = ready
    sheet = save(expert, candidate, {"skill": Decimal("30"), "overall": Decimal("0")})
    assert sheet.scores.count() == 2


def test_save_sheet_unknown_dimension_is_refused(ready):
    expert, candidate = ready
    with pytest.raises(DomainError, match="评分项目不存在"):
        save(expert, candidate, {"speed": Decimal("1")})


def test_save_sheet_for_conflicted_pair_is_refused(ready, staff_user):
    expert, candidate = ready
    services.declare_conflict(
        expert, nomination=candidate, kind=Conflict.Kind.RELATIVE, note="", actor=expert.user
    )

    with pytest.raises(DomainError) as exc:
        save(expert, candidate)
    assert str(exc.value) == "您不能为该人选评分。"
    assert ScoreSheet.objects.count() == 0


def test_save_sheet_for_other_panel_candidate_reveals_nothing(ready, make_expert):
    _expert, candidate = ready
    outsider = make_expert(name="组外专家")
    with pytest.raises(DomainError) as exc:
        save(outsider, candidate)
    assert str(exc.value) == "您不能为该人选评分。"


def test_save_sheet_for_someone_else_is_refused(ready, staff_user):
    expert, candidate = ready
    with pytest.raises(DomainError):
        services.save_sheet(
            expert.user,
            nomination=candidate,
            scores=FULL,
            comment="",
            recommend=True,
            expected_version=0,
            actor=staff_user,
        )
    assert ScoreSheet.objects.count() == 0


# --- Submitting and reopening -------------------------------------------------------------


def test_submit_sheet_locks_it(ready):
    expert, candidate = ready
    sheet = save(expert, candidate)

    sheet = services.submit_sheet(sheet, expected_version=1, actor=expert.user)

    sheet.refresh_from_db()
    assert (sheet.status, sheet.version) == ("submitted", 2)
    assert sheet.submitted_at is not None
    (event,) = events("review.sheet_submitted")
    assert event.data == {"nomination": candidate.pk, "total": "84.5"}
    with pytest.raises(DomainError, match="评分表已提交"):
        save(expert, candidate, {"skill": Decimal("1")}, version=2)
    assert Score.objects.get(dimension__key="skill").points == Decimal("25.5")


def test_submit_sheet_incomplete_names_missing_dimensions(ready):
    expert, candidate = ready
    sheet = save(expert, candidate, {"skill": Decimal("20"), "awards": Decimal("10")})

    with pytest.raises(DomainError, match="以下项目尚未评分：创新成果与突出贡献、领军作用"):
        services.submit_sheet(sheet, expected_version=1, actor=expert.user)
    assert ScoreSheet.objects.get().status == "draft"
    assert events("review.sheet_submitted") == []


def test_submit_sheet_without_vote_is_refused(ready):
    expert, candidate = ready
    sheet = save(expert, candidate, recommend=None)
    with pytest.raises(DomainError, match="请选择是否推荐"):
        services.submit_sheet(sheet, expected_version=1, actor=expert.user)


def test_submit_sheet_after_window_is_refused(ready, campaign):
    expert, candidate = ready
    sheet = save(expert, candidate)
    close_window(campaign)
    with pytest.raises(DomainError, match="评分已经截止"):
        services.submit_sheet(sheet, expected_version=1, actor=expert.user)
    assert ScoreSheet.objects.get().status == "draft"


def test_reopen_sheet_returns_draft_with_reason(ready, staff_user):
    expert, candidate = ready
    sheet = services.submit_sheet(save(expert, candidate), expected_version=1, actor=expert.user)

    sheet = services.reopen_sheet(sheet, reason="专家申请更正", actor=staff_user)

    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_at, sheet.reopened_count, sheet.version) == (
        "draft",
        None,
        1,
        3,
    )
    (event,) = events("review.sheet_reopened")
    assert event.actor == staff_user
    assert event.data == {"nomination": candidate.pk, "reason": "专家申请更正"}
    save(expert, candidate, {"skill": Decimal("29")}, version=3)


def test_reopen_sheet_by_expert_or_without_reason_is_refused(ready, staff_user):
    expert, candidate = ready
    sheet = services.submit_sheet(save(expert, candidate), expected_version=1, actor=expert.user)
    with pytest.raises(DomainError):
        services.reopen_sheet(sheet, reason="想改", actor=expert.user)
    with pytest.raises(DomainError, match="请填写退回理由"):
        services.reopen_sheet(sheet, reason="  ", actor=staff_user)
    assert ScoreSheet.objects.get().status == "submitted"
    assert events("review.sheet_reopened") == []


def test_reopen_sheet_after_window_is_refused(ready, campaign, staff_user):
    expert, candidate = ready
    sheet = services.submit_sheet(save(expert, candidate), expected_version=1, actor=expert.user)
    close_window(campaign)
    with pytest.raises(DomainError, match="评分已经截止"):
        services.reopen_sheet(sheet, reason="更正", actor=staff_user)
    assert ScoreSheet.objects.get().status == "submitted"


def test_reopen_draft_sheet_is_refused(ready, staff_user):
    expert, candidate = ready
    sheet = save(expert, candidate)
    with pytest.raises(DomainError, match="尚未提交"):
        services.reopen_sheet(sheet, reason="更正", actor=staff_user)


# --- The expert's workbench ---------------------------------------------------------------


def post_score(client, candidate, action="draft", version=0, **overrides):
    data = {f"score_{k}": str(v) for k, v in FULL.items()}
    data.update(comment="扎根一线", recommend="yes", version=str(version), action=action)
    data.update(overrides)
    return client.post(reverse("review:score", args=[candidate.pk]), data)


def test_score_view_saves_draft(ready, expert_client):
    expert, candidate = ready

    response = post_score(expert_client, candidate)

    assert response.status_code == 302
    assert response.url == reverse("review:candidate", args=[candidate.pk]) + "#score"
    sheet = ScoreSheet.objects.get(expert=expert, nomination=candidate)
    assert (sheet.status, sheet.comment, sheet.recommend) == ("draft", "扎根一线", True)
    assert sheet.scores.count() == 5


def test_score_view_next_goes_to_next_unsubmitted(
    ready, expert_client, make_nomination, campaign, staff_user
):
    _expert, candidate = ready
    second = make_nomination(status="eligible", name="司马青云")
    services.place_eligible_nominations(campaign, actor=staff_user)

    response = post_score(expert_client, candidate, action="next")

    assert response.status_code == 302
    assert response.url == reverse("review:candidate", args=[second.pk])


def test_score_view_submit_locks_and_page_shows_no_form(ready, expert_client):
    _expert, candidate = ready

    response = post_score(expert_client, candidate, action="submit")

    assert response.url == reverse("review:home")
    assert ScoreSheet.objects.get().status == "submitted"
    page = expert_client.get(reverse("review:candidate", args=[candidate.pk])).content.decode()
    assert "提交，不能再修改。如需更正，请联系省总工会工作人员退回。" in page
    assert reverse("review:score", args=[candidate.pk]) not in page
    home = expert_client.get(reverse("review:home")).content.decode()
    assert "已评 1 / 1" in home


def test_score_view_out_of_range_changes_nothing(ready, expert_client):
    _expert, candidate = ready
    response = post_score(expert_client, candidate, score_skill="31")
    assert response.status_code == 200
    assert ScoreSheet.objects.count() == 0


def test_candidate_page_shows_score_form_with_max_and_guidance(ready, expert_client):
    _expert, candidate = ready
    page = expert_client.get(reverse("review:candidate", args=[candidate.pk])).content.decode()
    assert "技能水平与工艺专长（满分 30）" in page
    assert "带徒传技、创新工作室" in page
    assert "保存并进入下一位" in page
    assert "提交（提交后不可修改）" in page


def test_candidate_page_never_shows_other_experts_scores(
    ready, expert_client, make_expert, panel, staff_user, campaign
):
    _expert, candidate = ready
    other = make_expert(name="李德胜", employer_name="齐齐哈尔机床厂")
    services.add_panel_member(panel, expert=other, actor=staff_user)
    services.sign_pledge(other, campaign=campaign, actor=other.user)
    save(other, candidate, comment="其他专家的评语独有文字")

    page = expert_client.get(reverse("review:candidate", args=[candidate.pk])).content.decode()

    assert "其他专家的评语独有文字" not in page
    assert 'value="25.5"' not in page


def test_conflicted_pair_cannot_be_scored_on_the_page(ready, expert_client):
    expert, candidate = ready
    services.declare_conflict(
        expert, nomination=candidate, kind=Conflict.Kind.RELATIVE, note="", actor=expert.user
    )

    assert expert_client.get(reverse("review:candidate", args=[candidate.pk])).status_code == 404
    assert post_score(expert_client, candidate).status_code == 404
    assert ScoreSheet.objects.count() == 0


def test_workbench_shows_progress_and_status(
    ready, expert_client, make_nomination, campaign, staff_user
):
    expert, candidate = ready
    make_nomination(status="eligible", name="司马青云")
    services.place_eligible_nominations(campaign, actor=staff_user)
    save(expert, candidate)

    page = expert_client.get(reverse("review:home")).content.decode()

    assert "已评 0 / 2" in page
    assert "草稿" in page
    assert "未评" in page


def test_workbench_query_count_is_constant(
    ready, expert_client, make_nomination, campaign, staff_user
):
    # Session, user, campaign, expert, membership, pledge, candidate rows with their
    # sheet status, declarations.
    expert, _candidate = ready
    counts = []
    made = 1
    for size in (3, 12):
        while made < size:
            nomination = make_nomination(status="eligible", name=f"候选{made}")
            services.place_eligible_nominations(campaign, actor=staff_user)
            save(expert, nomination)
            made += 1
        with CaptureQueriesContext(connection) as context:
            response = expert_client.get(reverse("review:home"))
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    # The page's rows, and the count of all candidates and of the submitted ones.
    assert counts == [13, 13]


# --- Staff ---------------------------------------------------------------------------------


def test_window_view_sets_dates_and_default_rubric(campaign, staff_client, staff_user):
    response = staff_client.post(
        reverse("review:window"),
        {"opens_at": "2026-01-05T09:00", "closes_at": "2026-01-20T17:00"},
    )

    assert response.status_code == 302
    settings = ReviewSettings.objects.get(campaign=campaign)
    assert timezone.localtime(settings.review_closes_at).strftime("%Y-%m-%d %H:%M") == (
        "2026-01-20 17:00"
    )
    assert Dimension.objects.filter(campaign=campaign).count() == 5
    assert len(events("review.window_set")) == 1


def test_window_view_lists_and_reopens_sheet(ready, staff_client, staff_user):
    expert, candidate = ready
    sheet = services.submit_sheet(save(expert, candidate), expected_version=1, actor=expert.user)

    page = staff_client.get(reverse("review:window")).content.decode()
    assert candidate.name in page
    assert "25.5" not in page
    response = staff_client.post(
        reverse("review:sheet_reopen", args=[sheet.pk]), {"reason": "专家申请更正"}
    )

    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.status, sheet.reopened_count) == ("draft", 1)
    assert events("review.sheet_reopened")[0].data["reason"] == "专家申请更正"


def test_sheet_reopen_without_reason_changes_nothing(ready, staff_client):
    expert, candidate = ready
    sheet = services.submit_sheet(save(expert, candidate), expected_version=1, actor=expert.user)
    staff_client.post(reverse("review:sheet_reopen", args=[sheet.pk]), {"reason": ""})
    assert ScoreSheet.objects.get().status == "submitted"


def test_window_page_query_count_is_constant(
    ready, staff_client, make_nomination, campaign, staff_user
):
    # Session, user, campaign, settings, submitted sheets with expert and nominee.
    expert, _candidate = ready
    counts = []
    made = 0
    for size in (3, 12):
        while made < size:
            nomination = make_nomination(status="eligible", name=f"候选{made}")
            services.place_eligible_nominations(campaign, actor=staff_user)
            services.submit_sheet(save(expert, nomination), expected_version=1, actor=expert.user)
            made += 1
        with CaptureQueriesContext(connection) as context:
            response = staff_client.get(reverse("review:window"))
        assert response.status_code == 200
        assert response.content.decode().count("reason-") >= size
        counts.append(len(context.captured_queries))
    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [9, 9]
