"""Reads of the assignment of experts and of the experts' unfinished work.

Who may score whom follows ``review.selectors._candidates`` (the panels, the
assignment in k mode, the confirmed conflicts); these reads count with the same
rules and never list a conflicted pair.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch

from longjiang.accounts.models import User
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.workflow import Status
from review.models import (
    Assignment,
    AssignmentMode,
    Conflict,
    Expert,
    Panel,
    Placement,
    Pledge,
    ReviewSettings,
    ScoreSheet,
)
from review.permissions import can_manage_review
from review.selectors import _candidates, review_settings


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


def assignment_overview(user: User, campaign: Campaign) -> AssignmentOverview | None:
    """Return each expert's load and each candidate's number of experts; None for non-staff.

    In whole-panel mode every eligible member scores every candidate of the panel;
    in k mode only the assigned pairs count. Conflicted pairs never count.
    """
    if not can_manage_review(user):
        return None
    settings = review_settings(campaign)
    per_candidate = settings.assignment_mode == AssignmentMode.PER_CANDIDATE
    placements = list(
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
    members: dict[int, set[int]] = {}
    for panel_id, expert_id in Panel.members.through.objects.filter(
        panel__campaign=campaign, expert__campaigns=campaign
    ).values_list("panel_id", "expert_id"):
        members.setdefault(panel_id, set()).add(expert_id)
    experts = {
        e.pk: ExpertLoad(expert=e)
        for e in Expert.objects.filter(pk__in={e for ids in members.values() for e in ids})
        .prefetch_related(
            Prefetch(
                "panels",
                queryset=Panel.objects.filter(campaign=campaign).order_by("name"),
                to_attr="campaign_panels",
            )
        )
        .order_by("name_order", "pk")
    }
    excluded = set(
        Conflict.objects.filter(
            nomination__campaign=campaign, status=Conflict.Status.CONFIRMED
        ).values_list("expert_id", "nomination_id")
    )
    assigned = set(
        Assignment.objects.filter(nomination__campaign=campaign).values_list(
            "expert_id", "nomination_id"
        )
    )
    submitted = dict(
        ScoreSheet.objects.filter(nomination__campaign=campaign, status=ScoreSheet.Status.SUBMITTED)
        .values("expert_id")
        .annotate(n=Count("pk"))
        .values_list("expert_id", "n")
    )
    rows = []
    for placement in placements:
        candidate = placement.nomination_id
        eligible = sorted(
            e for e in members.get(placement.panel_id, ()) if (e, candidate) not in excluded
        )
        scoring = [e for e in eligible if not per_candidate or (e, candidate) in assigned]
        for e in scoring:
            experts[e].assigned += 1
        rows.append(
            CandidateCount(
                nomination=placement.nomination,
                panel=placement.panel,
                assigned=len(scoring),
                eligible=len(eligible),
            )
        )
    cap = settings.max_per_expert
    for load in experts.values():
        load.panels = [p.name for p in load.expert.campaign_panels]
        load.submitted = submitted.get(load.expert.pk, 0)
        load.at_cap = per_candidate and cap is not None and load.assigned >= cap
    if per_candidate:
        k = settings.experts_per_candidate
        for row, placement in zip(rows, placements, strict=True):
            if row.assigned >= k:
                continue
            if row.eligible < k:
                row.shortfall = "too_few_members"
            elif all(
                experts[e].at_cap
                for e in members.get(placement.panel_id, ())
                if (e, placement.nomination_id) not in excluded
                and (e, placement.nomination_id) not in assigned
            ):
                row.shortfall = "cap_reached"
            else:
                row.shortfall = "not_filled"
    return AssignmentOverview(settings=settings, experts=list(experts.values()), candidates=rows)


# --- Unfinished work --------------------------------------------------------------------


def unfinished_count(expert: Expert, campaign: Campaign) -> int:
    """Return how many of the expert's candidates have no submitted sheet of theirs."""
    submitted = ScoreSheet.objects.filter(
        expert=expert, nomination_id=OuterRef("pk"), status=ScoreSheet.Status.SUBMITTED
    )
    return _candidates(expert, campaign).filter(~Exists(submitted)).count()


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
