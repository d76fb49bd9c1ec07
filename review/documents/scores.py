"""The review's documents: the score workbook, and the data of the list PDFs.

Pure builders over plain data classes: no database, bytes out. ``review.exports``
fills the data from the ranking (``review.selectors.ranking.ranking_data``); the
PDFs are drawn in ``review.documents.pdfs``. No text here ever holds an ID number
or a phone number: the data classes have no field for them.
"""

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from review.aggregation import Rules

# --- Input data -------------------------------------------------------------------


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


@dataclass(frozen=True)
class ExpertSheetRow:
    """One counted score sheet: points in the order of the rubric's dimensions."""

    name: str
    unit_name: str
    points: tuple[Decimal | None, ...]
    total: Decimal
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
    """Return an aware datetime as local ``2021-06-01 10:00``, or an empty text."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


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


# --- The score workbook -----------------------------------------------------------

# Text that a spreadsheet could read as a formula (OWASP "CSV injection"), as in
# nominations.documents.sheets.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters Excel forbids in a sheet name, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT = 31

_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="center", wrap_text=True)
ONE_DECIMAL, TWO_DECIMALS = "0.0", "0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

SUMMARY_TITLE = gettext_lazy("汇总")
CONFLICTS_TITLE = gettext_lazy("回避")
RECUSED = gettext_lazy("回避")


class _Sheet:
    """Append rows of cells to a write-only sheet, text made safe for a spreadsheet."""

    def __init__(self, ws):
        self.ws = ws

    def cell(self, value, *, font=None, fill=None, alignment=None, number_format=None):
        cell = WriteOnlyCell(self.ws)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value == "":
            value = None
        cell.value = value
        if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
            # Stored as text, shown without the apostrophe Excel's quote prefix stands for.
            cell.data_type = "s"
            cell.quotePrefix = True
        if isinstance(value, datetime):
            cell.number_format = DATETIME_FORMAT
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment
        if number_format is not None and value is not None:
            cell.number_format = number_format
        return cell

    def header(self, texts: Sequence[str]) -> None:
        self.ws.append(
            [self.cell(str(t), font=_BOLD, fill=_HEADER_FILL, alignment=_CENTER) for t in texts]
        )

    def widths(self, widths: Sequence[float]) -> None:
        for index, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width


def _naive_local(value: datetime | None) -> datetime | None:
    # A workbook has no time zones: the local wall-clock time is what people read.
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def _clean_sheet_name(name: str) -> str:
    name = _SHEET_FORBIDDEN.sub("", name).strip().strip("'").strip()
    return name[:SHEET_NAME_LIMIT]


def sheet_names(names: Sequence[str], *, taken: Sequence[str] = ()) -> list[str]:
    """Return a valid, distinct sheet name for each name, in order.

    Excel forbids ``[]:*?/\\`` and names over 31 characters, ignores case when it
    compares names, and reserves "History"; a repeated name gets （2）, （3）….
    """
    used = {t.casefold() for t in (*taken, "History")}
    result = []
    for name in names:
        base = _clean_sheet_name(name) or _("专家")
        candidate, count = base, 1
        while candidate.casefold() in used:
            count += 1
            suffix = f"（{count}）"
            candidate = base[: SHEET_NAME_LIMIT - len(suffix)] + suffix
        used.add(candidate.casefold())
        result.append(candidate)
    return result


def _points_text(value: Decimal) -> str:
    """Return points without a trailing ".0": 30, 7.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return _("是") if value else _("否")


def build_score_workbook(data: ScoreWorkbookData) -> bytes:
    """Return the score workbook: the summary, one sheet per expert, and the conflicts.

    The summary ("汇总") has a title, a line with the ranking method and the time,
    the column headers in row 3, then one row per candidate in ranking order.
    """
    wb = Workbook(write_only=True)
    summary_title, conflicts_title = str(SUMMARY_TITLE), str(CONFLICTS_TITLE)
    titles = dict(
        zip(
            (e.expert_id for e in data.experts),
            sheet_names([e.name for e in data.experts], taken=(summary_title, conflicts_title)),
            strict=True,
        )
    )
    _write_summary(wb.create_sheet(summary_title), data, titles)
    for expert_sheet in data.expert_sheets:
        _write_expert_sheet(wb.create_sheet(titles[expert_sheet.expert_id]), data, expert_sheet)
    _write_conflicts(wb.create_sheet(conflicts_title), data.conflicts)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_headers(data: ScoreWorkbookData, titles: Mapping[int, str]) -> list[str]:
    headers = [_("排名"), _("姓名"), _("推荐单位")]
    headers += [titles[e.expert_id] for e in data.experts]
    headers += [
        _("有效评分数"),
        _("平均分"),
        _("去掉最高分和最低分后的平均分"),
        _("标准差"),
        _("极差"),
        _("意见分歧"),
    ]
    if data.show_normalised:
        headers.append(_("标准化得分（仅供参考）"))
    headers += [_("名单"), _("调整理由")]
    return headers


def _write_summary(ws, data: ScoreWorkbookData, titles: Mapping[int, str]) -> None:
    sheet = _Sheet(ws)
    headers = summary_headers(data, titles)
    experts = len(data.experts)
    normalised = [12] if data.show_normalised else []
    sheet.widths([6, 10, 24, *([9] * experts), 8, 9, 12, 9, 9, 8, *normalised, 10, 40])
    last = get_column_letter(len(headers))
    ws.freeze_panes = "D4"
    title = _("%(year)s年“龙江工匠”评审得分汇总") % {"year": data.year}
    ws.append([sheet.cell(title, font=_TITLE)])
    ws.merged_cells.add(f"A1:{last}1")
    info = _("排名依据：%(method)s；回避的专家不计分，标注“回避”；生成时间：%(time)s") % {
        "method": method_label(data.method),
        "time": local_time(data.generated_at),
    }
    ws.append([sheet.cell(info)])
    ws.merged_cells.add(f"A2:{last}2")
    sheet.header(headers)
    recused = str(RECUSED)
    for row in data.rows:
        cells = [sheet.cell(row.rank), sheet.cell(row.name), sheet.cell(row.unit_name)]
        for expert in data.experts:
            if expert.expert_id in row.recused:
                cells.append(sheet.cell(recused, alignment=_CENTER))
            else:
                cells.append(
                    sheet.cell(row.totals.get(expert.expert_id), number_format=ONE_DECIMAL)
                )
        cells += [
            sheet.cell(row.n),
            sheet.cell(row.mean, number_format=TWO_DECIMALS),
            sheet.cell(row.trimmed_mean, number_format=TWO_DECIMALS),
            sheet.cell(row.std_dev, number_format=TWO_DECIMALS),
            sheet.cell(row.spread, number_format=ONE_DECIMAL),
            sheet.cell(_("是") if row.disagreement else ""),
        ]
        if data.show_normalised:
            cells.append(sheet.cell(row.normalised, number_format=TWO_DECIMALS))
        label = MEMBERSHIP_LABELS.get(row.membership)
        cells += [
            sheet.cell(str(label) if label else ""),
            sheet.cell(row.move_reason, alignment=_WRAP),
        ]
        ws.append(cells)


def _write_expert_sheet(ws, data: ScoreWorkbookData, expert_sheet: ExpertSheet) -> None:
    sheet = _Sheet(ws)
    dimensions = [
        _("%(name)s（%(max)s分）") % {"name": d.name, "max": _points_text(d.max_points)}
        for d in data.dimensions
    ]
    sheet.widths([10, 24, *([12] * len(dimensions)), 8, 9, 17])
    ws.freeze_panes = "C2"
    sheet.header([_("姓名"), _("推荐单位"), *dimensions, _("总分"), _("是否推荐"), _("提交时间")])
    for row in expert_sheet.rows:
        ws.append(
            [
                sheet.cell(row.name),
                sheet.cell(row.unit_name),
                *(sheet.cell(points, number_format=ONE_DECIMAL) for points in row.points),
                sheet.cell(row.total, number_format=ONE_DECIMAL),
                sheet.cell(_yes_no(row.recommend)),
                sheet.cell(_naive_local(row.submitted_at)),
            ]
        )


def _write_conflicts(ws, conflicts: Sequence[ConflictRow]) -> None:
    sheet = _Sheet(ws)
    sheet.widths([10, 10, 24, 16, 10, 30, 12, 30, 10, 17])
    ws.freeze_panes = "A2"
    sheet.header(
        [
            _("专家"),
            _("人选"),
            _("推荐单位"),
            _("关系"),
            _("来源"),
            _("说明"),
            _("状态"),
            _("确认或排除理由"),
            _("处理人"),
            _("处理时间"),
        ]
    )
    for row in conflicts:
        ws.append(
            [
                sheet.cell(row.expert_name),
                sheet.cell(row.nominee_name),
                sheet.cell(row.unit_name),
                sheet.cell(row.kind),
                sheet.cell(row.source),
                sheet.cell(row.note, alignment=_WRAP),
                sheet.cell(row.status),
                sheet.cell(row.reason, alignment=_WRAP),
                sheet.cell(row.decided_by),
                sheet.cell(_naive_local(row.decided_at)),
            ]
        )
