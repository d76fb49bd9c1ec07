"""Forms for receiving objections: the public's, the receipt lookup, and the staff's log."""

import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from longjiang.forms import Form
from longjiang.uploads import clean_upload
from publicity.models import ComplainantKind, PostmarkRule, Source
from publicity.services.objections import MAX_EVIDENCE_FILES

TOKEN_SALT = "publicity.objection_form"  # noqa: S105 (a signing salt, not a secret)

phone_validator = RegexValidator(
    r"^[0-9０-９+\-－()（） ]{7,30}$",
    _("请填写有效的联系电话（数字，可含区号和连字符）。"),
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Up to MAX_EVIDENCE_FILES files, each checked by the platform's upload rules."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"})

    def clean(self, data, initial=None):
        files = (
            [f for f in (data or []) if f]
            if isinstance(data, list | tuple)
            else ([data] if data else [])
        )
        if len(files) > MAX_EVIDENCE_FILES:
            raise ValidationError(
                _("证明材料最多%(count)d个文件。") % {"count": MAX_EVIDENCE_FILES}
            )
        cleaned, errors = [], []
        for upload in files:
            try:
                cleaned.append(clean_upload(upload, kind="evidence"))
            except ValidationError as exc:
                errors.extend(f"{upload.name}：{message}" for message in exc.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def person_value(notice_id: int, nomination_id: int) -> str:
    """A person's option value: a keyed digest of the notice and the nomination, so the
    public page shows no internal ids; the form maps it back (``person_ids``)."""
    digest = salted_hmac("publicity.objections.person", f"{notice_id}:{nomination_id}")
    return digest.hexdigest()[:20]


def person_choices(notices, entries_of) -> tuple[list[tuple[str, str]], dict]:
    """The people the notices publish, with 姓名（工作单位）, and what each value stands for:
    {value: (notice id, nomination id)}."""
    choices = [("", _("请选择被反映人"))]
    ids = {}
    for notice in notices:
        for entry in entries_of(notice):
            value = person_value(notice.pk, entry.nomination_id)
            ids[value] = (notice.pk, entry.nomination_id)
            choices.append((value, f"{entry.name}（{entry.employer_name}）"))
    return choices, ids


class ComplainantFields(Form):
    """The complainant and the facts, shared by the public's form and the staff's log."""

    complainant_name = forms.CharField(
        label=_("姓名"),
        max_length=50,
        required=False,
        help_text=_("以单位名义反映的，填写联系人姓名。"),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    complainant_unit = forms.CharField(
        label=_("工作单位"),
        max_length=100,
        required=False,
        help_text=_("以单位名义反映的，填写单位全称。"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    complainant_phone = forms.CharField(
        label=_("联系电话"),
        max_length=30,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    complainant_address = forms.CharField(
        label=_("联系地址"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    complainant_email = forms.EmailField(
        label=_("电子邮箱（选填）"),
        required=False,
        help_text=_("填写后，办理结果也会发送到该邮箱。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    person = forms.ChoiceField(label=_("被反映人"))
    facts = forms.CharField(
        label=_("反映的问题"),
        max_length=5000,
        min_length=10,
        help_text=_("请写明具体事实（时间、地点、经过），并说明依据或线索，不超过5000字。"),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    evidence = EvidenceField(
        label=_("证明材料（选填）"),
        required=False,
        help_text=_("可上传PDF、JPG或PNG文件，最多5个，每个不超过%(size)sMB。")
        % {"size": settings.UPLOAD_LIMITS["evidence"] // (1024 * 1024)},
    )

    # Which fields a real-name complainant of each kind must fill in.
    REQUIRED = {
        ComplainantKind.PERSON: ("complainant_name", "complainant_phone", "complainant_address"),
        ComplainantKind.UNIT: ("complainant_unit", "complainant_phone", "complainant_address"),
        ComplainantKind.ANONYMOUS: (),
    }

    def __init__(self, *args, notices=(), entries_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices, self.person_ids = person_choices(notices, entries_of)

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("complainant_kind")
        for name in self.REQUIRED.get(kind, ()):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    ValidationError(
                        _("以%(kind)s名义反映须填写此项。") % {"kind": ComplainantKind(kind).label},
                        code="required",
                    ),
                )
        if kind == ComplainantKind.ANONYMOUS:
            for name in (
                "complainant_name",
                "complainant_unit",
                "complainant_phone",
                "complainant_address",
                "complainant_email",
            ):
                cleaned[name] = ""
        if cleaned.get("person"):
            cleaned["notice_id"], cleaned["nomination_id"] = self.person_ids[cleaned["person"]]
        return cleaned


class ObjectionForm(ComplainantFields):
    """The public's form, with a honeypot and a signed time of rendering."""

    complainant_kind = forms.ChoiceField(
        label=_("反映人类型"),
        choices=[
            (ComplainantKind.PERSON, _("个人（实名）")),
            (ComplainantKind.UNIT, _("单位（须上传加盖公章的反映材料）")),
            (ComplainantKind.ANONYMOUS, _("匿名")),
        ],
        initial=ComplainantKind.PERSON,
        widget=forms.RadioSelect,
    )
    declared_truthful = forms.BooleanField(
        label=_("本人承诺所反映的情况实事求是、客观公正，不借机诽谤、诬告，并愿意承担相应责任。"),
        error_messages={"required": _("提交前请阅读并勾选此项声明。")},
    )
    # A field people never see; bots that fill in every field fill it too.
    website = forms.CharField(label=_("网址（请勿填写）"), max_length=200, required=False)
    form_token = forms.CharField(max_length=200, widget=forms.HiddenInput)

    field_order = [
        "person",
        "complainant_kind",
        "complainant_name",
        "complainant_unit",
        "complainant_phone",
        "complainant_address",
        "complainant_email",
        "facts",
        "evidence",
        "declared_truthful",
        "website",
        "form_token",
    ]

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("complainant_kind") == ComplainantKind.UNIT
            and not cleaned.get("evidence")
            and "evidence" not in self.errors
        ):
            self.add_error(
                "evidence",
                ValidationError(
                    _("以单位名义反映，须上传加盖单位公章的反映材料（扫描件或照片）。"),
                    code="required",
                ),
            )
        return cleaned


def new_form_token() -> str:
    """A signed token naming when the form was rendered, and a nonce against replays."""
    return signing.dumps({"t": time.time(), "n": secrets.token_hex(8)}, salt=TOKEN_SALT)


def read_form_token(token: str) -> dict | None:
    """The token's content if it is genuine and not too old; None otherwise."""
    try:
        return signing.loads(token, salt=TOKEN_SALT, max_age=settings.OBJECTION_FORM_MAX_AGE)
    except (signing.BadSignature, TypeError):
        return None


class LookupForm(Form):
    receipt_number = forms.CharField(
        label=_("受理编号"),
        max_length=20,
        help_text=_("如：YY2021-0001"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("提交异议时显示的10位查询码，不区分大小写。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class StaffObjectionForm(ComplainantFields):
    """Staff log an objection that came by letter, phone, visit or email."""

    source = forms.ChoiceField(
        label=_("反映方式"),
        choices=[(s.value, s.label) for s in Source if s != Source.ONLINE],
        widget=forms.RadioSelect,
    )
    complainant_kind = forms.ChoiceField(
        label=_("反映人类型"),
        choices=ComplainantKind.choices,
        initial=ComplainantKind.PERSON,
        widget=forms.RadioSelect,
    )
    unit_sealed = forms.BooleanField(label=_("单位反映材料已加盖公章"), required=False)
    received_at = forms.DateTimeField(
        label=_("收到时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    postmark_date = forms.DateField(
        label=_("邮戳日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d"],
    )
    declared_truthful = forms.BooleanField(
        label=_("反映人已签署或自报所反映情况属实"), required=False
    )

    field_order = [
        "source",
        "received_at",
        "postmark_date",
        "person",
        "complainant_kind",
        "complainant_name",
        "complainant_unit",
        "complainant_phone",
        "complainant_address",
        "complainant_email",
        "unit_sealed",
        "facts",
        "evidence",
        "declared_truthful",
    ]

    # Staff record what came in; the service decides whether it is real-name.
    REQUIRED = {kind: () for kind in ComplainantKind}

    def __init__(self, *args, postmark_rule=PostmarkRule.SENT, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postmark_date"].help_text = _(
            "来信必填。本次公示%(rule)s：邮戳日期不晚于公示最后一天的，按期内受理。"
        ) % {"rule": PostmarkRule(postmark_rule).label}
        if not self.is_bound:
            self.initial.setdefault(
                "received_at", timezone.localtime().replace(second=0, microsecond=0)
            )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("source") == Source.LETTER
            and not cleaned.get("postmark_date")
            and "postmark_date" not in self.errors
        ):
            self.add_error(
                "postmark_date",
                ValidationError(_("来信须填写邮戳日期。"), code="required"),
            )
        return cleaned


def normalise_receipt(value: str) -> str:
    return re.sub(r"\s", "", value).upper()
