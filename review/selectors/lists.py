"""Reads of the council's decisions and the locked list versions, scoped to the user."""

from dataclasses import dataclass

from django.db.models import QuerySet

from longjiang.accounts.models import User
from nominations.models import Campaign
from review.models import CouncilDecision, ListEntry, ListVersion
from review.permissions import can_see_ranking


def list_is_locked(campaign: Campaign) -> bool:
    """Return whether the council has locked a version of the campaign's list."""
    return ListVersion.objects.filter(campaign=campaign).exists()


def decisions_for(user: User, campaign: Campaign) -> QuerySet[CouncilDecision]:
    """Return the campaign's council decisions, newest first, for staff and the council."""
    if not can_see_ranking(user):
        return CouncilDecision.objects.none()
    return (
        CouncilDecision.objects.filter(campaign=campaign)
        .select_related("recorded_by", "list_version")
        .order_by("-recorded_at", "-pk")
    )


def versions_for(user: User, campaign: Campaign) -> QuerySet[ListVersion]:
    if not can_see_ranking(user):
        return ListVersion.objects.none()
    return (
        ListVersion.objects.filter(campaign=campaign)
        .select_related("decision__recorded_by")
        .order_by("number")
    )


@dataclass(frozen=True)
class VersionView:
    """A version with its entries and what changed since the version before it."""

    version: ListVersion
    listed: list[ListEntry]
    reserve: list[ListEntry]
    added: list[ListEntry]
    removed: list[ListEntry]
    previous: ListVersion | None


def _entries(version: ListVersion) -> list[ListEntry]:
    return list(version.entries.order_by("part", "position"))


def version_view(version: ListVersion) -> VersionView:
    entries = _entries(version)
    previous = (
        ListVersion.objects.filter(campaign_id=version.campaign_id, number__lt=version.number)
        .order_by("-number")
        .first()
    )
    listed = [e for e in entries if e.part == ListEntry.Part.LISTED]
    added: list[ListEntry] = []
    removed: list[ListEntry] = []
    if previous is not None:
        before = [e for e in _entries(previous) if e.part == ListEntry.Part.LISTED]
        before_ids = {e.nomination_id for e in before}
        now_ids = {e.nomination_id for e in listed}
        added = [e for e in listed if e.nomination_id not in before_ids]
        removed = [e for e in before if e.nomination_id not in now_ids]
    return VersionView(
        version=version,
        listed=listed,
        reserve=[e for e in entries if e.part == ListEntry.Part.RESERVE],
        added=added,
        removed=removed,
        previous=previous,
    )
