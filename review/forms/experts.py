"""Forms of the expert pool: one expert, an imported list, taking part in a campaign."""

from django import forms
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit
from longjiang.forms import Form
from longjiang.workbooks import validate_xlsx_upload
from review.models import IndustryGroup


class ExpertForm(Form):
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
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱"),
        help_text=gettext_lazy("专家本人的邮箱，系统向其发送设置密码链接。"),
    )
    username = forms.CharField(
        label=gettext_lazy("用户名"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("不填则自动生成，如 expert_12。"),
    )


class ExpertEmailForm(Form):
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱"),
        max_length=254,
        help_text=gettext_lazy("专家本人的邮箱。保存后可向其发送设置密码链接。"),
        error_messages={"invalid": gettext_lazy("请填写有效的电子邮箱地址。")},
    )


class ExpertImportForm(Form):
    file = forms.FileField(
        label=gettext_lazy("专家名单（.xlsx）"),
        help_text=gettext_lazy("请先下载模板，按模板各列填写后上传。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_xlsx_upload(upload)
        return upload


class ActivationForm(Form):
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )
