"""The objection register (异议登记表, xlsx), a case file and a reply letter (PDF).

Pure builders over the data classes below: no database, bytes out. The register
carries the complainant's kind, name and unit only when its data has them (the
caller fills them for objection handlers alone); contact details (phone,
address, email) are never in any of these documents.
"""

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Spacer
from reportlab.platypus import Table as PdfTable

from longjiang.dates import show_date, show_datetime
from longjiang.pdf import BuiltPdf, Para, base_style, font_chain, markup, placeholder, render

# --- Data ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Complainant:
    kind: str
    name: str
    unit: str


@dataclass(frozen=True)
class CaseRow:
    """One case as the documents print it; dates are aware datetimes or dates."""

    receipt_number: str
    nominee: str
    nominee_unit: str
    employer: str
    notice: str
    source: str
    received_at: datetime
    postmark_date: date | None
    acceptance: str
    status: str
    facts: str
    sent_at: datetime | None
    verification_due: date | None
    verification_note: str
    report_name: str
    report_sha256: str
    report_submitted_at: datetime | None
    outcome: str
    outcome_note: str
    decided_at: datetime | None
    reply_text: str
    replied_at: datetime | None
    complainant: Complainant | None = None
    # What the unit was sent to verify (the facts edited by the handler).
    forwarded_facts: str = ""


@dataclass(frozen=True)
class TimelineLine:
    occurred_at: datetime
    label: str
    actor: str
    details: str


@dataclass(frozen=True)
class CaseFileData:
    year: int
    case: CaseRow
    timeline: Sequence[TimelineLine] = field(default_factory=tuple)
    generated_at: datetime | None = None


@dataclass(frozen=True)
class ReplyLetterData:
    year: int
    case: CaseRow
    addressee: str
    signed_on: date


# --- The register -------------------------------------------------------------------

_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_HEADER = (Font(bold=True), PatternFill("solid", fgColor="E7E6E6"))
_WRAP = Alignment(vertical="top", wrap_text=True)


def _cell(value):
    """Plain text or a date: never a formula, never a character Excel refuses."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return show_datetime(value)
    if isinstance(value, date):
        return show_date(value)
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return "'" + text if text.startswith(_FORMULA_PREFIXES) else text


def register_columns(with_complainants: bool) -> list[str]:
    columns = [
        _("受理编号"),
        _("被反映人"),
        _("推荐单位"),
        _("公示公告"),
        _("反映方式"),
        _("收到时间"),
        _("邮戳日期"),
    ]
    if with_complainants:
        columns += [_("反映人类型"), _("反映人姓名"), _("反映人工作单位")]
    columns += [
        _("受理情况"),
        _("状态"),
        _("反映的问题"),
        _("转核查时间"),
        _("核查报告报送期限"),
        _("核查报告报送时间"),
        _("核查报告文件名"),
        _("核查报告SHA-256"),
        _("办理结果"),
        _("办理意见"),
        _("办结时间"),
        _("答复时间"),
    ]
    return columns


def _register_values(row: CaseRow, with_complainants: bool) -> list:
    values = [
        row.receipt_number,
        row.nominee,
        row.nominee_unit,
        row.notice,
        row.source,
        row.received_at,
        row.postmark_date,
    ]
    if with_complainants:
        person = row.complainant
        values += [person.kind, person.name, person.unit] if person else ["", "", ""]
    values += [
        row.acceptance,
        row.status,
        row.facts,
        row.sent_at,
        row.verification_due,
        row.report_submitted_at,
        row.report_name,
        row.report_sha256,
        row.outcome,
        row.outcome_note,
        row.decided_at,
        row.replied_at,
    ]
    return values


def build_register(year: int, rows: Sequence[CaseRow], *, with_complainants: bool) -> bytes:
    """Return the objection register: one row per case, in the order received."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("异议登记表")
    columns = register_columns(with_complainants)
    sheet.append([_("%(year)s年“龙江工匠”公示异议登记表") % {"year": year}])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(columns)
    for index in range(1, len(columns) + 1):
        cell = sheet.cell(row=2, column=index)
        cell.font, cell.fill = _HEADER
        cell.alignment = _WRAP
    for row in rows:
        sheet.append([_cell(v) for v in _register_values(row, with_complainants)])
    widths = {_("反映的问题"): 40, _("办理意见"): 30, _("核查报告SHA-256"): 24}
    for index, title in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(title, 16)
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = _WRAP
    sheet.freeze_panes = "B3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- PDFs ---------------------------------------------------------------------------

PAGE_MARGIN = 20 * mm
CONTENT_WIDTH = A4[0] - 2 * PAGE_MARGIN
LABEL_WIDTH = 38 * mm


class _Story:
    def __init__(self):
        self.chain = font_chain()
        base = base_style(self.chain, size=10.5, leading=16)
        self.cell = ParagraphStyle("cell", parent=base, fontSize=9.5, leading=14)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=17, leading=26, alignment=TA_CENTER, spaceAfter=3 * mm
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=12, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm
        )
        self.body = ParagraphStyle("body", parent=base, leading=20, firstLineIndent=21)
        self.plain = ParagraphStyle("plain", parent=base, leading=20)
        self.right = ParagraphStyle("right", parent=base, leading=20, alignment=TA_RIGHT)
        self.flowables: list = []
        self.unprintable = False

    def p(self, text, style=None) -> Para:
        text = str(text)
        printable = placeholder(text, self.chain)
        self.unprintable |= printable != text
        return Para(markup(printable, self.chain).replace("\n", "<br/>"), style or self.cell)

    def add(self, *flowables) -> None:
        self.flowables.extend(flowables)

    def facts(self, rows: Sequence[tuple[str, str]]) -> PdfTable:
        data = [[self.p(label), self.p(value or "—")] for label, value in rows]
        table = PdfTable(data, colWidths=[LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH])
        table.setStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), self.chain.base_name),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#E7E6E6")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
        return table

    def render(self, *, title: str, footer: str) -> BuiltPdf:
        content = render(
            self.flowables,
            self.chain,
            title=title,
            header=title,
            footer=footer,
            size=8,
            margins=(PAGE_MARGIN, PAGE_MARGIN, 20 * mm, 20 * mm),
        )
        warnings = (_("部分字符无法打印，已以[U+编码]代替。"),) if self.unprintable else ()
        return BuiltPdf(content, warnings)


def _when(value) -> str:
    if value is None:
        return ""
    return show_datetime(value) if isinstance(value, datetime) else show_date(value)


def build_case_file(data: CaseFileData) -> BuiltPdf:
    """Return a case's file: the facts, the unit's report, the outcome and reply, the history."""
    case = data.case
    story = _Story()
    title = _("异议案件材料（受理编号%(number)s）") % {"number": case.receipt_number}
    story.add(
        story.p(title, story.title),
        story.p(_("一、案件情况"), story.heading),
        story.facts(
            [
                (_("被反映人"), f"{case.nominee}（{case.employer or '—'}）"),
                (_("推荐单位"), case.nominee_unit),
                (_("公示公告"), case.notice),
                (_("反映方式"), case.source),
                (_("收到时间"), _when(case.received_at)),
                (_("邮戳日期"), _when(case.postmark_date)),
                (_("受理情况"), case.acceptance),
                (_("状态"), case.status),
                (_("反映的问题（反映人原文）"), case.facts),
            ]
        ),
        story.p(_("二、推荐单位核查"), story.heading),
        story.facts(
            [
                (_("转核查时间"), _when(case.sent_at)),
                (_("核查报告报送期限"), _when(case.verification_due)),
                (_("转推荐单位核查的问题"), case.forwarded_facts),
                (_("核查要求"), case.verification_note),
                (_("核查报告"), case.report_name),
                (_("核查报告SHA-256"), case.report_sha256),
                (_("核查报告报送时间"), _when(case.report_submitted_at)),
            ]
        ),
        story.p(_("三、办理结果"), story.heading),
        story.facts(
            [
                (_("办理结果"), case.outcome),
                (_("办理意见"), case.outcome_note),
                (_("办结时间"), _when(case.decided_at)),
                (_("答复内容"), case.reply_text),
                (_("答复时间"), _when(case.replied_at)),
            ]
        ),
        story.p(_("四、办理记录"), story.heading),
    )
    if data.timeline:
        rows = [[story.p(_("时间")), story.p(_("事项")), story.p(_("操作人")), story.p(_("内容"))]]
        for line in data.timeline:
            rows.append(
                [
                    story.p(_when(line.occurred_at)),
                    story.p(line.label),
                    story.p(line.actor),
                    story.p(line.details),
                ]
            )
        widths = [34 * mm, 34 * mm, 28 * mm, CONTENT_WIDTH - 96 * mm]
        table = PdfTable(rows, colWidths=widths, repeatRows=1)
        table.setStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), story.chain.base_name),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E7E6E6")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
        story.add(table)
    else:
        story.add(story.p(_("无。")))
    if data.generated_at:
        story.add(
            Spacer(1, 4 * mm),
            story.p(_("生成时间：%(time)s") % {"time": _when(data.generated_at)}),
        )
    return story.render(title=title, footer=_("第%(page)s页 共%(pages)s页"))


def build_reply_letter(data: ReplyLetterData) -> BuiltPdf:
    """Return the letter answering a real-name complainant: the case, the outcome, the reply."""
    case = data.case
    story = _Story()
    title = _("关于反映问题的答复")
    story.add(
        story.p(title, story.title),
        story.p(_("%(name)s：") % {"name": data.addressee}, story.plain),
        story.p(
            _(
                "您于%(received)s在%(year)s年“龙江工匠”拟选树人选公示期间反映的问题"
                "（受理编号%(number)s）收悉。经推荐单位核查和我部研究，现将办理结果答复如下："
            )
            % {
                "received": show_date(timezone.localdate(case.received_at)),
                "year": data.year,
                "number": case.receipt_number,
            },
            story.body,
        ),
        story.p(_("办理结果：%(outcome)s。") % {"outcome": case.outcome}, story.body),
        story.p(case.reply_text, story.body),
        story.p(_("感谢您对“龙江工匠”选树工作的关心和支持。"), story.body),
        Spacer(1, 12 * mm),
        story.p(_("黑龙江省总工会劳动和经济工作部"), story.right),
        story.p(show_date(data.signed_on), story.right),
    )
    return story.render(title=title, footer=_("第%(page)s页 共%(pages)s页"))
