"""The data of the review's documents: plain data classes, and the formatting they share.

``review.exports`` fills them from the ranking (``review.selectors.ranking.ranking_data``);
the score workbook is built in ``review.documents.scores``, the list PDFs in
``review.documents.pdfs``. No text here ever holds an ID number or a phone
number: the data classes have no field for them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from longjiang.dates import show_datetime
from review.aggregation import Rules

# --- The score workbook -------------------------------------------------------------------


class Membership(StrEnum):
    """Where a candidate stands on the proposed list."""

    LISTED = "listed"
    RESERVE = "reserve"
    MOVED_IN = "in"
    MOVED_OUT = "out"
    NONE = ""


MEMBERSHIP_LABELS = {
    Membership.LISTED: gettext_lazy("建议人选"),
    Membership.RESERVE: gettext_lazy("后备人选"),
    Membership.MOVED_IN: gettext_lazy("移入"),
    Membership.MOVED_OUT: gettext_lazy("移出"),
}


@dataclass(frozen=True)
class ExpertColumn:
    expert_id: int
    name: str


@dataclass(frozen=True)
class ScoreRow:
    """One candidate on the summary sheet, in ranking order.

    ``totals`` maps an expert id to the total of that expert's counted sheet;
    ``recused`` holds the experts in confirmed conflict with the candidate.
    """

    rank: int | None
    name: str
    unit_name: str
    totals: Mapping[int, Decimal]
    recused: frozenset[int]
    n: int
    mean: Decimal | None
    trimmed_mean: Decimal | None
    std_dev: Decimal | None
    spread: Decimal | None
    disagreement: bool
    normalised: Decimal | None
    membership: Membership = Membership.NONE
    move_reason: str = ""


@dataclass(frozen=True)
class DimensionColumn:
    name: str
    max_points: Decimal


class ExpertSheetRow(NamedTuple):
    """One counted score sheet: points in the order of the rubric's dimensions.

    A named tuple (the workbook has one for each of some 15,000 sheets). Points are
    numbers as the workbook stores them: ``Decimal("7.5")`` and ``7.5`` write the same.
    """

    name: str
    unit_name: str
    points: tuple[Decimal | float | None, ...]
    total: Decimal | float
    recommend: bool | None
    submitted_at: datetime | None


@dataclass(frozen=True)
class ExpertSheet:
    expert_id: int
    rows: tuple[ExpertSheetRow, ...]


@dataclass(frozen=True)
class ConflictRow:
    """One conflict of interest, with its labels already translated."""

    expert_name: str
    nominee_name: str
    unit_name: str
    kind: str
    source: str
    note: str
    status: str
    reason: str
    decided_by: str
    decided_at: datetime | None


@dataclass(frozen=True)
class ScoreWorkbookData:
    year: int
    generated_at: datetime
    method: str
    show_normalised: bool
    experts: tuple[ExpertColumn, ...]
    rows: tuple[ScoreRow, ...]
    dimensions: tuple[DimensionColumn, ...] = ()
    expert_sheets: tuple[ExpertSheet, ...] = ()
    conflicts: tuple[ConflictRow, ...] = ()


# --- The list PDFs ---


@dataclass(frozen=True)
class ListLine:
    """A candidate on the proposed list or its reserve; ``note`` goes in the remarks column."""

    position: int
    rank: int | None
    name: str
    unit_name: str
    employer_name: str
    score: str
    note: str = ""


@dataclass(frozen=True)
class MoveLine:
    name: str
    unit_name: str
    direction: str
    reason: str
    rank: int | None
    score: str


@dataclass(frozen=True)
class UnitCount:
    unit_name: str
    listed: int
    reserve: int


@dataclass(frozen=True)
class ProposedListData:
    year: int
    generated_at: datetime
    rules: Rules
    listed: tuple[ListLine, ...]
    reserve: tuple[ListLine, ...]
    moves: tuple[MoveLine, ...] = ()
    # The candidates of a tie that straddles the quota line: (name, score).
    tie_at_quota: tuple[tuple[str, str], ...] = ()
    units: tuple[UnitCount, ...] = ()
    # ``review.selectors.ranking.composition_fingerprint``: the council page shows the same.
    fingerprint: str = ""


@dataclass(frozen=True)
class LockedEntryLine:
    position: int
    name: str
    unit_name: str
    employer_name: str
    rank: int | None
    score: str
    moved_reason: str = ""


@dataclass(frozen=True)
class LockedListData:
    year: int
    number: int
    meeting_date: date
    minutes_ref: str
    outcome: str
    approved_at: datetime
    content_hash: str
    generated_at: datetime
    previous_hash: str = ""
    reason: str = ""
    listed: tuple[LockedEntryLine, ...] = ()
    reserve: tuple[LockedEntryLine, ...] = ()


# --- Shared formatting ------------------------------------------------------------


def local_time(value: datetime | None) -> str:
    """Return an aware datetime as local 2021年6月1日 10:00, or an empty text."""
    if value is None:
        return ""
    return show_datetime(value)


METHOD_LABELS = {
    "mean": gettext_lazy("平均分"),
    "trimmed": gettext_lazy("去掉一个最高分和一个最低分后的平均分"),
}


def method_label(method: str) -> str:
    return str(METHOD_LABELS.get(method, method))


def rules_paragraph(rules: Rules) -> str:
    """Return the ranking rules in one paragraph, as printed on the proposed list."""
    values = {
        "trim_from": max(rules.trim_from, 3),
        "quota": rules.quota,
        "reserve": rules.reserve_size,
        "threshold": rules.disagreement_threshold,
    }
    if rules.method == "trimmed":
        method = (
            _(
                "排名依据为去掉一个最高分和一个最低分后的平均分：有效评分达到%(trim_from)s份时，"
                "去掉一个最高分和一个最低分后求平均；不足%(trim_from)s份时取平均分。"
            )
            % values
        )
    else:
        method = _("排名依据为有效评分的平均分。")
    rest = (
        _(
            "有效评分为专家已提交的评分表，与人选存在回避关系的专家的评分不计入，草稿不计入。"
            "得分保留两位小数（四舍五入），得分相同者名次并列。按名次前%(quota)s名为建议人选，"
            "其后%(reserve)s名为后备人选；工作人员说明理由后移入或移出的人选见“名单调整”。"
            "同一人选最高分与最低分之差超过%(threshold)s分时提示专家意见分歧。"
        )
        % values
    )
    return method + rest
