"""Attachment 1 (推荐申报审批表) as a PDF, drawn with reportlab."""

import io
import itertools
import re
from collections.abc import Iterable, Iterator
from functools import partial

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    PageBreak,
    Spacer,
)

from longjiang.pdf import (
    BuiltPdf,
    Deferred,
    FontChain,
    KeepTogether,
    Para,
    Progress,
    base_style,
    font_chain,
    markup,
    once_per_percent,
    placeholder,
    render,
    unprintable,
)
from longjiang.pdf import Table as PdfTable
from nominations.documents.data import (
    Attachment1Data,
    FormSection,
    FormTable,
    Opinion,
    long_date,
)

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
    def __init__(self, chain: FontChain):
        self.chain = chain
        # Parsed paragraph markup by (text, style name), shared by the forms of a bundle.
        self.parsed: dict = {}
        # The signature lines of an opinion box: the same in every box of a bundle.
        self.signature: PdfTable | None = None
        base = base_style(chain, size=10.5, leading=14)
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
    """Mark the start of a form: start its page numbering and report progress."""

    def __init__(self, index: int, total: int, progress: Progress):
        super().__init__()
        self.index, self.total, self.progress = index, total, progress
        self.width = self.height = 0

    def draw(self):
        self.canv.page_group = self.index
        if self.progress is not None:
            self.progress(self.index * 100 // self.total)


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

    def p(self, text: str, style: ParagraphStyle | None = None) -> Para:
        text = str(text)
        self.texts.append(text)
        # Runs of spaces are blanks to write in by hand (年  月  日); keep them wide.
        marked = _SPACES.sub(lambda m: "&nbsp;" * 2 * len(m.group()), markup(text, self.s.chain))
        return Para.cached(
            marked.replace("\n", "<br/>"), style or self.s.cell, self.s.parsed, length=len(text)
        )

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

    def _grid(self, rows, width: float) -> tuple[list[float], list[list], list[tuple]]:
        """Return the column widths, cells and commands of a section's grid of pairs."""
        label_w = LABEL_COLUMN
        value_w = (width - 2 * label_w) / 2
        data, commands = self._grid_rows(rows)
        if not data:
            data, commands = [["", "", "", ""]], [("SPAN", (0, 0), (3, 0))]
        return [label_w, value_w, label_w, value_w], data, commands

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
        """Return the first section with the photo box in a column on its right.

        One table: the title row, the grid of pairs, and the photo in a last column
        spanning the grid's rows, tall enough for the photo.
        """
        widths, data, commands = self._grid(section.rows, CONTENT_WIDTH - PHOTO_COLUMN)
        title, title_commands = self._title_row(section.title, 5)
        rows = [title, *([*row, ""] for row in data)]
        rows[1][4] = self.photo_box(photo)
        min_height = (PHOTO_BOX[1] + 4 * mm) / len(data)
        table = self._table(
            rows, colWidths=[*widths, PHOTO_COLUMN], minRowHeights=[0] + [min_height] * len(data)
        )
        table.setStyle(
            [
                *_GRID_STYLE,
                *title_commands,
                *_below_title(commands),
                ("SPAN", (4, 1), (4, -1)),
                ("ALIGN", (4, 1), (4, 1), "CENTER"),
                *_grid_outline(3),
            ]
        )
        return table

    def section(self, section: FormSection) -> PdfTable:
        """Return a section as one table: its title row above its grid of pairs."""
        widths, data, commands = self._grid(section.rows, CONTENT_WIDTH)
        title, title_commands = self._title_row(section.title, 4)
        table = self._table([title, *data], colWidths=widths)
        table.setStyle([*_GRID_STYLE, *title_commands, *_below_title(commands), *_grid_outline(3)])
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
            colWidths=[LABEL_COLUMN, CONTENT_WIDTH - LABEL_COLUMN],
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
        """Return the signature lines; one table serves every opinion box of a bundle."""
        lines = [_("负责人签字："), _("（盖章）"), _("年  月  日")]
        if self.s.signature is None:
            table = self._table(
                [[self.p(line)] for line in lines], colWidths=[55 * mm], hAlign="RIGHT"
            )
            table.setStyle([("TOPPADDING", (0, 0), (-1, -1), 4)])
            self.s.signature = table
        else:
            self.texts.extend(lines)
        return self.s.signature

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
                colWidths=[LABEL_COLUMN, CONTENT_WIDTH - LABEL_COLUMN],
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
        # The opinion boxes are signed and stamped together: keep them on one page.
        story.append(KeepTogether(self.opinions(form.opinions)))
        return story


# Wide enough for the longest labels (e.g. 公民身份号码, 工作单位（全称）) on one or two lines
# without breaking a word.
LABEL_COLUMN = 30 * mm

_SPACES = re.compile(r" {2,}")
_GRID_STYLE = [
    ("GRID", (0, 0), (-1, -1), 0.5, GRID),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
]


def _below_title(commands: list[tuple]) -> list[tuple]:
    """Move a grid's commands one row down, below its section's title row."""
    return [
        (name, (x0, y0 + 1), (x1, y1 + 1), *rest) for name, (x0, y0), (x1, y1), *rest in commands
    ]


def _grid_outline(last_column: int) -> list[tuple]:
    """The grid's outline once more over the section's grid lines.

    A section used to be a grid nested in a titled table, and both drew the grid's
    outline; it is drawn twice still, so that the printed lines stay as they were.
    """
    return [("BOX", (0, 1), (last_column, -1), 0.5, GRID)]


def _problem_page(styles: _Styles, form: Attachment1Data, chars: list[str]) -> list:
    """Return the page that stands in a bundle for a form with unprintable characters."""
    codes = "、".join(f"U+{ord(c):04X}" for c in chars)
    facts = [
        (_("推荐单位"), placeholder(form.unit_name, styles.chain)),
        (_("单位内排序"), "" if form.unit_rank is None else str(form.unit_rank)),
        (_("姓名"), placeholder(form.name, styles.chain)),
    ]
    builder = _FormBuilder(styles)
    title = _("%(year)s年“龙江工匠”推荐申报审批表（未能生成）") % {"year": form.campaign_year}
    return [
        builder.p(title, styles.title),
        builder.section(FormSection(_("推荐人选"), tuple(facts))),
        Spacer(1, 6 * mm),
        builder.p(
            _(
                "该推荐人选的材料中有无法打印的字符（%(codes)s，字体中没有或属于表情符号、"
                "控制字符），未生成其推荐申报审批表。请在系统中删除或替换这些字符后重新生成。"
            )
            % {"codes": codes},
            styles.body,
        ),
    ]


def problem_warning(form: Attachment1Data, chars: list[str], chain: FontChain) -> str:
    """Return the job's warning about a form left out of a bundle."""
    return _("%(unit)s %(name)s：含有无法打印的字符 %(codes)s，其审批表已以说明页代替。") % {
        "unit": placeholder(form.unit_name, chain),
        "name": placeholder(form.name, chain),
        "codes": "、".join(f"U+{ord(c):04X}" for c in chars),
    }


class _Bundle:
    """Make each form's flowables when the layout reaches it; collect the warnings."""

    def __init__(self, forms: Iterator[Attachment1Data], count: int, progress: Progress):
        self.forms, self.count, self.progress = forms, count, progress
        self.styles = _Styles(font_chain())
        self.footer = _("第%(page)s页 共%(pages)s页")
        self.warnings: list[str] = []

    def story(self) -> list:
        return [Deferred(partial(self._form, index)) for index in range(self.count)]

    def _form(self, index: int) -> list:
        form = next(self.forms, None)
        if form is None:  # A record deleted since the forms were counted.
            return []
        builder = _FormBuilder(self.styles)
        flowables = builder.form(form)
        bad = unprintable("".join(builder.texts), self.styles.chain)
        if bad:
            self.warnings.append(problem_warning(form, bad, self.styles.chain))
            flowables = _problem_page(self.styles, form, bad)
        start = [PageBreak()] if index else []
        return [*start, _FormMarker(index, self.count, self.progress), *flowables]


def build_attachment1_pdf(
    forms: Iterable[Attachment1Data], *, count: int | None = None, progress: Progress = None
) -> BuiltPdf:
    """Return one PDF with each nominee's Attachment 1 starting on a new page.

    ``forms`` may be a generator when ``count`` says how many it yields: each form is
    then read only when its pages are laid out. A form with a character that cannot
    be printed gets a page naming it instead, and a warning. Raise FontUnavailable
    when a font of the chain cannot be read.
    """
    if count is None:
        forms = list(forms)
        count = len(forms)
    if not count:
        raise ValueError("no forms to build")
    forms = iter(forms)
    first = next(forms)
    bundle = _Bundle(
        itertools.chain([first], forms), count, once_per_percent(progress) if progress else None
    )
    content = render(
        bundle.story(),
        bundle.styles.chain,
        title=_("%(year)s年“龙江工匠”推荐申报审批表") % {"year": first.campaign_year},
        footer=bundle.footer,
        margins=(PAGE_MARGIN, PAGE_MARGIN, 15 * mm, 18 * mm),
    )
    if progress is not None:
        progress(100)
    return BuiltPdf(content, tuple(bundle.warnings))
