"""The form of the campaign's rules of assignment and ranking."""

from django import forms
from django.utils.translation import gettext_lazy

from longjiang.forms import Form
from review.models import AssignmentMode, RankingMethod, ReviewSettings


class RulesForm(Form):
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
