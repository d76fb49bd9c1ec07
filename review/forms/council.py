"""The council secretary's form for recording a decision of the 主席办公会议."""

from django import forms
from django.utils.translation import gettext_lazy

from longjiang.forms import Form
from review.models import CouncilDecision
from review.selectors.council import WarningKind
from review.services.lists import DecisionInput


class CouncilDecisionForm(Form):
    """The council secretary's record of a decision on the proposed list."""

    meeting_date = forms.DateField(
        label=gettext_lazy("会议日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    minutes_ref = forms.CharField(
        label=gettext_lazy("会议纪要文号"),
        max_length=50,
        help_text=gettext_lazy("如：黑工办纪〔2021〕12号"),
    )
    attendance = forms.CharField(
        label=gettext_lazy("出席人员"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=gettext_lazy("出席和列席会议的人员，按会议纪要填写。"),
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("审议结果"),
        choices=CouncilDecision.Outcome.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("决定内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        required=False,
        help_text=gettext_lazy("会议对名单的具体意见，如对并列人选的处理。"),
    )
    reason = forms.CharField(
        label=gettext_lazy("变更理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
        help_text=gettext_lazy("已有锁定名单时必填：说明为何形成新的名单版本。"),
    )
    minutes = forms.FileField(
        label=gettext_lazy("会议纪要（PDF）"),
        help_text=gettext_lazy("上传盖章的会议纪要扫描件，仅限PDF格式。"),
    )

    # What the council acknowledged of the warnings on the page; the template shows a
    # box for each warning that applies now, the service checks them again.
    acknowledged = forms.MultipleChoiceField(
        label=gettext_lazy("已知晓的情况"),
        choices=WarningKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    # The fingerprint of the proposed list on the page, checked again when recording.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    # The number of the latest locked version on the page (0 for none): a decision
    # taken on a page that a newer version has overtaken is refused.
    list_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=32767)

    def decision(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            meeting_date=data["meeting_date"],
            minutes_ref=data["minutes_ref"],
            attendance=data["attendance"],
            outcome=data["outcome"],
            note=data["note"],
            reason=data["reason"],
        )
