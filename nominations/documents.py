"""Document builders: Attachment 1 as PDF, Attachment 2 and the first-check summary as xlsx.

Pure functions over the plain data classes below: no database, no files but the
font; bytes out. ``nominations.exports`` fills the data from the database. This
is the app's only module that imports reportlab or openpyxl.

The PDF embeds a TrueType CJK font read from ``settings.LONGJIANG_CJK_FONT``
(default: AR PL UMing from the Debian package ``fonts-arphic-uming``).
"""

import hashlib
import io
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from datetime import date
from functools import cache, partial
from operator import attrgetter
from typing import NamedTuple
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils.functional import Promise
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
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import Table as PdfTable

from longjiang.exceptions import DomainError

DEFAULT_CJK_FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"
CJK_FONT_PACKAGE = "fonts-arphic-uming"

Progress = Callable[[int], None] | None


class FontUnavailable(DomainError):
    """The configured CJK font file is missing or unreadable."""


class MissingGlyphs(DomainError):
    """A text to print has characters the embedded font cannot draw."""


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


# --- The CJK font -----------------------------------------------------------------


def font_path() -> str:
    return getattr(settings, "LONGJIANG_CJK_FONT", DEFAULT_CJK_FONT)


@cache
def _load_font(path: str) -> TTFont:
    """Load and register the font once per path (about 0.1 s for UMing)."""
    name = "LongjiangCJK-" + hashlib.sha256(path.encode()).hexdigest()[:8]
    try:
        font = TTFont(name, path, subfontIndex=0)
    except (OSError, TTFError) as exc:
        raise FontUnavailable(
            _(
                "无法读取生成PDF所需的中文字体文件“%(path)s”。请安装Debian软件包%(package)s，"
                "或在设置LONGJIANG_CJK_FONT中指定字体文件路径。"
            )
            % {"path": path, "package": CJK_FONT_PACKAGE}
        ) from exc
    pdfmetrics.registerFont(font)
    return font


def cjk_font() -> TTFont:
    """Return the registered CJK font; raise FontUnavailable if its file cannot be read."""
    return _load_font(font_path())


def _drawable(char: str) -> bool:
    """Whether a character is drawn at all (spaces and controls are not)."""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def missing_glyphs(text: str, font: TTFont) -> list[str]:
    """Return the distinct characters of ``text`` that ``font`` has no glyph for."""
    cmap = font.face.charToGlyph
    return list(dict.fromkeys(c for c in text if ord(c) not in cmap and _drawable(c)))


# --- Attachment 1 (PDF) -----------------------------------------------------------

PAGE_MARGIN = 18 * mm
CONTENT_WIDTH = A4[0] - 2 * PAGE_MARGIN
LABEL_FILL = colors.HexColor("#E7E6E6")
GRID = colors.black
PHOTO_BOX = (35 * mm, 49 * mm)
PHOTO_COLUMN = 41 * mm
# Texts longer than these (in characters) get a row of their own in a section grid.
LONG_VALUE, LONG_LABEL = 10, 14


class _Styles:
    def __init__(self, font_name: str):
        base = ParagraphStyle("base", fontName=font_name, fontSize=10.5, leading=14)
        base.wordWrap = "CJK"
        self.cell = base
        self.label = ParagraphStyle("label", parent=base, fontSize=10, leading=13)
        self.label_center = ParagraphStyle("label_center", parent=self.label, alignment=TA_CENTER)
        self.center = ParagraphStyle("center", parent=base, alignment=TA_CENTER)
        self.right = ParagraphStyle("right", parent=base, alignment=TA_RIGHT)
        self.heading = ParagraphStyle("heading", parent=base, fontSize=12, leading=16)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=4 * mm
        )
        self.body = ParagraphStyle("body", parent=base, leading=18, firstLineIndent=21)


class _FormMarker(Flowable):
    """Mark the start of a form: set the form index on the canvas and report progress."""

    def __init__(self, index: int, total: int, progress: Progress):
        super().__init__()
        self.index, self.total, self.progress = index, total, progress
        self.width = self.height = 0

    def draw(self):
        self.canv.form_index = self.index
        if self.progress is not None:
            self.progress(self.index * 100 // self.total)


def _once_per_percent(progress: Callable[[int], None]) -> Callable[[int], None]:
    """Pass each percentage on once: a job may write every report to its database row."""
    reported: set[int] = set()

    def report(percent: int) -> None:
        if percent not in reported:
            reported.add(percent)
            progress(percent)

    return report


class _NumberedCanvas(Canvas):
    """Number the pages of each form in the footer: 第 n 页 共 m 页."""

    def __init__(self, *args, font_name: str, footer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._footer_font, self._footer = font_name, footer
        self._pages: list[tuple[int, dict]] = []
        self.form_index = 0

    def showPage(self):
        self._pages.append((self.form_index, dict(self.__dict__)))
        self._startPage()

    def save(self):
        totals = Counter(index for index, _state in self._pages)
        numbers: Counter = Counter()
        for index, state in self._pages:
            self.__dict__.update(state)
            numbers[index] += 1
            self.setFont(self._footer_font, 9)
            self.drawCentredString(
                A4[0] / 2,
                10 * mm,
                self._footer % {"page": numbers[index], "pages": totals[index]},
            )
            super().showPage()
        super().save()


class _FormBuilder:
    """Build the flowables of one form and remember every text it will draw."""

    def __init__(self, styles: _Styles):
        self.s = styles
        self.texts: list[str] = []

    def _table(self, data, **kwargs) -> PdfTable:
        # Cells that are plain strings ("" in spans) would otherwise switch to Helvetica,
        # which is not embedded.
        table = PdfTable(data, **kwargs)
        table.setStyle([("FONTNAME", (0, 0), (-1, -1), self.s.cell.fontName)])
        return table

    def p(self, text: str, style: ParagraphStyle | None = None) -> Paragraph:
        text = str(text)
        self.texts.append(text)
        # Runs of spaces are blanks to write in by hand (年  月  日); keep them wide.
        markup = _SPACES.sub(lambda m: "&nbsp;" * 2 * len(m.group()), escape(text))
        return Paragraph(markup.replace("\n", "<br/>"), style or self.s.cell)

    def header(self, form: Attachment1Data) -> list:
        s = self.s
        title = _("%(year)s年“龙江工匠”推荐申报审批表") % {"year": form.campaign_year}
        serial = self.p(_("编号：%(serial)s") % {"serial": form.serial or " " * 12}, s.right)
        unit = self.p(_("推荐单位（盖章）：%(unit)s") % {"unit": form.unit_name})
        filled = self.p(_("填表日期：%(date)s") % {"date": long_date(form.filled_on)}, s.right)
        line = self._table([[unit, filled]], colWidths=[CONTENT_WIDTH * 0.62, CONTENT_WIDTH * 0.38])
        line.setStyle([("LEFTPADDING", (0, 0), (0, 0), 0), ("RIGHTPADDING", (1, 0), (1, 0), 0)])
        return [serial, self.p(title, s.title), line, Spacer(1, 2 * mm)]

    def _grid_rows(self, rows) -> tuple[list[list], list[tuple]]:
        """Lay (label, value) pairs out two per line; long texts get a line of their own."""
        data: list[list] = []
        commands: list[tuple] = []

        def add(cells: list, kind: str) -> None:
            y = len(data)
            data.append(cells)
            if kind == "pair":
                commands.extend([("BACKGROUND", (0, y), (0, y), LABEL_FILL)])
                commands.extend([("BACKGROUND", (2, y), (2, y), LABEL_FILL)])
            elif kind == "wide":
                commands.extend(
                    [("SPAN", (1, y), (3, y)), ("BACKGROUND", (0, y), (0, y), LABEL_FILL)]
                )
            else:  # a long label, such as a declaration, with a short answer
                commands.extend(
                    [("SPAN", (0, y), (2, y)), ("BACKGROUND", (0, y), (2, y), LABEL_FILL)]
                )

        pending = None
        for label, value in rows:
            if len(label) > LONG_LABEL or len(value) > LONG_VALUE:
                if pending:
                    add([*pending, "", ""], "wide")
                    pending = None
                if len(label) > LONG_LABEL:
                    add([self.p(label, self.s.label), "", "", self.p(value, self.s.center)], "long")
                else:
                    add([self.p(label, self.s.label_center), self.p(value), "", ""], "wide")
            elif pending:
                add([*pending, self.p(label, self.s.label_center), self.p(value)], "pair")
                pending = None
            else:
                pending = [self.p(label, self.s.label_center), self.p(value)]
        if pending:
            add([*pending, "", ""], "wide")
        return data, commands

    def _grid(self, rows, width: float, *, min_height: float = 0) -> PdfTable:
        label_w = 25 * mm
        value_w = (width - 2 * label_w) / 2
        widths = [label_w, value_w, label_w, value_w]
        data, commands = self._grid_rows(rows)
        if not data:
            data, commands = [["", "", "", ""]], [("SPAN", (0, 0), (3, 0))]
        heights = None
        if min_height and data:
            heights = [min_height / len(data)] * len(data)
        table = self._table(data, colWidths=widths, minRowHeights=heights)
        table.setStyle([*_GRID_STYLE, *commands])
        return table

    def _title_row(self, title: str, ncols: int) -> tuple[list, list[tuple]]:
        return [self.p(title, self.s.heading), *[""] * (ncols - 1)], [
            ("SPAN", (0, 0), (ncols - 1, 0)),
            ("BACKGROUND", (0, 0), (ncols - 1, 0), LABEL_FILL),
        ]

    def photo_box(self, photo: bytes | None):
        content = None
        if photo:
            try:
                reader = ImageReader(io.BytesIO(photo))
                width, height = reader.getSize()
                scale = min(PHOTO_BOX[0] / width, PHOTO_BOX[1] / height)
                content = Image(io.BytesIO(photo), width=width * scale, height=height * scale)
            except Exception:  # An unreadable photo prints the empty box.
                content = None
        if content is None:
            content = self.p(_("照片"), self.s.center)
        box = self._table([[content]], colWidths=[PHOTO_BOX[0]], rowHeights=[PHOTO_BOX[1]])
        box.setStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
        return box

    def identity(self, section: FormSection, photo: bytes | None) -> PdfTable:
        """Return the first section with the photo box in a column on its right."""
        grid = self._grid(
            section.rows, CONTENT_WIDTH - PHOTO_COLUMN, min_height=PHOTO_BOX[1] + 4 * mm
        )
        title, commands = self._title_row(section.title, 2)
        table = self._table(
            [title, [grid, self.photo_box(photo)]],
            colWidths=[CONTENT_WIDTH - PHOTO_COLUMN, PHOTO_COLUMN],
        )
        table.setStyle(
            [
                *_GRID_STYLE,
                *commands,
                ("LEFTPADDING", (0, 1), (0, 1), 0),
                ("RIGHTPADDING", (0, 1), (0, 1), 0),
                ("TOPPADDING", (0, 1), (0, 1), 0),
                ("BOTTOMPADDING", (0, 1), (0, 1), 0),
                ("ALIGN", (1, 1), (1, 1), "CENTER"),
            ]
        )
        return table

    def section(self, section: FormSection) -> PdfTable:
        title, commands = self._title_row(section.title, 1)
        grid = self._grid(section.rows, CONTENT_WIDTH)
        table = self._table([title, [grid]], colWidths=[CONTENT_WIDTH])
        table.setStyle([*_GRID_STYLE, *commands, *_NO_PADDING_ROW1])
        return table

    def table(self, spec: FormTable) -> PdfTable:
        ncols = len(spec.headers)
        weights = spec.widths if len(spec.widths) == ncols else (1,) * ncols
        widths = [CONTENT_WIDTH * w / sum(weights) for w in weights]
        title, commands = self._title_row(spec.title, ncols)
        data = [title, [self.p(h, self.s.label_center) for h in spec.headers]]
        commands.append(("BACKGROUND", (0, 1), (-1, 1), LABEL_FILL))
        for row in spec.rows:
            data.append([self.p(value) for value in row])
        if not spec.rows:
            data.append([self.p(_("无"), self.s.center), *[""] * (ncols - 1)])
            commands.append(("SPAN", (0, 2), (-1, 2)))
        table = self._table(data, colWidths=widths, repeatRows=2)
        table.setStyle([*_GRID_STYLE, *commands])
        return table

    def narrative(self, label: str, text: str) -> PdfTable:
        """Return a boxed text, one row per paragraph, that may flow onto further pages."""
        parts = [part.strip() for part in text.splitlines() if part.strip()] or [""]
        data = [["", self.p(part, self.s.body)] for part in parts]
        data[0][0] = self.p(label, self.s.label_center)
        table = self._table(
            data,
            colWidths=[25 * mm, CONTENT_WIDTH - 25 * mm],
            minRowHeights=[12 * mm] + [0] * (len(data) - 1),
            splitInRow=1,
        )
        table.setStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                ("LINEAFTER", (0, 0), (0, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (0, -1), LABEL_FILL),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("VALIGN", (0, 0), (0, 0), "MIDDLE"),
                ("TOPPADDING", (1, 0), (1, -1), 1),
                ("BOTTOMPADDING", (1, 0), (1, -1), 1),
            ]
        )
        return table

    def signature(self) -> PdfTable:
        lines = [_("负责人签字："), _("（盖章）"), _("年  月  日")]
        table = self._table([[self.p(line)] for line in lines], colWidths=[55 * mm], hAlign="RIGHT")
        table.setStyle([("TOPPADDING", (0, 0), (-1, -1), 4)])
        return table

    def opinions(self, opinions: Iterable[Opinion]) -> list:
        flowables = []
        for opinion in opinions:
            text = self.p(opinion.text) if opinion.text else Spacer(1, 10 * mm)
            table = self._table(
                [
                    [
                        self.p(opinion.title, self.s.label_center),
                        [text, Spacer(1, 6 * mm), self.signature()],
                    ]
                ],
                colWidths=[25 * mm, CONTENT_WIDTH - 25 * mm],
                minRowHeights=[48 * mm],
            )
            table.setStyle(
                [
                    *_GRID_STYLE,
                    ("BACKGROUND", (0, 0), (0, 0), LABEL_FILL),
                    ("VALIGN", (1, 0), (1, 0), "TOP"),
                    ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                    ("TOPPADDING", (1, 0), (1, 0), 3 * mm),
                ]
            )
            flowables.append(table)
        return flowables

    def form(self, form: Attachment1Data) -> list:
        story = self.header(form)
        sections = list(form.sections)
        if sections:
            story.append(self.identity(sections.pop(0), form.photo))
        # A section or table that fits on a page is not split from its title.
        for section in sections:
            story.append(KeepTogether([self.section(section)]))
        for spec in form.tables:
            story.append(KeepTogether([self.table(spec)]))
        for label, text in form.narratives:
            story.append(self.narrative(label, text))
        story.extend(self.opinions(form.opinions))
        return story


_SPACES = re.compile(r" {2,}")
_GRID_STYLE = [
    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
]
_NO_PADDING_ROW1 = [
    ("LEFTPADDING", (0, 1), (-1, 1), 0),
    ("RIGHTPADDING", (0, 1), (-1, 1), 0),
    ("TOPPADDING", (0, 1), (-1, 1), 0),
    ("BOTTOMPADDING", (0, 1), (-1, 1), 0),
]


def build_attachment1_pdf(forms: Sequence[Attachment1Data], *, progress: Progress = None) -> bytes:
    """Return one PDF with each nominee's Attachment 1 starting on a new page.

    Raise FontUnavailable when the font cannot be read and MissingGlyphs, before
    drawing anything, when a text has a character the font lacks.
    """
    if not forms:
        raise ValueError("no forms to build")
    if progress is not None:
        progress = _once_per_percent(progress)
    font = cjk_font()
    styles = _Styles(font.fontName)
    footer = _("第%(page)s页 共%(pages)s页")
    story: list = []
    missing: dict[str, list[str]] = {}
    for index, form in enumerate(forms):
        builder = _FormBuilder(styles)
        if index:
            story.append(PageBreak())
        story.append(_FormMarker(index, len(forms), progress))
        story.extend(builder.form(form))
        chars = missing_glyphs("".join([*builder.texts, footer]), font)
        if chars:
            missing[form.name] = list(dict.fromkeys([*missing.get(form.name, []), *chars]))
    if missing:
        items = "、".join(f"{name}（{'、'.join(chars)}）" for name, chars in missing.items())
        raise MissingGlyphs(
            _("以下字符在字体中缺失，无法生成PDF：%(items)s。请联系系统管理员。") % {"items": items}
        )
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=15 * mm,
        bottomMargin=18 * mm,
        # The CJK font from the start: no unembedded standard font in the file.
        initialFontName=font.fontName,
        title=_("%(year)s年“龙江工匠”推荐申报审批表") % {"year": forms[0].campaign_year},
    )
    doc.build(story, canvasmaker=partial(_NumberedCanvas, font_name=font.fontName, footer=footer))
    if progress is not None:
        progress(100)
    return buffer.getvalue()


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
