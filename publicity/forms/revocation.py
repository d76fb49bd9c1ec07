"""Staff's form to revoke a certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from publicity.services.certificates_revoke import REASON_MAX_LENGTH


class RevokeForm(Form):
    reason = forms.CharField(
        label=_("撤销理由"),
        max_length=REASON_MAX_LENGTH,
        help_text=_(
            "如：经查实，申报材料存在弄虚作假，撤销其“龙江工匠”称号（省总工会主席办公会议纪要〔2022〕5号）。理由只在本平台内部留存，查验页面不显示。"
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("我已核实撤销依据，确认撤销该证书。撤销后不能恢复，扫码查验将显示“已撤销”。"),
        error_messages={"required": _("请勾选确认后再撤销。")},
    )
