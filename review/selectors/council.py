"""What the council should know before it approves the proposed list.

``lock_warnings`` lists, in a fixed order, every fact about the list as composed
now that the council should weigh before locking it: candidates without a valid
score, experts whose scores count nowhere, conflict suggestions nobody decided, a
list longer or shorter than the quota, and a tie across the quota line. The
council page shows them before the button, and ``record_council_decision``
refuses an approval that does not acknowledge each kind shown here, computed
again under the lock.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nominations.models import Campaign
from nominations.selectors import LIST_DEFERRED
from review.models import Conflict, Expert
from review.selectors.candidates import scoring_pairs
from review.selectors.ranking import Ranking


class WarningKind(models.TextChoices):
    """The kinds of fact the council acknowledges before approving, in display order."""

    UNSCORED = "unscored", gettext_lazy("有人选没有有效评分")
    IDLE_EXPERTS = "idle_experts", gettext_lazy("有专家没有计入排名的评分")
    PENDING_CONFLICTS = "pending_conflicts", gettext_lazy("有回避建议尚未处理")
    OVER_QUOTA = "over_quota", gettext_lazy("建议人选多于名额")
    UNDER_QUOTA = "under_quota", gettext_lazy("建议人选少于名额")
    TIE_AT_LINE = "tie_at_line", gettext_lazy("名额线处有同分并列")


def warning_label(kind: str) -> str:
    """Return the label of a kind of warning."""
    return str(WarningKind(kind).label)


def describe_acknowledged(row: dict) -> str:
    """Say one acknowledged kind of warning, with how many people or suggestions it named."""
    return _("%(warning)s（%(count)s）") % {
        "warning": warning_label(row["kind"]),
        "count": row["count"],
    }


@dataclass(frozen=True)
class LockWarning:
    """One kind of fact for the council: a sentence and the people it concerns."""

    kind: str
    summary: str
    items: list[str]

    @property
    def label(self) -> str:
        return WarningKind(self.kind).label


def _unscored(ranking: Ranking) -> LockWarning | None:
    missing = [r for r in ranking.results if r.score is None]
    if not missing:
        return None
    return LockWarning(
        kind=WarningKind.UNSCORED,
        summary=ngettext(
            "%(count)d名初审合格的人选没有有效评分，不参加排名，不会列入名单。",
            "%(count)d名初审合格的人选没有有效评分，不参加排名，不会列入名单。",
            len(missing),
        )
        % {"count": len(missing)},
        items=[
            f"{ranking.nomination(r).name}（{ranking.nomination(r).unit.name}）" for r in missing
        ],
    )


def _idle_experts(campaign: Campaign, ranking: Ranking) -> LockWarning | None:
    """Experts with candidates to score of whom no submitted sheet counts."""
    scored = {expert_id for r in ranking.results for expert_id in r.by_expert}
    expected = {
        expert_id for (expert_id, _nomination), counts in scoring_pairs(campaign).items() if counts
    }
    idle = expected - scored
    if not idle:
        return None
    names = list(
        Expert.objects.filter(pk__in=idle)
        .order_by("name_order", "pk")
        .values_list("name", flat=True)
    )
    return LockWarning(
        kind=WarningKind.IDLE_EXPERTS,
        summary=ngettext(
            "%(count)d名评审专家没有计入排名的评分（未提交任何评分表）。",
            "%(count)d名评审专家没有计入排名的评分（未提交任何评分表）。",
            len(names),
        )
        % {"count": len(names)},
        items=names,
    )


def _pending_conflicts(campaign: Campaign) -> LockWarning | None:
    pending = list(
        Conflict.objects.filter(nomination__campaign=campaign, status=Conflict.Status.SUGGESTED)
        .select_related("expert", "nomination")
        .defer(*(f"nomination__{name}" for name in LIST_DEFERRED))
        .order_by("expert__name_order", "nomination__name_order", "pk")
    )
    if not pending:
        return None
    return LockWarning(
        kind=WarningKind.PENDING_CONFLICTS,
        summary=ngettext(
            "%(count)d项系统提示的回避情形未经确认或排除；相关专家的评分已计入排名。",
            "%(count)d项系统提示的回避情形未经确认或排除；相关专家的评分已计入排名。",
            len(pending),
        )
        % {"count": len(pending)},
        items=[
            _("%(expert)s与%(nominee)s（%(kind)s）")
            % {
                "expert": c.expert.name,
                "nominee": c.nomination.name,
                "kind": c.get_kind_display(),
            }
            for c in pending
        ],
    )


def _quota(ranking: Ranking) -> LockWarning | None:
    listed, quota = len(ranking.composition.listed), ranking.rules.quota
    if listed == quota:
        return None
    values = {"listed": listed, "quota": quota}
    if listed > quota:
        return LockWarning(
            kind=WarningKind.OVER_QUOTA,
            summary=_("建议人选%(listed)d人，多于名额%(quota)d人。") % values,
            items=[],
        )
    return LockWarning(
        kind=WarningKind.UNDER_QUOTA,
        summary=_("建议人选%(listed)d人，少于名额%(quota)d人。") % values,
        items=[],
    )


def _tie(ranking: Ranking) -> LockWarning | None:
    tied = ranking.composition.tie_at_quota
    if not tied:
        return None
    listed = {r.nomination_id for r in ranking.composition.listed}
    return LockWarning(
        kind=WarningKind.TIE_AT_LINE,
        summary=ngettext(
            "名额线处%(count)d名人选同分（%(score)s分）并列，其中%(inside)d人在建议名单内。",
            "名额线处%(count)d名人选同分（%(score)s分）并列，其中%(inside)d人在建议名单内。",
            len(tied),
        )
        % {
            "count": len(tied),
            "score": tied[0].score,
            "inside": sum(1 for r in tied if r.nomination_id in listed),
        },
        items=[
            _("%(name)s（第%(rank)s名）") % {"name": ranking.nomination(r).name, "rank": r.rank}
            for r in tied
        ],
    )


def lock_warnings(campaign: Campaign, ranking: Ranking) -> list[LockWarning]:
    """Return what the council should know before approving the list composed in ``ranking``.

    No user scope: callers have checked ``can_see_ranking`` (the council page) or
    hold the campaign's lock (the council's decision). ``ranking`` is the
    campaign's ``ranking_data``, read by the caller.
    """
    found = [
        _unscored(ranking),
        _idle_experts(campaign, ranking),
        _pending_conflicts(campaign),
        _quota(ranking),
        _tie(ranking),
    ]
    return [w for w in found if w is not None]
