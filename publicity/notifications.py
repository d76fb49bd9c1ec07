"""Mail about objection cases; templates in templates/publicity/mail/.

A unit's mail names the nominee and the case, never who complained; the reply to
a complainant names the case and its outcome, never anyone else's data.
"""

from django.urls import reverse

from longjiang.accounts.models import Role, User
from longjiang.mail import portal_url, send_templated
from nominations.notifications import unit_recipients
from publicity.models import Objection


def handler_recipients() -> list[str]:
    return list(
        User.objects.filter(
            role__in=(Role.STAFF, Role.ADMIN), handles_objections=True, is_active=True
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _unit_context(objection: Objection) -> dict:
    return {
        "objection": objection,
        "nomination": objection.nomination,
        "url": portal_url(reverse("publicity:unit_case", kwargs={"pk": objection.pk})),
    }


def send_verification_request(objection: Objection) -> int:
    """Ask the unit's clerks for a 核查报告 by the due date."""
    return send_templated(
        "publicity/mail/verification_request",
        _unit_context(objection),
        unit_recipients(objection.nomination.unit_id),
    )


def send_verification_reminder(objection: Objection, *, overdue: bool) -> int:
    """Remind the unit's clerks that the report is due soon, or late."""
    return send_templated(
        "publicity/mail/verification_reminder",
        {**_unit_context(objection), "overdue": overdue},
        unit_recipients(objection.nomination.unit_id),
    )


def send_report_notice(objection: Objection) -> int:
    """Tell the objection handlers that a unit's report has arrived."""
    return send_templated(
        "publicity/mail/report_submitted",
        {
            "objection": objection,
            "nomination": objection.nomination,
            "url": portal_url(reverse("publicity:staff_case", kwargs={"pk": objection.pk})),
        },
        handler_recipients(),
    )


def send_reply(objection: Objection, *, recipient: str) -> int:
    """Mail the reply to the complainant: the receipt number, the outcome and the reply."""
    return send_templated("publicity/mail/reply", {"objection": objection}, [recipient])
