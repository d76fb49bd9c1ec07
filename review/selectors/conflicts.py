"""Reads of the record of conflicts of interest, for staff."""

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from longjiang.accounts.models import User
from nominations.models import Campaign
from nominations.selectors import LIST_DEFERRED
from review.models import Conflict
from review.permissions import can_manage_review

# The order of the conflict record: pending suggestions first, then kept-apart pairs.
STATUS_ORDER = {
    Conflict.Status.SUGGESTED: 0,
    Conflict.Status.CONFIRMED: 1,
    Conflict.Status.DISMISSED: 2,
}


def conflicts_visible_to(user: User) -> QuerySet[Conflict]:
    return Conflict.objects.all() if can_manage_review(user) else Conflict.objects.none()


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
