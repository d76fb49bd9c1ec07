"""The Attachment 1 form, its repeatable sections, uploads and deadline extensions.

Draft saving accepts incomplete forms: only what is typed is checked here
(formats, checksums, lengths, consistency with the ID number). Whether the
nomination is complete enough to submit is decided by ``rules.submission_problems``.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.forms.formsets import INITIAL_FORM_COUNT, TOTAL_FORM_COUNT
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from longjiang.forms import Form, ModelForm
from nominations import attachment1, codes
from nominations.models import (
    CompetitionAward,
    Honour,
    Innovation,
    Mentorship,
    Nomination,
)
from nominations.rules import age_reference_date, identity_mismatches
from nominations.services import ROW_FIELDS
from nominations.validators import (
    MaxCharactersValidator,
    credit_code_checksum_ok,
    mask_mobile,
    normalize_mobile,
    parse_id_number,
    validate_credit_code_format,
    validate_landline,
    validate_month_begun,
    validate_postal_code,
    validate_printable,
)

MONTH_INPUT = {"type": "month", "placeholder": "YYYY-MM"}


def label_empty_choices(form: forms.BaseForm) -> None:
    """Replace Django's "---------" empty choice with a prompt."""
    for field in form.fields.values():
        if isinstance(field, forms.TypedChoiceField) and field.choices:
            first_value, _label = field.choices[0]
            if first_value in ("", None):
                field.choices = [("", _("请选择")), *field.choices[1:]]


class MonthField(forms.DateField):
    """A year and month (YYYY-MM) that has begun, stored as the first day of the month.

    Every month on the form is of something past: birth, employment, union
    membership, a qualification, an award, an honour, an innovation.
    """

    default_validators = [validate_month_begun]
    widget = forms.DateInput(format="%Y-%m", attrs=MONTH_INPUT)
    input_formats = ["%Y-%m", "%Y-%m-%d", "%Y/%m", "%Y.%m"]
    default_error_messages = {"invalid": _("请按“年-月”格式填写，如 2015-07。")}

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace(day=1) if value else value


class NominationForm(ModelForm):
    # Every text of Attachment 1 is printed on the form the unit stamps.
    text_validator = staticmethod(validate_printable)

    id_number = forms.CharField(
        label=_("公民身份号码"),
        required=False,
        max_length=30,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "data-id-number": "",
                "inputmode": "text",
                "spellcheck": "false",
            }
        ),
    )
    mobile = forms.CharField(
        label=_("手机"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    criteria = forms.MultipleChoiceField(
        label=_("符合条件（可多选）"),
        choices=codes.Criterion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Nomination
        fields = attachment1.all_fields()
        field_classes = {name: MonthField for name in attachment1.MONTH_FIELDS}
        widgets = {
            "brief_deeds": forms.Textarea(
                attrs={"rows": 4, "data-char-limit": attachment1.DEEDS_LIMITS["brief_deeds"]}
            ),
            "main_deeds": forms.Textarea(
                attrs={"rows": 14, "data-char-limit": attachment1.DEEDS_LIMITS["main_deeds"]}
            ),
            "employer_opinion": forms.Textarea(attrs={"rows": 3}),
            "recommendation_opinion": forms.Textarea(attrs={"rows": 3}),
            "office_phone": forms.TextInput(attrs={"inputmode": "tel"}),
            "postal_code": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "sex": _("可根据公民身份号码自动填写。"),
            "nationality_note": _("选择“其他国籍”的，须注明国籍并说明推荐理由。"),
            "employer_credit_code": _("18位统一社会信用代码，用于核对单位。"),
            "occupation": _("按《中华人民共和国职业分类大典》填写职业（工种）名称。"),
            "brief_deeds": _("用于汇总表、评审和公示，不超过300字。"),
            "main_deeds": _("不超过1500字。"),
            "recommendation_opinion": _("市（地）总工会或省产业工会的推荐意见。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: dict[str, str] = {}
        for field in self.fields.values():
            field.required = False
        label_empty_choices(self)
        for name, limit in attachment1.DEEDS_LIMITS.items():
            self.fields[name].validators.append(MaxCharactersValidator(limit))
            # portal.js fills {count} and {limit} as the clerk types.
            self.fields[name].widget.attrs["data-char-format"] = gettext(
                "已输入 {count} / {limit} 字"
            )
        masked = self.instance.id_number_masked if self.instance.pk else ""
        if masked:
            # The stored number is never sent back to the browser; blank keeps it.
            self.initial["id_number"] = ""
            self.fields["id_number"].help_text = gettext(
                "已填写：%(masked)s。如需更正，请输入完整号码；留空则保持不变。"
            ) % {"masked": masked}
        else:
            self.fields["id_number"].help_text = _("18位公民身份号码，仅用于审核，不会公开。")
        # Read now: validation copies the posted values onto the instance.
        self.has_stored_mobile = bool(self.instance.pk and self.instance.mobile)
        if self.has_stored_mobile:
            # Like the ID number: only the mask goes to the browser; blank keeps the number.
            self.initial["mobile"] = ""
            self.fields["mobile"].help_text = gettext(
                "已填写：%(masked)s。如需更正，请输入完整号码；留空则保持不变。"
            ) % {"masked": mask_mobile(self.instance.mobile)}

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"]
        if not value.strip():
            return ""
        # The age is the one at the campaign's electronic deadline, not today's.
        campaign = self.instance.campaign if self.instance.campaign_id else None
        age_at = age_reference_date(campaign) if campaign else None
        return parse_id_number(value, age_at=age_at).number

    def clean_mobile(self) -> str:
        value = self.cleaned_data["mobile"]
        return normalize_mobile(value) if value.strip() else ""

    def clean_office_phone(self) -> str:
        value = self.cleaned_data["office_phone"].strip()
        if value:
            validate_landline(value)
        return value

    def clean_postal_code(self) -> str:
        value = self.cleaned_data["postal_code"].strip()
        if value:
            validate_postal_code(value)
        return value

    def clean_employer_credit_code(self) -> str:
        value = self.cleaned_data["employer_credit_code"].strip().upper()
        if value:
            validate_credit_code_format(value)
            if not credit_code_checksum_ok(value):
                # Some early pilot codes are valid yet fail the checksum: warn only.
                self.warnings["employer_credit_code"] = gettext(
                    "该统一社会信用代码校验位不符，请再次核对；如确认无误可继续保存。"
                )
        return value

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("id_number") or (self.instance.id_number if self.instance.pk else "")
        if number and "id_number" not in self.errors:
            try:
                info = parse_id_number(number, max_age=None, min_age=0)
            except ValidationError:
                info = None
            if info is not None:
                for field, message in identity_mismatches(
                    info, sex=cleaned.get("sex") or "", birth_month=cleaned.get("birth_month")
                ).items():
                    if field not in self.errors:
                        self.add_error(field, message)
        return cleaned

    def service_fields(self) -> dict:
        """Return the cleaned values for the service; a blank ID number or mobile keeps the
        stored one."""
        fields = {name: self.cleaned_data[name] for name in attachment1.all_fields()}
        if not fields["id_number"] and self.instance.pk and self.instance.id_number_masked:
            del fields["id_number"]
        if not fields["mobile"] and self.has_stored_mobile:
            del fields["mobile"]
        return fields


class RowForm(ModelForm):
    """A row of a repeatable section; month-precision dates as in the main form."""

    text_validator = staticmethod(validate_printable)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField) and name != "DELETE":
                self.fields[name] = MonthField(label=field.label, required=False)
        label_empty_choices(self)


# Rows a repeatable section may have. A posted count beyond it, or a negative one,
# is refused as a whole: it is never read as "no rows", which would delete them all.
MAX_ROWS = 50


class BaseRowFormSet(BaseInlineFormSet):
    """The rows of one repeatable section, refusing counts no page of the portal posts."""

    default_error_messages = {
        **BaseInlineFormSet.default_error_messages,
        "too_many_forms": _("每一部分最多填写%(num)d行，请删除多余的行。"),
        "bad_counts": _("提交的行数有误，本部分未能读取，所有内容均未保存。请刷新页面后重新填写。"),
    }

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound or not self.management_form.is_valid():
            return
        counts = self.management_form.cleaned_data
        total, initial = counts[TOTAL_FORM_COUNT], counts[INITIAL_FORM_COUNT]
        existing = self.get_queryset().count() if self.instance.pk else 0
        if not 0 <= initial <= min(total, existing):
            self._non_form_errors.append(
                ValidationError(self.error_messages["bad_counts"], code="bad_counts")
            )


def _formset(model, fields):
    return inlineformset_factory(
        Nomination,
        model,
        form=RowForm,
        formset=BaseRowFormSet,
        fields=list(fields),
        extra=0,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


ROW_FORMSETS = {
    "awards": _formset(CompetitionAward, ROW_FIELDS["awards"]),
    "honours": _formset(Honour, ROW_FIELDS["honours"]),
    "innovations": _formset(Innovation, ROW_FIELDS["innovations"]),
    "mentorships": _formset(Mentorship, ROW_FIELDS["mentorships"]),
}


def build_formsets(instance: Nomination, data=None) -> dict:
    """Return the bound or unbound formsets of every repeatable section."""
    return {
        name: factory(data=data, instance=instance, prefix=name)
        for name, factory in ROW_FORMSETS.items()
    }


def without_stale_rows(data, nomination: Nomination):
    """Return the posted data with rows that no longer exist turned into new rows.

    After a conflicting save, rows the other clerk deleted are still on this
    user's page. Posting their ids again would fail validation, so they are
    moved behind the surviving rows as new ones: the user's content is kept,
    and saving it is the user's deliberate choice.
    """
    data = data.copy()
    for prefix in ROW_FORMSETS:
        existing = {str(pk) for pk in getattr(nomination, prefix).values_list("pk", flat=True)}
        try:
            total = int(data.get(f"{prefix}-TOTAL_FORMS", 0))
            initial = int(data.get(f"{prefix}-INITIAL_FORMS", 0))
        except ValueError:
            continue
        forms_data = []
        for i in range(total):
            head = f"{prefix}-{i}-"
            fields = {key[len(head) :]: data.getlist(key) for key in data if key.startswith(head)}
            forms_data.append(fields)
            for key in list(data):
                if key.startswith(head):
                    del data[key]
        kept, moved = [], []
        for i, fields in enumerate(forms_data):
            is_live = i < initial and fields.get("id", [""])[0] in existing
            (kept if is_live else moved).append(fields)
        for fields in moved:
            fields.pop("id", None)
        for i, fields in enumerate(kept + moved):
            for name, values in fields.items():
                data.setlist(f"{prefix}-{i}-{name}", values)
        data[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    return data


def formset_rows(formset) -> list[dict]:
    """Turn a valid formset into row dicts for the service; empty new rows are skipped."""
    rows = []
    for form in formset.forms:
        if not form.cleaned_data or form.cleaned_data.get("DELETE"):
            continue
        if form.instance.pk is None and not form.has_changed():
            continue
        row = {
            k: v for k, v in form.cleaned_data.items() if k not in ("DELETE", "id", "nomination")
        }
        row["id"] = form.instance.pk
        rows.append(row)
    return rows


class AttachmentForm(Form):
    """Upload a photo or an evidence file, naming what the evidence proves."""

    kind = forms.ChoiceField(
        label=_("文件类别"), choices=[("photo", _("照片")), ("evidence", _("佐证材料"))]
    )
    proves = forms.ChoiceField(label=_("证明事项"), required=False)
    file = forms.FileField(label=_("选择文件"))

    def __init__(self, *args, nomination: Nomination, **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination = nomination
        choices = [("", _("（请选择所证明的获奖或荣誉）"))]
        choices += [
            (f"award:{a.pk}", gettext("竞赛：%(n)s") % {"n": a.name})
            for a in nomination.awards.all()
        ]
        choices += [
            (f"honour:{h.pk}", gettext("荣誉：%(n)s") % {"n": h.title})
            for h in nomination.honours.all()
        ]
        self.fields["proves"].choices = choices

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("proves") or ""
        cleaned["award"] = cleaned["honour"] = None
        if cleaned.get("kind") == "evidence":
            if not target:
                self.add_error("proves", gettext("请选择该佐证材料所证明的获奖或荣誉。"))
            else:
                prefix, _sep, pk = target.partition(":")
                related = self.nomination.awards if prefix == "award" else self.nomination.honours
                cleaned[prefix] = related.get(pk=int(pk))
        return cleaned


class ExtensionForm(Form):
    unit = forms.ModelChoiceField(
        label=_("推荐单位"),
        queryset=Unit.objects.exclude(kind=Unit.Kind.PROVINCE).filter(is_active=True),
    )
    until = forms.DateTimeField(
        label=_("延长至"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    reason = forms.CharField(
        label=_("延期理由"), max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )
