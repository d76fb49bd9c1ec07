"""The clerk's form naming the unit's contact for Attachment 2."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from nominations.models import UnitContact
from nominations.validators import normalize_mobile, validate_landline


class UnitContactForm(Form):
    name = forms.CharField(
        label=UnitContact._meta.get_field("name").verbose_name,
        max_length=UnitContact._meta.get_field("name").max_length,
        help_text=_("负责本单位推荐工作、能回答省总工会询问的人员姓名。"),
    )
    phone = forms.CharField(
        label=UnitContact._meta.get_field("phone").verbose_name,
        max_length=UnitContact._meta.get_field("phone").max_length,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
        help_text=_("工作电话：手机号码，或带区号的固定电话，如0451-84600000。"),
    )

    def clean_phone(self) -> str:
        value = self.cleaned_data["phone"].strip()
        try:
            return normalize_mobile(value)
        except ValidationError:
            pass
        try:
            validate_landline(value)
        except ValidationError:
            raise ValidationError(
                _("请填写11位手机号码，或带区号的固定电话，如0451-84600000。"),
                code="contact_phone",
            ) from None
        return value
