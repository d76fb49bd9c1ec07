"""Mail about nominations; templates in templates/nominations/mail/.

Mail carries names, units and dates, never ID numbers or phones.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from longjiang.accounts.models import Role, User
from nominations.models import CheckRound, Nomination
from nominations.presentation import field_label


def unit_recipients(unit_id: int) -> list[str]:
    return list(
        User.objects.filter(role=Role.CLERK, unit_id=unit_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def staff_recipients() -> list[str]:
    return list(
        User.objects.filter(role=Role.STAFF, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _send(template: str, context: dict, recipients: list[str]) -> int:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` in Chinese and send."""
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"nominations/mail/{template}_subject.txt", context).strip()
        body = render_to_string(f"nominations/mail/{template}_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)


def send_submission_receipt(nomination: Nomination) -> int:
    """Send the receipt; return the number of recipients."""
    return _send("submitted", {"nomination": nomination}, unit_recipients(nomination.unit_id))


def send_resubmission_notice(nomination: Nomination) -> int:
    return _send("resubmitted", {"nomination": nomination}, staff_recipients())


def send_check_decision(check_round: CheckRound) -> int:
    nomination = check_round.nomination
    return _send(
        "decision",
        {
            "nomination": nomination,
            "round": check_round,
            "comments": [(field_label(c.field), c.comment) for c in check_round.comments.all()],
        },
        unit_recipients(nomination.unit_id),
    )


def send_deadline_reminder(unit, *, campaign, deadline, drafts: list[str], days: int) -> int:
    return _send(
        "reminder",
        {"unit": unit, "campaign": campaign, "deadline": deadline, "drafts": drafts, "days": days},
        unit_recipients(unit.pk),
    )
