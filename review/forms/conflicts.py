"""Forms of the recusal pledge and of conflicts of interest: declared, decided, the rule."""

from django import forms
from django.utils.translation import gettext_lazy

from longjiang.forms import Form
from review.models import ReviewSettings
from review.services.conflicts import DECLARABLE_KINDS


class DeclarationForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("与该人选的关系"),
        choices=[(kind.value, kind.label) for kind in DECLARABLE_KINDS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("说明"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("选择“其他可能影响公正评审的关系”时必填。"),
    )


class ConflictDecisionForm(Form):
    """Staff's decision on a suggested conflict: confirm or dismiss, with a reason."""

    decision = forms.ChoiceField(
        choices=[("confirm", gettext_lazy("确认回避")), ("dismiss", gettext_lazy("排除"))]
    )
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=300)


class ConflictSettingsForm(Form):
    conflict_same_unit = forms.BooleanField(
        label=ReviewSettings._meta.get_field("conflict_same_unit").verbose_name,
        help_text=ReviewSettings._meta.get_field("conflict_same_unit").help_text,
        required=False,
    )


class PledgeForm(Form):
    agree = forms.BooleanField(label=gettext_lazy("本人已阅读并承诺遵守上述规定"))
