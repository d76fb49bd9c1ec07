"""Staff's writes to the register of named 龙江工匠 (往届龙江工匠名录): importing earlier years.

An import reads an uploaded workbook (``longjiang.workbooks``: defusedxml,
read-only, size-limited, .xlsx only) and judges every row on its own: a good
row is added, a row already in the register is skipped, a bad row is refused
with its reasons, and the others go on. The rows and the one audit event of
the upload commit together. Uploading the same file again adds nothing: every
row it added is now "already in the register". ID numbers are stored only
encrypted, with their blind index and mask; the report and the audit trail
never hold more than the mask.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_variables

from longjiang import workbooks
from longjiang.accounts.models import Unit, User
from longjiang.audit.services import record_event
from longjiang.collation import surname_stroke_key
from longjiang.pii import blind_index, redact_personal_numbers
from nominations import codes
from nominations.models import Craftsman
from nominations.validators import (
    mask_id_number,
    normalize_id_number,
    parse_id_number,
    validate_printable,
)

# The template's columns in order: (key, header). The import reads them by header.
REGISTER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("year", gettext_lazy("年度")),
    ("name", gettext_lazy("姓名")),
    ("employer_name", gettext_lazy("工作单位")),
    ("unit", gettext_lazy("推荐单位")),
    ("industry", gettext_lazy("所属行业")),
    ("post", gettext_lazy("职务/岗位/工种")),
    ("brief_deeds", gettext_lazy("简要事迹")),
    ("id_number", gettext_lazy("公民身份号码")),
)
REQUIRED_COLUMNS = ("year", "name", "employer_name")
# Headers people type instead of the template's (compared as workbooks.header_key folds them).
HEADER_ALIASES = {
    "获评年度": "year",
    "单位": "employer_name",
    "推荐单位（市地或产业工会）": "unit",
    "行业": "industry",
    "职务": "post",
    "岗位": "post",
    "工种": "post",
    "事迹": "brief_deeds",
    "身份证号": "id_number",
    "身份证号码": "id_number",
}
# The first year of the 龙江工匠 selection the register accepts.
FIRST_YEAR = 2010
MAX_ROWS = 1000


class RegisterWorkbookError(workbooks.WorkbookError):
    default_message = gettext_lazy(
        "无法读取该文件，请使用往届龙江工匠名录模板填写后以 .xlsx 格式上传。"
    )


class RowOutcome(models.TextChoices):
    IMPORTED = "imported", gettext_lazy("导入")
    EXISTING = "existing", gettext_lazy("已存在，跳过")
    ERROR = "error", gettext_lazy("错误")


@dataclass
class ReportRow:
    """The outcome of one row of the uploaded register: never more of an ID number than its mask."""

    number: int
    name: str
    year: str
    id_number_masked: str = ""
    outcome: str = RowOutcome.ERROR
    messages: list[str] = field(default_factory=list)

    @property
    def outcome_label(self) -> str:
        return RowOutcome(self.outcome).label


@dataclass
class ImportReport:
    rows: list[ReportRow]

    def _count(self, outcome: str) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def imported(self) -> int:
        return self._count(RowOutcome.IMPORTED)

    @property
    def existing(self) -> int:
        return self._count(RowOutcome.EXISTING)

    @property
    def failed(self) -> int:
        return self._count(RowOutcome.ERROR)


def text_key(value: str) -> str:
    """Return a name or employer as compared for duplicates: folded, without whitespace."""
    return workbooks.header_key(value)


def craftsman_name_order(name: str) -> str:
    """Return the stored 姓氏笔画 sort key of a name, cut to the column's length."""
    return surname_stroke_key(name)[: Craftsman._meta.get_field("name_order").max_length]


@dataclass
class _Lookups:
    """What every row is checked against, read once per upload."""

    units: dict[str, Unit]
    industries: dict[str, str]
    # (year, blind index) of every register row with an ID number.
    by_id: set[tuple[int, str]]
    # (year, name key, employer key) of every register row, with its blind index or None.
    by_name: dict[tuple[int, str, str], set[str | None]]


def _lookups(years: set[int]) -> _Lookups:
    units: dict[str, Unit] = {}
    for unit in Unit.objects.exclude(kind=Unit.Kind.PROVINCE):
        units[text_key(unit.code)] = unit
        units[text_key(unit.name)] = unit
    industries: dict[str, str] = {}
    for value, label in codes.Industry.choices:
        industries[value] = value
        industries[text_key(str(label))] = value
    by_id: set[tuple[int, str]] = set()
    by_name: dict[tuple[int, str, str], set[str | None]] = {}
    existing = Craftsman.objects.filter(year__in=years).values_list(
        "year", "id_number_index", "name", "employer_name"
    )
    for year, index, name, employer in existing:
        if index:
            by_id.add((year, index))
        by_name.setdefault((year, text_key(name), text_key(employer)), set()).add(index)
    return _Lookups(units=units, industries=industries, by_id=by_id, by_name=by_name)


def _year(text: str, errors: list[str]) -> int | None:
    this_year = timezone.localdate().year
    if not text:
        errors.append(_("未填写年度。"))
        return None
    digits = text.removesuffix("年").strip()
    if not digits.isdigit() or not FIRST_YEAR <= int(digits) <= this_year:
        errors.append(
            _("年度应为%(first)d至%(last)d之间的年份。") % {"first": FIRST_YEAR, "last": this_year}
        )
        return None
    return int(digits)


def _text_field(cells: dict, key: str, label: str, errors: list[str], *, required=False) -> str:
    value = " ".join(cells.get(key, "").split()) if key != "brief_deeds" else cells.get(key, "")
    value = value.strip()
    if required and not value:
        errors.append(_("未填写%(field)s。") % {"field": label})
        return ""
    limit = Craftsman._meta.get_field(key).max_length
    if limit and len(value) > limit:
        errors.append(_("%(field)s不能超过%(n)d个字。") % {"field": label, "n": limit})
    try:
        validate_printable(value)
    except ValidationError as exc:
        errors.append(_("%(field)s：%(error)s") % {"field": label, "error": exc.messages[0]})
    return value


# The key of the PostgreSQL advisory lock held by a register import ("LJREGIMP").
REGISTER_IMPORT_LOCK = 0x4C4A_5245_4749_4D50


def _lock_register_imports() -> None:
    """Let one register import at a time run, until its transaction ends.

    Two uploads at once would each check their rows against the register as it
    was before either, and a person without an ID number (only name + employer,
    which no unique index covers) could be added twice. On SQLite the first
    write already locks the whole database.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REGISTER_IMPORT_LOCK])


@sensitive_variables()
def _id_number(text: str, errors: list[str]) -> tuple[str, str | None, str]:
    """Return the number as stored, its blind index and its mask; record why it is refused."""
    number = normalize_id_number(text)
    if not number:
        return "", None, ""
    try:
        # Earlier years' craftsmen may be of any age now; only the number itself is checked.
        parse_id_number(number, min_age=0, max_age=None)
    except ValidationError as exc:
        errors.extend(exc.messages)
        # A malformed number is not masked in its own characters' positions.
        return "", None, mask_id_number(number) if len(number) == 18 else ""
    return number, blind_index(number), mask_id_number(number)


# Every local may hold ID numbers (the file, its rows, their cells): none reaches an error report.
@sensitive_variables()
def import_register(file, *, actor: User) -> ImportReport:
    """Add the rows of an uploaded register workbook to the register; report every row.

    ``file`` is an uploaded file (its name and size are checked) or bytes. Raise
    ``RegisterWorkbookError`` when the file cannot be read as the register template.
    """
    if isinstance(file, bytes | bytearray):
        content = bytes(file)
    else:
        try:
            workbooks.validate_xlsx_upload(file)
        except ValidationError as exc:
            raise RegisterWorkbookError(exc.messages[0]) from None
        file.seek(0)
        content = file.read()
    sheet = workbooks.read_rows(
        content,
        columns=REGISTER_COLUMNS,
        required=REQUIRED_COLUMNS,
        aliases=HEADER_ALIASES,
        template=_("往届龙江工匠名录模板"),
        empty_message=_("文件中没有可导入的人员。"),
        max_rows=MAX_ROWS,
        error=RegisterWorkbookError,
    )
    years = {
        int(c) for row in sheet if (c := row.cells.get("year", "").removesuffix("年")).isdigit()
    }
    # What this file has added so far, to refuse a second row of the same person.
    seen_ids: dict[tuple[int, str], int] = {}
    seen_names: dict[tuple[int, str, str], list[tuple[int, str | None]]] = {}
    report = ImportReport(rows=[])
    with transaction.atomic():
        _lock_register_imports()
        # Read after the lock: the rows another upload has just added are seen.
        lookups = _lookups(years)
        for row in sheet:
            cells = row.cells
            errors: list[str] = []
            name = _text_field(cells, "name", _("姓名"), errors, required=True)
            result = ReportRow(number=row.number, name=name, year=cells.get("year", ""))
            year = _year(cells.get("year", ""), errors)
            employer = _text_field(cells, "employer_name", _("工作单位"), errors, required=True)
            post = _text_field(cells, "post", _("职务/岗位/工种"), errors)
            deeds = _text_field(cells, "brief_deeds", _("简要事迹"), errors)
            # Both are shown on the public showcase and the naming notice.
            for value, label in ((employer, _("工作单位")), (post, _("职务/岗位/工种"))):
                if redact_personal_numbers(value) != value:
                    errors.append(_("%(field)s不得包含身份证号码或手机号码。") % {"field": label})
            id_number, index, masked = _id_number(cells.get("id_number", ""), errors)
            result.id_number_masked = masked
            unit = None
            if unit_text := cells.get("unit", ""):
                unit = lookups.units.get(text_key(unit_text))
                if unit is None:
                    errors.append(
                        _("推荐单位“%(unit)s”不在系统的推荐单位名单中，请填写单位全称或单位代码。")
                        % {"unit": unit_text}
                    )
            industry = ""
            if industry_text := cells.get("industry", ""):
                industry = lookups.industries.get(
                    industry_text.strip().upper()
                ) or lookups.industries.get(text_key(industry_text), "")
                if not industry:
                    errors.append(
                        _("所属行业“%(industry)s”不是国民经济行业门类的名称或代码（A至T）。")
                        % {"industry": industry_text}
                    )
            if errors or year is None:
                result.messages = errors
                report.rows.append(result)
                continue
            name_key = (year, text_key(name), text_key(employer))
            earlier = _earlier_row(seen_ids, seen_names, year=year, index=index, name_key=name_key)
            if earlier:
                result.messages = [earlier]
                report.rows.append(result)
                continue
            if index:
                seen_ids[(year, index)] = row.number
            seen_names.setdefault(name_key, []).append((row.number, index))
            existing = _existing_reason(lookups, year=year, index=index, name_key=name_key)
            if existing:
                result.outcome = RowOutcome.EXISTING
                result.messages = [existing]
                report.rows.append(result)
                continue
            craftsman = Craftsman(
                year=year,
                name=name,
                name_order=craftsman_name_order(name),
                employer_name=employer,
                unit=unit,
                industry=industry,
                post=post,
                brief_deeds=deeds,
                id_number=id_number,
                id_number_index=index,
                id_number_masked=masked,
                source=Craftsman.Source.IMPORTED,
                created_by=actor,
            )
            try:
                with transaction.atomic():
                    craftsman.save()
            except IntegrityError:
                # Another upload added the same person in between.
                result.outcome = RowOutcome.EXISTING
                result.messages = [
                    _("名录中已有%(year)d年获评的该人员（公民身份号码相同），已跳过。")
                    % {"year": year}
                ]
            else:
                result.outcome = RowOutcome.IMPORTED
            report.rows.append(result)
        record_event(
            "register.imported",
            actor=actor,
            data={
                "rows": len(report.rows),
                "imported": report.imported,
                "existing": report.existing,
                "failed": report.failed,
            },
        )
    return report


def _earlier_row(
    seen_ids: dict, seen_names: dict, *, year: int, index: str | None, name_key: tuple
) -> str:
    """Say which earlier row of the file holds the same person, or return ""."""
    if index and (year, index) in seen_ids:
        return _("与本文件第%(row)d行重复（同一年度、同一公民身份号码），请删除重复的行。") % {
            "row": seen_ids[(year, index)]
        }
    for number, known in seen_names.get(name_key, []):
        if known is None or index is None:
            return _(
                "与本文件第%(row)d行重复（同一年度、同一姓名和工作单位），请删除重复的行。"
            ) % {"row": number}
    return ""


def _existing_reason(
    lookups: _Lookups, *, year: int, index: str | None, name_key: tuple[int, str, str]
) -> str:
    """Say why the row is already in the register, or return ""."""
    if index and (year, index) in lookups.by_id:
        return _("名录中已有%(year)d年获评的该人员（公民身份号码相同），已跳过。") % {"year": year}
    indexes = lookups.by_name.get(name_key, set())
    # The same name at the same employer is the same person unless both numbers are
    # known and differ.
    if any(known is None or index is None for known in indexes):
        return _("名录中已有%(year)d年获评的该人员（姓名和工作单位相同），已跳过。") % {
            "year": year
        }
    return ""
