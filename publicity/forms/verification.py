"""The public's lookup of a paper certificate by its serial and the holder's name."""

from django import forms
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form


class CertificateLookupForm(Form):
    serial = forms.CharField(
        label=_("证书编号"),
        max_length=32,
        help_text=_("印在证书上，如：LJGJ-2021-001"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    name = forms.CharField(
        label=_("获得者姓名"),
        max_length=50,
        help_text=_("与证书上的姓名一致。"),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
