"""The register workbook (往届龙江工匠名录): the blank template staff fill in, or a filled one.

Written in write-only mode; every text cell is stored as a string, so a name or
deeds text starting with "=" never becomes a formula. The ID number column is
formatted as text in the empty rows too: typed into a General cell, an 18-digit
number would lose its last digits.
"""

import io
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill

_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")
_WIDTHS = (8, 10, 30, 22, 26, 18, 48, 22)
# Empty rows of the template that carry the text format of their cells.
TEMPLATE_ROWS = 300


def _cell(ws, value, *, bold=False, text=False) -> WriteOnlyCell:
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    if text:
        cell.number_format = "@"
    return cell


def build_register_workbook(
    *,
    headers: Sequence[str],
    rows: Sequence[Sequence] = (),
    units: Sequence[tuple[str, str]],
    industries: Sequence[tuple[str, str]],
    max_rows: int,
    first_year: int,
) -> bytes:
    """Return the register workbook: the headers, ``rows`` (if any), and a sheet of instructions.

    ``units`` are (code, name) of the recommending units; ``industries`` (code, label)
    of the industry sections. The last column, the ID number, is text.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("往届龙江工匠名录"))
    for index, width in enumerate(_WIDTHS[: len(headers)]):
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, str(header), bold=True) for header in headers])
    last = len(headers) - 1
    for row in rows:
        ws.append([_cell(ws, value, text=index in (last, 0)) for index, value in enumerate(row)])
    for _row in range(max(0, TEMPLATE_ROWS - len(rows))):
        ws.append([None] * last + [_cell(ws, None, text=True)])

    notes = wb.create_sheet(_("填写说明"))
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 70
    lines = [
        (_("填写说明"), "", True),
        (
            _("年度"),
            _("必填，获评“龙江工匠”的年度（%(first)d年至今）。") % {"first": first_year},
            False,
        ),
        (_("姓名"), _("必填。"), False),
        (_("工作单位"), _("必填，填写获评时的单位全称。"), False),
        (_("推荐单位"), _("选填，填写下方所列单位名称或单位代码。"), False),
        (_("所属行业"), _("选填，填写下方所列行业门类名称或代码（A至T）。"), False),
        (_("职务/岗位/工种"), _("选填。"), False),
        (_("简要事迹"), _("选填，不超过600字。"), False),
        (
            _("公民身份号码"),
            _(
                "选填，18位，单元格须为文本格式。填写后用于准确识别再次被推荐的人员；系统加密保存，页面只显示部分号码。"
            ),
            False,
        ),
        (
            _(
                "同一年度同一公民身份号码（未填号码时为同一姓名和工作单位）的人员只导入一次；重复上传同一文件不会重复导入。"
            ),
            "",
            False,
        ),
        (_("一次最多导入%(n)d行。") % {"n": max_rows}, "", False),
        ("", "", False),
        (_("行业代码"), _("行业门类"), True),
        *((code, label, False) for code, label in industries),
        ("", "", False),
        (_("单位代码"), _("单位名称"), True),
        *((code, name, False) for code, name in units),
    ]
    for first, second, bold in lines:
        notes.append([_cell(notes, first, bold=bold), _cell(notes, second, bold=bold)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
