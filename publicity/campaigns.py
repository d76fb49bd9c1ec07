"""The publicity stage's part of next year's campaign: its publicity settings.

The notice's title and text templates, the cut-off time and the objection rules
are copied as they are; a campaign without settings of its own keeps the
defaults, created when first needed.
"""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from longjiang.accounts.models import User
from longjiang.campaigns import PartSummary, register_copier
from nominations.models import Campaign
from publicity.models import PublicitySettings


def copy_publicity_settings(source: Campaign, target: Campaign, *, actor: User) -> None:
    settings = PublicitySettings.objects.filter(campaign=source).first()
    if settings is None:
        return
    settings.pk = None
    settings.id = None
    settings.campaign = target
    settings._state.adding = True
    settings.save()


def describe_publicity_settings(campaign: Campaign) -> PartSummary | None:
    settings = PublicitySettings.objects.filter(campaign=campaign).first()
    if settings is None:
        return PartSummary(
            label=_("公示设置"),
            lines=[_("尚未设置，公示时采用默认设置。")],
            link_url=reverse("publicity:notices"),
            link_text=_("公示公告"),
        )
    return PartSummary(
        label=_("公示设置"),
        lines=[
            _("公示标题模板：%(title)s") % {"title": settings.title_template},
            _("异议截止时刻：%(time)s")
            % {"time": formats.time_format(settings.cutoff_time, "TIME_FORMAT")},
            _("信函时间认定：%(rule)s") % {"rule": settings.get_postmark_rule_display()},
            _("匿名或非实名反映：%(policy)s") % {"policy": settings.get_anonymous_policy_display()},
            _("推荐单位核查时限：%(days)s个工作日") % {"days": settings.verification_working_days},
        ],
        link_url=reverse("publicity:notices"),
        link_text=_("公示公告"),
    )


register_copier(
    "publicity.settings",
    label=_lazy("公示设置"),
    copy=copy_publicity_settings,
    order=300,
    describe=describe_publicity_settings,
)
