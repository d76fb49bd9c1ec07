"""The naming notice (命名通报) as an official document (公文) PDF.

Laid out after GB/T 9704-2012 as far as one embedded font allows: the red head
(版头, the issuing office in red), the 文号 under it and a red rule; the title; the
addressee flush left and the paragraphs indented two characters; the attachment
line; the issuing office and the 成文日期 to the right; then the attachment on a
new page, the final list by recommending unit (姓名, 工作单位). Page numbers
"— 1 —" at the foot. Set in the platform's font chain, so every name prints and
extracts; a character no font has is printed as [U+XXXX] and named in a warning.

A pure builder: ``NamingContent`` in, bytes out. The bytes are stored once, at
publication (``publicity.services.naming``), and served as stored.
"""

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer
from reportlab.platypus import Table as PdfTable
from reportlab.platypus.flowables import HRFlowable

from longjiang.pdf import BuiltPdf, KeepTogether, base_style, font_chain, render
from review.documents.pdfs import _Story

# The red of a 公文's head and rule.
RED = colors.HexColor("#D40000")
# Close to GB/T 9704's margins (left 28 mm, right 26 mm), a little less at the top
# and bottom so that the usual text, signature included, fits on the first page.
LEFT, RIGHT, TOP, BOTTOM = 28 * mm, 26 * mm, 30 * mm, 28 * mm
TEXT_WIDTH = A4[0] - LEFT - RIGHT
BODY_SIZE = 15
# Relative widths of the attachment's columns: 序号, 姓名, 工作单位.
WIDTHS = (10, 22, 100)


@dataclass(frozen=True)
class NamingContent:
    """What the notice prints; the people are only those of ``entries`` (name, employer)."""

    issuer: str
    doc_number: str
    title: str
    # One paragraph per item; the first is the addressee when it ends with a colon.
    paragraphs: list[str]
    issued_on_text: str
    attachment_title: str
    # NamingNotice.entries: [{"unit", "people": [{"name", "employer_name", "post"}]}].
    entries: list[dict]


class _Styles:
    def __init__(self, chain):
        self.chain = chain
        base = base_style(chain, size=BODY_SIZE, leading=26)
        self.head = ParagraphStyle(
            "head", parent=base, fontSize=28, leading=36, alignment=TA_CENTER, textColor=RED
        )
        self.number = ParagraphStyle("number", parent=base, alignment=TA_CENTER)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=21, leading=32, alignment=TA_CENTER, spaceAfter=14
        )
        self.addressee = base
        self.body = ParagraphStyle("body", parent=base, firstLineIndent=2 * BODY_SIZE)
        self.attachment_line = ParagraphStyle("attachment_line", parent=self.body, spaceBefore=28)
        # 右空四字: the signature and the date end four characters from the right.
        self.signature = ParagraphStyle(
            "signature", parent=base, alignment=TA_RIGHT, rightIndent=2 * BODY_SIZE
        )
        self.attachment_label = base
        self.unit = ParagraphStyle(
            "unit", parent=base, fontSize=15, leading=24, spaceBefore=10, spaceAfter=4
        )
        self.cell = ParagraphStyle("cell", parent=base, fontSize=13, leading=19)
        self.chain_name = chain.base_name


def _addressee(paragraph: str) -> bool:
    return paragraph.endswith(("：", ":"))


def _unit_table(story: _Story, s: _Styles, people: list[dict], start: int) -> PdfTable:
    scale = TEXT_WIDTH / sum(WIDTHS)
    rows = [
        [
            story.p(str(number), s.cell),
            story.p(person["name"], s.cell, owner=person["name"]),
            story.p(person["employer_name"], s.cell, owner=person["name"]),
        ]
        for number, person in enumerate(people, start=start)
    ]
    table = PdfTable(rows, colWidths=[w * scale for w in WIDTHS])
    table.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), s.chain_name),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ]
    )
    return table


def build_naming_pdf(content: NamingContent) -> BuiltPdf:
    """Return the notice's PDF and the warnings about characters no font could print."""
    chain = font_chain()
    s = _Styles(chain)
    story = _Story(s, owner=content.title)
    story.add(
        story.p(content.issuer, s.head),
        Spacer(1, 8 * mm),
        story.p(content.doc_number, s.number),
        Spacer(1, 2 * mm),
        HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=0, spaceAfter=7 * mm),
        story.p(content.title, s.title),
    )
    for index, paragraph in enumerate(content.paragraphs):
        if index == 0 and _addressee(paragraph):
            style = s.addressee
        elif paragraph.startswith("附件"):
            style = s.attachment_line
        else:
            style = s.body
        story.add(story.p(paragraph, style))
    story.add(
        KeepTogether(
            [
                Spacer(1, 12 * mm),
                story.p(content.issuer, s.signature),
                story.p(content.issued_on_text, s.signature),
            ]
        )
    )
    # The attachment, on its own pages.
    story.add(
        PageBreak(),
        story.p("附件", s.attachment_label),
        Spacer(1, 4 * mm),
        story.p(content.attachment_title, s.title),
    )
    number = 1
    for group in content.entries:
        people = group["people"]
        heading = story.p(f"{group['unit']}（{len(people)}人）", s.unit)
        # The unit's heading stays with its first people.
        story.add(KeepTogether([heading, _unit_table(story, s, people[:3], number)]))
        if len(people) > 3:
            story.add(_unit_table(story, s, people[3:], number + 3))
        number += len(people)
    content_bytes = render(
        story.flowables,
        chain,
        title=content.title,
        footer="— %(page)s —",
        size=12,
        margins=(LEFT, RIGHT, TOP, BOTTOM),
    )
    return BuiltPdf(content_bytes, story.warnings())
