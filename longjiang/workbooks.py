"""Reading an uploaded xlsx workbook safely: one rule for every import of the portal.

Reading is safe only with defusedxml installed: openpyxl then parses the sheets
with defusedxml's ``iterparse`` (and lxml, when present, with entity resolution
switched off), which refuses entity-expansion bombs and external entities.
``openpyxl.DEFUSEDXML`` says whether it found defusedxml; the reader refuses to
run without it. The workbook is opened read-only (streamed), only its first
sheet is read, and the upload is refused before parsing when it is not an
``.xlsx`` file or is larger than the import's limit.

A small upload may still unpack into gigabytes (a "zip bomb"): before openpyxl
opens it, the zip's directory is checked and the file refused when its parts
would unpack into more than ``MAX_UNPACKED_BYTES`` in all, any one part into more
than ``MAX_PART_BYTES``, or a large part is compressed more than ``MAX_RATIO``
times. The sizes the directory declares are binding: Python's zipfile stops at a
part's declared size and refuses it (bad CRC) when it holds more. Reading stops
after ``max_rows`` plus ``ROW_MARGIN`` rows, empty ones included (a row numbered
1000000 makes openpyxl yield every empty row before it), and at ``MAX_COLUMNS``
columns.
"""

import io
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import defusedxml  # noqa: F401  (imported so that a missing package fails at import)
import openpyxl
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from longjiang.exceptions import DomainError

# The usual limit of an uploaded list: a few thousand rows of text fit in far less.
MAX_IMPORT_BYTES = 2 * 1024 * 1024
# What an uploaded workbook may unpack into: a template with a thousand filled-in
# rows is well under 2 MB unpacked.
MAX_UNPACKED_BYTES = 20 * 1024 * 1024
MAX_PART_BYTES = 10 * 1024 * 1024
# Sheet XML compresses 5 to 20 times; a part above RATIO_FLOOR bytes compressed
# more than MAX_RATIO times is padding, not data.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024
# Rows read beyond an import's max_rows (empty rows count: they cost time too).
ROW_MARGIN = 1000
# Columns read of each row: the templates have fewer than twenty.
MAX_COLUMNS = 200


class WorkbookError(DomainError):
    default_message = gettext_lazy("无法读取该文件，请使用模板填写后以 .xlsx 格式上传。")


@dataclass(frozen=True)
class SheetRow:
    """One data row of the uploaded sheet: its row number in Excel and its cells by key."""

    number: int
    cells: dict[str, str]


def header_key(text) -> str:
    """Return a header as compared: NFKC-folded, without any whitespace."""
    return "".join(unicodedata.normalize("NFKC", str(text or "")).split())


def cell_text(value) -> str:
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


def _check_unpacked_sizes(content: bytes, template, error: type[WorkbookError]) -> None:
    """Refuse a workbook whose parts would unpack into too much (see the module's notes)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise error from exc
    total = 0
    for part in parts:
        total += part.file_size
        ratio_too_high = part.file_size > RATIO_FLOOR and part.file_size > MAX_RATIO * max(
            part.compress_size, 1
        )
        if part.file_size > MAX_PART_BYTES or total > MAX_UNPACKED_BYTES or ratio_too_high:
            raise error(
                _(
                    "该文件解压后的内容过大或压缩比异常，无法读取。"
                    "请使用%(template)s填写后以 .xlsx 格式重新上传。"
                )
                % {"template": template}
            )


def validate_xlsx_upload(upload, *, max_bytes: int = MAX_IMPORT_BYTES) -> None:
    """Refuse an upload that is not named ``.xlsx`` or is larger than ``max_bytes``."""
    if Path(getattr(upload, "name", "") or "").suffix.lower() != ".xlsx":
        raise ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"), code="xlsx_only")
    if upload.size > max_bytes:
        raise ValidationError(
            _("文件大小不能超过%(limit)s。") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )


def _headers_by_key(
    columns: Sequence[tuple[str, str | Promise]], aliases: Mapping[str, str]
) -> dict[str, str]:
    """Map each accepted (normalised) header, in Chinese and the active language, to its key."""
    headers = {header_key(alias): key for alias, key in aliases.items()}
    for key, header in columns:
        headers[header_key(header)] = key
        # The Chinese source text is accepted whatever language the page is in.
        with translation.override(None):
            headers[header_key(header)] = key
    return headers


# The rows may hold ID numbers: no local reaches an error report.
@sensitive_variables()
def read_rows(
    content: bytes,
    *,
    columns: Sequence[tuple[str, str | Promise]],
    required: Sequence[str],
    template: str | Promise,
    empty_message: str | Promise,
    max_rows: int,
    aliases: Mapping[str, str] | None = None,
    error: type[WorkbookError] = WorkbookError,
) -> list[SheetRow]:
    """Return the filled-in rows of an uploaded workbook's first sheet, by column key.

    The first row holds the headers, matched by text (spaces and full- or
    half-width brackets do not matter; ``aliases`` maps other accepted headers to
    keys). Empty rows are skipped. Raise ``error`` for a file that is not a
    readable workbook, lacks a ``required`` column, holds no rows, or holds more
    than ``max_rows``; ``template`` names the template in the message.
    """
    if not openpyxl.DEFUSEDXML:
        raise RuntimeError("defusedxml must be installed before reading uploaded workbooks.")
    _check_unpacked_sizes(content, template, error)
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise error from exc
    try:
        ws = wb.worksheets[0]
        rows = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        header = next(rows, None) or ()
        known = _headers_by_key(columns, aliases or {})
        positions: dict[str, int] = {}
        for index, text in enumerate(header):
            key = known.get(header_key(text))
            if key is not None and key not in positions:
                positions[key] = index
        missing = [str(title) for key, title in columns if key in required and key not in positions]
        if missing:
            raise error(
                _("第1行缺少以下列：%(columns)s。请使用%(template)s。")
                % {"columns": "、".join(missing), "template": template}
            )
        result: list[SheetRow] = []
        for number, values in enumerate(rows, start=2):
            if number > max_rows + ROW_MARGIN + 1:
                raise error(
                    _("文件的行数过多（含空行），一次最多导入%(n)d行，请删除多余的行或分批导入。")
                    % {"n": max_rows}
                )
            cells = {
                key: cell_text(values[index]) if index < len(values) else ""
                for key, index in positions.items()
            }
            if not any(cells.values()):
                continue
            if len(result) == max_rows:
                raise error(_("一次最多导入%(n)d行，请分批导入。") % {"n": max_rows})
            result.append(SheetRow(number=number, cells=cells))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        # A damaged sheet part shows only when it is streamed.
        raise error from exc
    finally:
        wb.close()
    if not result:
        raise error(empty_message)
    return result
