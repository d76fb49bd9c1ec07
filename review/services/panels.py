"""Panels (评审组), their members, and placing eligible nominations in them."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError, IllegalTransition
from nominations.models import Campaign, Nomination
from nominations.selectors import LIST_DEFERRED
from nominations.services import NominationLocked
from nominations.workflow import Status
from review.models import Expert, Panel, Placement
from review.placement import industry_group_of


def create_panel(campaign: Campaign, *, actor: User, name: str, industry_group: str) -> Panel:
    """Create the campaign's review group for an industry group."""
    name = name.strip()
    if not name:
        raise DomainError(_("请填写评审组名称。"))
    with transaction.atomic():
        if Panel.objects.filter(campaign=campaign, name=name).exists():
            raise DomainError(_("本年度已有名为“%(name)s”的评审组。") % {"name": name})
        if Panel.objects.filter(campaign=campaign, industry_group=industry_group).exists():
            raise DomainError(_("本年度该行业组已有评审组。"))
        panel = Panel.objects.create(campaign=campaign, name=name, industry_group=industry_group)
        record_event(
            "review.panel_created",
            actor=actor,
            subject=panel,
            data={"campaign": campaign.year, "name": name, "industry_group": industry_group},
        )
    return panel


def add_panel_member(panel: Panel, *, expert: Expert, actor: User) -> Panel:
    """Add an expert who takes part in the panel's campaign to the panel."""
    with transaction.atomic():
        if not expert.campaigns.filter(pk=panel.campaign_id).exists():
            raise DomainError(_("该专家未参加本年度评审，不能加入评审组。"))
        if panel.members.filter(pk=expert.pk).exists():
            raise DomainError(_("该专家已是本评审组成员。"))
        panel.members.add(expert)
        record_event(
            "review.panel_member_added",
            actor=actor,
            subject=panel,
            data={"expert": expert.pk, "name": expert.name},
        )
    return panel


def remove_panel_member(panel: Panel, *, expert: Expert, actor: User) -> Panel:
    """Take an expert off the panel."""
    with transaction.atomic():
        if not panel.members.filter(pk=expert.pk).exists():
            raise DomainError(_("该专家不是本评审组成员。"))
        panel.members.remove(expert)
        record_event(
            "review.panel_member_removed",
            actor=actor,
            subject=panel,
            data={"expert": expert.pk, "name": expert.name},
        )
    return panel


@dataclass
class PlacementReport:
    placed: list[Placement]
    # Eligible nominations left without a panel: their industry group has none.
    unplaced: list[Nomination]


def place_eligible_nominations(campaign: Campaign, *, actor: User) -> PlacementReport:
    """Place every eligible nomination without a panel into its industry group's panel.

    The group comes from ``review.placement.INDUSTRY_GROUPS``. Nominations whose
    group has no panel are left unplaced and reported. Placements made before,
    by hand or not, are kept.
    """
    with transaction.atomic():
        # One run at a time per campaign: two runs would place the same nomination twice.
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        panels = {p.industry_group: p for p in Panel.objects.filter(campaign=campaign)}
        waiting = (
            Nomination.objects.filter(
                campaign=campaign, status=Status.ELIGIBLE, placement__isnull=True
            )
            .select_related("unit")
            .defer(*LIST_DEFERRED)
            .order_by("unit__sort_order", "unit_rank", "pk")
        )
        report = PlacementReport(placed=[], unplaced=[])
        for nomination in waiting:
            panel = panels.get(industry_group_of(nomination.industry))
            if panel is None:
                report.unplaced.append(nomination)
                continue
            placement = Placement.objects.create(
                nomination=nomination, panel=panel, placed_by=actor
            )
            report.placed.append(placement)
            record_event(
                "review.placed",
                actor=actor,
                subject=nomination,
                unit=nomination.unit,
                data={"panel": panel.pk, "panel_name": panel.name, "industry": nomination.industry},
            )
    return report


def move_placement(nomination: Nomination, *, panel: Panel, reason: str, actor: User) -> Placement:
    """Place an eligible nomination in another panel (or a first one) by hand, with a reason."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("人工调整评审组须填写理由。"))
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().select_related("unit").get(pk=nomination.pk)
        if locked.status != Status.ELIGIBLE:
            raise IllegalTransition(_("只有通过初审的推荐人选才能分组。"))
        if locked.locked_at is not None:
            raise NominationLocked()
        if panel.campaign_id != locked.campaign_id:
            raise DomainError(_("该评审组不属于本年度。"))
        placement = Placement.objects.filter(nomination=locked).first()
        source = placement.panel_id if placement is not None else None
        if source == panel.pk:
            raise DomainError(_("该人选已在“%(panel)s”。") % {"panel": panel.name})
        if placement is None:
            placement = Placement(nomination=locked)
        placement.panel = panel
        placement.by_hand = True
        placement.reason = reason
        placement.placed_by = actor
        placement.save()
        record_event(
            "review.placement_moved",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data={"from": source, "to": panel.pk, "panel_name": panel.name, "reason": reason},
        )
    return placement
