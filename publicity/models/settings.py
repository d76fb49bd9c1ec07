"""Each campaign's publicity settings: the notice template, the cut-off, the objection rules.

Every value here is a reconstruction (facts §2, 🛠) made the default and kept
editable in the admin, per campaign.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models import Campaign

DEFAULT_TITLE = "关于{year}年“龙江工匠”拟选树人选的公示"

# Placeholders: {year} {count} {start} {end} {cutoff} {channels} {contact}; the list follows.
DEFAULT_TEXT = (
    "根据《关于开展{year}年“龙江工匠”选树活动的通知》要求，经各市（地）总工会、"
    "省产业工会推荐，省总工会初审、专家评审，省总工会主席办公会议审议，"
    "确定{count}名拟选树{year}年“龙江工匠”人选，现予以公示（按姓氏笔画排序）。\n"
    "公示时间：{start}至{end}，共{days}个工作日，异议受理截止时间为{cutoff}。\n"
    "公示期间，任何单位和个人均可通过{channels}等形式反映情况。"
    "以单位名义反映的要加盖单位公章，并提供联系地址和电话；"
    "以个人名义反映的要签署或自报本人真实姓名，并提供联系地址和电话。"
    "反映的情况和问题要实事求是、客观公正，不得借机诽谤和诬告。"
    "匿名或非实名反映的问题不予受理，逾期不予受理。\n"
    "{contact}"
)


# The cut-off must leave the last day a working day's hours: 00:00 would end the
# period at the start of its last day, so the public would lose that day.
EARLIEST_CUTOFF = datetime.time(8, 0)
LATEST_CUTOFF = datetime.time(23, 59, 59, 999999)


def validate_cutoff_time(value: datetime.time) -> None:
    if not EARLIEST_CUTOFF <= value <= LATEST_CUTOFF:
        raise ValidationError(
            _("异议截止时刻须在08:00至23:59之间，否则公示最后一天将无法受理异议。"),
            code="cutoff_out_of_range",
        )


class PostmarkRule(models.TextChoices):
    SENT = "sent", _("以寄出地邮戳日期为准")
    ARRIVED = "arrived", _("以到达地邮戳日期为准")


class AnonymousPolicy(models.TextChoices):
    LEAD = "lead", _("记录并标记为不予受理，作为线索供工作人员参考")
    ACCEPT = "accept", _("与实名反映一样受理")


class PublicitySettings(models.Model):
    """How one campaign's publicity runs; created with the defaults when first needed."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="publicity_settings"
    )
    cutoff_time = models.TimeField(
        _("异议截止时刻"),
        default=datetime.time(17, 0),
        validators=[validate_cutoff_time],
        help_text=_("公示最后一天的这一时刻起不再受理异议（08:00至23:59之间）。"),
    )
    title_template = models.CharField(_("公示标题模板"), max_length=200, default=DEFAULT_TITLE)
    text_template = models.TextField(
        _("公示正文模板"),
        max_length=4000,
        default=DEFAULT_TEXT,
        help_text=_(
            "可用占位符：{year} 年度、{count} 人数、{start} 开始日期、{end} 结束日期、"
            "{days} 工作日数、{cutoff} 截止时间、{channels} 反映渠道、{contact} 联系方式。"
        ),
    )
    postmark_rule = models.CharField(
        _("信函时间认定"),
        max_length=8,
        choices=PostmarkRule.choices,
        default=PostmarkRule.SENT,
    )
    anonymous_policy = models.CharField(
        _("匿名或非实名反映"),
        max_length=8,
        choices=AnonymousPolicy.choices,
        default=AnonymousPolicy.LEAD,
    )
    verification_working_days = models.PositiveSmallIntegerField(
        _("推荐单位核查时限（工作日）"), default=3
    )
    postal_grace_days = models.PositiveSmallIntegerField(
        _("来信在途期（工作日）"),
        default=3,
        help_text=_(
            "以寄出地邮戳日期为准时，最后一份公示公告结束后的这些工作日内，"
            "按时寄出的来信可能仍在途中，不能记录公示结果。"
        ),
    )

    class Meta:
        verbose_name = _("公示设置")
        verbose_name_plural = _("公示设置")

    def __str__(self) -> str:
        return str(self.campaign)
