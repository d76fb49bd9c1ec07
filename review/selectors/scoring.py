"""Reads of the review's settings, the rubric and the submitted sheets."""

from datetime import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from nominations.models import Campaign
from review.models import Dimension, ReviewSettings, ScoreSheet
from review.permissions import can_manage_review


def review_settings_of(campaign: Campaign) -> ReviewSettings:
    """Return the campaign's review settings, unsaved defaults if staff never changed them."""
    return ReviewSettings.objects.filter(campaign=campaign).first() or ReviewSettings(
        campaign=campaign
    )


def window_is_open(settings: ReviewSettings, now: datetime) -> bool:
    """Return whether experts may score now: the window is set, has opened, not closed."""
    return (
        settings.review_opens_at is not None
        and settings.review_closes_at is not None
        and settings.review_opens_at <= now < settings.review_closes_at
    )


def dimensions_of(campaign: Campaign) -> QuerySet[Dimension]:
    return Dimension.objects.filter(campaign=campaign).order_by("position", "pk")


def submitted_sheets(user: User, campaign: Campaign) -> QuerySet[ScoreSheet]:
    """Return the campaign's submitted sheets for staff, without their scores."""
    if not can_manage_review(user):
        return ScoreSheet.objects.none()
    return (
        ScoreSheet.objects.filter(nomination__campaign=campaign, status=ScoreSheet.Status.SUBMITTED)
        .select_related("expert", "nomination")
        .only("pk", "submitted_at", "reopened_count", "expert__name", "nomination__name")
        .order_by("expert__name_order", "nomination__name_order", "pk")
    )


def rubric_lock_reason(settings: ReviewSettings, now: datetime) -> str:
    """Return why the rubric can no longer change (scoring began, the window opened), or ""."""
    if settings.rubric_frozen_at is not None:
        return _("评分已经开始，评分标准不能再修改。")
    if settings.review_opens_at is not None and now >= settings.review_opens_at:
        return _("评分时间已经开始，评分标准不能再修改。")
    return ""
