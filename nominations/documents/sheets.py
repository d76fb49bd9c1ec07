"""Attachment 2 (推荐人选汇总表) and the first-check summary as xlsx (openpyxl write-only)."""

import io
import re
from collections.abc import Sequence
from copy import copy
from operator import attrgetter

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.worksheet import Worksheet

from nominations.documents.data import (
    BRIEF_DEEDS_LIMIT,
    SUMMARY_COLUMNS,
    UNIT_COLUMN,
    CheckSummaryData,
    Column,
    SummaryData,
    long_date,
    truncate,
)

# --- Spreadsheets -----------------------------------------------------------------

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
# Text that a spreadsheet could read as a formula (OWASP "CSV injection").
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A formula-like text at the start of any value of a row joined with newlines.
_FORMULA_LIKE = re.compile("\n[=+\\-@\t\r]")


def _formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(_FORMULA_PREFIXES)


class _CellStyles:
    """Make styled cells from cached templates: building styles per cell would be slow."""

    def __init__(self, ws):
        self.ws = ws
        self._templates: dict = {}

    def template(
        self,
        *,
        bold=False,
        size=10,
        fill=False,
        border=True,
        wrap=False,
        horizontal="left",
        quote=False,
        plain=False,
    ) -> WriteOnlyCell:
        """Return a cell to copy the style from; ``plain`` keeps the default font and
        alignment, as for the unstyled cells of a summary row."""
        key = (bold, size, fill, border, wrap, horizontal, quote, plain)
        template = self._templates.get(key)
        if template is None:
            template = WriteOnlyCell(self.ws)
            if plain:
                template.alignment = Alignment(wrap_text=wrap)
            else:
                template.font = Font(name="宋体", size=size, bold=bold)
                template.alignment = Alignment(
                    horizontal=horizontal, vertical="center", wrap_text=wrap
                )
            if border:
                template.border = _BORDER
            if fill:
                template.fill = _HEADER_FILL
            # Excel's own mark of text typed with a leading apostrophe: shown without
            # it, and kept as text when the cell is edited.
            template.quotePrefix = quote
            self._templates[key] = template
        return template

    def cell(self, value, **style) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.ws)
        cell._style = copy(self.template(quote=_formula_like(value), **style)._style)
        _set_value(cell, value)
        return cell


def _set_value(cell, value) -> None:
    """Set a cell's value; formula-like text is stored as a string, never as a formula."""
    try:
        cell.value = value
    except IllegalCharacterError:
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if _formula_like(value):
        cell.data_type = "s"


def _page_setup(ws, *, landscape: bool, a3: bool, title_rows: str | None) -> None:
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A3 if a3 else Worksheet.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    if title_rows:
        ws.print_title_rows = title_rows


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def summary_columns(province_wide: bool) -> tuple[Column, ...]:
    return (UNIT_COLUMN, *SUMMARY_COLUMNS) if province_wide else SUMMARY_COLUMNS


def build_summary_xlsx(sheet: SummaryData) -> bytes:
    """Return Attachment 2 (推荐人选汇总表) as an xlsx workbook written in write-only mode.

    Rows 1–3 hold the title and header block, row 4 the column headers (repeated
    on every printed page), then one row per nominee in the given order.
    """
    columns = summary_columns(sheet.province_wide)
    ncols = len(columns)
    last = get_column_letter(ncols)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("推荐人选汇总表"))
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    _page_setup(ws, landscape=True, a3=sheet.province_wide, title_rows="4:4")
    ws.freeze_panes = "A5"
    ws.row_dimensions[1].height = 32
    styles = _CellStyles(ws)

    title = _("%(year)s年“龙江工匠”推荐人选汇总表") % {"year": sheet.year}
    ws.append([styles.cell(title, bold=True, size=16, border=False, horizontal="center")])
    ws.merged_cells.add(f"A1:{last}1")
    # Header block: items placed at fixed fractions of the width, each merged to the next.
    split = [1, ncols * 5 // 14 + 1, ncols * 9 // 14 + 1]
    items = [
        [
            _("推荐单位（盖章）：%(unit)s") % {"unit": sheet.unit_name},
            _("填报日期：%(date)s") % {"date": long_date(sheet.filled_on)},
        ],
        [
            _("填报人：%(name)s") % {"name": sheet.clerk_name},
            _("联系电话：%(phone)s") % {"phone": sheet.clerk_phone},
            _("本单位推荐人数：%(count)s") % {"count": len(sheet.rows)},
        ],
    ]
    for row_number, texts in enumerate(items, start=2):
        starts = [1, split[2]] if len(texts) == 2 else split
        row = [None] * ncols
        for position, (start, text) in enumerate(zip(starts, texts, strict=True)):
            end = starts[position + 1] - 1 if position + 1 < len(starts) else ncols
            row[start - 1] = styles.cell(text, size=11, border=False)
            if end > start:
                ws.merged_cells.add(
                    f"{get_column_letter(start)}{row_number}:{get_column_letter(end)}{row_number}"
                )
        ws.append(row)
    ws.append(
        [
            styles.cell(str(c.header), bold=True, fill=True, wrap=True, horizontal="center")
            for c in columns
        ]
    )
    _write_summary_rows(ws, styles, columns, sheet.rows)
    # Borders for the table as one conditional format instead of a style on each of
    # thousands of cells, which would triple the time to write a province's sheet.
    ws.conditional_formatting.add(
        f"A4:{last}{4 + len(sheet.rows)}",
        FormulaRule(formula=["TRUE"], border=_BORDER),
    )
    return _save(wb)


def _write_summary_rows(ws, styles: _CellStyles, columns: Sequence[Column], rows) -> None:
    """Append the nominees' rows: plain values, styled cells only where needed.

    A province's sheet has tens of thousands of cells, so the loop is lean: only
    the long-text columns carry a style (wrap text), through one cell per column
    reused row after row (``ws.append`` writes the row out at once); each row's
    texts are checked in one pass for characters a workbook cannot hold and for
    formula-like text, which then gets a quoted cell of its own.
    """
    values_of = attrgetter(*(c.key for c in columns))
    brief = [c.key for c in columns].index("brief_deeds")
    template = styles.template(border=False, wrap=True, plain=True)
    wrapped = [(i, _clone(ws, template)) for i, column in enumerate(columns) if column.wrap]
    wrapped_indexes = {i for i, _cell in wrapped}
    for entry in rows:
        # Empty texts become None: a cell that is not written costs nothing.
        values = [value if value != "" else None for value in values_of(entry)]
        if values[brief]:
            values[brief] = truncate(values[brief], BRIEF_DEEDS_LIMIT)
        joined = "\n" + "\n".join(map(str, values))
        if ILLEGAL_CHARACTERS_RE.search(joined):
            values = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in values]
        quoted = set()
        if _FORMULA_LIKE.search(joined):
            for index, value in enumerate(values):
                if _formula_like(value):
                    wrap = index in wrapped_indexes
                    quoted_template = styles.template(
                        border=False, wrap=wrap, quote=True, plain=True
                    )
                    values[index] = _clone(ws, quoted_template)
                    _set_value(values[index], value)
                    quoted.add(index)
        for index, cell in wrapped:
            value = values[index]
            if value is not None and index not in quoted:
                # The text is already checked above; binding it again through
                # ``cell.value`` would repeat those checks for every cell.
                cell._value, cell.data_type = str(value), "s"
                values[index] = cell
        ws.append(values)


def _clone(ws, template: WriteOnlyCell) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws)
    cell._style = copy(template._style)
    return cell


CHECK_UNIT_HEADERS = (
    gettext_lazy("纸质材料已收到"),
    gettext_lazy("纸质材料未收到"),
    gettext_lazy("纸质材料逾期收到"),
)


def build_check_workbook(data: CheckSummaryData) -> bytes:
    """Return the first-check summary: counts per unit, and the missing paper copies."""
    wb = Workbook(write_only=True)

    ws = wb.create_sheet(_("按单位统计"))
    headers = [_("推荐单位"), *data.status_headers, _("合计"), *map(str, CHECK_UNIT_HEADERS)]
    ncols = len(headers)
    ws.column_dimensions["A"].width = 28
    for index in range(2, ncols + 1):
        ws.column_dimensions[get_column_letter(index)].width = 11
    _page_setup(ws, landscape=True, a3=False, title_rows="3:3")
    styles = _CellStyles(ws)
    title = _("%(year)s年“龙江工匠”初审情况汇总") % {"year": data.year}
    ws.append([styles.cell(title, bold=True, size=14, border=False, horizontal="center")])
    ws.merged_cells.add(f"A1:{get_column_letter(ncols)}1")
    generated = _("统计日期：%(date)s") % {"date": long_date(data.generated_on)}
    ws.append([styles.cell(generated, border=False)])
    ws.merged_cells.add(f"A2:{get_column_letter(ncols)}2")
    ws.append(
        [styles.cell(h, bold=True, fill=True, wrap=True, horizontal="center") for h in headers]
    )
    totals = [0] * (ncols - 1)
    for unit in data.units:
        numbers = [
            *unit.counts,
            sum(unit.counts),
            unit.paper_received,
            unit.paper_missing,
            unit.paper_late,
        ]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        ws.append(
            [styles.cell(unit.unit_name), *(styles.cell(n, horizontal="center") for n in numbers)]
        )
    ws.append(
        [
            styles.cell(_("合计"), bold=True),
            *(styles.cell(n, bold=True, horizontal="center") for n in totals),
        ]
    )

    ws = wb.create_sheet(_("纸质材料未收齐"))
    headers = [_("推荐单位"), _("推荐排序"), _("姓名"), _("状态"), _("情况")]
    for letter, width in zip("ABCDE", (28, 9, 12, 12, 40), strict=True):
        ws.column_dimensions[letter].width = width
    _page_setup(ws, landscape=False, a3=False, title_rows="1:1")
    styles = _CellStyles(ws)
    ws.append([styles.cell(h, bold=True, fill=True, horizontal="center") for h in headers])
    for row in data.missing_paper:
        ws.append(
            [
                styles.cell(row.unit_name),
                styles.cell(row.rank, horizontal="center"),
                styles.cell(row.name),
                styles.cell(row.status, horizontal="center"),
                styles.cell(row.note, wrap=True),
            ]
        )
    return _save(wb)
