"""What every nomination service shares: the domain errors, the row lock, and
the way every status change enters the platform's workflow funnel."""

from collections.abc import Callable, Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang import workflow
from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.dates import show_datetime
from longjiang.exceptions import DomainError
from nominations.models import Campaign, Nomination
from nominations.workflow import NOMINATION


class DuplicateNomination(DomainError):
    # Says only that the person is already nominated, never by whom.
    default_message = gettext_lazy("该公民身份号码已在本年度被推荐，不能重复推荐。")


class RepeatNomineeBlocked(DomainError):
    """The nominee was named 龙江工匠 before and the campaign refuses repeat nominees."""

    default_message = gettext_lazy(
        "该人员已获评“龙江工匠”。本年度活动规定往届已获评人员不得再次推荐，不能提交。"
    )


class DeadlinePassed(DomainError):
    default_message = gettext_lazy(
        "本单位的电子材料报送已截止，不能再提交。如确有特殊情况，请联系省总工会。"
    )


def intake_closed_message(deadline: datetime) -> str:
    """Say that the unit's intake closed, and when (2021年7月1日 17:00)."""
    when = show_datetime(deadline)
    return _("填报已截止（%(deadline)s），不能再新增推荐。如确有特殊情况，请联系省总工会。") % {
        "deadline": when
    }


class IncompleteNomination(DomainError):
    default_message = gettext_lazy("推荐材料尚不完整，请按提示补充后再提交。")

    def __init__(self, problems: dict[str, list[str]]):
        super().__init__()
        self.problems = problems


class NotEditable(DomainError):
    default_message = gettext_lazy("该推荐已提交，如需修改请先撤回。")


class NominationLocked(DomainError):
    default_message = gettext_lazy(
        "该人选已列入主席办公会议审定并锁定的名单，不能再修改。如需变更，须经主席办公会议重新审定。"
    )


def refuse_if_locked(nomination: Nomination) -> None:
    """Refuse any change to a nomination a council-approved list holds."""
    if nomination.locked_at is not None:
        raise NominationLocked()


def lock(nomination: Nomination) -> Nomination:
    """Lock the nomination's row for a change; refuse if a council-approved list holds it."""
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    refuse_if_locked(locked)
    return locked


def lock_for_list(nomination_ids: list[int], *, reference: str, actor: User) -> int:
    """Mark nominations as held by a locked list; every later change through ``lock`` fails.

    Called by the review stage inside the transaction that records the council's
    approval. Already locked nominations keep their first reference. Returns how
    many nominations were newly locked.
    """
    now = timezone.now()
    with transaction.atomic():
        rows = list(
            Nomination.objects.select_for_update()
            .filter(pk__in=nomination_ids, locked_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        Nomination.objects.filter(pk__in=rows).update(locked_at=now, locked_by_list=reference[:100])
    return len(rows)


class StillOnTheList(DomainError):
    pass


def _refuse_still_listed(nomination_ids: list[int]) -> None:
    """Refuse nominations held by the latest list version of their campaign.

    Through the reverse relations (``list_versions``, ``list_entries``): review's
    models are not imported here (an earlier stage imports no later one).
    """
    campaign_ids = set(
        Nomination.objects.filter(pk__in=nomination_ids).values_list("campaign_id", flat=True)
    )
    listed = []
    for campaign_id in sorted(campaign_ids):
        latest = (
            Campaign.objects.get(pk=campaign_id)
            .list_versions.order_by("-number")
            .values_list("number", flat=True)
            .first()
        )
        if latest is None:
            continue
        listed += Nomination.objects.filter(
            pk__in=nomination_ids,
            campaign_id=campaign_id,
            list_entries__version__campaign_id=campaign_id,
            list_entries__version__number=latest,
        ).values_list("name", flat=True)
    if listed:
        raise StillOnTheList(
            _("%(names)s仍在最新版本的名单中，不能解除锁定。")
            % {"names": "、".join(sorted(listed))}
        )


def release_from_list(nomination_ids: list[int], *, reference: str, actor: User) -> int:
    """Clear the lock of nominations a new list version no longer holds; audit each one.

    The only way a lock is ever cleared (``lock_for_list`` never unlocks). Called
    only by ``publicity.services.revisions.approve_revision``, inside the
    transaction that records the council's new version after an upheld objection
    (the council secretary is the actor); ``reference`` names that version and
    the objection cases, e.g. "2021-v2 YY2021-0003". Nominations that are not
    locked are left alone. Each released nomination gets a
    ``nomination.released_from_list`` event naming the reference and the lock it
    had. Returns how many nominations were released.

    Refused (``StillOnTheList``, nothing released) for a nomination that is on the
    latest list version of its campaign: only people the new version dropped may
    be released, so the caller writes that version first.
    """
    with transaction.atomic():
        rows = list(
            Nomination.objects.select_for_update()
            .filter(pk__in=nomination_ids, locked_at__isnull=False)
            .order_by("pk")
        )
        _refuse_still_listed(nomination_ids)
        for nomination in rows:
            record_event(
                "nomination.released_from_list",
                actor=actor,
                subject=nomination,
                unit=nomination.unit,
                data={"reference": reference[:100], "locked_by_list": nomination.locked_by_list},
            )
        Nomination.objects.filter(pk__in=[n.pk for n in rows]).update(
            locked_at=None, locked_by_list=""
        )
    return len(rows)


def transition(
    nomination: Nomination,
    action: str,
    *,
    actor: User,
    data: dict | None = None,
    prepare: Callable[[Nomination], list[str]] | None = None,
    on_commit: Iterable[Callable[[], object]] = (),
) -> Nomination:
    """Move the nomination through the platform funnel, stamping its version and editor."""

    def stamp(locked: Nomination) -> list[str]:
        update_fields = ["version", "updated_by", "updated_at"]
        if prepare is not None:
            update_fields += prepare(locked)
        locked.version += 1
        locked.updated_by = actor
        return update_fields

    return workflow.transition(
        nomination,
        action,
        table=NOMINATION,
        actor=actor,
        data=data,
        guard=refuse_if_locked,
        prepare=stamp,
        on_commit=on_commit,
    )
