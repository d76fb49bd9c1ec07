"""A small scored campaign and a locked list version for the review's document tests.

Score sheets, conflicts, moves and the locked list's rows are written with the
ORM: these tests are about the documents, and the services that write those
records have their own tests.

The campaign (quota 2, one reserve place, disagreement above 3 points):

| candidate | unit     | 刘海涛 | 王振华 | 陈思远          | mean  | rank | list      |
|-----------|----------|--------|--------|-----------------|-------|------|-----------|
| 欧阳明辉  | 哈尔滨   | 86     | 90     | 88              | 88.00 | 1    | 建议人选  |
| 李秀英    | 哈尔滨   | 84     | 80.5   | (draft 91)      | 82.25 | 2    | 移出      |
| 赵铁柱    | 齐齐哈尔 | 回避 (submitted 92, not counted) | 70 | 72 | 71.00 | 3 | 后备人选 |
| 孙立强    | 齐齐哈尔 | —      | 71     | 71              | 71.00 | 3    | 移入      |
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from longjiang.accounts.models import User
from nominations.models import Campaign, Nomination
from review import listhash, services
from review.models import (
    Conflict,
    CouncilDecision,
    Dimension,
    Expert,
    IndustryGroup,
    ListEntry,
    ListMove,
    ListVersion,
    ReviewSettings,
    Score,
    ScoreSheet,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUBMITTED_AT = datetime(2021, 8, 2, 9, 30, tzinfo=SHANGHAI)
DECIDED_AT = datetime(2021, 7, 28, 15, 0, tzinfo=SHANGHAI)
# Every sheet's points after the first dimension (技能水平与工艺专长): 28 + 18 + 12 + 4.
OTHER_POINTS = (Decimal("28"), Decimal("18"), Decimal("12"), Decimal("4"))
MOVED_OUT_REASON = "事迹材料中的获奖情况待核实"
MOVED_IN_REASON = "省级技能大师工作室领办人，经研究移入"
CONFLICT_REASON = "经核实为师徒关系"
DISMISSED_REASON = "该专家已于2019年调离该单位"


@dataclass
class Scored:
    campaign: Campaign
    candidates: dict[str, Nomination]
    experts: dict[str, Expert]
    dimensions: list[Dimension]


def score(
    expert: Expert,
    nomination: Nomination,
    total: str,
    dimensions: list[Dimension],
    *,
    submitted: bool = True,
    recommend: bool | None = True,
) -> ScoreSheet:
    """Write a sheet whose points add up to ``total``."""
    sheet = ScoreSheet.objects.create(
        expert=expert,
        nomination=nomination,
        status=ScoreSheet.Status.SUBMITTED if submitted else ScoreSheet.Status.DRAFT,
        recommend=recommend,
        submitted_at=SUBMITTED_AT if submitted else None,
        total=Decimal(total),
    )
    first = Decimal(total) - sum(OTHER_POINTS)
    for dimension, points in zip(dimensions, (first, *OTHER_POINTS), strict=True):
        Score.objects.create(sheet=sheet, dimension=dimension, points=points)
    return sheet


def build_scored(
    campaign: Campaign, *, make_nomination, make_expert, staff: User, qiqihar
) -> Scored:
    Campaign.objects.filter(pk=campaign.pk).update(quota=2)
    campaign.refresh_from_db()
    dimensions = services.ensure_default_rubric(campaign, actor=staff)
    ReviewSettings.objects.filter(campaign=campaign).update(
        reserve_size=1, disagreement_threshold=Decimal("3")
    )
    a = make_nomination(status="eligible", name="欧阳明辉")
    b = make_nomination(status="eligible", name="李秀英")
    c = make_nomination(status="eligible", name="赵铁柱", unit=qiqihar)
    d = make_nomination(status="eligible", name="孙立强", unit=qiqihar)
    liu = make_expert(name="刘海涛")
    wang = make_expert(name="王振华")
    chen = make_expert(name="陈思远")
    # One panel of the three, holding every candidate: only members' sheets count.
    panel = services.create_panel(
        campaign, actor=staff, name="装备制造组", industry_group=IndustryGroup.EQUIPMENT
    )
    for expert in (liu, wang, chen):
        services.add_panel_member(panel, expert=expert, actor=staff)
    for nomination in (a, b, c, d):
        services.move_placement(nomination, panel=panel, reason="统一评审", actor=staff)

    score(liu, a, "86", dimensions)
    score(liu, b, "84", dimensions, recommend=False)
    # Submitted before the conflict was confirmed: never counted, never shown.
    score(liu, c, "92", dimensions)
    score(wang, a, "90", dimensions)
    score(wang, b, "80.5", dimensions, recommend=None)
    score(wang, c, "70", dimensions)
    score(wang, d, "71", dimensions)
    score(chen, a, "88", dimensions)
    score(chen, b, "91", dimensions, submitted=False)
    score(chen, c, "72", dimensions)
    score(chen, d, "71", dimensions)

    Conflict.objects.create(
        expert=liu,
        nomination=c,
        kind=Conflict.Kind.MASTER_APPRENTICE,
        status=Conflict.Status.CONFIRMED,
        reason=CONFLICT_REASON,
        decided_by=staff,
        decided_at=DECIDED_AT,
    )
    Conflict.objects.create(
        expert=wang,
        nomination=a,
        kind=Conflict.Kind.SAME_EMPLOYER,
        note="工作单位名称相同",
        status=Conflict.Status.DISMISSED,
        reason=DISMISSED_REASON,
        decided_by=staff,
        decided_at=DECIDED_AT,
    )
    ListMove.objects.create(
        campaign=campaign,
        nomination=b,
        direction=ListMove.Direction.OUT,
        reason=MOVED_OUT_REASON,
        moved_by=staff,
        moved_at=DECIDED_AT,
    )
    ListMove.objects.create(
        campaign=campaign,
        nomination=d,
        direction=ListMove.Direction.IN,
        reason=MOVED_IN_REASON,
        moved_by=staff,
        moved_at=DECIDED_AT,
    )
    return Scored(
        campaign=campaign,
        candidates={n.name: n for n in (a, b, c, d)},
        experts={e.name: e for e in (liu, wang, chen)},
        dimensions=dimensions,
    )


def lock_version(
    campaign: Campaign,
    *,
    recorded_by: User,
    listed: list[tuple[Nomination, str]],
    reserve: list[tuple[Nomination, str]] = (),
    number: int = 1,
    reason: str = "",
    previous_hash: str = "",
) -> ListVersion:
    """Write a council decision and a locked version of (nomination, moved reason) rows."""
    decision = CouncilDecision.objects.create(
        campaign=campaign,
        meeting_date=date(2021, 8, 10),
        minutes_ref=f"黑工办纪〔2021〕{11 + number}号",
        attendance="主席、副主席、各部门负责人",
        minutes_name="会议纪要.pdf",
        minutes_storage_name=f"minutes/{campaign.year}-{number}.pdf",
        minutes_sha256="0" * 64,
        outcome=CouncilDecision.Outcome.APPROVED,
        recorded_by=recorded_by,
        recorded_at=datetime(2021, 8, 10, 17, 0, tzinfo=SHANGHAI),
    )
    version = ListVersion(
        campaign=campaign,
        number=number,
        decision=decision,
        reason=reason,
        approved_at=datetime(2021, 8, 10, 17, 5, tzinfo=SHANGHAI),
        previous_hash=previous_hash,
    )
    entries = []
    for part, rows in ((ListEntry.Part.LISTED, listed), (ListEntry.Part.RESERVE, reserve)):
        for position, (nomination, moved_reason) in enumerate(rows, start=1):
            entries.append(
                ListEntry(
                    part=part,
                    position=position,
                    nomination=nomination,
                    name=nomination.name,
                    unit_code=nomination.unit.code,
                    unit_name=nomination.unit.name,
                    employer_name=nomination.employer_name,
                    rank=position,
                    score=f"{90 - position}.00",
                    moved_reason=moved_reason,
                )
            )
    version.content_hash = listhash.content_hash(version, decision, entries, year=campaign.year)
    version.save()
    for entry in entries:
        entry.version = version
        entry.save()
    return version
