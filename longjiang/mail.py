"""Sending the portal's mail, and the retry policy of the tasks that send it.

Mail is sent by Celery tasks queued on commit, so a rolled-back decision never
sends a letter. Each app keeps its templates (``<app>/mail/<name>_subject.txt``
and ``<name>_body.txt``) and its choice of recipients.
"""

from smtplib import SMTPException

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

# Mail servers fail for a while and come back: retry with growing pauses.
MAIL_RETRY = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 60,
    "retry_backoff_max": 3600,
    "max_retries": 8,
}


def send_templated(template: str, context: dict, recipients: list[str]) -> int:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in Chinese and send.

    Return the number of recipients; nothing is sent to nobody.
    """
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)


def portal_url(path: str) -> str:
    """Return ``path`` as an address on the portal.

    The portal's public address is ``LONGJIANG_SITE_URL`` when set; otherwise the
    first trusted origin (set in production behind the reverse proxy); otherwise the
    bare path.
    """
    base = settings.LONGJIANG_SITE_URL or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")
    return base.rstrip("/") + path
