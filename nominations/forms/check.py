"""Forms of the first check: the queue's filters, manual checks and the decisions."""

from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet, formset_factory
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from longjiang.accounts.models import Unit
from longjiang.forms import Form
from nominations import attachment1, checklist, codes
from nominations.presentation import field_label
from nominations.services import Verdict
from nominations.workflow import RECEIVED_STATES, Status

# Days a returned nomination gets for its correction by default.
DEFAULT_CORRECTION_DAYS = 7


class QueueFilterForm(Form):
    q = forms.CharField(label=_("姓名或工作单位"), required=False, max_length=50)
    unit = forms.ModelChoiceField(
        label=_("推荐单位"),
        queryset=Unit.objects.exclude(kind=Unit.Kind.PROVINCE),
        required=False,
        to_field_name="code",
        empty_label=_("全部单位"),
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部"))] + [(s.value, s.label) for s in Status if s in RECEIVED_STATES],
    )
    industry = forms.ChoiceField(
        label=_("所属行业"), required=False, choices=[("", _("全部")), *codes.Industry.choices]
    )
    criterion = forms.ChoiceField(
        label=_("符合条件"), required=False, choices=[("", _("全部")), *codes.Criterion.choices]
    )
    min_skill = forms.TypedChoiceField(
        label=_("技能等级"), required=False, coerce=int, empty_value=None
    )
    warnings = forms.BooleanField(label=_("只看有提示的"), required=False)
    paper = forms.ChoiceField(
        label=_("纸质材料"),
        required=False,
        choices=[("", _("全部")), ("received", _("已收到")), ("missing", _("未收到"))],
    )
    order = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("rank", _("按单位及推荐排序")),
            ("-submitted", _("最近提交在前")),
            ("submitted", _("最早提交在前")),
            ("name", _("按姓氏笔画")),
            ("-warnings", _("提示多的在前")),
        ],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request, so the labels follow the user's language.
        self.fields["min_skill"].choices = [("", _("全部"))] + [
            (level.value, gettext("%(level)s及以上") % {"level": level.label})
            for level in codes.SkillLevel
            if level >= codes.SkillLevel.SENIOR
        ]

    def filters(self) -> dict:
        """Return the selector's keyword arguments from the valid form."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "unit": data.get("unit"),
            "status": data.get("status", ""),
            "industry": data.get("industry", ""),
            "criterion": data.get("criterion", ""),
            "min_skill": data.get("min_skill"),
            "warnings_only": bool(data.get("warnings")),
            "paper": data.get("paper", ""),
            "search": (data.get("q") or "").strip(),
            "order": data.get("order") or "rank",
        }


MET, NOT_MET = "met", "not_met"


class ManualChecksForm(Form):
    """Every manual check of the open round in one form: a verdict and a note each.

    No verdict is preselected: a check without one stays unrecorded. A verdict
    already recorded (or carried over from the previous round) is the initial value.
    """

    def __init__(self, *args, confirmations=None, **kwargs):
        initial = kwargs.pop("initial", None) or {}
        for key, confirmation in (confirmations or {}).items():
            initial.setdefault(f"{key}-verdict", MET if confirmation.passed else NOT_MET)
            initial.setdefault(f"{key}-note", confirmation.note)
        super().__init__(*args, initial=initial, **kwargs)
        for check in checklist.MANUAL_CHECKS:
            self.fields[f"{check.key}-verdict"] = forms.ChoiceField(
                label=check.label,
                required=False,
                choices=[(MET, _("符合")), (NOT_MET, _("不符合"))],
                widget=forms.RadioSelect,
            )
            self.fields[f"{check.key}-note"] = forms.CharField(
                label=_("说明"),
                required=False,
                max_length=300,
                help_text=_("不符合而仍予通过的，须填写理由。"),
            )

    def rows(self) -> list[dict]:
        """Return each check with its verdict and note fields, for the template."""
        return [
            {
                "check": check,
                "verdict": self[f"{check.key}-verdict"],
                "note": self[f"{check.key}-note"],
            }
            for check in checklist.MANUAL_CHECKS
        ]

    def verdicts(self) -> dict[str, Verdict]:
        """Return the verdict of every check that has one."""
        return {
            check.key: Verdict(
                passed=self.cleaned_data[f"{check.key}-verdict"] == MET,
                note=self.cleaned_data[f"{check.key}-note"].strip(),
            )
            for check in checklist.MANUAL_CHECKS
            if self.cleaned_data.get(f"{check.key}-verdict")
        }


# The approval is a second submit button of the manual checks' form, so the
# verdicts chosen go with it; the approval's own fields join that form by its id.
MANUAL_FORM_ID = "manual-checks"


class NoteForm(Form):
    note = forms.CharField(
        label=_("初审意见（可选）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "form": MANUAL_FORM_ID}),
    )


class ReasonForm(Form):
    reason = forms.CharField(
        label=_("理由（推荐单位可见）"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


def default_correction_deadline() -> datetime:
    day = timezone.localdate() + timedelta(days=DEFAULT_CORRECTION_DAYS)
    return timezone.make_aware(datetime.combine(day, time(17, 0)))


class ReturnForm(Form):
    deadline = forms.DateTimeField(
        label=_("修改期限"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    note = forms.CharField(
        label=_("总体说明（可选）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean_deadline(self):
        # Also checked by the service; here the page keeps what staff typed.
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise ValidationError(_("修改期限须晚于当前时间。"), code="past_deadline")
        return deadline


class CommentForm(Form):
    field = forms.ChoiceField(label=_("项目"), required=False)
    comment = forms.CharField(label=_("修改意见"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("请选择"))] + [
            (name, field_label(name)) for name in attachment1.commentable_fields()
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("comment") and not cleaned.get("field"):
            self.add_error("field", _("请选择该意见针对的项目。"))
        if cleaned.get("field") and not cleaned.get("comment"):
            self.add_error("comment", _("请填写修改意见。"))
        return cleaned


class BaseCommentFormSet(BaseFormSet):
    def clean(self):
        # Checked here as well as in the service, so the page is shown again with
        # the deadline and note as typed instead of a redirect that loses them.
        if not any(self.errors) and not comments_from(self):
            raise ValidationError(_("退回修改须至少填写一条修改意见。"), code="no_comments")


CommentFormSet = formset_factory(CommentForm, formset=BaseCommentFormSet, extra=3, max_num=40)


def comments_from(formset) -> dict[str, str]:
    """Join the formset's comments by field (two comments on one field become one)."""
    comments: dict[str, str] = {}
    for form in formset.forms:
        field, comment = form.cleaned_data.get("field"), form.cleaned_data.get("comment")
        if field and comment:
            comments[field] = f"{comments[field]}；{comment}" if field in comments else comment
    return comments
