"""Forms of the staff's campaigns page and the campaign switcher."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form


class RunCampaignForm(Form):
    confirm = forms.BooleanField(
        label=_("我已了解上述影响，确认设为当前运行的选树活动"),
        error_messages={"required": _("请勾选确认后再设为当前运行。")},
    )


class ViewCampaignForm(Form):
    # Empty: back to the running campaign.
    campaign = forms.IntegerField(required=False, min_value=1)
    next = forms.CharField(required=False, max_length=2000)
