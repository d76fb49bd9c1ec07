"""Celery adapters for publicity: fetch, call one function, log."""

import logging

from celery import shared_task

from longjiang.mail import MAIL_RETRY

logger = logging.getLogger(__name__)


def _case(objection_id: int):
    from publicity.models import Objection

    return Objection.objects.select_related("nomination__unit", "campaign").get(pk=objection_id)


@shared_task(name="publicity.send_verification_request", **MAIL_RETRY)
def send_verification_request(*, objection_id: int) -> int:
    """Mail the unit's clerks that a case awaits their 核查报告."""
    from publicity import notifications

    sent = notifications.send_verification_request(_case(objection_id))
    logger.info("Verification request for objection %s sent to %s address(es)", objection_id, sent)
    return sent


@shared_task(name="publicity.send_verification_reminder", **MAIL_RETRY)
def send_verification_reminder(*, objection_id: int) -> int:
    """Remind the unit's clerks of a report due soon or late, unless it has arrived."""
    from django.utils import timezone

    from publicity import notifications
    from publicity.workflow import ObjectionStatus

    case = _case(objection_id)
    if case.status != ObjectionStatus.VERIFYING:
        logger.info("Reminder for objection %s dropped: report in", objection_id)
        return 0
    overdue = case.verification_due < timezone.localdate()
    sent = notifications.send_verification_reminder(case, overdue=overdue)
    logger.info("Reminder for objection %s sent to %s address(es)", objection_id, sent)
    return sent


@shared_task(name="publicity.send_report_notice", **MAIL_RETRY)
def send_report_notice(*, objection_id: int) -> int:
    """Tell the objection handlers that a unit has submitted its report."""
    from publicity import notifications

    sent = notifications.send_report_notice(_case(objection_id))
    logger.info("Report notice for objection %s sent to %s address(es)", objection_id, sent)
    return sent


@shared_task(name="publicity.send_reply", **MAIL_RETRY)
def send_reply(*, objection_id: int) -> int:
    """Mail the reply to a complainant who gave an email address."""
    from publicity import notifications

    case = _case(objection_id)
    recipient = case.complainant_email.strip()
    if not recipient or not case.reply_text:
        return 0
    sent = notifications.send_reply(case, recipient=recipient)
    # The address is personal data: the log names the case only.
    logger.info("Reply for objection %s sent", objection_id)
    return sent


@shared_task(name="publicity.remind_units")
def remind_units() -> int:
    """Remind units of 核查报告 due today or tomorrow, or late; once a day per case."""
    from publicity.services.handling import remind_units as remind

    sent = remind()
    logger.info("Verification reminders queued for %s case(s)", sent)
    return sent
