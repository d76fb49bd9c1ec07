"""Publicity's demo stages, registered after the council's lock.

``publicity`` publishes a live notice over the locked list and receives three
objections in different states; ``final`` upholds one, has the council approve
version 2 with a substitute, publicizes the substitute and records the result.
How their dates are chosen (and why the run may start in the past) is in
``publicity.demo.story``.
"""

from django.utils.translation import gettext_lazy as _

from longjiang.demo import register
from publicity.demo import award  # noqa: F401  (registers the stage "award")
from publicity.demo.story import rewind, seed_final, seed_publicity


def publicity_stage(run) -> None:
    run.lines.append(seed_publicity(run))


def final_stage(run) -> None:
    run.lines.append(seed_final(run))


register(
    "publicity",
    after="locked",
    help=_(
        "再由 staff（同时获得异议处理权限）依据第1版名单发布公示公告，公示期按工作日历计算，"
        "使载入当时正处于公示期内（开始日期早于今天时，整个演示从开始日上午9时起按时间顺序载入）；"
        "登记三件异议：一件网上提交、尚未办理，一件来电登记、已转推荐单位核查，"
        "一件来访登记、推荐单位已报送核查报告、以“反映不实”办结并答复。"
    ),
    run=publicity_stage,
    rewind=rewind,
)
register(
    "final",
    after="publicity",
    help=_(
        "再把整个公示过程放在过去：来电异议查实取消资格，网上异议部分属实；主席办公会议审定"
        "第2版名单、从后备人选中递补一人；递补人选的补充公示已发布并结束；所有异议办结，"
        "记录公示结果，第2版为命名名单。"
    ),
    run=final_stage,
)
