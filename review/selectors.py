"""Reads of the expert review, scoped to the user who asks.

The conflict-of-interest exclusion lives here: ``candidates_for`` is the only way
an expert reaches a candidate, its pages or its files, and it leaves out every
candidate outside the expert's panels, every pair with a confirmed (or declared)
conflict, and everything before the expert has signed the campaign's pledge.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_expert
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.workflow import Status
from review.models import (
    Assignment,
    AssignmentMode,
    Conflict,
    Dimension,
    Expert,
    Panel,
    Placement,
    Pledge,
    ReviewSettings,
    ScoreSheet,
)
from review.permissions import can_manage_review


def expert_of(user: User) -> Expert | None:
    """Return the expert profile of a signed-in expert, or None."""
    if not is_expert(user):
        return None
    return Expert.objects.filter(user=user).first()


@dataclass(frozen=True)
class ExpertAccess:
    """Where an expert stands in the campaign's review."""

    expert: Expert | None
    active: bool
    pledge: Pledge | None

    @property
    def may_see_candidates(self) -> bool:
        return self.expert is not None and self.active and self.pledge is not None


def expert_access(user: User, campaign: Campaign) -> ExpertAccess:
    expert = expert_of(user)
    if expert is None:
        return ExpertAccess(expert=None, active=False, pledge=None)
    active = expert.campaigns.filter(pk=campaign.pk).exists()
    pledge = Pledge.objects.filter(campaign=campaign, expert=expert).first() if active else None
    return ExpertAccess(expert=expert, active=active, pledge=pledge)


def _candidates(expert: Expert, campaign: Campaign) -> QuerySet[Nomination]:
    excluded = Conflict.objects.filter(expert=expert, status=Conflict.Status.CONFIRMED)
    # When the campaign assigns k experts per candidate, only the assigned ones; the
    # mode is read in the same query, so a whole-panel campaign costs no extra query.
    per_candidate = ReviewSettings.objects.filter(
        campaign_id=campaign.pk, assignment_mode=AssignmentMode.PER_CANDIDATE
    )
    assigned = Assignment.objects.filter(expert=expert, nomination_id=OuterRef("pk"))
    return (
        Nomination.objects.filter(
            campaign=campaign,
            status=Status.ELIGIBLE,
            placement__panel__campaign=campaign,
            placement__panel__members=expert,
        )
        .filter(~Exists(per_candidate) | Exists(assigned))
        .exclude(pk__in=excluded.values("nomination_id"))
    )


def candidates_for(user: User, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the candidates the user may review; empty for anyone but a cleared expert."""
    access = expert_access(user, campaign)
    if not access.may_see_candidates:
        return Nomination.objects.none()
    return _candidates(access.expert, campaign)


def candidate_list(access: ExpertAccess, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the rows of the expert's candidate list, by panel and ranking order."""
    if not access.may_see_candidates:
        return Nomination.objects.none()
    sheet = ScoreSheet.objects.filter(expert=access.expert, nomination_id=OuterRef("pk"))
    return (
        _candidates(access.expert, campaign)
        .select_related("unit", "placement__panel")
        .defer(*LIST_DEFERRED)
        .annotate(sheet_status=Subquery(sheet.values("status")[:1]))
        .order_by("placement__panel__name", "unit__sort_order", "unit_rank", "pk")
    )


def declared_by(expert: Expert, campaign: Campaign) -> QuerySet[Conflict]:
    """Return the relationships the expert has declared in the campaign."""
    return (
        Conflict.objects.filter(expert=expert, declared=True, nomination__campaign=campaign)
        .select_related("nomination")
        .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        .order_by("decided_at", "pk")
    )


# --- Staff ------------------------------------------------------------------------------


def experts_visible_to(user: User) -> QuerySet[Expert]:
    return Expert.objects.all() if can_manage_review(user) else Expert.objects.none()


def panels_visible_to(user: User) -> QuerySet[Panel]:
    return Panel.objects.all() if can_manage_review(user) else Panel.objects.none()


def conflicts_visible_to(user: User) -> QuerySet[Conflict]:
    return Conflict.objects.all() if can_manage_review(user) else Conflict.objects.none()


def expert_pool(user: User, campaign: Campaign) -> QuerySet[Expert]:
    """Return every expert with whether they take part in the campaign and their panels in it."""
    return (
        experts_visible_to(user)
        .select_related("user", "unit")
        .annotate(
            active=Exists(
                Expert.campaigns.through.objects.filter(
                    expert_id=OuterRef("pk"), campaign_id=campaign.pk
                )
            ),
            signed=Exists(Pledge.objects.filter(expert_id=OuterRef("pk"), campaign=campaign)),
        )
        .prefetch_related(
            Prefetch(
                "panels",
                queryset=Panel.objects.filter(campaign=campaign).order_by("name"),
                to_attr="campaign_panels",
            )
        )
        .order_by("name_order", "pk")
    )


def active_experts(user: User, campaign: Campaign) -> QuerySet[Expert]:
    """Return the experts taking part in the campaign."""
    return experts_visible_to(user).filter(campaigns=campaign).order_by("name_order", "pk")


def panels_overview(user: User, campaign: Campaign) -> QuerySet[Panel]:
    """Return the campaign's panels with their members and their placed candidates."""
    placements = (
        Placement.objects.select_related("nomination__unit")
        .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        .order_by("nomination__unit__sort_order", "nomination__unit_rank", "nomination__pk")
    )
    return (
        panels_visible_to(user)
        .filter(campaign=campaign)
        .prefetch_related(
            Prefetch(
                "members", queryset=Expert.objects.select_related("unit").order_by("name_order")
            ),
            Prefetch("placements", queryset=placements),
        )
        .order_by("name")
    )


def placement_rows(user: User, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the campaign's eligible nominations with their panel, unplaced ones first."""
    if not can_manage_review(user):
        return Nomination.objects.none()
    return (
        Nomination.objects.filter(campaign=campaign, status=Status.ELIGIBLE)
        .select_related("unit", "placement__panel", "placement__placed_by")
        .defer(*LIST_DEFERRED)
        .annotate(
            is_placed=Case(
                When(placement__isnull=True, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("is_placed", "unit__sort_order", "unit_rank", "pk")
    )


# The order of the conflict record: pending suggestions first, then kept-apart pairs.
STATUS_ORDER = {
    Conflict.Status.SUGGESTED: 0,
    Conflict.Status.CONFIRMED: 1,
    Conflict.Status.DISMISSED: 2,
}


def conflict_record(user: User, campaign: Campaign) -> QuerySet[Conflict]:
    """Return the campaign's conflicts, suggested first, with who decided and why."""
    return (
        conflicts_visible_to(user)
        .filter(nomination__campaign=campaign)
        .select_related("expert", "nomination__unit", "decided_by")
        .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        .annotate(
            status_order=Case(
                *(When(status=s, then=Value(n)) for s, n in STATUS_ORDER.items()),
                output_field=IntegerField(),
            )
        )
        .order_by("status_order", "expert__name_order", "nomination__name_order", "pk")
    )


def conflict_counts(user: User, campaign: Campaign) -> dict[str, int]:
    """Return the number of the campaign's conflicts in each status."""
    rows = (
        conflicts_visible_to(user)
        .filter(nomination__campaign=campaign)
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(Conflict.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def review_settings(campaign: Campaign) -> ReviewSettings:
    """Return the campaign's review settings, unsaved defaults if staff never changed them."""
    return ReviewSettings.objects.filter(campaign=campaign).first() or ReviewSettings(
        campaign=campaign
    )


# --- Scoring ----------------------------------------------------------------------------


def rubric(campaign: Campaign) -> QuerySet[Dimension]:
    return Dimension.objects.filter(campaign=campaign).order_by("position", "pk")


def sheet_of(access: ExpertAccess, nomination: Nomination) -> ScoreSheet | None:
    """Return the expert's own sheet of a candidate, with its scores; never anyone else's."""
    if access.expert is None:
        return None
    return (
        ScoreSheet.objects.filter(expert=access.expert, nomination=nomination)
        .prefetch_related("scores__dimension")
        .first()
    )


def submitted_sheets(user: User, campaign: Campaign) -> QuerySet[ScoreSheet]:
    """Return the campaign's submitted sheets for staff, without their scores."""
    if not can_manage_review(user):
        return ScoreSheet.objects.none()
    return (
        ScoreSheet.objects.filter(nomination__campaign=campaign, status=ScoreSheet.Status.SUBMITTED)
        .select_related("expert", "nomination")
        .only("pk", "submitted_at", "reopened_count", "expert__name", "nomination__name")
        .order_by("expert__name_order", "nomination__name_order", "pk")
    )
