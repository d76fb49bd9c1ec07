"""Celery adapters for nomination work: fetch, call one function, log."""

import logging

from celery import shared_task

from longjiang.mail import MAIL_RETRY
from nominations import notifications
from nominations.models import CheckRound, Nomination

logger = logging.getLogger(__name__)


@shared_task(name="nominations.send_submission_receipt", **MAIL_RETRY)
def send_submission_receipt(*, nomination_id: int) -> int:
    """Mail the unit's clerks a receipt for a submitted nomination."""
    nomination = Nomination.objects.select_related("unit", "campaign").get(pk=nomination_id)
    sent = notifications.send_submission_receipt(nomination)
    logger.info("Submission receipt for nomination %s sent to %s address(es)", nomination_id, sent)
    return sent


@shared_task(name="nominations.send_resubmission_notice", **MAIL_RETRY)
def send_resubmission_notice(*, nomination_id: int) -> int:
    """Tell provincial staff that a returned nomination has come back."""
    nomination = Nomination.objects.select_related("unit", "campaign").get(pk=nomination_id)
    sent = notifications.send_resubmission_notice(nomination)
    logger.info("Resubmission notice for nomination %s sent to %s address(es)", nomination_id, sent)
    return sent


@shared_task(name="nominations.send_check_decision", **MAIL_RETRY)
def send_check_decision(*, round_id: int) -> int:
    """Tell the unit's clerks the outcome of a first-check round."""
    check_round = CheckRound.objects.select_related("nomination__unit", "nomination__campaign").get(
        pk=round_id
    )
    sent = notifications.send_check_decision(check_round)
    logger.info("Check decision %s sent to %s address(es)", round_id, sent)
    return sent


@shared_task(name="nominations.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Remind units with unsubmitted drafts, 7 and 2 days before their deadline."""
    from nominations.services.check import remind_units_with_drafts

    sent = remind_units_with_drafts()
    logger.info("Deadline reminders sent to %s unit(s)", sent)
    return sent


@shared_task(name="nominations.send_deadline_reminder", **MAIL_RETRY)
def send_deadline_reminder(*, unit_id: int, campaign_id: int, days: int) -> int:
    """Mail one unit the reminder that its deadline is ``days`` away."""
    from longjiang.accounts.models import Unit
    from nominations.models import Campaign
    from nominations.selectors import effective_deadline
    from nominations.workflow import Status

    unit = Unit.objects.get(pk=unit_id)
    campaign = Campaign.objects.get(pk=campaign_id)
    drafts = list(
        Nomination.objects.filter(campaign=campaign, unit=unit, status=Status.DRAFT)
        .order_by("unit_rank")
        .values_list("name", flat=True)
    )
    sent = notifications.send_deadline_reminder(
        unit,
        campaign=campaign,
        deadline=effective_deadline(campaign, unit),
        drafts=drafts,
        days=days,
    )
    logger.info("Deadline reminder (%s days) sent to unit %s: %s address(es)", days, unit_id, sent)
    return sent
