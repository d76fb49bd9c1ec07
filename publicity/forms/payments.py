"""The staff's record of one person's award payment (奖励发放)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from publicity.services.payments import NOTE_LENGTH, REASON_LENGTH, VOUCHER_LENGTH


class PaymentForm(Form):
    """The day, the voucher and a note; a change of a recorded payment also needs a reason."""

    paid_on = forms.DateField(
        label=_("发放日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"required": _("请填写发放日期。"), "invalid": _("请填写有效的日期。")},
    )
    voucher = forms.CharField(
        label=_("凭证号"),
        max_length=VOUCHER_LENGTH,
        help_text=_("财务记账凭证号或银行转账流水号。"),
        error_messages={"required": _("请填写凭证号。")},
    )
    note = forms.CharField(label=_("备注"), max_length=NOTE_LENGTH, required=False)
    reason = forms.CharField(
        label=_("修改理由"),
        max_length=REASON_LENGTH,
        required=False,
        help_text=_("修改已登记的发放记录须说明理由，理由记入操作记录。"),
    )

    def __init__(self, *args, changing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not changing:
            del self.fields["reason"]
        else:
            self.fields["reason"].required = True
            self.fields["reason"].error_messages["required"] = _("修改已登记的发放记录须说明理由。")
