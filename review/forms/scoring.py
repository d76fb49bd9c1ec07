"""Forms of the rubric, the review window and the experts' score sheets."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.forms import Form


class ScoreForm(Form):
    """One field per rubric dimension, plus the comment and the vote.

    Ranges and the one-decimal rule are checked by ``services.save_sheet`` too, so the
    message names the dimension either way.
    """

    RECOMMEND_CHOICES = [
        ("", gettext_lazy("（未选择）")),
        ("yes", gettext_lazy("推荐")),
        ("no", gettext_lazy("不推荐")),
    ]

    comment = forms.CharField(
        label=gettext_lazy("评语"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    recommend = forms.ChoiceField(
        label=gettext_lazy("是否推荐"), choices=RECOMMEND_CHOICES, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, dimensions, submitting: bool = False, **kwargs):
        """``submitting``: every dimension and the vote are required, as submitting needs."""
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for d in self.dimensions:
            most = points_text(d.max_points)
            self.fields[f"score_{d.key}"] = forms.DecimalField(
                label=_("%(name)s（满分 %(max)s）") % {"name": d.name, "max": most},
                help_text=d.guidance,
                required=submitting,
                min_value=0,
                max_value=d.max_points,
                decimal_places=1,
                error_messages={
                    "required": _("提交前须为此项评分。"),
                    "min_value": _("得分不能小于0。"),
                    "max_value": _("得分不能超过满分%(max)s分。") % {"max": most},
                    "max_decimal_places": _("得分最多保留一位小数。"),
                    "invalid": _("请输入数字。"),
                },
                # data-score-points: portal.js adds the fields up into the live total.
                widget=forms.NumberInput(
                    attrs={"step": "0.1", "min": "0", "data-score-points": ""}
                ),
            )
        if submitting:
            self.fields["recommend"].required = True
            self.fields["recommend"].error_messages["required"] = _("提交前须选择是否推荐。")
        order = [f"score_{d.key}" for d in self.dimensions] + ["comment", "recommend", "version"]
        self.order_fields(order)

    def total(self) -> tuple[Decimal, Decimal]:
        """Return the points on the page (as typed, or as saved) and the rubric's full marks.

        What cannot be read as a number counts as nothing; the field's error says why.
        """
        points = Decimal(0)
        for d in self.dimensions:
            name = f"score_{d.key}"
            raw = self.data.get(self.add_prefix(name)) if self.is_bound else self.initial.get(name)
            try:
                value = Decimal(str(raw).strip())
            except (InvalidOperation, ValueError):
                continue
            if value.is_finite():
                points += value
        return points, sum((d.max_points for d in self.dimensions), Decimal(0))

    def scores(self) -> dict:
        return {d.key: self.cleaned_data.get(f"score_{d.key}") for d in self.dimensions}

    def recommend_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("recommend") or "")


def points_text(value: Decimal) -> str:
    """Write points as people do: 85, 85.5, 100 (no trailing zero, no exponent)."""
    return format(value.normalize(), "f")


def score_total(points: Decimal, most: Decimal) -> str:
    """Return a sheet's total as it is shown: "85 / 100"."""
    return f"{points_text(points)} / {points_text(most)}"


def score_initial(sheet) -> dict:
    """Return the form's initial values from the expert's own sheet (or none)."""
    if sheet is None:
        return {"version": 0}
    initial = {f"score_{s.dimension.key}": s.points for s in sheet.scores.all()}
    initial.update(
        comment=sheet.comment,
        recommend={True: "yes", False: "no"}.get(sheet.recommend, ""),
        version=sheet.version,
    )
    return initial


class WindowForm(Form):
    opens_at = forms.DateTimeField(
        label=gettext_lazy("评分开始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("评分截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class CloseEarlyForm(Form):
    """Staff's explicit confirmation that they end the scoring knowing who has not finished."""

    confirm = forms.BooleanField(
        label=gettext_lazy("我已知晓上述未完成情况，确认提前结束评分"),
        error_messages={
            "required": gettext_lazy("请勾选“我已知晓上述未完成情况，确认提前结束评分”。")
        },
    )


class ReopenForm(Form):
    reason = forms.CharField(label=gettext_lazy("退回理由"), max_length=300)


class DimensionForm(Form):
    """One dimension of the rubric: to add, or to change."""

    name = forms.CharField(label=gettext_lazy("评分项目"), max_length=100)
    max_points = forms.DecimalField(
        label=gettext_lazy("满分"),
        min_value=Decimal("0.1"),
        max_value=Decimal("999.9"),
        max_digits=4,
        decimal_places=1,
        help_text=gettext_lazy("大于0，最多一位小数。各项满分合计应为100分。"),
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "0.1"}),
    )
    guidance = forms.CharField(
        label=gettext_lazy("评分要点"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("专家评分时在该项目下看到的说明。"),
    )
    position = forms.IntegerField(
        label=gettext_lazy("顺序"),
        min_value=0,
        max_value=999,
        required=False,
        help_text=gettext_lazy("数字小的排在前面；新增项目不填则排在最后。"),
    )
