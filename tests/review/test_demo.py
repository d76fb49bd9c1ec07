"""The review's demo stages: review, council and locked."""

import re
from collections import Counter

import pytest
from django.db.models import F
from django.utils import timezone

from longjiang.accounts.models import User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import verify_chain
from nominations.models import Nomination
from nominations.workflow import Status
from review.models import (
    Conflict,
    Expert,
    ListVersion,
    Panel,
    Placement,
    ReviewSettings,
    ScoreSheet,
)
from review.selectors.ranking import ranking_data
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def review_stage(seed_demo) -> str:
    # The default 30 nominations: the check stage leaves 4 eligible, 2 submitted and 4 in
    # check; the review stage takes the 2 submitted and 3 of those in check to eligible.
    return seed_demo(stage="review", nominations=30)


def test_seed_demo_review_stage_places_every_eligible_nomination(review_stage):

    eligible = Nomination.objects.filter(status=Status.ELIGIBLE)
    panels = list(Panel.objects.order_by("pk"))

    assert eligible.count() == 9
    # The check stage's one left in check stays there for the first-check demo.
    assert Nomination.objects.filter(status=Status.IN_CHECK).exists()
    assert len(panels) == 3
    assert [p.members.count() for p in panels] == [3, 3, 3]
    assert Placement.objects.count() == eligible.count()
    assert set(Placement.objects.values_list("nomination__status", flat=True)) == {"eligible"}
    assert all(p.reason for p in Placement.objects.filter(by_hand=True))
    assert verify_chain().ok
    assert "Review: 5 more nominations found eligible for the review; 9 eligible placed" in (
        review_stage
    )
    assert "sheets submitted by expert01/expert02/expert03" in review_stage


def test_seed_demo_review_stage_gives_the_nine_experts_profiles(review_stage):

    experts = Expert.objects.select_related("user").order_by("user__username")

    assert [e.user.username for e in experts] == [f"expert{n:02d}" for n in range(1, 10)]
    assert [e.panels.count() for e in experts] == [1] * 9
    assert all(e.campaigns.filter(year=2021).exists() for e in experts)
    signed = [e.user.username for e in experts if e.pledges.exists()]
    assert signed == [f"expert{n:02d}" for n in range(1, 7)]
    # The demo password still signs them in.
    assert all(e.user.check_password(PASSWORD) for e in experts)


def test_seed_demo_review_stage_suggests_decides_and_declares_conflicts(review_stage):

    conflicts = Counter(Conflict.objects.values_list("status", "declared"))
    staff = User.objects.get(username="staff")

    assert conflicts == {
        ("confirmed", False): 1,
        ("dismissed", False): 1,
        ("suggested", False): 1,
        ("confirmed", True): 1,
    }
    decided = Conflict.objects.filter(declared=False).exclude(status="suggested")
    assert all(c.reason and c.decided_by == staff for c in decided)
    declared = Conflict.objects.get(declared=True)
    assert (declared.expert.user.username, declared.kind) == ("expert02", "master_apprentice")
    assert set(Conflict.objects.filter(declared=False).values_list("kind", flat=True)) == {
        "same_employer"
    }
    assert Counter(
        AuditEvent.objects.filter(code__startswith="review.conflict").values_list("code", flat=True)
    ) == {
        "review.conflict_suggested": 3,
        "review.conflict_confirmed": 1,
        "review.conflict_dismissed": 1,
        "review.conflict_declared": 1,
    }


def test_seed_demo_review_stage_run_twice_keeps_one_profile_per_expert(review_stage, seed_demo):

    seed_demo(stage="review", nominations=0)

    assert Expert.objects.count() == 9
    assert Panel.objects.count() == 3
    assert Conflict.objects.count() == 4
    assert verify_chain().ok


def test_seed_demo_review_stage_opens_the_window_with_some_sheets(review_stage):

    settings = ReviewSettings.objects.get()
    now = timezone.now()
    assert settings.review_opens_at < now < settings.review_closes_at
    submitted = ScoreSheet.objects.filter(status="submitted")
    assert set(submitted.values_list("expert__user__username", flat=True)) == {
        "expert01",
        "expert02",
        "expert03",
    }
    drafts = ScoreSheet.objects.filter(status="draft")
    assert set(drafts.values_list("expert__user__username", flat=True)) == {"expert04"}
    # Experts score only candidates they may see: never a conflicted pair.
    conflicted = ScoreSheet.objects.filter(
        nomination__conflicts__expert_id=F("expert_id"), nomination__conflicts__status="confirmed"
    )
    assert not conflicted.exists()


def test_seed_demo_locked_stage_locks_the_ranked_list(seed_demo):
    output = seed_demo(stage="locked", nominations=30)

    assert ReviewSettings.objects.get().review_closes_at < timezone.now()
    assert not ScoreSheet.objects.filter(status="draft").exists()
    version = ListVersion.objects.get()
    ranking = ranking_data(version.campaign)
    assert list(
        version.entries.filter(part="listed")
        .order_by("position")
        .values_list("nomination_id", flat=True)
    ) == [r.nomination_id for r in ranking.composition.listed]
    assert version.entries.count() == 9
    assert Nomination.objects.filter(locked_at__isnull=False).count() == 9
    assert version.decision.recorded_by.username == "council"
    assert (
        f"locked version 1 with 9 entries, SHA-256 {version.content_hash}, "
        "acknowledging: pending_conflicts, under_quota." in output
    )
    assert version.decision.list_version.number == 1
    assert verify_chain().ok

    again = seed_demo(stage="locked", nominations=0)

    assert ListVersion.objects.count() == 1
    assert f"Locked: version 1 already locked ({version.content_hash})." in again


def test_seed_demo_council_stage_lists_the_warnings_before_the_button(seed_demo, client):
    seed_demo(stage="council", nominations=30)
    pending = Conflict.objects.select_related("expert", "nomination").get(status="suggested")
    client.force_login(User.objects.get(username="council"))

    text = client.get("/review/council/").content.decode()

    notice = text.index("审定前须知")
    button = text.index("记录会议决定</button>")
    facts = [
        "有回避建议尚未处理</strong>：1项系统提示的回避情形未经确认或排除；相关专家的评分已计入排名。",
        f"{pending.expert.name}与{pending.nomination.name}（同一工作单位）",
        "建议人选少于名额</strong>：建议人选9人，少于名额100人。",
    ]
    assert all(notice < text.index(fact) < button for fact in facts)
    assert re.findall(r'name="acknowledged" value="([a-z_]+)"', text) == [
        "pending_conflicts",
        "under_quota",
    ]
