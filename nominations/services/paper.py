"""Writes about the paper copies received by post and the units' activity reports."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang import uploads
from longjiang.accounts.models import Unit, User
from longjiang.audit.services import record_event
from longjiang.exceptions import DomainError
from nominations.checklist import automatic_checks, warning_count
from nominations.models import Campaign, Nomination, PaperReceipt, UnitReport
from nominations.paper_rules import paper_is_late
from nominations.services.common import lock
from nominations.workflow import RECEIVED_STATES


def _receipt_data(receipt: PaperReceipt, campaign: Campaign) -> dict:
    return {
        "received_on": receipt.received_on.isoformat(),
        "copies": receipt.copies,
        "stamped": receipt.stamped,
        "late": paper_is_late(receipt, campaign),
    }


def record_paper_receipt(
    nomination: Nomination,
    *,
    actor: User,
    received_on: date,
    copies: int,
    stamped: bool,
    note: str = "",
) -> PaperReceipt:
    """Log the stamped paper Attachment 1 of a nomination, or correct the logged receipt.

    Records ``paper.received`` for the first receipt and ``paper.corrected`` (with the
    previous values) for a correction.
    """
    if copies < 1:
        raise DomainError(_("收到的份数至少为1份。"))
    if received_on > timezone.localdate():
        raise DomainError(_("收到日期不能晚于今天。"))
    with transaction.atomic():
        locked = lock(nomination)
        if locked.status not in RECEIVED_STATES:
            raise DomainError(_("该推荐尚未报送至省总工会，不能登记纸质材料。"))
        receipt = PaperReceipt.objects.filter(nomination=locked).first()
        previous = None if receipt is None else _receipt_data(receipt, locked.campaign)
        if receipt is None:
            receipt = PaperReceipt(nomination=locked)
        receipt.received_on = received_on
        receipt.copies = copies
        receipt.stamped = stamped
        receipt.note = note.strip()
        receipt.recorded_by = actor
        receipt.save()
        # The paper copy is one of the automatic checks: refresh the queue's count.
        locked.paper_receipt = receipt
        locked.warning_count = warning_count(automatic_checks(locked))
        locked.save(update_fields=["warning_count"])
        data = _receipt_data(receipt, locked.campaign)
        if previous is not None:
            data["previous"] = previous
        record_event(
            "paper.received" if previous is None else "paper.corrected",
            actor=actor,
            subject=locked,
            unit=locked.unit,
            data=data,
        )
    return receipt


def upload_unit_report(
    campaign: Campaign, *, unit: Unit, actor: User, summary: str, upload
) -> UnitReport:
    """Store the unit's report on its local nomination activities, replacing an earlier one.

    The replaced file is deleted only once the new report is committed.
    """
    if not unit.recommends:
        raise DomainError(_("该单位不是推荐单位。"))
    summary = summary.strip()
    if not summary:
        raise DomainError(_("请填写情况摘要。"))
    clean = uploads.clean_upload(upload, kind="pdf")
    with (
        uploads.stored(clean, folder=f"reports/{campaign.pk}") as storage_name,
        transaction.atomic(),
    ):
        # Lock the unit so two uploads at once update one report instead of colliding.
        Unit.objects.select_for_update().get(pk=unit.pk)
        report = UnitReport.objects.filter(campaign=campaign, unit=unit).first()
        replaced = None
        if report is None:
            report = UnitReport(campaign=campaign, unit=unit)
        else:
            replaced = {"storage_name": report.storage_name, "sha256": report.sha256}
        report.summary = summary
        report.original_name = clean.original_name
        report.storage_name = storage_name
        report.size = len(clean.content)
        report.sha256 = clean.sha256
        report.uploaded_by = actor
        report.uploaded_at = timezone.now()
        report.save()
        record_event(
            "report.uploaded",
            actor=actor,
            subject=report,
            unit=unit,
            data={
                "report": report.pk,
                "name": clean.original_name,
                "size": report.size,
                "sha256": clean.sha256,
                "replaced": replaced["sha256"] if replaced else None,
            },
        )
        if replaced is not None:
            transaction.on_commit(lambda name=replaced["storage_name"]: uploads.discard(name))
    return report
