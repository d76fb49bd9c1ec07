"""Celery adapters for nomination work."""

import logging

from celery import shared_task

from nominations import notifications
from nominations.models import Nomination

logger = logging.getLogger(__name__)


@shared_task(name="nominations.send_submission_receipt")
def send_submission_receipt(*, nomination_id: int) -> int:
    """Mail the unit's clerks a receipt for a submitted nomination."""
    nomination = Nomination.objects.select_related("unit", "campaign").get(pk=nomination_id)
    sent = notifications.send_submission_receipt(nomination)
    logger.info("Submission receipt for nomination %s sent to %s address(es)", nomination_id, sent)
    return sent
