"""Reads of the panels and the placement of candidates in them, for staff."""

from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from longjiang.accounts.models import User
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.workflow import Status
from review.models import Expert, Panel, Placement
from review.permissions import can_manage_review


def panels_visible_to(user: User) -> QuerySet[Panel]:
    return Panel.objects.all() if can_manage_review(user) else Panel.objects.none()


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
