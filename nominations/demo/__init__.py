"""The nominations' demo stages: intake and the first check, registered in order.

``seed_demo`` (a platform command) runs them; the review registers its stages
after these (``review.demo``). The fictional people and files are in
``people``, ``deeds`` and ``files``; the 2021 notice in ``notice``.
"""

from django.utils.translation import gettext_lazy as _

from longjiang.demo import register
from nominations.demo.check import seed_check
from nominations.demo.intake import campaign_present, seed_intake, status_line

register(
    "intake",
    after=None,
    help=_(
        "（默认）2021年活动、演示账号（共用公开密码 Longjiang-2021）和虚构的推荐人选"
        "（数量由 --nominations 指定，多数已提交，另有草稿、撤回和作废的），全部通过业务服务生成；"
        "征集保持开放，电子材料截止时间为30天后。"
    ),
    run=seed_intake,
    present=campaign_present,
    summary=status_line,
)
register(
    "check",
    after="intake",
    help=_(
        "再以 staff 账号通过初审服务处理已提交的推荐：未受理、初审中（已确认部分人工核查项）、"
        "审核通过、退回修改（附修改意见，修改期限为一周后）、退回后修改并重新提交（初审页面可见"
        "修改差异）、不予通过和取消资格。纸质材料须在截止后送达才算逾期，所以随后通过活动服务"
        "关闭征集：纸质材料截止时间设为3天前，电子材料截止时间再早5天；登记按时和逾期送达的"
        "纸质材料，部分推荐单位上传活动情况报告。再次运行 seed_demo 会重新开放征集。"
    ),
    run=seed_check,
)
