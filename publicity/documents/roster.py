"""The award roster (奖励发放名单) as a workbook and as a PDF for signatures.

Pure builders over ``RosterData``: the roster by recommending unit (a heading row,
the people, a 小计 row), then the 合计 in figures and in 人民币大写, then the lines
for the 经办人, 审核人 and 负责人. Each person's row leaves the 领款人签字 cell empty
for the signature. Neither document holds an ID number or a phone.

The workbook is written in openpyxl's write-only mode with the cell styles and the
formula escaping of Attachment 2 (``nominations.documents.sheets``); amounts are
numbers, dates real dates, so finance can sum and sort them. The PDF is A4
portrait in the platform's font chain, its header row repeated on every page,
numbered 第 n 页 共 m 页.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from reportlab.platypus import Table as PdfTable

from longjiang.money import format_yuan
from longjiang.pdf import BuiltPdf, font_chain
from nominations.documents.data import long_date
from nominations.documents.sheets import _CellStyles, _page_setup, _save
from publicity.selectors.roster import Roster, RosterLine
from review.documents.pdfs import CONTENT_WIDTH, HEADER_FILL, _render, _Story, _Styles

# The workbook's columns: 序号, 姓名, 工作单位, 金额, 发放状态, 发放日期, 凭证号, 领款人签字.
XLSX_WIDTHS = (6, 10, 36, 12, 10, 16, 18, 16)
# The PDF's columns: 序号, 姓名, 工作单位, 金额, 发放情况, 领款人签字 (relative widths).
PDF_WIDTHS = (10, 15, 39, 14, 35, 27)
# Room for a signature in each person's row.
SIGNATURE_ROW_HEIGHT = 11 * mm
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
AMOUNT_FORMAT = "#,##0"


@dataclass(frozen=True)
class RosterData:
    roster: Roster
    # 制表单位 and 制表日期.
    prepared_by: str
    prepared_on: date


def roster_title(year: int) -> str:
    return _("%(year)s年“龙江工匠”奖励发放名单") % {"year": year}


def status_text(line: RosterLine) -> str:
    return _("已发放") if line.paid else _("未发放")


def _subtotal_text(count: int) -> str:
    return _("小计：%(count)s人") % {"count": count}


def _total_text(count: int) -> str:
    return _("合计：%(count)s人") % {"count": count}


def capital_text(roster: Roster) -> str:
    return _("合计金额（大写）：人民币%(amount)s") % {"amount": roster.total_capital}


def signature_text() -> str:
    gap = "\u3000" * 6
    return gap.join((_("经办人："), _("审核人："), _("负责人："))) + gap


def _headers() -> list[str]:
    return [
        _("序号"),
        _("姓名"),
        _("工作单位"),
        _("奖励金额（元）"),
        _("发放状态"),
        _("发放日期"),
        _("凭证号"),
        _("领款人签字"),
    ]


# --- The workbook ---------------------------------------------------------------------


def build_roster_xlsx(data: RosterData) -> bytes:
    """Return the roster as a workbook: title, 制表 line, header (repeated in print), rows."""
    roster = data.roster
    headers = _headers()
    ncols = len(headers)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("奖励发放名单"))
    for index, width in enumerate(XLSX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _page_setup(ws, landscape=False, a3=False, title_rows="3:3")
    ws.freeze_panes = "A4"
    styles = _CellStyles(ws)
    rows: list[list] = []
    merges: list[str] = []

    def merged(row_number: int, first: int, last_col: int) -> None:
        merges.append(
            f"{get_column_letter(first)}{row_number}:{get_column_letter(last_col)}{row_number}"
        )

    title = roster_title(roster.campaign.year)
    rows.append([styles.cell(title, bold=True, size=16, border=False, horizontal="center")])
    merged(1, 1, ncols)
    prepared = [None] * ncols
    prepared[0] = styles.cell(
        _("制表单位：%(unit)s") % {"unit": data.prepared_by}, size=11, border=False
    )
    prepared[5] = styles.cell(
        _("制表日期：%(date)s") % {"date": long_date(data.prepared_on)}, size=11, border=False
    )
    rows.append(prepared)
    merged(2, 1, 5)
    merged(2, 6, ncols)
    rows.append(
        [styles.cell(h, bold=True, fill=True, wrap=True, horizontal="center") for h in headers]
    )

    def amount_cell(value: int, **style):
        cell = styles.cell(value, horizontal="right", **style)
        cell.number_format = AMOUNT_FORMAT
        return cell

    for unit in roster.units:
        rows.append([styles.cell(unit.name, bold=True)] + [styles.cell(None) for _i in headers[1:]])
        merged(len(rows), 1, ncols)
        for line in unit.lines:
            paid_on = styles.cell(line.payment.paid_on if line.paid else None, horizontal="center")
            if line.paid:
                paid_on.number_format = DATE_FORMAT
            rows.append(
                [
                    styles.cell(line.number, horizontal="center"),
                    styles.cell(line.name, horizontal="center"),
                    styles.cell(line.employer_name, wrap=True),
                    amount_cell(line.amount),
                    styles.cell(status_text(line), horizontal="center"),
                    paid_on,
                    styles.cell(line.payment.voucher if line.paid else None),
                    styles.cell(None),
                ]
            )
        rows.append(
            [
                styles.cell(None),
                styles.cell(_subtotal_text(unit.count), bold=True),
                styles.cell(None),
                amount_cell(unit.amount, bold=True),
                *[styles.cell(None) for _i in range(4)],
            ]
        )
    rows.append(
        [
            styles.cell(None),
            styles.cell(_total_text(roster.count), bold=True),
            styles.cell(None),
            amount_cell(roster.total, bold=True),
            *[styles.cell(None) for _i in range(4)],
        ]
    )
    rows.append([styles.cell(capital_text(roster), bold=True)] + [styles.cell(None)] * (ncols - 1))
    merged(len(rows), 1, ncols)
    rows.append([])
    rows.append([styles.cell(signature_text(), size=11, border=False)])
    merged(len(rows), 1, ncols)
    for row in rows:
        ws.append(row)
    for merge in merges:
        ws.merged_cells.add(merge)
    return _save(wb)


# --- The PDF --------------------------------------------------------------------------


def build_roster_pdf(data: RosterData) -> BuiltPdf:
    """Return the roster as an official-style A4 PDF with room for signatures."""
    roster = data.roster
    styles = _Styles(font_chain())
    title = roster_title(roster.campaign.year)
    story = _Story(styles, owner=title)
    s = styles
    right = ParagraphStyle("right", parent=s.small, alignment=TA_RIGHT)
    bold_head = ParagraphStyle("unit", parent=s.small, fontSize=10, leading=14)
    story.add(story.p(title, s.title), Spacer(1, 4 * mm))
    meta = PdfTable(
        [
            [
                story.p(_("制表单位：%(unit)s") % {"unit": data.prepared_by}, s.cell),
                story.p(
                    _("制表日期：%(date)s") % {"date": long_date(data.prepared_on)},
                    ParagraphStyle("meta-right", parent=s.cell, alignment=TA_RIGHT),
                ),
            ]
        ],
        colWidths=[CONTENT_WIDTH * 0.6, CONTENT_WIDTH * 0.4],
    )
    meta.setStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)])
    story.add(meta, Spacer(1, 2 * mm))

    headers = [
        _("序号"),
        _("姓名"),
        _("工作单位"),
        _("奖励金额（元）"),
        _("发放情况"),
        _("领款人签字"),
    ]
    data_rows: list[list] = [[story.p(h, s.head) for h in headers]]
    heights: list[float | None] = [None]
    commands: list[tuple] = []
    for unit in roster.units:
        row = len(data_rows)
        data_rows.append([story.p(unit.name, bold_head)] + [""] * (len(headers) - 1))
        heights.append(None)
        commands += [("SPAN", (0, row), (-1, row)), ("BACKGROUND", (0, row), (-1, row), "#F3F3F3")]
        for line in unit.lines:
            if line.paid:
                status = _("已发放 %(date)s\n凭证号：%(voucher)s") % {
                    "date": long_date(line.payment.paid_on),
                    "voucher": line.payment.voucher,
                }
            else:
                status = _("未发放")
            data_rows.append(
                [
                    story.p(str(line.number), s.center),
                    story.p(line.name, s.center, owner=line.name),
                    story.p(line.employer_name, s.small, owner=line.name),
                    story.p(format_yuan(line.amount), right),
                    story.p(status, s.small, owner=line.name),
                    "",
                ]
            )
            heights.append(SIGNATURE_ROW_HEIGHT)
        row = len(data_rows)
        data_rows.append(
            [
                "",
                story.p(_subtotal_text(unit.count), s.small),
                "",
                story.p(format_yuan(unit.amount), right),
                "",
                "",
            ]
        )
        heights.append(None)
        commands.append(("SPAN", (1, row), (2, row)))
    row = len(data_rows)
    data_rows.append(
        [
            "",
            story.p(_total_text(roster.count), s.small),
            "",
            story.p(format_yuan(roster.total), right),
            "",
            "",
        ]
    )
    heights.append(None)
    commands.append(("SPAN", (1, row), (2, row)))
    row = len(data_rows)
    data_rows.append([story.p(capital_text(roster), s.cell)] + [""] * (len(headers) - 1))
    heights.append(None)
    commands.append(("SPAN", (0, row), (-1, row)))

    scale = CONTENT_WIDTH / sum(PDF_WIDTHS)
    table = PdfTable(
        data_rows,
        colWidths=[w * scale for w in PDF_WIDTHS],
        rowHeights=heights,
        repeatRows=1,
    )
    table.setStyle(
        [
            # Empty cells would otherwise fall back to Helvetica, which is not embedded.
            ("FONTNAME", (0, 0), (-1, -1), s.chain.base_name),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *commands,
        ]
    )
    story.add(table, Spacer(1, 12 * mm))
    # 经办人, 审核人, 负责人, each with a ruled blank to sign on.
    label_width, blank_width = CONTENT_WIDTH * 0.11, CONTENT_WIDTH * 0.2233
    signatures = PdfTable(
        [
            [
                cell
                for label in (_("经办人："), _("审核人："), _("负责人："))
                for cell in (story.p(label, s.cell), "")
            ]
        ],
        colWidths=[label_width, blank_width] * 3,
    )
    signatures.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), s.chain.base_name),
            ("LINEBELOW", (1, 0), (1, 0), 0.5, colors.black),
            ("LINEBELOW", (3, 0), (3, 0), 0.5, colors.black),
            ("LINEBELOW", (5, 0), (5, 0), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ]
    )
    story.add(KeepTogether([signatures]))
    footer = title.replace("%", "%%") + "　" + _("第%(page)s页 共%(pages)s页")
    return _render(story, title=title, header="", footer=footer)
