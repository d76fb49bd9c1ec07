"""Forms of the expert review's screens. Rules that span rows are the services'."""

from decimal import Decimal
from pathlib import Path

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.accounts.models import Unit
from nominations.models import Campaign
from review.models import (
    AssignmentMode,
    Expert,
    IndustryGroup,
    Panel,
    RankingMethod,
    ReviewSettings,
)
from review.services import DECLARABLE_KINDS

# An expert list of a few hundred rows is some tens of kilobytes.
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class ExpertForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("姓名"), max_length=50)
    employer_name = forms.CharField(label=gettext_lazy("工作单位"), max_length=100)
    employer_credit_code = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=30,
        required=False,
        help_text=gettext_lazy("用于提示同一单位的回避关系。"),
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("所属市（地）或产业工会"),
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        empty_label=gettext_lazy("（无）"),
    )
    specialty = forms.ChoiceField(label=gettext_lazy("专业领域"), choices=IndustryGroup.choices)
    title = forms.CharField(label=gettext_lazy("职称或荣誉"), max_length=100, required=False)
    username = forms.CharField(
        label=gettext_lazy("用户名"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("不填则自动生成，如 expert_12。"),
    )


class ExpertImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("专家名单（.xlsx）"),
        help_text=gettext_lazy("请先下载模板，按模板各列填写后上传。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() != ".xlsx":
            raise forms.ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("文件大小不能超过%(limit)s。") % {"limit": filesizeformat(MAX_IMPORT_BYTES)}
            )
        return upload


class ActivationForm(forms.Form):
    active = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1"
    )


class PanelForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("评审组名称"), max_length=50)
    industry_group = forms.ChoiceField(label=gettext_lazy("行业组"), choices=IndustryGroup.choices)


class PanelMemberForm(forms.Form):
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])
    expert = forms.ModelChoiceField(label=gettext_lazy("专家"), queryset=Expert.objects.none())

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class MoveForm(forms.Form):
    panel = forms.ModelChoiceField(label=gettext_lazy("调整到"), queryset=Panel.objects.none())
    reason = forms.CharField(label=gettext_lazy("调整理由"), max_length=200)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["panel"].queryset = Panel.objects.filter(campaign=campaign)


class DeclarationForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("与该人选的关系"),
        choices=[(kind.value, kind.label) for kind in DECLARABLE_KINDS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("说明"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("选择“其他可能影响公正评审的关系”时必填。"),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", gettext_lazy("确认回避")), ("dismiss", gettext_lazy("排除"))]
    )
    reason = forms.CharField(label=gettext_lazy("理由"), max_length=300)


class SettingsForm(forms.Form):
    conflict_same_unit = forms.BooleanField(
        label=ReviewSettings._meta.get_field("conflict_same_unit").verbose_name,
        help_text=ReviewSettings._meta.get_field("conflict_same_unit").help_text,
        required=False,
    )


class PledgeForm(forms.Form):
    agree = forms.BooleanField(label=gettext_lazy("本人已阅读并承诺遵守上述规定"))


class ScoreForm(forms.Form):
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
        label=gettext_lazy("评语"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    recommend = forms.ChoiceField(
        label=gettext_lazy("是否推荐"), choices=RECOMMEND_CHOICES, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, dimensions, **kwargs):
        super().__init__(*args, **kwargs)
        self.dimensions = list(dimensions)
        for d in self.dimensions:
            most = format(d.max_points.normalize(), "f")
            self.fields[f"score_{d.key}"] = forms.DecimalField(
                label=_("%(name)s（满分 %(max)s）") % {"name": d.name, "max": most},
                help_text=d.guidance,
                required=False,
                min_value=0,
                max_value=d.max_points,
                decimal_places=1,
                max_digits=4,
                widget=forms.NumberInput(attrs={"step": "0.1", "min": "0"}),
            )
        order = [f"score_{d.key}" for d in self.dimensions] + ["comment", "recommend", "version"]
        self.order_fields(order)

    def scores(self) -> dict:
        return {d.key: self.cleaned_data.get(f"score_{d.key}") for d in self.dimensions}

    def recommend_value(self) -> bool | None:
        return {"yes": True, "no": False}.get(self.cleaned_data.get("recommend") or "")


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


class WindowForm(forms.Form):
    opens_at = forms.DateTimeField(
        label=gettext_lazy("评分开始时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    closes_at = forms.DateTimeField(
        label=gettext_lazy("评分截止时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("退回理由"), max_length=300)


class RulesForm(forms.Form):
    """The campaign's rules of assignment and ranking; ranges are checked by the service too."""

    assignment_mode = forms.ChoiceField(
        label=gettext_lazy("评审分配方式"),
        choices=AssignmentMode.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "“评审组全体专家评审”：评审组每位专家为本组全部人选评分。"
            "“每位人选由指定人数的专家评审”：系统为每位人选自动分配下面填写人数的专家，"
            "尽量使各专家评审人数均衡，并避开有回避关系的专家。专家开始评分后不能再更改。"
        ),
    )
    experts_per_candidate = forms.IntegerField(
        label=gettext_lazy("每位人选的评审专家人数"),
        min_value=1,
        max_value=99,
        help_text=gettext_lazy(
            "仅在“每位人选由指定人数的专家评审”时使用。评审组中无回避关系的专家少于此数时，"
            "该人选的评审专家人数不足，分配结果中会列出。"
        ),
    )
    max_per_expert = forms.IntegerField(
        label=gettext_lazy("每位专家最多评审人数"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=gettext_lazy(
            "仅在“每位人选由指定人数的专家评审”时使用。专家分配到的人选达到此数后不再分配；"
            "不填为不设上限。"
        ),
    )
    ranking_method = forms.ChoiceField(
        label=gettext_lazy("排名依据"),
        choices=RankingMethod.choices,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "人选的得分按此方法由各专家已提交的总分计算，再按得分从高到低排名。"
        ),
    )
    trim_from = forms.IntegerField(
        label=gettext_lazy("去掉最高分和最低分的最少评分人数"),
        min_value=3,
        max_value=99,
        help_text=gettext_lazy(
            "选择“去掉一个最高分和一个最低分后的平均分”时，有效评分达到此人数才去掉最高分和"
            "最低分；不足此人数的人选按全部评分的平均分计算。最少为3。"
        ),
    )
    disagreement_threshold = forms.DecimalField(
        label=gettext_lazy("分歧提示阈值（分）"),
        min_value=0,
        max_value=100,
        max_digits=4,
        decimal_places=1,
        help_text=gettext_lazy(
            "同一人选的最高总分与最低总分相差超过此分数时，排名表中提示专家意见分歧，"
            "供评审委员会讨论。只作提示，不改变得分。"
        ),
    )
    show_normalised = forms.BooleanField(
        label=gettext_lazy("同时显示按专家标准化后的得分"),
        required=False,
        help_text=gettext_lazy(
            "标准化得分消除个别专家普遍打分偏高或偏低的影响，仅供参考，"
            "与原始得分并列显示，排名仍按原始得分。"
        ),
    )
    reserve_size = forms.IntegerField(
        label=gettext_lazy("后备人选人数"),
        min_value=0,
        max_value=999,
        help_text=gettext_lazy("建议名单之后按得分顺序列出的后备人选人数。"),
    )

    def rules(self) -> dict:
        return dict(self.cleaned_data)


def rules_initial(settings: ReviewSettings) -> dict:
    return {name: getattr(settings, name) for name in RulesForm.base_fields}


class DimensionForm(forms.Form):
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
