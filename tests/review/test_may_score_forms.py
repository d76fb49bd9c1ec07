"""``may_score`` and its joined form (``may_score_joined``, which ``counted_sheets`` uses)
admit the same pairs, in every case the rule excludes.

The campaign has two panels. Every expert has a submitted sheet of every
nomination (one a draft), whether or not the rule lets the pair score, so the
two forms are compared on the same rows: a confirmed conflict, a suggested and
a dismissed one, a candidate no longer eligible, one never placed, one moved to
the other panel, an expert removed from the panel and made inactive, an
expert in both panels, and in k mode the assignments.
"""

import pytest
from django.db.models import OuterRef
from django.utils import timezone

from nominations.models import Nomination
from review import services
from review.models import Assignment, Conflict, IndustryGroup, ReviewSettings, ScoreSheet
from review.selectors.candidates import counted_sheets, may_score, may_score_joined

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(campaign, staff_user, make_nomination, make_expert, panel):
    it = services.create_panel(
        campaign, actor=staff_user, name="信息技术组", industry_group=IndustryGroup.IT
    )
    experts = {name: make_expert(name=name) for name in "abcde"}
    for name in "abde":
        services.add_panel_member(panel, expert=experts[name], actor=staff_user)
    for name in "ce":
        services.add_panel_member(it, expert=experts[name], actor=staff_user)
    nominations = {
        "clean": make_nomination(status="eligible", name="欧阳明辉", industry="C"),
        "it": make_nomination(status="eligible", name="孙丽华", industry="I"),
        "withdrawn": make_nomination(status="eligible", name="刘志强", industry="C"),
        "moved": make_nomination(status="eligible", name="张建国", industry="C"),
    }
    services.place_eligible_nominations(campaign, actor=staff_user)
    nominations["unplaced"] = make_nomination(status="eligible", name="李秀英", industry="C")
    nominations["submitted"] = make_nomination(status="submitted", name="王桂兰", industry="C")
    assert not hasattr(nominations["unplaced"], "placement")
    services.move_placement(nominations["moved"], panel=it, reason="专业更接近", actor=staff_user)
    # Placed while eligible, then disqualified (behind the services' back: the
    # placement stays, which is the case the rule's status clause is for).
    Nomination.objects.filter(pk=nominations["withdrawn"].pk).update(status="disqualified")
    # d left the panel and the campaign.
    services.remove_panel_member(panel, expert=experts["d"], actor=staff_user)
    services.set_expert_active(experts["d"], campaign=campaign, active=False, actor=staff_user)
    for expert, nomination, status in (
        ("b", "clean", Conflict.Status.CONFIRMED),
        ("e", "clean", Conflict.Status.SUGGESTED),
        ("e", "it", Conflict.Status.DISMISSED),
        ("c", "moved", Conflict.Status.CONFIRMED),
    ):
        Conflict.objects.create(
            expert=experts[expert],
            nomination=nominations[nomination],
            kind=Conflict.Kind.RELATIVE,
            status=status,
            reason="" if status == Conflict.Status.SUGGESTED else "核实",
        )
    now = timezone.now()
    ScoreSheet.objects.bulk_create(
        ScoreSheet(
            expert=expert,
            nomination=nomination,
            status=ScoreSheet.Status.SUBMITTED,
            submitted_at=now,
        )
        for expert in experts.values()
        for nomination in nominations.values()
    )
    ScoreSheet.objects.filter(expert=experts["e"], nomination=nominations["it"]).update(
        status=ScoreSheet.Status.DRAFT, submitted_at=None
    )
    return experts, nominations


def pairs(sheets, experts, nominations) -> set[tuple[str, str]]:
    expert_names = {e.pk: name for name, e in experts.items()}
    nomination_names = {n.pk: name for name, n in nominations.items()}
    return {
        (expert_names[e], nomination_names[n])
        for e, n in sheets.values_list("expert_id", "nomination_id")
    }


def both_forms(campaign, experts, nominations) -> tuple[set, set]:
    exists = ScoreSheet.objects.filter(
        may_score(campaign, expert=OuterRef("expert_id"), nomination=OuterRef("nomination_id"))
    )
    joined = ScoreSheet.objects.filter(
        may_score_joined(campaign, expert="expert", nomination="nomination")
    )
    return pairs(exists, experts, nominations), pairs(joined, experts, nominations)


WHOLE_PANEL = {("a", "clean"), ("e", "clean"), ("c", "it"), ("e", "it"), ("e", "moved")}


def test_both_forms_admit_the_same_pairs_in_whole_panel_mode(world, campaign):
    experts, nominations = world
    exists, joined = both_forms(campaign, experts, nominations)

    assert exists == WHOLE_PANEL
    assert joined == WHOLE_PANEL


def test_both_forms_admit_the_same_pairs_in_k_mode(world, campaign, staff_user):
    experts, nominations = world
    ReviewSettings.objects.update_or_create(campaign=campaign, defaults={"assignment_mode": "k"})
    for expert, nomination in (("a", "clean"), ("b", "clean"), ("d", "clean"), ("e", "moved")):
        Assignment.objects.create(
            expert=experts[expert], nomination=nominations[nomination], assigned_by=staff_user
        )

    exists, joined = both_forms(campaign, experts, nominations)

    assert exists == {("a", "clean"), ("e", "moved")}
    assert joined == {("a", "clean"), ("e", "moved")}


def test_counted_sheets_are_the_admitted_pairs_submitted_sheets(world, campaign):
    experts, nominations = world

    counted = pairs(counted_sheets(campaign), experts, nominations)

    assert counted == WHOLE_PANEL - {("e", "it")}
    assert counted_sheets(campaign).count() == len(counted)
