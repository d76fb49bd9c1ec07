"""Reminding experts of their unfinished score sheets before the review window closes."""

from datetime import datetime, timedelta
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.audit.models import AuditEvent
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from nominations.selectors import current_campaign
from review import tasks
from review.models import Expert, ReviewSettings
from review.notifications import expert_recipients
from review.selectors.assignments import experts_with_unfinished_sheets
from review.selectors.scoring import window_is_open

# The automatic reminder starts this long before the window closes.
REMIND_BEFORE_CLOSE = timedelta(days=2)


def _window_open(settings: ReviewSettings | None, now: datetime) -> bool:
    return settings is not None and window_is_open(settings, now)


def remind_experts(campaign: Campaign, *, actor: User, now: datetime | None = None) -> int:
    """Remind every expert with unfinished sheets now, unless reminded today; return how many.

    Refused unless the review window is open.
    """
    return _remind(campaign, actor=actor, now=now or timezone.now(), automatic=False)


def remind_experts_before_close(*, now: datetime | None = None) -> int:
    """Remind the running campaign's experts once a day when the window closes within 2 days."""
    now = now or timezone.now()
    campaign = current_campaign()
    if campaign is None:
        return 0
    settings = ReviewSettings.objects.filter(campaign=campaign).first()
    if not _window_open(settings, now) or settings.review_closes_at - now > REMIND_BEFORE_CLOSE:
        return 0
    return _remind(campaign, actor=None, now=now, automatic=True)


def _remind(campaign: Campaign, *, actor: User | None, now: datetime, automatic: bool) -> int:
    """Record a reminder for each due expert and mail them once the records commit.

    The settings row is locked, so two runs on the same day (the beat and a
    button, or two buttons) never remind the same expert twice.
    """
    today = timezone.localdate(now).isoformat()
    with transaction.atomic():
        settings = ReviewSettings.objects.select_for_update().filter(campaign=campaign).first()
        if not _window_open(settings, now):
            if automatic:
                # Staff moved the window since the daily run looked: nothing is due.
                return 0
            raise DomainError(_("评分时间未开始或已经截止，不能发送催办邮件。"))
        reminded = set(
            AuditEvent.objects.filter(
                code="review.expert_reminded",
                subject_type=ContentType.objects.get_for_model(Expert),
                data__campaign=campaign.year,
                data__date=today,
            ).values_list("subject_id", flat=True)
        )
        due = [
            work
            for work in experts_with_unfinished_sheets(campaign)
            if work.expert.pk not in reminded and expert_recipients(work.expert)
        ]
        for work in due:
            record_event(
                "review.expert_reminded",
                actor=actor,
                subject=work.expert,
                data={
                    "campaign": campaign.year,
                    "date": today,
                    "unfinished": work.unfinished,
                    "automatic": automatic,
                },
            )
            # One task per expert, retried on mail failures, so one failing address
            # neither stops the others nor loses this reminder.
            transaction.on_commit(
                partial(
                    tasks.send_expert_reminder.delay,
                    expert_id=work.expert.pk,
                    campaign_id=campaign.pk,
                ),
                robust=True,
            )
    return len(due)
