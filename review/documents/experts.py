"""The expert list workbook: the blank template staff fill in, and reading it back.

With ``documents_lists`` (the score workbook) and ``documents_pdfs`` (the list
PDFs), one of the app's modules that build documents. Reading an uploaded workbook is safe
only with defusedxml installed: openpyxl then parses the sheets with defusedxml's
``iterparse`` (and lxml, when present, with entity resolution switched off), which
refuses entity-expansion bombs and external entities. ``openpyxl.DEFUSEDXML`` says
whether it found defusedxml; the reader refuses to run without it.
"""

import io
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import defusedxml  # noqa: F401  (imported so that a missing package fails at import)
import openpyxl
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from longjiang.exceptions import DomainError

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
# Shorter headers people type instead of the template's (normalised, see _header_key).
HEADER_ALIASES = {"所属市(地)或产业工会": "unit", "单位统一社会信用代码": "employer_credit_code"}
SHEET_TITLE = gettext_lazy("专家名单")
MAX_ROWS = 500

_HEADER_FILL = PatternFill("solid", fgColor="E7E6E6")


class WorkbookError(DomainError):
    default_message = gettext_lazy("无法读取该文件，请使用专家名单模板填写后以 .xlsx 格式上传。")


@dataclass(frozen=True)
class SheetRow:
    """One data row of the uploaded sheet: its row number in Excel and its cells by key."""

    number: int
    cells: dict[str, str]


def _header_key(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def _headers_by_key() -> dict[str, str]:
    """Map each accepted (normalised) header, in Chinese and the active language, to its key."""
    headers = dict(HEADER_ALIASES)
    for key, header in EXPERT_COLUMNS:
        headers[_header_key(header)] = key
        # The Chinese source text is accepted whatever language the page is in.
        with translation.override(None):
            headers[_header_key(header)] = key
    return headers


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


def _text(value) -> str:
    """Return a cell's value as the text a person typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).strip()


def read_expert_rows(content: bytes) -> list[SheetRow]:
    """Return the filled-in rows of an uploaded expert list, by column key.

    The first sheet is read; its first row holds the headers, matched by text
    (spaces and full- or half-width brackets do not matter). Empty rows are
    skipped. Raise ``WorkbookError`` for a file that is not a readable workbook,
    lacks a required column, holds no rows, or holds more than ``MAX_ROWS``.
    """
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml must be installed before reading uploaded workbooks.")
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise WorkbookError from exc
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        known = _headers_by_key()
        positions: dict[str, int] = {}
        for index, text in enumerate(header):
            key = known.get(_header_key(text))
            if key is not None and key not in positions:
                positions[key] = index
        missing = [
            str(header)
            for key, header in EXPERT_COLUMNS
            if key in REQUIRED_COLUMNS and key not in positions
        ]
        if missing:
            raise WorkbookError(
                _("第1行缺少以下列：%(columns)s。请使用专家名单模板。")
                % {"columns": "、".join(missing)}
            )
        result: list[SheetRow] = []
        for number, values in enumerate(rows, start=2):
            cells = {
                key: _text(values[index]) if index < len(values) else ""
                for key, index in positions.items()
            }
            if not any(cells.values()):
                continue
            if len(result) == MAX_ROWS:
                raise WorkbookError(_("一次最多导入%(n)d行，请分批导入。") % {"n": MAX_ROWS})
            result.append(SheetRow(number=number, cells=cells))
    finally:
        wb.close()
    if not result:
        raise WorkbookError(_("文件中没有可导入的专家。"))
    return result
