"""Gather the data of publicity's documents through the selectors, and build them.

Objection documents: the register and the reply letter name the complainant, so
only objection handlers get them (``publicity.jobs``), and gathering them records
one ``publicity.complainant_viewed`` per case. The operator's ``manage.py export``
(``user=None``) is recorded the same way, with no actor. This module never
imports openpyxl or reportlab.
"""

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import handles_objections
from longjiang.documents.export import PDF, XLSX, Export, Progress, report
from longjiang.exceptions import DomainError
from nominations.models import Campaign
from publicity.models import Objection
from publicity.selectors import handling as selectors


class UnknownCase(DomainError):
    pass


def _cases(user: User | None) -> QuerySet[Objection]:
    if user is None:
        return Objection.objects.defer(*selectors.COMPLAINANT_FIELDS)
    return selectors.objections_visible_to(user)


def case_row(
    case: Objection,
    complainant: selectors.Complainant | None = None,
    *,
    with_reply: bool = True,
):
    from publicity.documents.cases import CaseRow, Complainant

    nomination = case.nomination
    return CaseRow(
        receipt_number=case.receipt_number,
        nominee=nomination.name,
        nominee_unit=nomination.unit.name,
        employer=nomination.employer_name,
        notice=case.notice.title,
        source=str(case.get_source_display()),
        received_at=case.received_at,
        postmark_date=case.postmark_date,
        acceptance=str(case.get_acceptance_display()),
        status=str(case.get_status_display()),
        facts=case.facts,
        sent_at=case.sent_at,
        verification_due=case.verification_due,
        verification_note=case.verification_note,
        forwarded_facts=case.forwarded_facts,
        report_name=case.report_name,
        report_sha256=case.report_sha256,
        report_submitted_at=case.report_submitted_at,
        outcome=str(case.get_outcome_display()) if case.outcome else "",
        outcome_note=case.outcome_note,
        decided_at=case.decided_at,
        # The reply is written to the complainant and may name them: handlers only.
        reply_text=case.reply_text if with_reply else "",
        replied_at=case.replied_at,
        complainant=(
            Complainant(kind=complainant.kind_label, name=complainant.name, unit=complainant.unit)
            if complainant
            else None
        ),
    )


def objection_register(campaign: Campaign, *, user: User | None, progress: Progress) -> Export:
    """Return the campaign's objection register with the complainant columns.

    Only objection handlers (and the operator) may ask; each case's complainant
    read for it is audited.
    """
    from publicity.documents.cases import build_register

    cases = list(
        _cases(user)
        .filter(campaign=campaign)
        .select_related("nomination__unit", "notice")
        .order_by("received_at", "pk")
    )
    report(progress, 10)
    people = selectors.complainants_of(cases, user=user, via=selectors.VIEW_REGISTER)
    report(progress, 50)
    rows = [case_row(case, people.get(case.pk)) for case in cases]
    content = build_register(campaign.year, rows, with_complainants=True)
    report(progress, 100)
    return Export(
        content=content,
        filename=_("%(year)s年公示异议登记表.xlsx") % {"year": campaign.year},
        content_type=XLSX,
    )


def _one_case(campaign: Campaign, number: str, user: User | None) -> Objection:
    case = (
        _cases(user)
        .filter(campaign=campaign, receipt_number=number)
        .select_related("nomination__unit", "notice")
        .first()
    )
    if case is None:
        raise UnknownCase(_("没有受理编号为%(number)s的异议。") % {"number": number})
    return case


def case_file(campaign: Campaign, number: str, *, user: User | None, progress: Progress) -> Export:
    """Return one case's file (no complainant in it): facts, report, outcome, history."""
    from publicity.documents.cases import CaseFileData, TimelineLine, build_case_file

    case = _one_case(campaign, number, user)
    timeline = [
        TimelineLine(
            occurred_at=row.event.occurred_at,
            label=str(row.label),
            actor=str(row.actor),
            details="；".join(f"{d.label}：{d.text}" for d in row.details),
        )
        for row in selectors.timeline_of(case)
    ]
    report(progress, 30)
    built = build_case_file(
        CaseFileData(
            year=campaign.year,
            case=case_row(case, with_reply=user is None or handles_objections(user)),
            timeline=timeline,
            generated_at=timezone.now(),
        )
    )
    report(progress, 100)
    return Export(
        content=built.content,
        filename=_("异议案件材料-%(number)s.pdf") % {"number": case.receipt_number},
        content_type=PDF,
        warnings=built.warnings,
    )


def reply_letter(
    campaign: Campaign, number: str, *, user: User | None, progress: Progress
) -> Export:
    """Return the reply letter to a real-name complainant of a decided case."""
    from publicity.documents.cases import ReplyLetterData, build_reply_letter

    case = _one_case(campaign, number, user)
    if not case.replied_at:
        raise UnknownCase(_("该异议尚未答复反映人，没有答复函。"))
    person = selectors.complainant_of(case, user=user, via=selectors.VIEW_REPLY_LETTER)
    built = build_reply_letter(
        ReplyLetterData(
            year=campaign.year,
            case=case_row(case),
            addressee=person.name if person.kind != "unit" else person.unit or person.name,
            signed_on=timezone.localdate(case.replied_at),
        )
    )
    report(progress, 100)
    return Export(
        content=built.content,
        filename=_("答复函-%(number)s.pdf") % {"number": case.receipt_number},
        content_type=PDF,
        warnings=built.warnings,
    )
