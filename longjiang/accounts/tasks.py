"""Celery adapters for account mail: fetch, call one function, log."""

import logging

from celery import shared_task

from longjiang.accounts.models import User
from longjiang.accounts.notifications import mail_password_link
from longjiang.mail import MAIL_RETRY

logger = logging.getLogger(__name__)


@shared_task(name="accounts.send_password_link", **MAIL_RETRY)
def send_password_link(*, user_id: int) -> int:
    """Mail an account's holder a link to set a password (never logged)."""
    sent = mail_password_link(User.objects.get(pk=user_id))
    logger.info("Password link for user %s sent to %s address(es)", user_id, sent)
    return sent
