"""The council secretary's revision of the list, and the staff's record of the publicity result."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from review.forms.council import CouncilDecisionForm
from review.models import CouncilDecision
from review.services.lists import DecisionInput


class ChoiceForm(Form):
    """Which upheld cases the council applies and whom it takes from the reserve."""

    case = forms.TypedMultipleChoiceField(
        label=_("查实的异议"), coerce=int, required=False, widget=forms.MultipleHiddenInput
    )
    substitute = forms.TypedMultipleChoiceField(
        label=_("递补人选"), coerce=int, required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args, cases=(), reserve=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [(c.pk, c.receipt_number) for c in cases]
        self.fields["substitute"].choices = [(e.nomination_id, e.name) for e in reserve]


class RevisionForm(ChoiceForm, CouncilDecisionForm):
    """The meeting's record for a revised list: the decision fields of review's council form,
    without the outcome (a revision is an approval), the warnings and the free reason (the
    reason is composed from the cases and the substitutes)."""

    outcome = None
    acknowledged = None
    fingerprint = None
    reason = None

    field_order = ["meeting_date", "minutes_ref", "attendance", "note", "minutes"]

    def decision(self) -> DecisionInput:
        data = self.cleaned_data
        return DecisionInput(
            meeting_date=data["meeting_date"],
            minutes_ref=data["minutes_ref"],
            attendance=data["attendance"],
            outcome=CouncilDecision.Outcome.APPROVED,
            note=data["note"],
        )


class ResultForm(Form):
    note = forms.CharField(
        label=_("说明"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        help_text=_("可填写公示情况的补充说明；有异议的，系统会自动列出各件异议的办理结果。"),
    )
    confirm = forms.BooleanField(
        label=_(
            "我已核对：公示均已结束，异议均已办结，以最新名单版本作为命名名单。记录后不能修改。"
        ),
        required=True,
        error_messages={"required": _("请勾选确认后再记录公示结果。")},
    )
