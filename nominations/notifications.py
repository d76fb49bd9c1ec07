"""Mail to units about their nominations; templates in templates/nominations/mail/."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from longjiang.accounts.models import Role, User
from nominations.models import Nomination


def unit_recipients(unit_id: int) -> list[str]:
    return list(
        User.objects.filter(role=Role.CLERK, unit_id=unit_id, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def send_submission_receipt(nomination: Nomination) -> int:
    """Send the receipt; return the number of recipients."""
    recipients = unit_recipients(nomination.unit_id)
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"nomination": nomination}
        subject = render_to_string("nominations/mail/submitted_subject.txt", context).strip()
        body = render_to_string("nominations/mail/submitted_body.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)
