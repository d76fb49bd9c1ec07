"""Paying the award (奖励发放): staff record, per person on the final list, the day it
was paid and the voucher (凭证号) that proves it."""

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from longjiang.accounts.models import User
from longjiang.accounts.roles import is_provincial
from longjiang.audit.services import record_event
from longjiang.dates import show_date
from longjiang.exceptions import DomainError
from nominations.models import Campaign, Nomination
from publicity.models import Payment
from publicity.selectors.results import final_list
from publicity.selectors.roster import final_list_date

# What a change of a recorded payment may touch, as the audit event names them.
CHANGEABLE = ("paid_on", "voucher", "note")
VOUCHER_LENGTH = Payment._meta.get_field("voucher").max_length
NOTE_LENGTH = Payment._meta.get_field("note").max_length
REASON_LENGTH = 200


class PaymentRefused(DomainError):
    """A payment the rules refuse; ``field`` names the input at fault, if one is."""

    def __init__(self, message, *, field: str | None = None):
        self.field = field
        super().__init__(message)


def _audit_value(value):
    return value.isoformat() if isinstance(value, date) else value


def _check(campaign: Campaign, paid_on: date, voucher: str, note: str, reason: str) -> None:
    if not voucher:
        raise PaymentRefused(_("请填写凭证号。"), field="voucher")
    if len(voucher) > VOUCHER_LENGTH:
        raise PaymentRefused(
            _("凭证号不能超过%(limit)s个字符。") % {"limit": VOUCHER_LENGTH}, field="voucher"
        )
    if len(note) > NOTE_LENGTH:
        raise PaymentRefused(
            _("备注不能超过%(limit)s个字符。") % {"limit": NOTE_LENGTH}, field="note"
        )
    if len(reason) > REASON_LENGTH:
        raise PaymentRefused(
            _("修改理由不能超过%(limit)s个字符。") % {"limit": REASON_LENGTH}, field="reason"
        )
    today = timezone.localdate()
    if paid_on > today:
        raise PaymentRefused(
            _("发放日期不能晚于今天（%(today)s）。") % {"today": show_date(today)},
            field="paid_on",
        )
    final_on = final_list_date(campaign)
    if final_on is not None and paid_on < final_on:
        raise PaymentRefused(
            _("发放日期不能早于命名名单确定之日（%(date)s）。") % {"date": show_date(final_on)},
            field="paid_on",
        )


def record_payment(
    campaign: Campaign,
    nomination: Nomination,
    *,
    paid_on: date,
    voucher: str,
    note: str = "",
    actor: User,
    reason: str = "",
) -> Payment:
    """Record that the award was paid to a person on the final list, or change the record.

    The amount is the campaign's award (``Campaign.award_amount``) when first
    recorded. The day is neither in the future nor before the day the final list
    was fixed; the voucher is required. A recorded payment may be changed with a
    reason, audited with the old and new values (``award.payment_changed``);
    the first record is ``award.payment_recorded``.
    """
    if not is_provincial(actor):
        raise PaymentRefused(_("只有省总工会工作人员可以登记奖励发放。"))
    voucher, note, reason = voucher.strip(), note.strip(), reason.strip()
    with transaction.atomic():
        # One writer per campaign at a time: the check of the final list and the
        # write below see the same state.
        Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not final_list(campaign).filter(nomination=nomination).exists():
            raise PaymentRefused(
                _("%(name)s不在%(year)s年度的命名名单上，不能登记奖励发放。")
                % {"name": nomination.name, "year": campaign.year}
            )
        _check(campaign, paid_on, voucher, note, reason)
        payment = (
            Payment.objects.select_for_update()
            .filter(campaign=campaign, nomination=nomination)
            .first()
        )
        if payment is None:
            payment = Payment.objects.create(
                campaign=campaign,
                nomination=nomination,
                amount=campaign.award_amount,
                paid_on=paid_on,
                voucher=voucher,
                note=note,
                recorded_by=actor,
                recorded_at=timezone.now(),
            )
            record_event(
                "award.payment_recorded",
                actor=actor,
                subject=nomination,
                unit=nomination.unit,
                data={
                    "campaign": campaign.year,
                    "amount": payment.amount,
                    "paid_on": paid_on.isoformat(),
                    "voucher": voucher,
                    "note": note,
                },
            )
            return payment
        new = {"paid_on": paid_on, "voucher": voucher, "note": note}
        changes = {
            name: {"before": _audit_value(getattr(payment, name)), "after": _audit_value(value)}
            for name, value in new.items()
            if getattr(payment, name) != value
        }
        if not changes:
            raise PaymentRefused(_("发放记录没有变化，无需保存。"))
        if not reason:
            raise PaymentRefused(_("修改已登记的发放记录须说明理由。"), field="reason")
        for name, value in new.items():
            setattr(payment, name, value)
        payment.recorded_by = actor
        payment.recorded_at = timezone.now()
        payment.save(update_fields=[*CHANGEABLE, "recorded_by", "recorded_at"])
        record_event(
            "award.payment_changed",
            actor=actor,
            subject=nomination,
            unit=nomination.unit,
            data={"campaign": campaign.year, "changes": changes, "reason": reason},
        )
        return payment
