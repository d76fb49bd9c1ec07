"""The review's demo stages, registered after the nominations' first check.

``review`` sets up experts, panels and conflicts (``experts``) and has some
experts score; ``council`` finishes the scoring and proposes the list;
``locked`` records the council's approval (``scoring``).
"""

from django.utils.translation import gettext_lazy as _

from longjiang.demo import DemoRun, register
from nominations.demo.seeding import seeding_of
from review.demo.experts import seed_experts
from review.demo.scoring import seed_council, seed_locked, seed_scoring


def review_stage(run: DemoRun) -> None:
    """Set up the expert review, then open the window and have some experts score."""
    seeding = seeding_of(run)
    seed_experts(seeding)
    seeding.lines.append(seed_scoring(seeding))


def council_stage(run: DemoRun) -> None:
    """Finish the scoring, close the review window and propose the list."""
    seeding = seeding_of(run)
    seeding.lines.append(seed_council(seeding))


def locked_stage(run: DemoRun) -> None:
    """Record the council's approval, which locks the list."""
    seeding = seeding_of(run)
    seeding.lines.append(seed_locked(seeding))


register(
    "review",
    after="check",
    help=_(
        "再组织专家评审：确保至少9名人选审核通过（不足时继续走完初审），组建3个评审组、"
        "每组3名专家（为 expert01–expert09 建立专家档案），所有审核通过的人选分入评审组；"
        "系统提示的回避情形一项确认回避、一项不予回避、一项待定，expert02 主动申报一项师徒关系，"
        "expert01–expert06 签署承诺书；评审窗口开放一周，expert01–expert03 提交评分表，"
        "expert04 保存草稿。"
    ),
    run=review_stage,
)
register(
    "council",
    after="review",
    help=_(
        "再由全部专家签署承诺书并提交评分表，关闭评审窗口，按排名生成建议名单；"
        "主席办公会议审定页在按钮前提示一项待处理的回避建议和建议人选少于名额。"
    ),
    run=council_stage,
)
register(
    "locked",
    after="council",
    help=_("再以 council 账号登记主席办公会议的审定意见，名单随之锁定为第1版。"),
    run=locked_stage,
)
