"""The score workbook (评审得分汇总表): the summary, one sheet per expert, the conflicts.

A pure builder over ``review.documents.data``: no database, bytes out, openpyxl in
write-only mode. At 1,000 candidates × 15 experts it writes some 175,000 cells,
so the loops are lean (see ``_Rows``).
"""

import io
import re
from collections.abc import Mapping, Sequence
from copy import copy
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from review.documents.data import (
    MEMBERSHIP_LABELS,
    ConflictRow,
    ExpertSheet,
    ScoreWorkbookData,
    local_time,
    method_label,
)

# Text that a spreadsheet could read as a formula (OWASP "CSV injection"), as in
# nominations.documents.sheets.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# Characters Excel forbids in a sheet name, and its length limit.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LIMIT = 31

ONE_DECIMAL, TWO_DECIMALS = "0.0", "0.00"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"

SUMMARY_TITLE = gettext_lazy("汇总")
CONFLICTS_TITLE = gettext_lazy("回避")
RECUSED = gettext_lazy("回避")

# The styles of the workbook, by name: (font, fill, alignment, number format).
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(vertical="center", wrap_text=True)
STYLES = {
    "title": (Font(bold=True, size=14), None, None, None),
    "header": (Font(bold=True), PatternFill("solid", fgColor="E7E6E6"), _CENTER, None),
    "center": (None, None, _CENTER, None),
    "wrap": (None, None, _WRAP, None),
    "one": (None, None, None, ONE_DECIMAL),
    "two": (None, None, None, TWO_DECIMALS),
    "datetime": (None, None, None, DATETIME_FORMAT),
}


class _ColumnCell(Cell):
    """A styled cell that carries one column's values, row after row.

    Two costs of openpyxl's write-only ``append`` fall on every styled cell: the
    cell is first tried as a value, which formats the cell's repr into an error
    that is then caught, and its style is looked up again in the workbook's table
    of styles. This cell's repr is constant and its style is looked up once.
    """

    __slots__ = ("_style_id",)

    def __init__(self, ws, style_array):
        super().__init__(ws, row=1, column=1, style_array=style_array)
        self._style_id = None

    def __repr__(self) -> str:
        return "<_ColumnCell>"

    @property
    def style_id(self) -> int:
        if self._style_id is None:
            self._style_id = super().style_id
        return self._style_id


_NUMBERS = (int, float, Decimal)


def _values_to_row(ws):
    """Return a cheaper stand-in for the write-only sheet's ``_values_to_row``.

    openpyxl binds every value through type inference, tries a ready cell as a
    value first (a failed bind, an exception, a fresh blank cell), and checks each
    cell for a hyperlink. Here numbers are bound directly (a decimal as the float
    that openpyxl's "%.16g" would format anyway, so the XML is the same), ready
    cells are passed through, and everything else is bound as openpyxl binds it.
    None of this workbook's cells has a hyperlink.
    """

    def values_to_row(values, row_idx):
        cell = WriteOnlyCell(ws)
        for col_idx, value in enumerate(values, 1):
            if value is None:
                continue
            kind = value.__class__
            if kind in _NUMBERS:
                cell._value = float(value) if kind is Decimal else value
                cell.data_type = "n"
            elif isinstance(value, Cell):
                value.column = col_idx
                value.row = row_idx
                yield value
                continue
            else:
                cell.value = value
            cell.column = col_idx
            cell.row = row_idx
            yield cell
            # A bound date gets a number format: the next value needs a blank cell.
            if cell.has_style:
                cell = WriteOnlyCell(ws)

    return values_to_row


def _create_sheet(wb, title: str):
    ws = wb.create_sheet(title)
    ws._values_to_row = _values_to_row(ws)
    return ws


class _Styles:
    """The workbook's styles, each built once and copied onto the cells that use it.

    Building fonts and alignments for every cell, and assigning them one by one,
    made the first version of this workbook 3.4× slower than writing bare values.
    """

    def __init__(self):
        self._arrays: dict[tuple[str | None, bool], object] = {}

    def column_cell(self, ws, style: str) -> _ColumnCell:
        """Return a cell of ``ws`` in the named style, to carry one column's values."""
        return _ColumnCell(ws, self._array(ws, style, quoted=False))

    def cell(self, ws, value, style: str | None, *, quoted: bool = False) -> Cell:
        """Return a new cell of ``ws`` holding ``value`` (already safe) in the named style."""
        cell = WriteOnlyCell(ws, value)
        cell._style = copy(self._array(ws, style, quoted=quoted))
        if quoted:
            cell.data_type = "s"
        return cell

    def _array(self, ws, style: str | None, *, quoted: bool):
        key = (style, quoted)
        array = self._arrays.get(key)
        if array is None:
            template = WriteOnlyCell(ws)
            if style is not None:
                font, fill, alignment, number_format = STYLES[style]
                if font is not None:
                    template.font = font
                if fill is not None:
                    template.fill = fill
                if alignment is not None:
                    template.alignment = alignment
                if number_format is not None:
                    template.number_format = number_format
            # Excel's own mark of text typed with a leading apostrophe: shown without
            # it, and kept as text when the cell is edited.
            template.quotePrefix = quoted
            array = self._arrays[key] = template._style
        return array


class _Rows:
    """Append rows to a write-only sheet, each column in its style (None: no style).

    Most of the workbook's cells are numbers, so the loop is lean. A styled column
    gets one cell, reused row after row: ``ws.append`` writes the row out before it
    returns, so the cell is free again for the next row. Text is made safe once per
    distinct text (names and units repeat on every sheet): characters a workbook
    cannot hold are removed, and formula-like text gets a quoted cell of its own.
    """

    def __init__(self, ws, styles: _Styles, columns: Sequence[str | None]):
        self.ws = ws
        self.styles = styles
        self.columns = list(columns)
        self.styled = [
            (index, styles.column_cell(ws, style)) for index, style in enumerate(columns) if style
        ]
        self._texts: dict[str, str | None] = {}

    def _text(self, value: str, index: int):
        if value in self._texts:
            safe = self._texts[value]
        else:
            clean = ILLEGAL_CHARACTERS_RE.sub("", value)
            safe = self._texts[value] = None if clean.startswith(_FORMULA_PREFIXES) else clean
        if safe is None:
            clean = ILLEGAL_CHARACTERS_RE.sub("", value)
            return self.styles.cell(self.ws, clean, self.columns[index], quoted=True)
        return safe or None

    def append(self, values: Sequence) -> None:
        row = list(values)
        for index, value in enumerate(row):
            if value.__class__ is str:
                row[index] = self._text(value, index)
        for index, cell in self.styled:
            value = row[index]
            if value is not None and not isinstance(value, Cell):
                if value.__class__ in _NUMBERS:
                    cell._value = float(value) if value.__class__ is Decimal else value
                    cell.data_type = "n"
                else:
                    cell.value = value
                row[index] = cell
        self.ws.append(row)


def _widths(ws, widths: Sequence[float]) -> None:
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width


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


def _local_naive(values: Sequence[datetime | None]) -> list[datetime | None]:
    # A workbook has no time zones: the local wall-clock time is what people read.
    zone = timezone.get_current_timezone()
    return [v.astimezone(zone).replace(tzinfo=None) if v is not None else None for v in values]


def _header(ws, styles: _Styles, texts: Sequence[str]) -> None:
    _Rows(ws, styles, ["header"] * len(texts)).append([str(t) for t in texts])


def build_score_workbook(data: ScoreWorkbookData) -> bytes:
    """Return the score workbook: the summary, one sheet per expert, and the conflicts.

    The summary ("汇总") has a title, a line with the ranking method and the time,
    the column headers in row 3, then one row per candidate in ranking order.
    """
    wb = Workbook(write_only=True)
    styles = _Styles()
    summary_title, conflicts_title = str(SUMMARY_TITLE), str(CONFLICTS_TITLE)
    titles = dict(
        zip(
            (e.expert_id for e in data.experts),
            sheet_names([e.name for e in data.experts], taken=(summary_title, conflicts_title)),
            strict=True,
        )
    )
    _write_summary(_create_sheet(wb, summary_title), styles, data, titles)
    for expert_sheet in data.expert_sheets:
        ws = _create_sheet(wb, titles[expert_sheet.expert_id])
        _write_expert_sheet(ws, styles, data, expert_sheet)
    _write_conflicts(_create_sheet(wb, conflicts_title), styles, data.conflicts)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- The summary ------------------------------------------------------------------


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


def _write_summary(ws, styles: _Styles, data: ScoreWorkbookData, titles) -> None:
    headers = summary_headers(data, titles)
    experts = [e.expert_id for e in data.experts]
    normalised = [12] if data.show_normalised else []
    _widths(ws, [6, 10, 24, *([9] * len(experts)), 8, 9, 12, 9, 9, 8, *normalised, 10, 40])
    last = get_column_letter(len(headers))
    ws.freeze_panes = "D4"
    title = _("%(year)s年“龙江工匠”评审得分汇总") % {"year": data.year}
    _Rows(ws, styles, ["title"]).append([title])
    ws.merged_cells.add(f"A1:{last}1")
    info = _("排名依据：%(method)s；回避的专家不计分，标注“回避”；生成时间：%(time)s") % {
        "method": method_label(data.method),
        "time": local_time(data.generated_at),
    }
    _Rows(ws, styles, [None]).append([info])
    ws.merged_cells.add(f"A2:{last}2")
    _header(ws, styles, headers)
    statistics = ["two", "two", "two", "one", None, *(["two"] if data.show_normalised else [])]
    columns = [None, None, None, *(["one"] * len(experts)), None, *statistics, None, "wrap"]
    rows = _Rows(ws, styles, columns)
    recused = str(RECUSED)
    yes = _("是")
    labels = {key: str(label) for key, label in MEMBERSHIP_LABELS.items()}
    for row in data.rows:
        totals = [
            styles.cell(ws, recused, "center") if e in row.recused else row.totals.get(e)
            for e in experts
        ]
        values = [row.rank, row.name, row.unit_name, *totals, row.n]
        values += [row.mean, row.trimmed_mean, row.std_dev, row.spread]
        values.append(yes if row.disagreement else None)
        if data.show_normalised:
            values.append(row.normalised)
        values += [labels.get(row.membership), row.move_reason]
        rows.append(values)


# --- The experts' sheets ------------------------------------------------------------


def _write_expert_sheet(ws, styles: _Styles, data: ScoreWorkbookData, sheet: ExpertSheet) -> None:
    dimensions = [
        _("%(name)s（%(max)s分）") % {"name": d.name, "max": _points_text(d.max_points)}
        for d in data.dimensions
    ]
    _widths(ws, [10, 24, *([12] * len(dimensions)), 8, 9, 17])
    ws.freeze_panes = "C2"
    _header(
        ws, styles, [_("姓名"), _("推荐单位"), *dimensions, _("总分"), _("是否推荐"), _("提交时间")]
    )
    # Points are written as they are, without the summary's one-decimal format: they
    # read as the rubric's maxima do (30, 7.5), and 100,000 styled cells would make
    # the workbook half again as slow to write.
    rows = _Rows(ws, styles, [None, None, *([None] * len(dimensions)), None, None, "datetime"])
    yes_no = {True: _("是"), False: _("否"), None: None}
    submitted = _local_naive([row.submitted_at for row in sheet.rows])
    for row, submitted_at in zip(sheet.rows, submitted, strict=True):
        rows.append(
            [
                row.name,
                row.unit_name,
                *row.points,
                row.total,
                yes_no[row.recommend],
                submitted_at,
            ]
        )


# --- The conflicts ------------------------------------------------------------------


def _write_conflicts(ws, styles: _Styles, conflicts: Sequence[ConflictRow]) -> None:
    _widths(ws, [10, 10, 24, 16, 10, 30, 12, 30, 10, 17])
    ws.freeze_panes = "A2"
    _header(
        ws,
        styles,
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
        ],
    )
    rows = _Rows(ws, styles, [None, None, None, None, None, "wrap", None, "wrap", None, "datetime"])
    decided = _local_naive([row.decided_at for row in conflicts])
    for row, decided_at in zip(conflicts, decided, strict=True):
        rows.append(
            [
                row.expert_name,
                row.nominee_name,
                row.unit_name,
                row.kind,
                row.source,
                row.note,
                row.status,
                row.reason,
                row.decided_by,
                decided_at,
            ]
        )
