"""Forms of the paper-copy and unit-report screens."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from longjiang.forms import Form
from nominations.models import PaperReceipt
from nominations.paper_rules import REQUIRED_COPIES


class PaperFilterForm(Form):
    """Narrow the per-unit paper-copy page to one unit or to the rows with a problem."""

    unit = forms.ChoiceField(label=_("推荐单位"), required=False)
    problems = forms.BooleanField(label=_("只看未收到、逾期或不完整"), required=False)

    def __init__(self, *args, units: list[Unit], **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {unit.code: unit for unit in units}
        self.fields["unit"].choices = [("", _("全部单位"))] + [
            (unit.code, unit.name) for unit in units
        ]

    def selected_unit(self) -> Unit | None:
        return self.units.get(self.cleaned_data.get("unit") or "")


class PaperReceiptForm(Form):
    received_on = forms.DateField(
        label=_("收到日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"],
    )
    copies = forms.IntegerField(
        label=_("份数"),
        min_value=1,
        max_value=99,
        initial=REQUIRED_COPIES,
    )
    stamped = forms.BooleanField(label=_("已加盖公章"), required=False)
    note = forms.CharField(
        label=_("备注"),
        max_length=PaperReceipt._meta.get_field("note").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["copies"].help_text = gettext("须报送%(n)d份盖章的纸质推荐申报审批表。") % {
            "n": REQUIRED_COPIES
        }


class UnitReportForm(Form):
    summary = forms.CharField(
        label=_("情况摘要"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("简要说明本地开展推荐选树活动的情况，不超过1000字。"),
    )
    file = forms.FileField(
        label=_("情况报告（PDF）"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )
