"""Forms of the showcase of past craftsmen: the public filters, the staff's filters,
a profile's edit form and the unpublish form."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from longjiang.forms import Form
from publicity.models import ShowcaseProfile
from publicity.selectors.showcase import STATE_DRAFT, STATE_NONE, STATE_PUBLISHED, Facets
from publicity.services.showcase import (
    ConsentNeedsBasis,
    PersonalNumberInDeeds,
    PhotoNeedsConsent,
    ProfileChoices,
    clean_photo,
    has_personal_number,
)

SEARCH_MAX = 50


class PublicFilterForm(Form):
    """The public list's GET filters; the choices are what the published profiles have."""

    q = forms.CharField(label=_("姓名或工作单位"), max_length=SEARCH_MAX, required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    unit = forms.ChoiceField(label=_("推荐单位"), required=False)
    industry = forms.ChoiceField(label=_("所属行业"), required=False)

    def __init__(self, *args, facets: Facets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度"))] + [
            (year, _("%(year)s年度") % {"year": year}) for year in facets.years
        ]
        unit_choices = [("", _("全部推荐单位"))]
        if facets.city_units:
            unit_choices.append((_("市（地）总工会"), facets.city_units))
        if facets.industry_units:
            unit_choices.append((_("省产业工会"), facets.industry_units))
        self.fields["unit"].choices = unit_choices
        self.fields["industry"].choices = [("", _("全部行业")), *facets.industries]
        for name in ("year", "unit", "industry"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def filters(self) -> tuple[dict, bool]:
        """The valid filters, and whether any given value was ignored as invalid."""
        self.is_valid()
        ignored = bool(self.errors)
        values = {}
        for name in self.fields:
            if name in self.errors:
                continue
            values[name] = self.cleaned_data.get(name)
        return {
            "year": values.get("year"),
            "unit_code": values.get("unit") or "",
            "industry": values.get("industry") or "",
            "query": (values.get("q") or "").strip(),
        }, ignored


class StaffFilterForm(Form):
    """The staff's filters of the register on the showcase page."""

    STATES = [
        ("", _("全部")),
        (STATE_NONE, _("未建展示页")),
        (STATE_DRAFT, _("未公开")),
        (STATE_PUBLISHED, _("已公开")),
    ]

    q = forms.CharField(label=_("姓名或工作单位"), max_length=SEARCH_MAX, required=False)
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, required=False, empty_value=None)
    unit = forms.ChoiceField(label=_("推荐单位"), required=False)
    state = forms.ChoiceField(label=_("展示状态"), choices=STATES, required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度"))] + [(y, str(y)) for y in years]
        units = Unit.objects.exclude(kind=Unit.Kind.PROVINCE).filter(is_active=True)
        self.fields["unit"].choices = [("", _("全部推荐单位"))] + [(u.code, u.name) for u in units]
        for name in ("year", "unit", "state"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["q"].widget.attrs["class"] = "form-control"

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "year": data["year"],
            "unit_code": data["unit"],
            "state": data["state"],
            "query": data["q"].strip(),
        }


class ProfileForm(Form):
    """What a profile shows, its public deeds text, and the photo with its own consent."""

    show_employer = forms.BooleanField(label=_("显示工作单位"), required=False)
    show_post = forms.BooleanField(label=_("显示职务/岗位/工种"), required=False)
    show_deeds = forms.BooleanField(label=_("显示简要事迹"), required=False)
    deeds = forms.CharField(
        label=_("简要事迹（公开文本）"),
        max_length=600,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 600}),
        help_text=_(
            "公开展示的文字，可在名录的简要事迹基础上修改；不要写入身份证号、电话等个人信息。"
        ),
    )
    photo_consent = forms.BooleanField(label=_("本人同意公开照片"), required=False)
    photo_consent_note = forms.CharField(
        label=_("照片公开同意依据"),
        max_length=200,
        required=False,
        help_text=ShowcaseProfile._meta.get_field("photo_consent_note").help_text,
    )
    photo = forms.FileField(
        label=_("照片"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png"}),
        help_text=_("JPG或PNG格式，至少240×320像素；公开前会重新编码并去除拍摄信息。"),
    )
    remove_photo = forms.BooleanField(label=_("删除现有照片"), required=False)

    def clean_deeds(self):
        deeds = self.cleaned_data["deeds"]
        if has_personal_number(deeds):
            raise ValidationError(PersonalNumberInDeeds.default_message, code="personal_number")
        return deeds

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        return clean_photo(upload)

    def clean(self):
        data = super().clean()
        consent = data.get("photo_consent")
        if consent and not (data.get("photo_consent_note") or "").strip():
            self.add_error("photo_consent_note", ConsentNeedsBasis.default_message)
        if data.get("photo") and not consent:
            self.add_error(
                "photo", ValidationError(PhotoNeedsConsent.default_message, code="photo_consent")
            )
        return data

    def choices(self) -> ProfileChoices:
        data = self.cleaned_data
        return ProfileChoices(
            show_employer=data["show_employer"],
            show_post=data["show_post"],
            show_deeds=data["show_deeds"],
            deeds=data["deeds"],
            photo_consent=data["photo_consent"],
            photo_consent_note=data["photo_consent_note"],
        )


class UnpublishForm(Form):
    reason = forms.CharField(
        label=_("撤下原因"),
        max_length=200,
        required=False,
        help_text=_("如：本人要求不再公开。记入操作记录。"),
    )
