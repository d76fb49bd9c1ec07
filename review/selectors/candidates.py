"""The rule of who may score whom, and the expert's own view of their candidates.

The conflict-of-interest exclusion lives here. ``may_score`` is the one statement
of the rule "this expert may score this candidate now": the candidate is eligible
and placed in a panel of the campaign the expert is a member of, assigned to the
expert when the campaign assigns k experts per candidate, and without a confirmed
conflict of the pair. ``candidates_for`` (what an expert sees), ``counted_sheets``
(which scores count), the assignment overview and the allocation's input all
apply it; ``counted_sheets``, a read of the whole campaign, through
``may_score_joined``, the same rule with the panel membership as joins.
``candidates_for`` is the only way an expert reaches a candidate, its pages or
its files; it also leaves out everything before the expert has signed the
campaign's pledge.
"""

from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
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
    Expert,
    Placement,
    Pledge,
    ReviewSettings,
    ScoreSheet,
)

# --- The rule ---------------------------------------------------------------------------


def may_score(campaign: Campaign, *, expert, nomination, assigned: bool = True) -> Q:
    """Return the condition that ``expert`` may score ``nomination`` in the campaign now.

    ``expert`` and ``nomination`` are ids or expressions (``OuterRef("expert_id")``),
    so the same rule filters candidates, score sheets and pairs. ``assigned=False``
    leaves out the assignment of k mode: the experts a candidate could be assigned to.
    """
    member = Placement.objects.filter(
        nomination_id=nomination,
        nomination__status=Status.ELIGIBLE,
        panel__campaign=campaign,
        panel__members=expert,
    )
    rule = Q(Exists(member)) & _not_conflicted(expert, nomination)
    if not assigned:
        return rule
    return rule & _assigned_if_k_mode(campaign, expert, nomination)


def may_score_joined(campaign: Campaign, *, expert: str, nomination: str) -> Q:
    """Return ``may_score`` for the rows of a model with an expert and a nomination field,
    with the panel membership written as plain joins.

    For reads over a whole campaign (``counted_sheets``): the correlated ``EXISTS``
    of the membership makes PostgreSQL probe the placements once per row, where
    joins let it hash the campaign's placements and panels once. The conflict and
    the assignment are the very clauses of ``may_score``; only the membership is
    spelled twice, side by side here, and ``tests/review/test_may_score_forms.py``
    checks that both forms admit the same pairs in every case the rule excludes.
    ``expert`` and ``nomination`` name the fields (``"expert"``, ``"nomination"``).
    A nomination has at most one placement and a panel lists a member once, so
    the joins never repeat a row.
    """
    member = Q(
        **{
            f"{nomination}__status": Status.ELIGIBLE,
            f"{nomination}__placement__panel__campaign": campaign,
            f"{nomination}__placement__panel__members": F(expert),
        }
    )
    expert_ref, nomination_ref = OuterRef(f"{expert}_id"), OuterRef(f"{nomination}_id")
    return (
        member
        & _not_conflicted(expert_ref, nomination_ref)
        & _assigned_if_k_mode(campaign, expert_ref, nomination_ref)
    )


def _not_conflicted(expert, nomination) -> Q:
    """No confirmed conflict of interest between the expert and the nomination."""
    conflicted = Conflict.objects.filter(
        expert_id=expert, nomination_id=nomination, status=Conflict.Status.CONFIRMED
    )
    return ~Q(Exists(conflicted))


def _assigned_if_k_mode(campaign: Campaign, expert, nomination) -> Q:
    """The pair's assignment, when the campaign assigns k experts per candidate."""
    # The mode is read inside the same query, so a whole-panel campaign costs nothing more.
    per_candidate = ReviewSettings.objects.filter(
        campaign_id=campaign.pk, assignment_mode=AssignmentMode.PER_CANDIDATE
    )
    assignment = Assignment.objects.filter(expert_id=expert, nomination_id=nomination)
    return ~Q(Exists(per_candidate)) | Q(Exists(assignment))


def scorable(expert: Expert, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the candidates the expert may score now, by ``may_score`` (no access check)."""
    return Nomination.objects.filter(campaign=campaign).filter(
        may_score(campaign, expert=expert.pk, nomination=OuterRef("pk"))
    )


def counted_sheets(campaign: Campaign) -> QuerySet[ScoreSheet]:
    """Return the submitted sheets that count: those whose expert may still score the candidate.

    A member removed from the panel, a candidate moved to another panel or a
    conflict confirmed takes those scores out of the ranking, the workbook and the
    lists; so does an assignment withdrawn in k mode. The rule is ``may_score`` of
    each sheet's pair, in its joined form (``may_score_joined``): this is a read of
    the whole campaign's sheets.
    """
    return ScoreSheet.objects.filter(
        may_score_joined(campaign, expert="expert", nomination="nomination"),
        nomination__campaign=campaign,
        status=ScoreSheet.Status.SUBMITTED,
    )


def scoring_pairs(campaign: Campaign) -> dict[tuple[int, int], bool]:
    """Return each (expert id, nomination id) of a member and a candidate of their panel
    who may be paired, with whether the expert may score the candidate now.

    Pairs in confirmed conflict are left out; in k mode a pair without an assignment
    maps to False, in whole-panel mode every pair maps to True.
    """
    pairs = (
        Placement.objects.filter(panel__campaign=campaign)
        .annotate(member_id=F("panel__members"))
        .filter(
            may_score(
                campaign,
                expert=OuterRef("member_id"),
                nomination=OuterRef("nomination_id"),
                assigned=False,
            )
        )
        .annotate(
            counts=ExpressionWrapper(
                may_score(
                    campaign, expert=OuterRef("member_id"), nomination=OuterRef("nomination_id")
                ),
                output_field=BooleanField(),
            )
        )
        .values_list("member_id", "nomination_id", "counts")
    )
    return {(expert_id, nomination_id): counts for expert_id, nomination_id, counts in pairs}


# --- The expert's side ------------------------------------------------------------------


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


def candidates_for(user: User, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the candidates the user may review; empty for anyone but a cleared expert."""
    access = expert_access(user, campaign)
    if not access.may_see_candidates:
        return Nomination.objects.none()
    return scorable(access.expert, campaign)


def candidate_list(access: ExpertAccess, campaign: Campaign) -> QuerySet[Nomination]:
    """Return the rows of the expert's candidate list, by panel and ranking order."""
    if not access.may_see_candidates:
        return Nomination.objects.none()
    sheet = ScoreSheet.objects.filter(expert=access.expert, nomination_id=OuterRef("pk"))
    return (
        scorable(access.expert, campaign)
        .select_related("unit", "placement__panel")
        .defer(*LIST_DEFERRED)
        .annotate(sheet_status=Subquery(sheet.values("status")[:1]))
        .order_by("placement__panel__name", "unit__sort_order", "unit_rank", "pk")
    )


def sheet_of(access: ExpertAccess, nomination: Nomination) -> ScoreSheet | None:
    """Return the expert's own sheet of a candidate, with its scores; never anyone else's."""
    if access.expert is None:
        return None
    return (
        ScoreSheet.objects.filter(expert=access.expert, nomination=nomination)
        .prefetch_related("scores__dimension")
        .first()
    )


def declared_by(expert: Expert, campaign: Campaign) -> QuerySet[Conflict]:
    """Return the relationships the expert has declared in the campaign."""
    return (
        Conflict.objects.filter(expert=expert, declared=True, nomination__campaign=campaign)
        .select_related("nomination")
        .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        .order_by("decided_at", "pk")
    )
