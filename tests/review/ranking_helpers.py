"""Helpers of the ranking tests: experts who score, sheets with a given total, the rules."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from nominations.models import Campaign
from review import services
from review.models import Expert, ReviewSettings, ScoreSheet

# The default rubric's dimensions and maxima (30 / 30 / 20 / 15 / 5).
DIMENSIONS = (("skill", 30), ("innovation", 30), ("leadership", 20), ("awards", 15), ("overall", 5))


def open_review(campaign: Campaign, staff) -> None:
    """Create the default rubric and open the review window for a week."""
    services.ensure_default_rubric(campaign, actor=staff)
    now = timezone.now()
    services.set_review_window(
        campaign, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=7), actor=staff
    )


def scorer(make_expert, panels, campaign: Campaign, staff, name: str) -> Expert:
    """Return an expert in every given panel who has signed the pledge."""
    expert = make_expert(name=name, employer_name=f"{name}所在单位")
    for panel in panels:
        services.add_panel_member(panel, expert=expert, actor=staff)
    services.sign_pledge(expert, campaign=campaign, actor=expert.user)
    return expert


def points_for(total) -> dict[str, Decimal]:
    """Split a total over the rubric's dimensions, filling each in turn."""
    left = Decimal(str(total))
    points = {}
    for key, maximum in DIMENSIONS:
        points[key] = min(Decimal(maximum), left)
        left -= points[key]
    assert left == 0, f"{total} is more than the rubric's 100"
    return points


def draft(expert: Expert, nomination, total) -> ScoreSheet:
    return services.save_sheet(
        expert.user,
        nomination=nomination,
        scores=points_for(total),
        comment="",
        recommend=True,
        expected_version=0,
        actor=expert.user,
    )


def submit(expert: Expert, nomination, total) -> ScoreSheet:
    sheet = draft(expert, nomination, total)
    return services.submit_sheet(sheet, expected_version=sheet.version, actor=expert.user)


def set_rules(campaign: Campaign, *, quota: int, **settings) -> None:
    """Change the quota and the ranking settings (behind the services' back: no UI yet)."""
    Campaign.objects.filter(pk=campaign.pk).update(quota=quota)
    campaign.refresh_from_db()
    ReviewSettings.objects.update_or_create(campaign=campaign, defaults=settings)
