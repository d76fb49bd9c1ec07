"""Staff's reasoned moves of candidates into or out of the proposed list (建议名单).

The proposed list is the top of the ranking up to the quota (``review.aggregation``);
a move records, with a written reason, that staff put a candidate on the list
against the ranking or took one off it. A nominee has at most one move; to change
it, staff undo it first. Each move and each undo is audited with the candidate's
rank and score at that moment.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign, Nomination
from nominations.workflow import Status
from review.aggregation import Part, Result
from review.models import ListMove
from review.selectors.ranking import ranking_data

REASON_MAX = ListMove._meta.get_field("reason").max_length


def _clean_reason(reason: str, missing: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(missing)
    if len(reason) > REASON_MAX:
        raise DomainError(_("理由不能超过%(max)d个字。") % {"max": REASON_MAX})
    return reason


def _standing(campaign: Campaign, nomination_id: int) -> Result | None:
    """Return the candidate's place in the campaign's ranking as it stands now."""
    results = ranking_data(campaign).results
    return next((r for r in results if r.nomination_id == nomination_id), None)


def _audit_data(campaign: Campaign, result: Result | None, **data) -> dict:
    return {
        "campaign": campaign.year,
        **data,
        "rank": result.rank if result else None,
        "score": str(result.score) if result and result.score is not None else None,
    }


def _move(
    campaign: Campaign, nomination: Nomination, direction: str, *, reason: str, actor: User
) -> ListMove:
    with transaction.atomic():
        # One composition of the list at a time: moves are decided against the whole list.
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        locked = (
            Nomination.objects.select_for_update(of=("self",))
            .select_related("unit")
            .get(pk=nomination.pk)
        )
        if locked.campaign_id != campaign.pk or locked.status != Status.ELIGIBLE:
            raise DomainError(_("只能调整本年度初审合格的人选。"))
        existing = ListMove.objects.filter(campaign=campaign, nomination=locked).first()
        if existing is not None:
            raise DomainError(
                _("%(name)s已有调整（%(direction)s），如需改变请先撤销原调整。")
                % {"name": locked, "direction": existing.get_direction_display()}
            )
        result = _standing(campaign, locked.pk)
        listed = result is not None and result.part == Part.LISTED
        if direction == ListMove.Direction.IN:
            if result is None or result.score is None:
                raise DomainError(_("%(name)s暂无有效评分，不能移入建议名单。") % {"name": locked})
            if listed:
                raise DomainError(_("%(name)s按排名已在建议名单内，无需移入。") % {"name": locked})
        elif not listed:
            raise DomainError(_("%(name)s按排名不在建议名单内，不能移出。") % {"name": locked})
        move = ListMove.objects.create(
            campaign=campaign,
            nomination=locked,
            direction=direction,
            reason=reason,
            moved_by=actor,
            moved_at=timezone.now(),
        )
        record_event(
            "review.list_moved",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data=_audit_data(
                campaign, result, nomination=locked.pk, direction=direction, reason=reason
            ),
        )
    return move


def move_into_list(
    campaign: Campaign, nomination: Nomination, *, reason: str, actor: User
) -> ListMove:
    """Put a scored candidate below the quota line on the proposed list, with a reason."""
    reason = _clean_reason(reason, _("请填写移入建议名单的理由。"))
    return _move(campaign, nomination, ListMove.Direction.IN, reason=reason, actor=actor)


def move_out_of_list(
    campaign: Campaign, nomination: Nomination, *, reason: str, actor: User
) -> ListMove:
    """Take a candidate above the quota line off the proposed list, with a reason."""
    reason = _clean_reason(reason, _("请填写移出建议名单的理由。"))
    return _move(campaign, nomination, ListMove.Direction.OUT, reason=reason, actor=actor)


def undo_move(move: ListMove, *, reason: str, actor: User) -> ListMove:
    """Undo a move, with a reason: the candidate returns to their place by ranking.

    Returns the deleted move (no longer in the database).
    """
    reason = _clean_reason(reason, _("请填写撤销调整的理由。"))
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=move.campaign_id)
        locked = (
            ListMove.objects.select_for_update(of=("self",))
            .select_related("nomination__unit")
            .filter(pk=move.pk)
            .first()
        )
        if locked is None:
            raise DomainError(_("该调整已撤销。"))
        nomination = locked.nomination
        result = _standing(campaign, nomination.pk)
        record = _audit_data(
            campaign,
            result,
            nomination=nomination.pk,
            direction=locked.direction,
            moved_reason=locked.reason,
            moved_by=locked.moved_by_id,
            reason=reason,
        )
        locked.delete()
        record_event(
            "review.list_move_undone",
            actor=actor,
            subject=nomination,
            unit=nomination.unit,
            data=record,
        )
    return locked
