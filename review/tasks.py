"""Celery adapters for the expert review: fetch, call one function, log."""

import logging

from celery import shared_task

from longjiang.mail import MAIL_RETRY
from nominations.models import Campaign
from review import notifications
from review.models import Expert, Pledge, ReviewSettings

logger = logging.getLogger(__name__)


@shared_task(name="review.remind_experts")
def remind_experts() -> int:
    """Remind experts with unfinished sheets when the review window closes within 2 days."""
    from review.services.reminders import remind_experts_before_close

    reminded = remind_experts_before_close()
    logger.info("Review reminders queued for %s expert(s)", reminded)
    return reminded


@shared_task(name="review.send_expert_reminder", **MAIL_RETRY)
def send_expert_reminder(*, expert_id: int, campaign_id: int) -> int:
    """Mail one expert the number of their unfinished sheets and the closing time."""
    from review.selectors.assignments import unfinished_count

    expert = Expert.objects.select_related("user").get(pk=expert_id)
    campaign = Campaign.objects.get(pk=campaign_id)
    settings = ReviewSettings.objects.get(campaign=campaign)
    unfinished = unfinished_count(expert, campaign)
    if not unfinished:
        # Finished between the reminder's record and this task: nothing to remind of.
        logger.info("Review reminder to expert %s dropped: nothing unfinished", expert_id)
        return 0
    sent = notifications.send_expert_reminder(
        expert,
        campaign=campaign,
        unfinished=unfinished,
        closes_at=settings.review_closes_at,
        signed=Pledge.objects.filter(campaign=campaign, expert=expert).exists(),
    )
    logger.info("Review reminder to expert %s sent to %s address(es)", expert_id, sent)
    return sent
