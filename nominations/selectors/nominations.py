"""Reads of campaigns and nominations, scoped to the user who asks."""

from datetime import datetime

from django.db import connection
from django.db.models import (
    Case,
    CharField,
    Count,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts import roles
from longjiang.accounts.models import Unit, User
from longjiang.exceptions import PublicNotFound
from nominations import attachment1, progress, viewing
from nominations.models import (
    Attachment,
    Campaign,
    CheckRound,
    DeadlineExtension,
    Nomination,
)
from nominations.paper_rules import paper_deadline_date
from nominations.selectors.laureates import with_repeat_flags
from nominations.workflow import RECEIVED_STATES, Status

# Columns a list page needs; the encrypted and long text columns stay in the database.
LIST_DEFERRED = (
    "id_number",
    "mobile",
    "main_deeds",
    "brief_deeds",
    "employer_opinion",
    "recommendation_opinion",
    "address",
)


def current_campaign() -> Campaign | None:
    """Return the campaign this request works on.

    The running campaign (``Campaign.is_running``, chosen by staff), or the one a
    staff member chose to look at, read-only (``nominations.viewing``).
    """
    viewed = viewing.viewed_campaign()
    if viewed is not None:
        return viewed
    return Campaign.objects.filter(is_running=True).first()


def campaign_list_locked(campaign: Campaign) -> bool:
    """Return whether a locked list version holds any of the campaign's nominations.

    The review stage locks the nominations of each version it writes
    (``services.lock_for_list``), so this stage can tell without importing it.
    """
    return campaign.pk is not None and campaign.nominations.filter(locked_at__isnull=False).exists()


def running_campaign() -> Campaign:
    """Return the campaign the portal is running; without one, a 404 that says so."""
    campaign = current_campaign()
    if campaign is None:
        if Campaign.objects.exists():
            raise PublicNotFound(
                _(
                    "当前没有运行中的选树活动。请省总工会工作人员在“选树活动”页面设定当前运行的活动。"
                )
            )
        raise PublicNotFound(_("本年度选树活动尚未创建。请系统管理员在“系统管理”中创建选树活动。"))
    return campaign


def _with_extension(deadline: datetime, extended_until: datetime | None) -> datetime:
    """Return the later of the campaign's deadline and the unit's extension, if any."""
    if extended_until is not None and extended_until > deadline:
        return extended_until
    return deadline


def effective_deadline(campaign: Campaign, unit: Unit) -> datetime:
    """Return the unit's electronic deadline, counting any extension granted to it."""
    extension = DeadlineExtension.objects.filter(campaign=campaign, unit=unit).first()
    return _with_extension(
        campaign.electronic_deadline, extension.extended_until if extension else None
    )


def intake_open(campaign: Campaign, unit: Unit, *, now: datetime | None = None) -> bool:
    """Say whether the unit may still add and submit nominations (its extension counted)."""
    return (now or timezone.now()) <= effective_deadline(campaign, unit)


def unit_intake_open(unit_id: int, *, now: datetime | None = None) -> bool:
    """Say, in one query, whether the unit may still add nominations to the running campaign.

    For the clerk's menu on every page; without a campaign there is nothing to add to.
    """
    extension = DeadlineExtension.objects.filter(campaign=OuterRef("pk"), unit_id=unit_id)
    row = (
        Campaign.objects.filter(is_running=True)
        .annotate(extended_until=Subquery(extension.values("extended_until")[:1]))
        .values("electronic_deadline", "extended_until")
        .first()
    )
    if row is None:
        return False
    deadline = _with_extension(row["electronic_deadline"], row["extended_until"])
    return (now or timezone.now()) <= deadline


def submission_deadline(nomination: Nomination) -> datetime:
    """Return when the nomination must be (re)submitted by.

    A nomination returned for correction has the correction deadline set when it
    was returned; any other has its unit's electronic deadline.
    """
    if nomination.status == Status.RETURNED:
        last_return = (
            nomination.checks.filter(outcome=CheckRound.Outcome.RETURNED)
            .order_by("-number")
            .first()
        )
        if last_return is not None:
            return last_return.correction_deadline
    return effective_deadline(nomination.campaign, nomination.unit)


def nominations_visible_to(user: User) -> QuerySet[Nomination]:
    """Return every nomination the user may see; an empty set for anyone else."""
    return roles.unit_scoped(Nomination.objects.all(), user)


def visible_nomination(user: User, pk: int) -> Nomination:
    """Return a nomination the user may see; anything else is a 404, never a 403."""
    return get_object_or_404(nominations_visible_to(user).select_related("unit", "campaign"), pk=pk)


def _filled(name: str):
    """Return a SQL expression that is 1 when the required field has a value."""
    field = Nomination._meta.get_field(name)
    if name == "id_number":
        condition = Q(id_number_index__isnull=False)
    elif name == "criteria":
        condition = ~Q(criteria=[])
    elif field.null:
        condition = Q(**{f"{name}__isnull": False})
    else:
        # Empty values are stored as "" (encrypted fields keep "" as "").
        condition = ~Q(**{name: ""})
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def with_completeness(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Annotate how many required items are filled, in SQL, without decrypting anything."""
    required = sorted(attachment1.REQUIRED_AT_SUBMIT)
    filled = sum((_filled(name) for name in required[1:]), _filled(required[0]))
    return qs.annotate(
        filled_required=filled,
        photo_count=Count(
            "attachments", filter=Q(attachments__kind=Attachment.Kind.PHOTO), distinct=True
        ),
    )


REQUIRED_COUNT = len(attachment1.REQUIRED_AT_SUBMIT) + 1  # the photo counts as an item


def nomination_list(
    user: User, campaign: Campaign, *, unit: Unit | None = None, status: str | None = None
) -> QuerySet[Nomination]:
    """Return the rows of a nomination list page for the user, in ranking order."""
    qs = (
        nominations_visible_to(user)
        .filter(campaign=campaign)
        .select_related("unit", "updated_by")
        .defer(*LIST_DEFERRED)
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    if status:
        qs = qs.filter(status=status)
    else:
        qs = qs.exclude(status=Status.CANCELLED)
    return with_progress(with_completeness(qs)).order_by("unit__sort_order", "unit_rank", "id")


def position_in_unit_list(nomination: Nomination) -> int:
    """Return how many rows come before the nomination on its unit's list (0 for the first).

    The unit's list is ``nomination_list`` for its clerk: the unit's nominations
    that are not cancelled, by ``unit_rank`` then id. The list's page that holds
    the row is ``position // page_size + 1``.
    """
    return (
        Nomination.objects.filter(campaign_id=nomination.campaign_id, unit_id=nomination.unit_id)
        .exclude(status=Status.CANCELLED)
        .filter(
            Q(unit_rank__lt=nomination.unit_rank)
            | Q(unit_rank=nomination.unit_rank, pk__lt=nomination.pk)
        )
        .count()
    )


def with_progress(qs: QuerySet[Nomination]) -> QuerySet[Nomination]:
    """Annotate ``progress_key``: the later stage an eligible nomination has reached, or "".

    The stages are those registered in ``nominations.progress`` by the later
    stages of the selection, matched latest first, in one SQL expression.
    """
    whens = [
        When(Q(status=Status.ELIGIBLE) & stage.condition(), then=Value(stage.key))
        for stage in progress.later_stages()
    ]
    if not whens:
        return qs.annotate(progress_key=Value(""))
    return qs.annotate(progress_key=Case(*whens, default=Value(""), output_field=CharField()))


def progress_of(nomination: Nomination) -> tuple[str, str]:
    """Return the label and badge colour the unit sees for the nomination's progress.

    A nomination read through ``with_progress`` shows its later stage; any other,
    its status.
    """
    later = progress.stage(getattr(nomination, "progress_key", ""))
    if later is not None:
        return str(later.label), later.badge
    badge = STATUS_BADGES.get(nomination.status, "text-bg-secondary")
    return nomination.get_status_display(), badge


# The badge colour of each status in lists and on the detail page.
STATUS_BADGES = {
    Status.DRAFT: "text-bg-warning",
    Status.RETURNED: "text-bg-warning",
    Status.SUBMITTED: "text-bg-success",
    Status.ELIGIBLE: "text-bg-success",
    Status.IN_CHECK: "text-bg-info",
    Status.REJECTED: "text-bg-danger",
    Status.DISQUALIFIED: "text-bg-danger",
}


def status_matrix(user: User, campaign: Campaign) -> list[dict]:
    """Return, per unit, the number of nominations in each status (staff overview)."""
    statuses = [s for s in Status if s != Status.CANCELLED]
    counts = {
        (row["unit_id"], row["status"]): row["n"]
        for row in nominations_visible_to(user)
        .filter(campaign=campaign)
        .values("unit_id", "status")
        .annotate(n=Count("id"))
    }
    rows = []
    for unit in Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.PROVINCE):
        cells = [counts.get((unit.pk, s), 0) for s in statuses]
        rows.append({"unit": unit, "cells": cells, "total": sum(cells)})
    return rows


# Sort orders offered on the first-check queue: key -> (label, ordering).
QUEUE_ORDERINGS = {
    "rank": ("unit__sort_order", "unit_rank", "id"),
    "submitted": ("submitted_at", "id"),
    "-submitted": ("-submitted_at", "-id"),
    "name": ("name_order", "id"),
    "-warnings": ("-warning_count", "unit__sort_order", "unit_rank", "id"),
}


def with_criterion(qs: QuerySet[Nomination], criterion: str) -> QuerySet[Nomination]:
    """Filter to nominations that claim a criterion (a value in the JSON list)."""
    if connection.vendor == "postgresql":
        return qs.filter(criteria__contains=[criterion])
    # SQLite, the zero-setup demo database, has no JSON containment lookup; the
    # values are fixed codes, so matching the quoted code in the JSON text is exact.
    return qs.filter(criteria__icontains=f'"{criterion}"')


def check_queue(
    user: User,
    campaign: Campaign,
    *,
    unit: Unit | None = None,
    status: str = "",
    industry: str = "",
    criterion: str = "",
    min_skill: int | None = None,
    warnings_only: bool = False,
    paper: str = "",
    search: str = "",
    order: str = "rank",
) -> QuerySet[Nomination]:
    """Return the nominations that reached the province, filtered for the first check.

    Each row carries ``repeat_certain`` and ``repeat_possible``: the nominee is in
    the register of earlier years' 龙江工匠 (``selectors.laureates``).
    """
    qs = with_repeat_flags(
        nominations_visible_to(user)
        .filter(campaign=campaign, status__in=RECEIVED_STATES)
        .select_related("unit", "paper_receipt")
        .defer(*LIST_DEFERRED)
        .annotate(
            return_count=Count(
                "checks", filter=Q(checks__outcome=CheckRound.Outcome.RETURNED), distinct=True
            )
        ),
        campaign.year,
    )
    if unit is not None:
        qs = qs.filter(unit=unit)
    if status:
        qs = qs.filter(status=status)
    if industry:
        qs = qs.filter(industry=industry)
    if criterion:
        qs = with_criterion(qs, criterion)
    if min_skill is not None:
        qs = qs.filter(skill_level__gte=min_skill)
    if warnings_only:
        # The stored count is refreshed at submission and on receipt; a paper copy
        # that never came becomes a warning by the calendar alone.
        missing_paper = (
            Q(paper_receipt__isnull=True)
            if timezone.localdate() > paper_deadline_date(campaign)
            else Q(pk__in=[])
        )
        # A register row imported after submission is not in the stored count.
        qs = qs.filter(Q(warning_count__gt=0) | missing_paper | Q(repeat_certain=True))
    if paper == "received":
        qs = qs.filter(paper_receipt__isnull=False)
    elif paper == "missing":
        qs = qs.filter(paper_receipt__isnull=True)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(employer_name__icontains=search))
    return qs.order_by(*QUEUE_ORDERINGS.get(order, QUEUE_ORDERINGS["rank"]))


def latest_decision(nomination: Nomination) -> CheckRound | None:
    """Return the last decided check round, with its comments, or None."""
    return (
        nomination.checks.exclude(outcome="")
        .select_related("decided_by")
        .prefetch_related("comments")
        .order_by("-number")
        .first()
    )


def open_round(nomination: Nomination) -> CheckRound | None:
    return (
        nomination.checks.filter(outcome="")
        .prefetch_related("confirmations")
        .select_related("revision", "started_by")
        .first()
    )


def deadline_extensions(user: User, campaign: Campaign) -> QuerySet[DeadlineExtension]:
    """Return the campaign's deadline extensions, for provincial staff only."""
    if not roles.is_provincial(user):
        return DeadlineExtension.objects.none()
    return (
        DeadlineExtension.objects.filter(campaign=campaign)
        .select_related("unit", "granted_by")
        .order_by("unit__sort_order")
    )


def last_return(nomination: Nomination) -> CheckRound | None:
    """Return the last round that sent the nomination back, with its revision."""
    return (
        nomination.checks.filter(outcome=CheckRound.Outcome.RETURNED)
        .select_related("revision")
        .order_by("-number")
        .first()
    )


def latest_revision(nomination: Nomination):
    return nomination.revisions.order_by("-number").first()


def decided_rounds(nomination: Nomination) -> QuerySet[CheckRound]:
    """Return every decided round, newest first, with who decided and the comments."""
    return (
        nomination.checks.exclude(outcome="")
        .select_related("decided_by", "revision")
        .prefetch_related("comments")
        .order_by("-number")
    )
