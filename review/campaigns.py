"""The review stage's parts of next year's campaign.

The review rules, the rubric and the panels (one per industry group: the
mapping of nominations to panels) are copied as they are; the review window
moves a year on. The expert pool is shared by every campaign and an expert
takes part in a campaign's review only once staff activate them for it: next
year's campaign starts with nobody active, and the page lists last year's
experts as awaiting confirmation (``carried_experts``).
"""

from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from longjiang.accounts.models import User
from longjiang.campaigns import PartSummary, next_year, register_copier
from longjiang.dates import show_datetime
from nominations.models import Campaign
from review.models import Dimension, Expert, Panel, ReviewSettings


def copy_review_settings(source: Campaign, target: Campaign, *, actor: User) -> None:
    settings = ReviewSettings.objects.filter(campaign=source).first()
    if settings is None:
        return
    settings.pk = None
    settings.id = None
    settings.campaign = target
    settings.rubric_frozen_at = None
    if settings.review_opens_at:
        settings.review_opens_at = next_year(settings.review_opens_at)
    if settings.review_closes_at:
        settings.review_closes_at = next_year(settings.review_closes_at)
    settings._state.adding = True
    settings.save()


def describe_review_settings(campaign: Campaign) -> PartSummary | None:
    settings = ReviewSettings.objects.filter(campaign=campaign).first()
    if settings is None:
        return PartSummary(
            label=_("评审规则"),
            lines=[_("尚未设置，评审时采用默认规则。")],
            link_url=reverse("review:rules"),
            link_text=_("评审规则"),
        )
    lines = [
        _("评审分配方式：%(mode)s") % {"mode": settings.get_assignment_mode_display()},
        _("排名依据：%(method)s") % {"method": settings.get_ranking_method_display()},
        _("后备人选人数：%(count)s") % {"count": settings.reserve_size},
    ]
    if settings.conflict_same_unit:
        lines.append(_("同一推荐单位的专家也需回避"))
    to_check = []
    if settings.review_opens_at:
        to_check.append(_("评分开始时间：%(at)s") % {"at": show_datetime(settings.review_opens_at)})
    if settings.review_closes_at:
        to_check.append(
            _("评分截止时间：%(at)s") % {"at": show_datetime(settings.review_closes_at)}
        )
    return PartSummary(
        label=_("评审规则"),
        lines=lines,
        to_check=to_check,
        link_url=reverse("review:rules"),
        link_text=_("评审规则"),
    )


def copy_rubric(source: Campaign, target: Campaign, *, actor: User) -> None:
    Dimension.objects.bulk_create(
        Dimension(
            campaign=target,
            key=dimension.key,
            name=dimension.name,
            max_points=dimension.max_points,
            guidance=dimension.guidance,
            position=dimension.position,
        )
        for dimension in Dimension.objects.filter(campaign=source).order_by("position", "pk")
    )


def describe_rubric(campaign: Campaign) -> PartSummary | None:
    dimensions = Dimension.objects.filter(campaign=campaign)
    count = dimensions.count()
    total = dimensions.aggregate(total=Sum("max_points"))["total"] or 0
    return PartSummary(
        label=_("评分标准"),
        lines=[_("%(count)s个评分项目，满分合计%(total)s分") % {"count": count, "total": total}],
        link_url=reverse("review:rubric"),
        link_text=_("评分标准"),
    )


def copy_panels(source: Campaign, target: Campaign, *, actor: User) -> None:
    # Members are not copied: only experts active in the campaign may sit on a
    # panel, and next year's experts are confirmed first (review:experts).
    Panel.objects.bulk_create(
        Panel(campaign=target, name=panel.name, industry_group=panel.industry_group)
        for panel in Panel.objects.filter(campaign=source).order_by("name")
    )


def describe_panels(campaign: Campaign) -> PartSummary | None:
    panels = list(Panel.objects.filter(campaign=campaign).order_by("name"))
    return PartSummary(
        label=_("评审组及行业分组"),
        lines=[
            _("%(name)s（%(group)s）") % {"name": p.name, "group": p.get_industry_group_display()}
            for p in panels
        ]
        or [_("尚未设立评审组。")],
        to_check=[_("确认专家后，为各评审组重新添加成员。")] if panels else [],
        link_url=reverse("review:panels"),
        link_text=_("评审组"),
    )


def carried_experts(campaign: Campaign):
    """Return the experts of the campaign this one was copied from not yet active in it."""
    if campaign.copied_from_id is None:
        return Expert.objects.none()
    return (
        Expert.objects.filter(campaigns=campaign.copied_from_id)
        .exclude(campaigns=campaign)
        .order_by("name_order", "pk")
    )


def copy_expert_pool(source: Campaign, target: Campaign, *, actor: User) -> None:
    # Nothing to write: the pool is shared, and the target's experts stay inactive
    # until staff confirm them; carried_experts() finds them through copied_from.
    return None


def describe_expert_pool(campaign: Campaign) -> PartSummary | None:
    active = Expert.objects.filter(campaigns=campaign).count()
    waiting = carried_experts(campaign).count()
    lines = [_("本年度已启用%(count)s位专家") % {"count": active}]
    to_check = []
    if waiting:
        lines.append(
            _("%(year)s年度的%(count)s位专家待确认（尚未启用）")
            % {"year": campaign.copied_from.year, "count": waiting}
        )
        to_check.append(_("在“评审专家”页逐一确认参加本年度评审的专家。"))
    return PartSummary(
        label=_("专家库"),
        lines=lines,
        to_check=to_check,
        link_url=reverse("review:experts"),
        link_text=_("评审专家"),
    )


register_copier(
    "review.settings",
    label=_lazy("评审规则"),
    copy=copy_review_settings,
    order=200,
    describe=describe_review_settings,
)
register_copier(
    "review.rubric", label=_lazy("评分标准"), copy=copy_rubric, order=210, describe=describe_rubric
)
register_copier(
    "review.panels",
    label=_lazy("评审组及行业分组"),
    copy=copy_panels,
    order=220,
    describe=describe_panels,
)
register_copier(
    "review.experts",
    label=_lazy("专家库"),
    copy=copy_expert_pool,
    order=230,
    describe=describe_expert_pool,
)
