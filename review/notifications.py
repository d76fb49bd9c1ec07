"""Mail to experts; templates in templates/review/mail/.

Mail carries the expert's name, counts and dates, never a candidate's ID number or
phone; the reminder names no candidate at all.
"""

from django.urls import reverse

from longjiang.mail import portal_url, send_templated
from nominations.models import Campaign
from review.models import Expert


def expert_recipients(expert: Expert) -> list[str]:
    user = expert.user
    return [user.email] if user.is_active and user.email else []


def send_expert_reminder(
    expert: Expert, *, campaign: Campaign, unfinished: int, closes_at, signed: bool
) -> int:
    """Remind the expert of their unfinished sheets; return the number of recipients."""
    return send_templated(
        "review/mail/reminder",
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
