"""Reads of the assignment of experts and of the experts' unfinished work.

Who may score whom is ``candidates.may_score`` (the panels, the assignment in k
mode, the confirmed conflicts); these reads count the pairs of
``candidates.scoring_pairs`` and never list a conflicted pair.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch

from longjiang.accounts.models import User
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.workflow import Status
from review import allocation
from review.models import (
    AssignmentMode,
    Expert,
    Panel,
    Placement,
    Pledge,
    ReviewSettings,
    ScoreSheet,
)
from review.permissions import can_manage_review
from review.selectors.candidates import scorable, scoring_pairs
from review.selectors.scoring import review_settings_of

Pairs = dict[tuple[int, int], bool]


def panel_members(campaign: Campaign) -> dict[int, list[int]]:
    """Return the ids of each panel's members who take part in the campaign, by panel id."""
    members: dict[int, list[int]] = {}
    for panel_id, expert_id in Panel.members.through.objects.filter(
        panel__campaign=campaign, expert__campaigns=campaign
    ).values_list("panel_id", "expert_id"):
        members.setdefault(panel_id, []).append(expert_id)
    return members


# --- The overview -----------------------------------------------------------------------


@dataclass
class ExpertLoad:
    """An expert of the campaign's panels and how many candidates they are to score."""

    expert: Expert
    panels: list[str] = field(default_factory=list)
    assigned: int = 0
    submitted: int = 0
    at_cap: bool = False


@dataclass
class CandidateCount:
    """A candidate and how many experts are to score it."""

    nomination: Nomination
    panel: Panel
    assigned: int = 0
    # Members of the panel without a confirmed conflict with the candidate.
    eligible: int = 0
    # "", "too_few_members", "cap_reached" or "not_filled" (assign again).
    shortfall: str = ""


@dataclass
class AssignmentOverview:
    settings: ReviewSettings
    experts: list[ExpertLoad]
    candidates: list[CandidateCount]

    @property
    def per_candidate(self) -> bool:
        return self.settings.assignment_mode == AssignmentMode.PER_CANDIDATE

    @property
    def shortfalls(self) -> int:
        return sum(1 for row in self.candidates if row.shortfall)

    @property
    def assignments(self) -> int:
        return sum(row.assigned for row in self.candidates)


def _placements(campaign: Campaign) -> list[Placement]:
    return list(
        Placement.objects.filter(panel__campaign=campaign, nomination__status=Status.ELIGIBLE)
        .select_related("nomination__unit", "panel")
        .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        .order_by(
            "panel__name",
            "nomination__unit__sort_order",
            "nomination__unit_rank",
            "nomination_id",
        )
    )


def _expert_loads(campaign: Campaign, members: dict[int, list[int]]) -> dict[int, ExpertLoad]:
    """Return an empty load for every member of the campaign's panels, by expert id."""
    submitted = dict(
        ScoreSheet.objects.filter(nomination__campaign=campaign, status=ScoreSheet.Status.SUBMITTED)
        .values("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )
    experts = (
        Expert.objects.filter(pk__in={e for ids in members.values() for e in ids})
        .prefetch_related(
            Prefetch(
                "panels",
                queryset=Panel.objects.filter(campaign=campaign).order_by("name"),
                to_attr="campaign_panels",
            )
        )
        .order_by("name_order", "pk")
    )
    return {
        e.pk: ExpertLoad(
            expert=e,
            panels=[p.name for p in e.campaign_panels],
            submitted=submitted.get(e.pk, 0),
        )
        for e in experts
    }


def _shortfall(
    row: CandidateCount, unassigned: list[int], loads: dict[int, ExpertLoad], k: int
) -> str:
    """Return why a candidate of k mode has fewer than k experts, or ""."""
    if row.assigned >= k:
        return ""
    if row.eligible < k:
        return allocation.TOO_FEW_MEMBERS
    if all(loads[e].at_cap for e in unassigned):
        return allocation.CAP_REACHED
    return "not_filled"


def assignment_overview(user: User, campaign: Campaign) -> AssignmentOverview | None:
    """Return each expert's load and each candidate's number of experts; None for non-staff.

    In whole-panel mode every eligible member scores every candidate of the panel;
    in k mode only the assigned pairs count. Conflicted pairs never count.
    """
    if not can_manage_review(user):
        return None
    settings = review_settings_of(campaign)
    per_candidate = settings.assignment_mode == AssignmentMode.PER_CANDIDATE
    placements = _placements(campaign)
    members = panel_members(campaign)
    loads = _expert_loads(campaign, members)
    pairs = scoring_pairs(campaign)
    rows, unassigned = [], []
    for placement in placements:
        candidate = placement.nomination_id
        eligible = [e for e in members.get(placement.panel_id, ()) if (e, candidate) in pairs]
        scoring = [e for e in eligible if pairs[(e, candidate)]]
        for e in scoring:
            loads[e].assigned += 1
        unassigned.append([e for e in eligible if not pairs[(e, candidate)]])
        rows.append(
            CandidateCount(
                nomination=placement.nomination,
                panel=placement.panel,
                assigned=len(scoring),
                eligible=len(eligible),
            )
        )
    if per_candidate:
        cap = settings.max_per_expert
        for load in loads.values():
            load.at_cap = cap is not None and load.assigned >= cap
        for row, others in zip(rows, unassigned, strict=True):
            row.shortfall = _shortfall(row, others, loads, settings.experts_per_candidate)
    return AssignmentOverview(settings=settings, experts=list(loads.values()), candidates=rows)


# --- The allocation's input -------------------------------------------------------------


def assignment_input(campaign: Campaign) -> tuple[list[allocation.PanelInput], set, set]:
    """Return the panels, the excluded pairs and the pairs with a score sheet of the campaign.

    Candidates are the eligible nominations placed in the campaign's panels, in the
    order of the proposed list (unit, then the unit's ranking); members are the
    panels' experts who take part in the campaign. A pair is excluded when
    ``candidates.may_score`` refuses it whatever the assignment.
    """
    placements = (
        Placement.objects.filter(panel__campaign=campaign, nomination__status=Status.ELIGIBLE)
        .order_by("nomination__unit__sort_order", "nomination__unit_rank", "nomination_id")
        .values_list("panel_id", "nomination_id")
    )
    candidates: dict[int, list[int]] = {}
    for panel_id, nomination_id in placements:
        candidates.setdefault(panel_id, []).append(nomination_id)
    members = panel_members(campaign)
    panels = [
        allocation.PanelInput(
            panel=pk, candidates=candidates.get(pk, []), members=members.get(pk, [])
        )
        for pk in Panel.objects.filter(campaign=campaign)
        .order_by("name")
        .values_list("pk", flat=True)
    ]
    pairs = scoring_pairs(campaign)
    excluded = {
        (expert, candidate)
        for panel in panels
        for candidate in panel.candidates
        for expert in panel.members
        if (expert, candidate) not in pairs
    }
    started = set(
        ScoreSheet.objects.filter(nomination__campaign=campaign).values_list(
            "expert_id", "nomination_id"
        )
    )
    return panels, excluded, started


# --- Unfinished work --------------------------------------------------------------------


def unfinished_count(expert: Expert, campaign: Campaign) -> int:
    """Return how many of the expert's candidates have no submitted sheet of theirs."""
    submitted = ScoreSheet.objects.filter(
        expert=expert, nomination_id=OuterRef("pk"), status=ScoreSheet.Status.SUBMITTED
    )
    return scorable(expert, campaign).filter(~Exists(submitted)).count()


@dataclass(frozen=True)
class UnfinishedWork:
    expert: Expert
    unfinished: int
    signed: bool


def experts_with_unfinished_sheets(campaign: Campaign) -> list[UnfinishedWork]:
    """Return the campaign's experts who still have candidates to score, by name.

    An expert who has not signed the pledge yet counts too: their candidates are
    waiting for them all the same.
    """
    experts = (
        Expert.objects.filter(campaigns=campaign, panels__campaign=campaign)
        .distinct()
        .select_related("user")
        .annotate(signed=Exists(Pledge.objects.filter(expert_id=OuterRef("pk"), campaign=campaign)))
        .order_by("name_order", "pk")
    )
    work = []
    for expert in experts:
        n = unfinished_count(expert, campaign)
        if n:
            work.append(UnfinishedWork(expert=expert, unfinished=n, signed=expert.signed))
    return work
