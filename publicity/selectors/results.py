"""What the end of publicity depends on: upheld cases to apply, what is still open, the
final list (命名名单) the award uses."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from nominations.models import Campaign
from publicity import workdays
from publicity.models import (
    Acceptance,
    Notice,
    Objection,
    Outcome,
    Phase,
    PostmarkRule,
    PublicityResult,
    PublicitySettings,
)
from publicity.workflow import NoticeStatus, ObjectionStatus
from review.models import ListEntry, ListVersion

# An objection needs nothing more once decided, or once declined (非实名 / 逾期).
SETTLED = (ObjectionStatus.DECIDED, ObjectionStatus.NOT_ACCEPTED)


def latest_version(campaign: Campaign) -> ListVersion | None:
    return ListVersion.objects.filter(campaign=campaign).order_by("-number").first()


def pending_upheld(campaign: Campaign) -> QuerySet[Objection]:
    """Cases decided 查实，取消资格 that no list version has applied yet, by receipt number.

    Carries the person (``nomination``), never the complainant: the council's page
    reads only the receipt number, the person and the date of the outcome.
    """
    return (
        Objection.objects.filter(
            campaign=campaign,
            status=ObjectionStatus.DECIDED,
            outcome=Outcome.UPHELD,
            applied_in__isnull=True,
        )
        .select_related("nomination", "nomination__unit")
        .only(
            "receipt_number",
            "decided_at",
            "status",
            "outcome",
            "nomination__name",
            "nomination__employer_name",
            "nomination__unit__name",
        )
        .order_by("receipt_number")
    )


def reserve_of(version: ListVersion) -> QuerySet[ListEntry]:
    return version.entries.filter(part=ListEntry.Part.RESERVE).order_by("position")


def listed_of(version: ListVersion) -> QuerySet[ListEntry]:
    return version.entries.filter(part=ListEntry.Part.LISTED).order_by("position")


def publicized_ids(campaign: Campaign) -> set[int]:
    """Nominations a published notice has put before the public.

    A main notice publishes every listed entry of its version; a supplementary
    notice only its persons.
    """
    notices = Notice.objects.filter(campaign=campaign, status=NoticeStatus.PUBLISHED)
    ids = set(
        ListEntry.objects.filter(
            version__notices__in=notices.filter(kind=Notice.Kind.MAIN),
            part=ListEntry.Part.LISTED,
        ).values_list("nomination_id", flat=True)
    )
    ids |= set(
        Notice.persons.through.objects.filter(
            notice__in=notices.filter(kind=Notice.Kind.SUPPLEMENTARY)
        ).values_list("nomination_id", flat=True)
    )
    return ids


def unpublicized_substitutes(
    campaign: Campaign, version: ListVersion | None = None
) -> list[ListEntry]:
    """Listed in ``version`` (default: the latest) but on no published notice yet: whom a
    supplementary notice must put before the public. Nobody for version 1."""
    version = version or latest_version(campaign)
    if version is None or version.number == 1:
        return []
    shown = publicized_ids(campaign)
    return [e for e in listed_of(version) if e.nomination_id not in shown]


@dataclass
class Blockers:
    """What still stands between the campaign and its publicity result."""

    no_notice: bool = False
    open_notices: list[Notice] = field(default_factory=list)
    open_cases: list[Objection] = field(default_factory=list)
    unapplied_cases: list[Objection] = field(default_factory=list)
    # Listed in the latest version but never put before the public (a substitute
    # without its supplementary notice).
    unpublicized: list[ListEntry] = field(default_factory=list)
    # Under the sending postmark, letters posted in time may arrive until this day.
    postal_grace_until: date | None = None

    def __bool__(self) -> bool:
        return bool(
            self.postal_grace_until
            or self.no_notice
            or self.open_notices
            or self.open_cases
            or self.unapplied_cases
            or self.unpublicized
        )


def result_blockers(campaign: Campaign, now: datetime | None = None) -> Blockers:
    """Every published notice must be closed by the clock, every case settled, every
    upheld case applied in a later version, every listed person publicized."""
    now = now or timezone.now()
    published = list(
        Notice.objects.filter(campaign=campaign, status=NoticeStatus.PUBLISHED).order_by(
            "starts_on", "pk"
        )
    )
    blockers = Blockers(no_notice=not published)
    blockers.open_notices = [n for n in published if n.phase(now) != Phase.CLOSED]
    # Once every notice has closed: letters posted in time may still be in the post.
    grace_until = None if blockers.open_notices else postal_grace_last_day(campaign, published)
    if grace_until is not None and timezone.localdate(now) <= grace_until:
        blockers.postal_grace_until = grace_until
    cases = Objection.objects.filter(campaign=campaign).select_related("nomination")
    blockers.open_cases = list(
        cases.exclude(status__in=SETTLED)
        .only("receipt_number", "status", "received_at", "nomination__name")
        .order_by("receipt_number")
    )
    blockers.unapplied_cases = list(pending_upheld(campaign))
    latest = latest_version(campaign)
    if latest is not None and published:
        shown = publicized_ids(campaign)
        blockers.unpublicized = [e for e in listed_of(latest) if e.nomination_id not in shown]
    return blockers


def postal_grace_last_day(campaign: Campaign, published: list[Notice]) -> date | None:
    """The last day a letter posted in time may still arrive, or None when none can.

    Only under the sending postmark (``PostmarkRule.SENT``): the campaign's
    ``postal_grace_days`` working days after the last published notice's last day.
    Where the calendar does not cover a day, Monday to Friday count.
    """
    row = PublicitySettings.objects.filter(campaign=campaign).first()
    row = row or PublicitySettings(campaign=campaign)
    if row.postmark_rule != PostmarkRule.SENT or not row.postal_grace_days or not published:
        return None
    day = max(notice.ends_on for notice in published)
    counted = 0
    while counted < row.postal_grace_days:
        day += timedelta(days=1)
        try:
            working = workdays.is_working_day(day)
        except workdays.CalendarNotCovered:
            working = day.weekday() < 5
        counted += working
    return day


def accepted_cases(campaign: Campaign) -> QuerySet[Objection]:
    """The objections accepted and decided, with their outcome (no complainant).

    A declined case (不予受理) has no outcome and is never among them, whatever its
    acceptance mark says.
    """
    return (
        Objection.objects.filter(
            campaign=campaign, acceptance=Acceptance.ACCEPTED, status=ObjectionStatus.DECIDED
        )
        .select_related("nomination", "applied_in")
        .only(
            "receipt_number",
            "status",
            "outcome",
            "decided_at",
            "applied_in__number",
            "nomination__name",
        )
        .order_by("receipt_number")
    )


def publicity_result(campaign: Campaign) -> PublicityResult | None:
    return (
        PublicityResult.objects.filter(campaign=campaign)
        .select_related("final_version", "recorded_by")
        .first()
    )


def final_list(campaign: Campaign) -> QuerySet[ListEntry]:
    """The final list (命名名单): the listed entries of the version the publicity result
    fixed, in list order; empty until the result is recorded. For the award."""
    return ListEntry.objects.filter(
        version__publicity_result__campaign=campaign, part=ListEntry.Part.LISTED
    ).order_by("position")
