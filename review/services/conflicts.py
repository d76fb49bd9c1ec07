"""The recusal pledge, declared and suggested conflicts of interest, and their decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from longjiang.workflow import transition
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.workflow import Status
from review.matching import suggestion_for
from review.models import (
    Conflict,
    Expert,
    ListVersion,
    Panel,
    Placement,
    Pledge,
    ReviewSettings,
)
from review.pledge import pledge_text
from review.services.scoring import ListLocked
from review.workflow import CONFLICT, ConflictAction

# The kinds of relationship an expert may declare; 同一推荐单位 is a rule, not a relation.
DECLARABLE_KINDS = (
    Conflict.Kind.RELATIVE,
    Conflict.Kind.MASTER_APPRENTICE,
    Conflict.Kind.SAME_EMPLOYER,
    Conflict.Kind.OTHER,
)


def sign_pledge(expert: Expert, *, campaign: Campaign, actor: User) -> Pledge:
    """Record the expert's own signature of the campaign's recusal pledge."""
    if actor.pk != expert.user_id:
        raise DomainError(_("回避承诺须由专家本人签署。"))
    with transaction.atomic():
        if not expert.campaigns.filter(pk=campaign.pk).exists():
            raise DomainError(_("您未参加本年度评审。"))
        if Pledge.objects.filter(campaign=campaign, expert=expert).exists():
            raise DomainError(_("您已签署本年度的回避承诺。"))
        pledge = Pledge.objects.create(
            campaign=campaign, expert=expert, text=pledge_text(campaign), signed_at=timezone.now()
        )
        record_event(
            "review.pledge_signed",
            actor=actor,
            subject=expert,
            data={"campaign": campaign.year, "pledge": pledge.pk},
        )
    return pledge


def _refuse_once_scores_are_final(campaign_id: int) -> None:
    """Conflicts decide which scores count: they are final once the window has closed."""
    if ListVersion.objects.filter(campaign_id=campaign_id).exists():
        raise ListLocked()
    closes_at = (
        ReviewSettings.objects.filter(campaign_id=campaign_id)
        .values_list("review_closes_at", flat=True)
        .first()
    )
    if closes_at is not None and timezone.now() >= closes_at:
        raise DomainError(_("评分已经截止，回避关系不能再变更。"))


def declare_conflict(
    expert: Expert, *, nomination: Nomination, kind: str, note: str, actor: User
) -> Conflict:
    """Record a relationship the expert declares with a candidate of their panels.

    A declaration takes effect at once (status "confirmed"): the candidate leaves
    the expert's list. It replaces a pending or dismissed suggestion of the pair.
    """
    note = note.strip()
    if actor.pk != expert.user_id:
        raise DomainError(_("回避关系须由专家本人申报。"))
    if kind not in DECLARABLE_KINDS:
        raise DomainError(_("请选择与该人选的关系。"))
    if kind == Conflict.Kind.OTHER and not note:
        raise DomainError(_("选择“其他可能影响公正评审的关系”时，请说明具体关系。"))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("unit").get(pk=nomination.pk)
        _refuse_once_scores_are_final(locked.campaign_id)
        if not Pledge.objects.filter(campaign_id=locked.campaign_id, expert=expert).exists():
            raise DomainError(_("请先签署回避承诺。"))
        in_panels = Placement.objects.filter(
            nomination=locked, panel__members=expert, panel__campaign_id=locked.campaign_id
        ).exists()
        if locked.status != Status.ELIGIBLE or not in_panels:
            raise DomainError(_("该人选不在您所在评审组的评审范围内。"))
        conflict = Conflict.objects.filter(expert=expert, nomination=locked).first()
        if conflict is None:
            conflict = Conflict(expert=expert, nomination=locked)
        data = {"expert": expert.pk, "nomination": locked.pk, "kind": kind, "note": note}

        def prepare(row: Conflict) -> list[str]:
            data["previous"] = row.status if row.pk is not None else None
            row.kind = kind
            row.note = note
            row.declared = True
            row.reason = ""
            row.decided_by = actor
            row.decided_at = timezone.now()
            return ["kind", "note", "declared", "reason", "decided_by", "decided_at"]

        conflict = transition(
            conflict,
            ConflictAction.DECLARE,
            table=CONFLICT,
            actor=actor,
            data=data,
            related=["nomination__unit"],
            prepare=prepare,
        )
    return conflict


def suggest_conflicts(campaign: Campaign, *, actor: User) -> list[Conflict]:
    """Suggest a conflict for every panel member and placed candidate who match a rule.

    The rules are in ``review.matching``. A pair that already has a conflict of
    any status is never suggested again, so a dismissed suggestion stays dismissed.
    """
    same_unit_rule = ReviewSettings.objects.filter(
        campaign=campaign, conflict_same_unit=True
    ).exists()
    created: list[Conflict] = []
    with transaction.atomic():
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        panels = Panel.objects.filter(campaign=campaign).prefetch_related("members")
        placements = (
            Placement.objects.filter(panel__campaign=campaign, nomination__status=Status.ELIGIBLE)
            .select_related("nomination__unit")
            .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        )
        by_panel: dict[int, list[Nomination]] = {}
        for placement in placements:
            by_panel.setdefault(placement.panel_id, []).append(placement.nomination)
        existing = set(
            Conflict.objects.filter(nomination__campaign=campaign).values_list(
                "expert_id", "nomination_id"
            )
        )
        for panel in panels:
            for expert in panel.members.all():
                for nomination in by_panel.get(panel.pk, []):
                    if (expert.pk, nomination.pk) in existing:
                        continue
                    suggestion = suggestion_for(expert, nomination, same_unit_rule=same_unit_rule)
                    if suggestion is None:
                        continue
                    kind, why = suggestion
                    conflict = transition(
                        Conflict(expert=expert, nomination=nomination, kind=kind, note=why[:300]),
                        ConflictAction.SUGGEST,
                        table=CONFLICT,
                        actor=actor,
                        data={"expert": expert.pk, "nomination": nomination.pk, "kind": kind},
                    )
                    existing.add((expert.pk, nomination.pk))
                    created.append(conflict)
    return created


def _decide_conflict(conflict: Conflict, action: str, *, reason: str, actor: User) -> Conflict:
    reason = reason.strip()
    if not reason:
        raise DomainError(_("请填写确认或排除的理由。"))

    def guard(locked: Conflict) -> None:
        _refuse_once_scores_are_final(locked.nomination.campaign_id)

    data: dict = {}

    def prepare(locked: Conflict) -> list[str]:
        locked.reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        data.update(
            expert=locked.expert_id,
            nomination=locked.nomination_id,
            kind=locked.kind,
            reason=reason,
        )
        return ["reason", "decided_by", "decided_at"]

    return transition(
        conflict,
        action,
        table=CONFLICT,
        actor=actor,
        data=data,
        related=["nomination__unit"],
        guard=guard,
        prepare=prepare,
    )


def confirm_conflict(conflict: Conflict, *, reason: str, actor: User) -> Conflict:
    """Confirm a suggested conflict: the expert no longer sees the candidate."""
    return _decide_conflict(conflict, ConflictAction.CONFIRM, reason=reason, actor=actor)


def dismiss_conflict(conflict: Conflict, *, reason: str, actor: User) -> Conflict:
    """Dismiss a suggested conflict for good: it is never suggested again."""
    return _decide_conflict(conflict, ConflictAction.DISMISS, reason=reason, actor=actor)


def update_review_settings(
    campaign: Campaign, *, conflict_same_unit: bool, actor: User
) -> ReviewSettings:
    """Change the campaign's review settings."""
    with transaction.atomic():
        settings, _created = ReviewSettings.objects.select_for_update().get_or_create(
            campaign=campaign
        )
        if settings.conflict_same_unit == conflict_same_unit:
            return settings
        settings.conflict_same_unit = conflict_same_unit
        settings.save(update_fields=["conflict_same_unit"])
        record_event(
            "review.settings_changed",
            actor=actor,
            subject=campaign,
            data={"conflict_same_unit": conflict_same_unit},
        )
    return settings
