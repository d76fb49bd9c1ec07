"""Forms of objection handling: the staff's filters and actions, the unit's report."""

from django import forms
from django.utils.translation import gettext_lazy

from longjiang.forms import Form
from publicity.models import Acceptance, Outcome
from publicity.workflow import ObjectionStatus


class CaseFilterForm(Form):
    """Filters of the staff's case list; every field optional."""

    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        choices=[("", gettext_lazy("全部")), *ObjectionStatus.choices],
        required=False,
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理结果"),
        choices=[("", gettext_lazy("全部")), *Outcome.choices],
        required=False,
    )
    notice = forms.TypedChoiceField(
        label=gettext_lazy("公示公告"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args, notices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["notice"].choices = [("", gettext_lazy("全部"))] + [
            (notice.pk, notice.title) for notice in notices
        ]


class SendForm(Form):
    """Sending a case for 核查; ``forwarded_facts`` is prefilled with the facts by the view."""

    forwarded_facts = forms.CharField(
        label=gettext_lazy("转推荐单位核查的问题"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text=gettext_lazy(
            "推荐单位填报员只看到此处的内容，看不到反映人原文。"
            "请删去可能识别反映人的内容（姓名、单位、职务、联系方式、与被反映人的关系等）。"
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("核查要求"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("推荐单位填报员可见；请勿写入反映人的姓名、单位或联系方式。"),
    )


class DecideForm(Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("办理结果"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=gettext_lazy("办理意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("推荐单位逾期未报送核查报告而办结的，须在此说明。"),
    )
    reply_text = forms.CharField(
        label=gettext_lazy("答复内容"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy(
            "实名反映的必填：写入答复函；反映人留有电子邮箱的，同时以邮件发送。"
            "请勿写入其他人的个人信息。"
        ),
    )


class DeclineForm(Form):
    acceptance = forms.ChoiceField(
        label=gettext_lazy("不予受理的情形"),
        choices=[(Acceptance.OTHER.value, gettext_lazy("其他（在理由中说明）"))]
        + [(c.value, c.label) for c in (Acceptance.NOT_REAL_NAME, Acceptance.LATE)],
        initial=Acceptance.OTHER,
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ReportForm(Form):
    report = forms.FileField(
        label=gettext_lazy("核查报告（PDF）"),
        help_text=gettext_lazy("上传加盖单位公章的核查报告扫描件，仅限PDF格式。"),
    )
