"""Reads of the campaigns for the staff's campaigns page and the campaign switcher."""

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import User
from longjiang.campaigns import PartSummary, copiers
from nominations import permissions
from nominations.models import Campaign


class CampaignState:
    RUNNING = "running"
    PAST = "past"
    PREPARING = "preparing"

    LABELS = {RUNNING: _("当前运行"), PAST: _("往届"), PREPARING: _("筹备中")}


@dataclass(frozen=True)
class CampaignRow:
    campaign: Campaign
    state: str

    @property
    def state_label(self) -> str:
        return str(CampaignState.LABELS[self.state])


def campaign_state(campaign: Campaign, running: Campaign | None) -> str:
    """Say whether the campaign runs, ran before the running one, or is being prepared."""
    if campaign.is_running:
        return CampaignState.RUNNING
    if running is not None and campaign.year < running.year:
        return CampaignState.PAST
    return CampaignState.PREPARING


def campaign_rows(user: User) -> list[CampaignRow]:
    """Return every campaign, newest first, with its state; none for anyone else."""
    if not permissions.can_manage_campaigns(user):
        return []
    campaigns = list(Campaign.objects.select_related("copied_from").order_by("-year"))
    running = next((c for c in campaigns if c.is_running), None)
    return [CampaignRow(c, campaign_state(c, running)) for c in campaigns]


def visible_campaign(user: User, pk: int) -> CampaignRow:
    """Return one campaign with its state for staff; a 404 for anyone else."""
    for row in campaign_rows(user):
        if row.campaign.pk == pk:
            return row
    raise Http404


def campaign_parts(campaign: Campaign) -> list[PartSummary]:
    """Describe each stage's part of the campaign (what the copiers copy)."""
    parts = []
    for copier in copiers():
        part = copier.describe(campaign)
        if part is not None:
            parts.append(part)
    return parts


def switcher_choices(user: User) -> list[dict]:
    """Return the campaigns staff can switch between: pk, year and whether it runs."""
    if not permissions.can_view_other_campaigns(user):
        return []
    return list(Campaign.objects.order_by("-year").values("pk", "year", "is_running"))
