"""Assigning k experts per candidate: the pure algorithm, the service, the selector, the screens."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from longjiang.exceptions import DomainError
from review import services
from review.allocation import CAP_REACHED, TOO_FEW_MEMBERS, PanelInput, Shortfall, assign
from review.models import Assignment, Conflict, ReviewSettings
from review.services.assignments import assign_experts
from review.services.rules import update_ranking_settings
from tests.review.conftest import client_for, events

# --- The algorithm (no database) -------------------------------------------------------


def by_candidate(plan) -> dict[int, list[int]]:
    candidates = sorted({c for _e, c in plan.pairs})
    return {c: plan.experts_of(c) for c in candidates}


def test_assign_balances_loads_least_loaded_first_ties_by_id():
    plan = assign([PanelInput(panel=1, candidates=[10, 11, 12], members=[3, 1, 2])], k=2)

    # 10 takes 1 and 2; 11 takes 3 (load 0) and 1 (load 1, smaller id than 2);
    # 12 takes 2 and 3 (load 1 each) rather than 1 (load 2).
    assert by_candidate(plan) == {10: [1, 2], 11: [1, 3], 12: [2, 3]}
    assert plan.loads == {1: 2, 2: 2, 3: 2}
    assert plan.shortfalls == []
    assert plan.kept == set()


def test_assign_never_exceeds_the_cap_and_reports_the_shortfall():
    plan = assign([PanelInput(panel=1, candidates=[10, 11, 12, 13], members=[1, 2, 3])], k=2, cap=2)

    assert by_candidate(plan) == {10: [1, 2], 11: [1, 3], 12: [2, 3]}
    assert plan.loads == {1: 2, 2: 2, 3: 2}
    assert plan.shortfalls == [
        Shortfall(candidate=13, panel=1, assigned=0, eligible=3, reason=CAP_REACHED)
    ]


def test_assign_with_too_few_members_assigns_all_and_reports_why():
    plan = assign([PanelInput(panel=7, candidates=[10], members=[1, 2])], k=3)

    assert by_candidate(plan) == {10: [1, 2]}
    assert plan.shortfalls == [
        Shortfall(candidate=10, panel=7, assigned=2, eligible=2, reason=TOO_FEW_MEMBERS)
    ]


def test_assign_never_assigns_a_conflicted_pair():
    plan = assign(
        [PanelInput(panel=1, candidates=[10, 11], members=[1, 2, 3])],
        k=2,
        excluded={(1, 10)},
    )

    # 10 has two eligible experts, so it is served first: 2 and 3; then 11 takes
    # 1 (load 0) and 2 (load 1, smaller id than 3).
    assert by_candidate(plan) == {10: [2, 3], 11: [1, 2]}
    assert (1, 10) not in plan.pairs


def test_assign_conflicts_leaving_too_few_members_is_a_shortfall():
    plan = assign(
        [PanelInput(panel=1, candidates=[10], members=[1, 2, 3])], k=3, excluded={(1, 10)}
    )

    assert by_candidate(plan) == {10: [2, 3]}
    assert plan.shortfalls == [
        Shortfall(candidate=10, panel=1, assigned=2, eligible=2, reason=TOO_FEW_MEMBERS)
    ]


def test_assign_serves_the_most_constrained_candidate_first():
    # Served in the order given, 10 would take expert 1 and leave 11 (who cannot
    # have 2) without anyone under the cap.
    plan = assign(
        [PanelInput(panel=1, candidates=[10, 11], members=[1, 2])],
        k=1,
        cap=1,
        excluded={(2, 11)},
    )

    assert by_candidate(plan) == {10: [2], 11: [1]}
    assert plan.shortfalls == []


def test_assign_keeps_pairs_and_counts_them_in_the_loads():
    plan = assign(
        [PanelInput(panel=1, candidates=[10, 11], members=[1, 2, 3])],
        k=2,
        keep={(3, 10), (3, 11)},
    )

    assert by_candidate(plan) == {10: [1, 3], 11: [2, 3]}
    assert plan.kept == {(3, 10), (3, 11)}
    assert plan.loads == {1: 1, 2: 1, 3: 2}


def test_assign_keeps_pairs_beyond_k_and_cap_but_not_conflicted_or_foreign_ones():
    plan = assign(
        [PanelInput(panel=1, candidates=[10, 11], members=[1, 2, 3])],
        k=1,
        cap=1,
        keep={(1, 10), (2, 10), (1, 11), (3, 11), (9, 11)},
        excluded={(3, 11)},
    )

    # 10 keeps both of its sheets (more than k); expert 1 keeps two (more than the
    # cap); the conflicted pair (3, 11) and the non-member 9 are not kept.
    assert by_candidate(plan) == {10: [1, 2], 11: [1]}
    assert plan.kept == {(1, 10), (2, 10), (1, 11)}
    assert plan.loads == {1: 2, 2: 1, 3: 0}


def test_assign_counts_loads_and_the_cap_across_panels():
    plan = assign(
        [
            PanelInput(panel=1, candidates=[10], members=[1, 2]),
            PanelInput(panel=2, candidates=[20, 21], members=[1, 3]),
        ],
        k=1,
        cap=1,
    )

    assert by_candidate(plan) == {10: [1], 20: [3]}
    assert plan.shortfalls == [
        Shortfall(candidate=21, panel=2, assigned=0, eligible=2, reason=CAP_REACHED)
    ]


def test_assign_refuses_a_k_below_one():
    with pytest.raises(ValueError, match="k must be at least 1"):
        assign([], k=0)


# --- The service -----------------------------------------------------------------------


@pytest.fixture
def trio(make_expert, panel, staff_user):
    """Three experts of the equipment panel, in id order."""
    experts = [make_expert(name=name) for name in ("甲专家", "乙专家", "丙专家")]
    for e in experts:
        services.add_panel_member(panel, expert=e, actor=staff_user)
    return experts


@pytest.fixture
def nominees(make_nomination, campaign, staff_user, panel):
    """Three eligible candidates of the equipment panel, in the unit's ranking order."""
    made = [make_nomination(status="eligible", name=n) for n in ("赵一", "钱二", "孙三")]
    services.place_eligible_nominations(campaign, actor=staff_user)
    return made


def per_candidate(campaign, staff_user, k=2, cap=None):
    update_ranking_settings(
        campaign,
        actor=staff_user,
        assignment_mode="k",
        experts_per_candidate=k,
        max_per_expert=cap,
    )


def assigned_pairs() -> set[tuple[int, int]]:
    return set(Assignment.objects.values_list("expert_id", "nomination_id"))


@pytest.mark.django_db
def test_assign_experts_fills_every_candidate_to_k(campaign, staff_user, trio, nominees):
    a, b, c = trio
    x, y, z = nominees
    per_candidate(campaign, staff_user)

    report = assign_experts(campaign, actor=staff_user)

    assert assigned_pairs() == {
        (a.pk, x.pk),
        (b.pk, x.pk),
        (a.pk, y.pk),
        (c.pk, y.pk),
        (b.pk, z.pk),
        (c.pk, z.pk),
    }
    assert (report.created, report.removed, report.shortfalls) == (6, 0, [])
    assert set(Assignment.objects.values_list("assigned_by", flat=True)) == {staff_user.pk}
    (event,) = events("review.experts_assigned")
    assert event.actor == staff_user
    assert event.data == {
        "k": 2,
        "cap": None,
        "candidates": 3,
        "assignments": 6,
        "kept": 0,
        "created": 6,
        "removed": 0,
        "shortfalls": [],
    }


@pytest.mark.django_db
def test_assign_experts_in_whole_panel_mode_is_refused(campaign, staff_user, trio, nominees):
    with pytest.raises(DomainError, match="无需分配评审专家"):
        assign_experts(campaign, actor=staff_user)

    assert Assignment.objects.count() == 0
    assert events("review.experts_assigned") == []


@pytest.mark.django_db
def test_assign_experts_after_the_window_closed_is_refused(campaign, staff_user, trio, nominees):
    per_candidate(campaign, staff_user)
    now = timezone.now()
    ReviewSettings.objects.filter(campaign=campaign).update(
        review_opens_at=now - timedelta(days=3), review_closes_at=now - timedelta(minutes=1)
    )

    with pytest.raises(DomainError, match="评分已经截止，不能再分配评审专家"):
        assign_experts(campaign, actor=staff_user)
    assert Assignment.objects.count() == 0


@pytest.mark.django_db
def test_assign_experts_reports_shortfalls_with_the_cap(campaign, staff_user, trio, nominees):
    _a, _b, _c = trio
    x, y, z = nominees
    per_candidate(campaign, staff_user, k=3, cap=2)

    report = assign_experts(campaign, actor=staff_user)

    # Three experts with a cap of 2 have 6 places for the 9 wanted: x and y get all
    # three experts, and z is left with none.
    assert Assignment.objects.filter(nomination=x).count() == 3
    assert Assignment.objects.filter(nomination=y).count() == 3
    assert Assignment.objects.filter(nomination=z).count() == 0
    assert [(s.candidate, s.assigned, s.reason) for s in report.shortfalls] == [
        (z.pk, 0, CAP_REACHED)
    ]
    (event,) = events("review.experts_assigned")
    assert event.data["shortfalls"] == [
        {"nomination": z.pk, "panel": z.placement.panel_id, "assigned": 0, "reason": "cap_reached"}
    ]


@pytest.mark.django_db
def test_assign_experts_keeps_started_sheets_and_drops_the_rest(
    campaign, staff_user, trio, nominees
):
    a, b, c = trio
    x, y, z = nominees
    per_candidate(campaign, staff_user)
    assign_experts(campaign, actor=staff_user)
    # c has begun scoring z; then the rule becomes one expert per candidate.
    open_window(campaign, staff_user)
    services.sign_pledge(c, campaign=campaign, actor=c.user)
    draft(c, z)
    per_candidate(campaign, staff_user, k=1)

    report = assign_experts(campaign, actor=staff_user)

    # z keeps c (the sheet); x and y are filled least-loaded first: a, then b.
    assert assigned_pairs() == {(a.pk, x.pk), (b.pk, y.pk), (c.pk, z.pk)}
    assert report.plan.kept == {(c.pk, z.pk)}
    event = events("review.experts_assigned")[-1]
    assert (event.data["kept"], event.data["created"], event.data["removed"]) == (1, 1, 4)


@pytest.mark.django_db
def test_assign_experts_drops_and_never_makes_a_conflicted_pair(
    campaign, staff_user, trio, nominees
):
    a, b, c = trio
    x, _y, _z = nominees
    per_candidate(campaign, staff_user)
    assign_experts(campaign, actor=staff_user)
    conflict = Conflict.objects.create(expert=a, nomination=x, kind="relative", status="suggested")
    services.confirm_conflict(conflict, reason="亲属", actor=staff_user)

    assign_experts(campaign, actor=staff_user)

    assert set(Assignment.objects.filter(nomination=x).values_list("expert_id", flat=True)) == {
        b.pk,
        c.pk,
    }
    assert not Assignment.objects.filter(expert=a, nomination=x).exists()


# --- The selector ----------------------------------------------------------------------


def open_window(campaign, staff_user):
    services.ensure_default_rubric(campaign, actor=staff_user)
    now = timezone.now()
    services.set_review_window(
        campaign,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=5),
        actor=staff_user,
    )


def draft(expert, nomination):
    return services.save_sheet(
        expert.user,
        nomination=nomination,
        scores={"skill": Decimal("20")},
        comment="",
        recommend=None,
        expected_version=0,
        actor=expert.user,
    )


@pytest.mark.django_db
def test_candidate_page_in_k_mode_is_404_for_an_unassigned_expert(
    campaign, staff_user, trio, nominees
):
    _a, _b, c = trio
    x, y, _z = nominees
    for e in trio:
        services.sign_pledge(e, campaign=campaign, actor=e.user)
    per_candidate(campaign, staff_user)
    assign_experts(campaign, actor=staff_user)
    url = reverse("review:candidate", args=[x.pk])

    statuses = [client_for(e.user).get(url).status_code for e in trio]

    # x went to a and b.
    assert statuses == [200, 200, 404]
    home = client_for(c.user).get(reverse("review:home")).content.decode()
    assert x.name not in home
    assert y.name in home


@pytest.mark.django_db
def test_candidate_page_in_whole_panel_mode_ignores_assignments(
    campaign, staff_user, trio, nominees
):
    x = nominees[0]
    for e in trio:
        services.sign_pledge(e, campaign=campaign, actor=e.user)
    per_candidate(campaign, staff_user)
    assign_experts(campaign, actor=staff_user)
    update_ranking_settings(campaign, actor=staff_user, assignment_mode="panel")
    url = reverse("review:candidate", args=[x.pk])

    assert [client_for(e.user).get(url).status_code for e in trio] == [200, 200, 200]


@pytest.mark.django_db
def test_saving_a_sheet_in_k_mode_for_an_unassigned_candidate_is_refused(
    campaign, staff_user, trio, nominees
):
    _a, _b, c = trio
    x = nominees[0]
    open_window(campaign, staff_user)
    services.sign_pledge(c, campaign=campaign, actor=c.user)
    per_candidate(campaign, staff_user)
    assign_experts(campaign, actor=staff_user)

    with pytest.raises(DomainError, match="您不能为该人选评分"):
        draft(c, x)


# --- The rules service -----------------------------------------------------------------


@pytest.mark.django_db
def test_update_ranking_settings_lists_the_changes(campaign, staff_user):
    update_ranking_settings(
        campaign,
        actor=staff_user,
        assignment_mode="k",
        experts_per_candidate=3,
        max_per_expert=None,
        ranking_method="mean",
        trim_from=5,
        disagreement_threshold=Decimal("15.5"),
        show_normalised=True,
        reserve_size=10,
    )

    settings = ReviewSettings.objects.get(campaign=campaign)
    assert (
        settings.assignment_mode,
        settings.experts_per_candidate,
        settings.ranking_method,
        settings.disagreement_threshold,
        settings.show_normalised,
    ) == ("k", 3, "mean", Decimal("15.5"), True)
    (event,) = events("review.rules_changed")
    assert event.actor == staff_user
    assert event.data == {
        "changes": {
            "assignment_mode": {"before": "panel", "after": "k"},
            "experts_per_candidate": {"before": 5, "after": 3},
            "ranking_method": {"before": "trimmed", "after": "mean"},
            "disagreement_threshold": {"before": "20.0", "after": "15.5"},
            "show_normalised": {"before": False, "after": True},
        }
    }


@pytest.mark.django_db
def test_update_ranking_settings_without_change_records_nothing(campaign, staff_user):
    update_ranking_settings(campaign, actor=staff_user, trim_from=5, reserve_size=10)

    assert events("review.rules_changed") == []


@pytest.mark.django_db
def test_update_ranking_settings_refuses_a_mode_change_once_scoring_began(
    campaign, staff_user, signed_expert, candidate
):
    open_window(campaign, staff_user)
    draft(signed_expert, candidate)

    with pytest.raises(DomainError, match="评审分配方式不能再修改"):
        update_ranking_settings(campaign, actor=staff_user, assignment_mode="k")
    assert ReviewSettings.objects.get(campaign=campaign).assignment_mode == "panel"
    assert events("review.rules_changed") == []


@pytest.mark.django_db
def test_update_ranking_settings_refuses_a_trim_below_three(campaign, staff_user):
    with pytest.raises(DomainError, match="最少评分人数须为3至99"):
        update_ranking_settings(campaign, actor=staff_user, trim_from=2)
    assert events("review.rules_changed") == []


# --- The screens -----------------------------------------------------------------------


@pytest.mark.django_db
def test_assignments_page_shows_loads_counts_and_shortfalls(
    campaign, staff_user, staff_client, trio, nominees
):
    per_candidate(campaign, staff_user, k=3, cap=2)
    assign_experts(campaign, actor=staff_user)

    page = staff_client.get(reverse("review:assignments")).content.decode()

    assert "每位人选由指定人数的专家评审" in page
    assert "3 / 3" in page
    assert "0 / 3" in page
    assert "其余专家已达评审人数上限" in page
    assert "评审专家人数不足的人选：1名。" in page
    assert page.count("已达上限") == 3


@pytest.mark.django_db
def test_assignments_post_assigns_and_reports(campaign, staff_user, staff_client, trio, nominees):
    per_candidate(campaign, staff_user, k=3, cap=2)

    response = staff_client.post(reverse("review:assignments"), follow=True)

    assert response.redirect_chain == [(reverse("review:assignments"), 302)]
    page = response.content.decode()
    assert "已分配评审专家：共6条分配，保留已开始评分的0条，新增6条，撤销0条。" in page
    assert "1位人选的评审专家人数不足，详见下表。" in page
    assert Assignment.objects.count() == 6


@pytest.mark.django_db
def test_assignments_post_in_panel_mode_shows_the_refusal(staff_client, trio, nominees):
    response = staff_client.post(reverse("review:assignments"), follow=True)

    assert "本年度由评审组全体专家评审本组全部人选，无需分配评审专家。" in response.content.decode()
    assert Assignment.objects.count() == 0


RULES = {
    "assignment_mode": "k",
    "experts_per_candidate": "4",
    "max_per_expert": "",
    "ranking_method": "trimmed",
    "trim_from": "5",
    "disagreement_threshold": "20.0",
    "reserve_size": "10",
}


@pytest.mark.django_db
def test_rules_post_saves_the_rules(campaign, staff_client, staff_user):
    response = staff_client.post(reverse("review:rules"), {**RULES, "show_normalised": "on"})

    assert response.status_code == 302
    settings = ReviewSettings.objects.get(campaign=campaign)
    assert (settings.assignment_mode, settings.experts_per_candidate, settings.show_normalised) == (
        "k",
        4,
        True,
    )
    (event,) = events("review.rules_changed")
    assert set(event.data["changes"]) == {
        "assignment_mode",
        "experts_per_candidate",
        "show_normalised",
    }


@pytest.mark.django_db
def test_rules_post_with_errors_keeps_the_input(campaign, staff_client):
    response = staff_client.post(
        reverse("review:rules"), {**RULES, "trim_from": "2", "experts_per_candidate": "abc"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "确保该值大于或等于3。" in page
    assert "输入整数。" in page
    assert 'name="trim_from" value="2"' in page
    assert 'name="experts_per_candidate" value="abc"' in page
    assert ReviewSettings.objects.filter(campaign=campaign).count() == 0
    assert events("review.rules_changed") == []


@pytest.mark.django_db
def test_rules_post_refused_by_the_service_keeps_the_input(
    campaign, staff_user, staff_client, signed_expert, candidate
):
    open_window(campaign, staff_user)
    draft(signed_expert, candidate)

    response = staff_client.post(reverse("review:rules"), RULES)

    assert response.status_code == 200
    page = response.content.decode()
    assert "专家已开始评分，评审分配方式不能再修改。" in page
    assert 'name="experts_per_candidate" value="4"' in page
    assert ReviewSettings.objects.get(campaign=campaign).assignment_mode == "panel"


@pytest.mark.django_db
def test_assignments_page_query_count_is_constant(
    campaign, staff_user, staff_client, make_expert, make_nomination, panel
):
    # Session, user, campaign, settings, placements, memberships, submitted sheets,
    # experts and their panels, the scoring pairs; the session's save (3).
    per_candidate(campaign, staff_user, k=2)
    counts = []
    for size in (2, 6):
        while panel.members.count() < size:
            e = make_expert()
            services.add_panel_member(panel, expert=e, actor=staff_user)
            make_nomination(status="eligible", name=f"候选{size}{panel.members.count()}")
        services.place_eligible_nominations(campaign, actor=staff_user)
        assign_experts(campaign, actor=staff_user)
        with CaptureQueriesContext(connection) as context:
            response = staff_client.get(reverse("review:assignments"))
        assert response.status_code == 200
        counts.append(len(context.captured_queries))
    # +1: the staff menu's campaign switcher (the campaigns' years).
    assert counts == [14, 14]
