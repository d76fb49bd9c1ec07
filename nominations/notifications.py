"""Mail about nominations; templates in templates/nominations/mail/.

Mail carries names, units and dates, never ID numbers or phones.
"""

from longjiang.accounts.models import Role, User
from longjiang.mail import send_templated
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


def send_submission_receipt(nomination: Nomination) -> int:
    """Send the receipt; return the number of recipients."""
    return send_templated(
        "nominations/mail/submitted",
        {"nomination": nomination},
        unit_recipients(nomination.unit_id),
    )


def send_resubmission_notice(nomination: Nomination) -> int:
    return send_templated(
        "nominations/mail/resubmitted", {"nomination": nomination}, staff_recipients()
    )


def send_check_decision(check_round: CheckRound) -> int:
    nomination = check_round.nomination
    return send_templated(
        "nominations/mail/decision",
        {
            "nomination": nomination,
            "round": check_round,
            "comments": [(field_label(c.field), c.comment) for c in check_round.comments.all()],
        },
        unit_recipients(nomination.unit_id),
    )


def send_deadline_reminder(unit, *, campaign, deadline, drafts: list[str], days: int) -> int:
    return send_templated(
        "nominations/mail/reminder",
        {"unit": unit, "campaign": campaign, "deadline": deadline, "drafts": drafts, "days": days},
        unit_recipients(unit.pk),
    )
