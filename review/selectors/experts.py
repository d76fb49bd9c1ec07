"""Reads of the expert pool for staff."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Value

from longjiang.accounts.models import Unit, User
from nominations.models import Campaign
from review.imports import Lookups, identity_key
from review.models import Expert, Panel, Pledge
from review.permissions import can_manage_review


def experts_visible_to(user: User) -> QuerySet[Expert]:
    return Expert.objects.all() if can_manage_review(user) else Expert.objects.none()


def expert_pool(user: User, campaign: Campaign) -> QuerySet[Expert]:
    """Return every expert with whether they take part in the campaign and their panels in it.

    ``carried``: the expert took part in the campaign this one was copied from.
    """
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
            # Took part in the campaign this one was copied from: awaiting confirmation
            # while not active (review.campaigns).
            carried=Exists(
                Expert.campaigns.through.objects.filter(
                    expert_id=OuterRef("pk"), campaign_id=campaign.copied_from_id
                )
            )
            if campaign.copied_from_id
            else Value(False),
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


def expert_lookups() -> Lookups:
    """Load what checking new experts needs to know: units, user names, the pool."""
    return Lookups(
        units=list(Unit.objects.filter(is_active=True)),
        taken_usernames={u.casefold() for u in User.objects.values_list("username", flat=True)},
        existing_experts={
            identity_key(name, employer)
            for name, employer in Expert.objects.values_list("name", "employer_name")
        },
    )
