"""Mail to experts; templates in templates/review/mail/.

Mail carries the expert's name, counts and dates, never a candidate's ID number or
phone; the reminder names no candidate at all.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from nominations.models import Campaign
from review.models import Expert


def portal_url(path: str) -> str:
    """Return ``path`` as an address on the portal.

    The portal's public address is ``LONGJIANG_SITE_URL`` when set; otherwise the
    first trusted origin (set in production behind the reverse proxy); otherwise the
    bare path.
    """
    base = settings.LONGJIANG_SITE_URL or next(iter(settings.CSRF_TRUSTED_ORIGINS), "")
    return base.rstrip("/") + path


def expert_recipients(expert: Expert) -> list[str]:
    user = expert.user
    return [user.email] if user.is_active and user.email else []


def _send(template: str, context: dict, recipients: list[str]) -> int:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in Chinese and send."""
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"review/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"review/mail/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)


def send_expert_reminder(
    expert: Expert, *, campaign: Campaign, unfinished: int, closes_at, signed: bool
) -> int:
    """Remind the expert of their unfinished sheets; return the number of recipients."""
    return _send(
        "reminder",
        {
            "expert": expert,
            "campaign": campaign,
            "unfinished": unfinished,
            "closes_at": closes_at,
            "signed": signed,
            "url": portal_url(reverse("review:home")),
        },
        expert_recipients(expert),
    )
