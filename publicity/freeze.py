"""Publicity fixes the list for review: registered with ``review.freeze`` from ready().

Once a notice of the campaign has been published (withdrawn and discarded ones
do not count), the council no longer approves a list from the ranking nor
returns the proposal: what the public has read changes only through the
revision page (名单变更, ``publicity:revision``), which names the objection
cases and releases whom it drops. Once the publicity result is recorded, the
final list is fixed and nothing changes it.
"""

from django.utils.translation import gettext as _

from nominations.models import Campaign
from publicity.models import Notice, PublicityResult
from publicity.workflow import NoticeStatus
from review.freeze import register_list_freeze


def result_recorded_message() -> str:
    return _("本年度公示结果已记录，命名名单已确定，名单不能再变更。")


def published_message() -> str:
    return _(
        "本年度名单已发布公示，不能再按评审排名审定或退回建议名单。"
        "公示发布后名单的变更，须在“名单变更”中依据查实的异议由主席办公会议审定新的名单版本。"
    )


@register_list_freeze
def publicity_freeze(campaign: Campaign) -> str | None:
    if PublicityResult.objects.filter(campaign=campaign).exists():
        return result_recorded_message()
    if Notice.objects.filter(campaign=campaign, status=NoticeStatus.PUBLISHED).exists():
        return published_message()
    return None
