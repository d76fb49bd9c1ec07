"""Forms of the expert review's screens. Rules that span rows are the services'."""

from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit
from nominations.models import Campaign
from review.models import Expert, IndustryGroup, Panel, ReviewSettings
from review.services import DECLARABLE_KINDS

# An expert list of a few hundred rows is some tens of kilobytes.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ExpertForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    employer_name = forms.CharField(label=gettext_lazy("工作单位"), max_length=100)
    employer_credit_code = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("用于提示同一单位的回避关系。"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("所属市（地）或产业工会"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("（无）"),
    )
    specialty = forms.ChoiceField(label=gettext_lazy("专业领域"), choices=IndustryGroup.choices)
    title = forms.CharField(label=gettext_lazy("职称或荣誉"), max_length=100, required=False)
    username = forms.CharField(
        label=gettext_lazy("用户名"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("不填则自动生成，如 expert_12。"),
    )


class ExpertImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("专家名单（.xlsx）"),
        help_text=gettext_lazy("请先下载模板，按模板各列填写后上传。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("文件大小不能超过%(limit)s。") % {"limit": filesizeformat(MAX_IMPORT_BYTES)}
            )
        return upload


class ActivationForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class PanelForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("评审组名称"), max_length=50)
    industry_group = forms.ChoiceField(label=gettext_lazy("行业组"), choices=IndustryGroup.choices)


class PanelMemberForm(forms.Form):
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    expert = forms.ModelChoiceField(label=gettext_lazy("专家"), queryset=Expert.objects.none())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class MoveForm(forms.Form):
    panel = forms.ModelChoiceField(label=gettext_lazy("调整到"), queryset=Panel.objects.none())
    reason = forms.CharField(label=gettext_lazy("调整理由"), max_length=200)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(campaign=campaign)


class DeclarationForm(forms.Form):
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


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", gettext_lazy("确认回避")), ("dismiss", gettext_lazy("排除"))]
    )
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=300)


class SettingsForm(forms.Form):
    conflict_same_unit = forms.BooleanField(
        label=ReviewSettings._meta.get_field("conflict_same_unit").verbose_name,
        help_text=ReviewSettings._meta.get_field("conflict_same_unit").help_text,
        required=False,
    )


class PledgeForm(forms.Form):
    agree = forms.BooleanField(label=gettext_lazy("本人已阅读并承诺遵守上述规定"))
