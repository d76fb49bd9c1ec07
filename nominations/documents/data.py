"""Plain data for the document builders: what exports.py fills and the builders read."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --- Input data -------------------------------------------------------------------


@dataclass(frozen=True)
class FormSection:
    """A titled grid of (label, value) pairs."""

    title: str
    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class FormTable:
    """A repeatable section printed as a table; ``widths`` are relative column weights."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()


@dataclass(frozen=True)
class Opinion:
    """An opinion box for signature and seal; ``text`` is printed above the signature lines."""

    title: str
    text: str = ""


@dataclass(frozen=True)
class Attachment1Data:
    """One nominee's Attachment 1 (推荐申报审批表).

    The photo is drawn beside the first section; ``narratives`` are (label, text)
    pairs such as the brief and main deeds, printed as wrapped paragraphs.
    """

    name: str
    unit_name: str
    campaign_year: int
    sections: tuple[FormSection, ...]
    tables: tuple[FormTable, ...] = ()
    narratives: tuple[tuple[str, str], ...] = ()
    opinions: tuple[Opinion, ...] = ()
    photo: bytes | None = None
    serial: str = ""
    filled_on: date | None = None
    unit_rank: int | None = None


@dataclass(frozen=True)
class Column:
    """A spreadsheet column: key of the row attribute, header, width in characters."""

    key: str
    header: str | Promise
    width: float
    wrap: bool = False


# Attachment 2's columns in the order of facts.md §1.3. The nominee's 联系电话 is
# left out on purpose: phone numbers never reach default exports (DESIGN.md,
# personal data), and the province reaches a nominee through the unit. The
# header block's phone is the unit clerk's office phone.
SUMMARY_COLUMNS: tuple[Column, ...] = (
    Column("rank", gettext_lazy("推荐排序"), 6),
    Column("name", gettext_lazy("姓名"), 9),
    Column("sex", gettext_lazy("性别"), 5),
    Column("ethnicity", gettext_lazy("民族"), 7),
    Column("birth_month", gettext_lazy("出生年月"), 9),
    Column("political_status", gettext_lazy("政治面貌"), 10),
    Column("education", gettext_lazy("文化程度"), 14),
    Column("employer_and_post", gettext_lazy("工作单位及职务（岗位）"), 24, wrap=True),
    Column("occupation", gettext_lazy("职业（工种）"), 10),
    Column("qualification", gettext_lazy("技能等级/职称"), 14, wrap=True),
    Column("criteria", gettext_lazy("符合条件类别"), 18),
    Column("honours", gettext_lazy("主要荣誉（限3项）"), 24, wrap=True),
    Column("brief_deeds", gettext_lazy("简要事迹（≤100字）"), 40, wrap=True),
    Column("note", gettext_lazy("备注"), 8),
)
# The province-wide sheet puts the recommending unit first, so one sheet can be
# sorted and filtered by unit.
UNIT_COLUMN = Column("unit", gettext_lazy("推荐单位"), 26)
BRIEF_DEEDS_LIMIT = 100
MAX_HONOURS = 3


class SummaryRow(NamedTuple):
    """One nominee on Attachment 2; every value is already display text.

    A named tuple rather than a data class: a province's sheet makes thousands.
    """

    rank: int
    name: str
    sex: str = ""
    ethnicity: str = ""
    birth_month: str = ""
    political_status: str = ""
    education: str = ""
    employer_and_post: str = ""
    occupation: str = ""
    qualification: str = ""
    criteria: str = ""
    honours: str = ""
    brief_deeds: str = ""
    note: str = ""
    unit: str = ""


@dataclass(frozen=True)
class SummaryData:
    """Attachment 2 (推荐人选汇总表) of one unit, or of the province with a unit column."""

    year: int
    unit_name: str
    clerk_name: str
    clerk_phone: str
    filled_on: date
    rows: Sequence[SummaryRow]
    province_wide: bool = False


@dataclass(frozen=True)
class UnitCheckCounts:
    """One unit's line of the first-check summary; ``counts`` follow ``status_headers``."""

    unit_name: str
    counts: tuple[int, ...]
    paper_received: int
    paper_missing: int
    paper_late: int


@dataclass(frozen=True)
class MissingPaperRow:
    unit_name: str
    rank: int
    name: str
    status: str
    note: str


@dataclass(frozen=True)
class CheckSummaryData:
    """The staff's first-check summary workbook."""

    year: int
    generated_on: date
    status_headers: tuple[str, ...]
    units: Sequence[UnitCheckCounts]
    missing_paper: Sequence[MissingPaperRow]


def truncate(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters, ending in "…" when cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def long_date(value: date | None) -> str:
    """Return a date as 2021年6月1日, or the blank 年  月  日 to fill in by hand."""
    if value is None:
        return _("年  月  日")
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }
