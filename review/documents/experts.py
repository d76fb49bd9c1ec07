"""The expert list workbook: the blank template staff fill in, and reading it back.

With ``documents_lists`` (the score workbook) and ``documents_pdfs`` (the list
PDFs), one of the app's modules that build documents. The upload is read by the
platform's safe reader (``longjiang.workbooks``: defusedxml, read-only).
"""

import io

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from longjiang import workbooks
from longjiang.workbooks import SheetRow

__all__ = ["SheetRow", "WorkbookError", "build_expert_template", "read_expert_rows"]

# The template's columns in order: (key, header). The import reads them by header.
EXPERT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", gettext_lazy("姓名")),
    ("employer_name", gettext_lazy("工作单位")),
    ("employer_credit_code", gettext_lazy("统一社会信用代码")),
    ("unit", gettext_lazy("所属市（地）或产业工会（单位代码或名称）")),
    ("specialty", gettext_lazy("专业领域")),
    ("title", gettext_lazy("职称或荣誉")),
    ("username", gettext_lazy("用户名")),
    ("email", gettext_lazy("电子邮箱")),
)
REQUIRED_COLUMNS = ("name", "employer_name", "specialty")
# Shorter headers people type instead of the template's (folded by workbooks.header_key).
HEADER_ALIASES = {"所属市(地)或产业工会": "unit", "单位统一社会信用代码": "employer_credit_code"}
SHEET_TITLE = gettext_lazy("专家名单")
MAX_ROWS = 500

_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")


class WorkbookError(workbooks.WorkbookError):
    default_message = gettext_lazy("无法读取该文件，请使用专家名单模板填写后以 .xlsx 格式上传。")


def build_expert_template(*, specialties: list[str], units: list[tuple[str, str]]) -> bytes:
    """Return the blank expert list with a sheet of instructions and the valid values.

    ``specialties`` are the labels of the industry groups; ``units`` are (code, name)
    of the recommending units an expert may belong to.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = str(SHEET_TITLE)
    ws.append([str(header) for _key, header in EXPERT_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for letter, width in zip("ABCDEFGH", (12, 32, 22, 26, 18, 20, 16, 28), strict=True):
        ws.column_dimensions[letter].width = width
        # Credit codes and user names are text, never numbers or dates.
        for row in range(2, MAX_ROWS + 2):
            ws[f"{letter}{row}"].number_format = "@"
    ws.freeze_panes = "A2"

    notes = wb.create_sheet(_("填写说明"))
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 60
    lines = [
        (_("填写说明"), ""),
        (_("姓名"), _("必填。")),
        (_("工作单位"), _("必填，填写单位全称。")),
        (_("统一社会信用代码"), _("选填，18位；用于提示同一单位的回避关系。")),
        (
            _("所属市（地）或产业工会"),
            _("选填，填写下方所列单位代码或单位名称。"),
        ),
        (_("专业领域"), _("必填，填写下方所列专业领域之一。")),
        (_("职称或荣誉"), _("选填。")),
        (
            _("用户名"),
            _("选填，3至150位字母、数字或 _ . @ + - 符号；不填则自动生成。"),
        ),
        (
            _("电子邮箱"),
            _("建议填写。系统向此邮箱发送设置密码链接；不填则需补充邮箱后再发送。"),
        ),
        (_("一次最多导入%(n)d行。") % {"n": MAX_ROWS}, ""),
        ("", ""),
        (_("专业领域"), ""),
        *((specialty, "") for specialty in specialties),
        ("", ""),
        (_("单位代码"), _("单位名称")),
        *units,
    ]
    for line in lines:
        notes.append(list(line))
    for row in (1, 12, 14 + len(specialties)):
        notes[f"A{row}"].font = Font(bold=True)
        notes[f"B{row}"].font = Font(bold=True)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_expert_rows(content: bytes) -> list[SheetRow]:
    """Return the filled-in rows of an uploaded expert list, by column key.

    Raise ``WorkbookError`` for a file that is not a readable workbook, lacks a
    required column, holds no rows, or holds more than ``MAX_ROWS``.
    """
    return workbooks.read_rows(
        content,
        columns=EXPERT_COLUMNS,
        required=REQUIRED_COLUMNS,
        aliases=HEADER_ALIASES,
        template=_("专家名单模板"),
        empty_message=_("文件中没有可导入的专家。"),
        max_rows=MAX_ROWS,
        error=WorkbookError,
    )
