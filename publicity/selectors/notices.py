"""Reads of publicity notices: the published ones, the live ones, and whom a notice lists.

What a notice publishes about a person is only what the nominee consented to
(``Nomination.consents_publication``: 姓名、工作单位及职务（岗位）): the name and the
employer as the locked list version holds them, and the post and position from
the nomination. Never an ID number, phone, birth date, address or photo: the
``NoticePerson`` rows carry no other field, so no template can print one.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from longjiang.collation import sorted_by_surname_strokes
from nominations.models import Campaign
from publicity.models import Notice, Phase
from publicity.workflow import NoticeStatus
from review.models import ListEntry, ListVersion


@dataclass(frozen=True)
class NoticePerson:
    """One listed person as the public reads them."""

    nomination_id: int
    name: str
    employer_name: str
    # 职务/岗位/工种: the nomination's post and position, as far as the nominee consented.
    role: str


def published_notices(campaign: Campaign) -> QuerySet[Notice]:
    """The campaign's published notices (withdrawn ones excluded), in start order."""
    return (
        Notice.objects.filter(campaign=campaign, status=NoticeStatus.PUBLISHED)
        .select_related("list_version")
        .order_by("starts_on", "pk")
    )


def live_notices(now: datetime | None = None) -> list[Notice]:
    """The published notices open for objections at ``now`` (default: the clock), any campaign."""
    now = now or timezone.now()
    candidates = (
        Notice.objects.filter(
            status=NoticeStatus.PUBLISHED,
            starts_on__lte=timezone.localdate(now),
            closes_at__gt=now,
        )
        .select_related("campaign", "list_version")
        .order_by("starts_on", "pk")
    )
    return [notice for notice in candidates if notice.phase(now) == Phase.LIVE]


def campaign_notices(campaign: Campaign) -> QuerySet[Notice]:
    """Every notice of the campaign, drafts and withdrawn ones too (the staff's overview)."""
    return (
        Notice.objects.filter(campaign=campaign)
        .select_related("list_version", "prepared_by", "published_by")
        .prefetch_related("snapshots")
        .order_by("starts_on", "pk")
    )


def role_of(nomination) -> str:
    """职务/岗位/工种 as published: the post and the position, if the nominee consented."""
    if not nomination.consents_publication:
        return ""
    parts = []
    for value in (nomination.post, nomination.position):
        value = (value or "").strip()
        if value and value not in parts:
            parts.append(value)
    return "、".join(parts)


def notice_persons(notice: Notice) -> list[NoticePerson]:
    """The people a notice lists, in 姓氏笔画 order.

    A main notice lists every LISTED entry of its version; a supplementary notice
    only its ``persons`` (the council's substitutes), as that version lists them.
    """
    entries = ListEntry.objects.filter(
        version_id=notice.list_version_id, part=ListEntry.Part.LISTED
    ).select_related("nomination")
    if notice.kind == Notice.Kind.SUPPLEMENTARY:
        entries = entries.filter(nomination__in=notice.persons.all())
    people = [
        NoticePerson(
            nomination_id=entry.nomination_id,
            name=entry.name,
            employer_name=entry.employer_name,
            role=role_of(entry.nomination),
        )
        for entry in entries.order_by("position")
    ]
    return sorted_by_surname_strokes(people, key=lambda person: person.name)


def listed_ids(version_id: int) -> set[int]:
    """The nominations a list version holds as 建议人选 (LISTED)."""
    return set(
        ListEntry.objects.filter(version_id=version_id, part=ListEntry.Part.LISTED).values_list(
            "nomination_id", flat=True
        )
    )


def still_listed(campaign: Campaign) -> set[int]:
    """The nominations the campaign's latest list version holds as LISTED."""
    latest = ListVersion.objects.filter(campaign=campaign).order_by("-number").first()
    return listed_ids(latest.pk) if latest is not None else set()


def current_persons(notice: Notice) -> list[NoticePerson]:
    """The people a notice publishes now: its own people (``notice_persons``) that the
    campaign's latest list version still lists.

    Whoever a later version removed (an upheld objection) is no longer published:
    the revised public page omits them (``publication.notice_content``) and no
    objection can be filed against them.
    """
    kept = still_listed(notice.campaign)
    return [person for person in notice_persons(notice) if person.nomination_id in kept]
