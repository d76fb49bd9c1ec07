"""What every nomination service shares: the domain errors, the row lock, and
the one funnel through which every status change passes."""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError, IllegalTransition
from nominations.models import Nomination
from nominations.workflow import EVENT_CODES, Action, target_of


class DuplicateNomination(DomainError):
    # Says only that the person is already nominated, never by whom.
    default_message = gettext_lazy("该公民身份号码已在本年度被推荐，不能重复推荐。")


class DeadlinePassed(DomainError):
    default_message = gettext_lazy(
        "本单位的电子材料报送已截止，不能再提交。如确有特殊情况，请联系省总工会。"
    )


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


def lock(nomination: Nomination) -> Nomination:
    """Lock the nomination's row for a change; refuse if a council-approved list holds it."""
    locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
    if locked.locked_at is not None:
        raise NominationLocked()
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


def transition(
    nomination: Nomination,
    action: str,
    *,
    actor: User,
    data: dict | None = None,
    prepare: Callable[[Nomination], list[str]] | None = None,
) -> Nomination:
    """Lock, check the table, apply, save and audit one status change."""
    with transaction.atomic():
        locked = lock(nomination)
        target = target_of(action, locked.status)
        if target is None:
            raise IllegalTransition(
                _("“%(status)s”状态下不能%(action)s。")
                % {"status": locked.get_status_display(), "action": Action(action).label}
            )
        source = locked.status
        update_fields = ["status", "version", "updated_by", "updated_at"]
        if prepare is not None:
            update_fields += prepare(locked)
        locked.status = target
        locked.version += 1
        locked.updated_by = actor
        locked.save(update_fields=update_fields)
        record_event(
            EVENT_CODES[action],
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"from": source, "to": target, **(data or {})},
        )
    return locked
