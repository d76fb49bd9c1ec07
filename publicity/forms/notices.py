"""Staff's forms for publicity notices: the start date, the draft's text, the confirmations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from publicity.models import Channel, Notice


class StartForm(Form):
    """A new notice: its kind, the start date and, for a supplementary notice, whom it lists."""

    kind = forms.ChoiceField(label=_("类别"), choices=Notice.Kind.choices, initial=Notice.Kind.MAIN)
    starts_on = forms.DateField(
        label=_("公示开始日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("公示期按工作日计算：开始日期如不是工作日，从其后第一个工作日起算。"),
    )
    persons = forms.MultipleChoiceField(
        label=_("递补人选（仅补充公示）"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=(),
    )

    def __init__(self, *args, listed=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["persons"].choices = [
            (str(entry.nomination_id), f"{entry.name}（{entry.employer_name}）") for entry in listed
        ]


class DraftForm(Form):
    """Edit a draft: title, text, start date, channels."""

    title = forms.CharField(label=_("标题"), max_length=200)
    text = forms.CharField(
        label=_("正文"), max_length=4000, widget=forms.Textarea(attrs={"rows": 12})
    )
    starts_on = forms.DateField(
        label=_("公示开始日期"),
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text=_("修改开始日期后，正文中原有的公示日期和截止时间随之更新。"),
    )
    channels = forms.MultipleChoiceField(
        label=_("反映渠道"),
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("网上提交始终提供。"),
    )


class PublishForm(Form):
    confirmed = forms.BooleanField(
        label=_("我已核对公示日期、截止时间、名单人数和名单哈希，确认发布。"),
        required=True,
        error_messages={"required": _("请勾选确认后再发布。")},
    )


class WithdrawForm(Form):
    reason = forms.CharField(
        label=_("撤回理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 3})
    )
