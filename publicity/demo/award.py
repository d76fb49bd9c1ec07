"""The demo stage ``award``, after ``final``: the award as staff run it.

Each step is a function ``seed(run) -> str`` in its own module, returning a sentence of
the stage's line; they run in this order, each through the services:

1. ``award_certificates``: every certificate of the final list issued;
2. ``award_roster``: two payments recorded;
3. ``award_naming``: the naming notice published (which adds the final list to the
   register of craftsmen);
4. ``award_showcase``: earlier years imported and a few public profiles;
5. ``award_campaign``: the 2022 campaign created from 2021.
"""

from django.utils.translation import gettext_lazy as _

from longjiang.demo import register
from publicity.demo import (
    award_campaign,
    award_certificates,
    award_naming,
    award_roster,
    award_showcase,
)

# In the order above; each step's module is added where its number says.
STEPS: tuple = (
    award_certificates.seed,
    award_roster.seed,
    award_naming.seed,
    award_showcase.seed,
    award_campaign.seed,
)


def award_stage(run) -> None:
    run.lines.append("Award: " + " ".join(seed(run) for seed in STEPS))


register(
    "award",
    after="final",
    help=_(
        "再为命名名单上的每人颁发荣誉证书；登记两人的奖励发放；发布命名通报；"
        "导入往届龙江工匠并公开几位的展示页；从2021年度活动复制出2022年度活动。"
    ),
    run=award_stage,
)
