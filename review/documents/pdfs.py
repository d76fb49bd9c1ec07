"""The proposed list (建议名单) and a locked list version as PDFs, drawn with reportlab.

Pure builders over the data classes of ``review.documents.scores``. The font is
the portal's embedded CJK font (``longjiang.pdf.fonts``); a text with a
character the font lacks raises ``MissingGlyphs`` before anything is drawn.
"""

import io
from collections.abc import Sequence
from functools import partial
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import Table as PdfTable

from longjiang.pdf.fonts import MissingGlyphs, cjk_font, missing_glyphs
from nominations.documents.data import long_date
from review.documents.scores import (
    ListLine,
    LockedEntryLine,
    LockedListData,
    ProposedListData,
    local_time,
    rules_paragraph,
)

PAGE_MARGIN = 18 * mm
CONTENT_WIDTH = A4[0] - 2 * PAGE_MARGIN
HEADER_FILL = colors.HexColor("#E7E6E6")
# Relative widths of the list tables' columns.
PROPOSED_WIDTHS = (12, 12, 20, 36, 52, 16, 26)
LOCKED_WIDTHS = (12, 18, 32, 44, 12, 16, 40)
MOVE_WIDTHS = (20, 36, 24, 64, 12, 18)


class _Styles:
    def __init__(self, font_name: str):
        base = ParagraphStyle("base", fontName=font_name, fontSize=10, leading=14)
        base.wordWrap = "CJK"
        self.cell = base
        self.small = ParagraphStyle("small", parent=base, fontSize=9, leading=12)
        self.head = ParagraphStyle("head", parent=self.small, alignment=TA_CENTER)
        self.center = ParagraphStyle("center", parent=self.small, alignment=TA_CENTER)
        self.title = ParagraphStyle(
            "title", parent=base, fontSize=17, leading=24, alignment=TA_CENTER
        )
        self.subtitle = ParagraphStyle(
            "subtitle", parent=base, fontSize=13, leading=20, alignment=TA_CENTER, spaceAfter=2 * mm
        )
        self.heading = ParagraphStyle(
            "heading", parent=base, fontSize=12, leading=18, spaceBefore=4 * mm, spaceAfter=2 * mm
        )
        self.body = ParagraphStyle("body", parent=base, leading=17, firstLineIndent=20)
        self.warning = ParagraphStyle("warning", parent=self.body, textColor=colors.darkred)


class _Story:
    """Build flowables and remember every text drawn, by whose line it is on."""

    def __init__(self, styles: _Styles, owner: str):
        self.s = styles
        self.owner = owner
        self.texts: dict[str, list[str]] = {}
        self.flowables: list = []

    def p(self, text, style: ParagraphStyle | None = None, *, owner: str | None = None):
        text = str(text)
        self.texts.setdefault(owner or self.owner, []).append(text)
        return Paragraph(escape(text).replace("\n", "<br/>"), style or self.s.cell)

    def add(self, *flowables) -> None:
        self.flowables.extend(flowables)

    def table(self, headers: Sequence[str], rows: Sequence[tuple], widths: Sequence[float]):
        """Return a grid with a repeated header row; each row is (owner, cells)."""
        scale = CONTENT_WIDTH / sum(widths)
        data = [[self.p(h, self.s.head) for h in headers]]
        for owner, cells in rows:
            data.append([self.p(c, self.s.small, owner=owner) for c in cells])
        table = PdfTable(data, colWidths=[w * scale for w in widths], repeatRows=1)
        table.setStyle(
            [
                # Empty cells would otherwise fall back to Helvetica, which is not embedded.
                ("FONTNAME", (0, 0), (-1, -1), self.s.cell.fontName),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
        return table

    def check_glyphs(self, font, extra: Sequence[str] = ()) -> None:
        """Raise MissingGlyphs naming whose text has characters the font cannot draw."""
        missing: dict[str, list[str]] = {}
        self.texts.setdefault(self.owner, []).extend(extra)
        for owner, texts in self.texts.items():
            chars = missing_glyphs("".join(texts), font)
            if chars:
                missing[owner] = chars
        if missing:
            items = "、".join(f"{name}（{'、'.join(chars)}）" for name, chars in missing.items())
            raise MissingGlyphs(
                _("以下字符在字体中缺失，无法生成PDF：%(items)s。请联系系统管理员。")
                % {"items": items}
            )


class _PagedCanvas(Canvas):
    """Draw a header and a numbered footer on every page once the page count is known."""

    def __init__(self, *args, font_name: str, header: str, footer: str, **kwargs):
        super().__init__(*args, **kwargs)
        self._font_name, self._header, self._footer = font_name, header, footer
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self.setFont(self._font_name, 8)
            if self._header:
                self.drawCentredString(A4[0] / 2, A4[1] - 10 * mm, self._header)
                self.line(PAGE_MARGIN, A4[1] - 11.5 * mm, A4[0] - PAGE_MARGIN, A4[1] - 11.5 * mm)
            self.drawCentredString(
                A4[0] / 2, 10 * mm, self._footer % {"page": number, "pages": total}
            )
            super().showPage()
        super().save()


def _render(story: _Story, font, *, title: str, header: str, footer: str) -> bytes:
    story.check_glyphs(font, [header, footer])
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=PAGE_MARGIN,
        rightMargin=PAGE_MARGIN,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        initialFontName=font.fontName,
        title=title,
    )
    canvas = partial(_PagedCanvas, font_name=font.fontName, header=header, footer=footer)
    doc.build(story.flowables, canvasmaker=canvas)
    return buffer.getvalue()


def _rank(value: int | None) -> str:
    return "" if value is None else str(value)


def _list_rows(lines: Sequence[ListLine]) -> list[tuple]:
    return [
        (
            line.name,
            (
                str(line.position),
                _rank(line.rank),
                line.name,
                line.unit_name,
                line.employer_name,
                line.score,
                line.note,
            ),
        )
        for line in lines
    ]


def build_proposed_list_pdf(data: ProposedListData) -> bytes:
    """Return the proposed list for the council meeting: rules, list, reserve, moves, counts."""
    font = cjk_font()
    s = _Styles(font.fontName)
    title = _("%(year)s年“龙江工匠”选树") % {"year": data.year}
    story = _Story(s, owner=title)
    story.add(
        story.p(title, s.title),
        story.p(_("建议名单（提交主席办公会议审议）"), s.subtitle),
        story.p(_("生成时间：%(time)s") % {"time": local_time(data.generated_at)}, s.center),
        story.p(_("建议名单指纹：%(fingerprint)s") % {"fingerprint": data.fingerprint}, s.center),
        Spacer(1, 3 * mm),
        story.p(_("评审规则"), s.heading),
        story.p(rules_paragraph(data.rules), s.body),
    )
    if data.tie_at_quota:
        names = "、".join(
            _("%(name)s（%(score)s分）") % {"name": name, "score": score}
            for name, score in data.tie_at_quota
        )
        story.add(
            Spacer(1, 2 * mm),
            story.p(
                _(
                    "请注意：以下人选得分相同，并列名次跨越第%(quota)s名的名额线，"
                    "须由主席办公会议研究确定：%(names)s。"
                )
                % {"quota": data.rules.quota, "names": names},
                s.warning,
            ),
        )
    headers = [_("序号"), _("排名"), _("姓名"), _("推荐单位"), _("工作单位"), _("得分"), _("备注")]
    story.add(
        story.p(_("一、建议人选（%(count)s名）") % {"count": len(data.listed)}, s.heading),
        story.table(headers, _list_rows(data.listed), PROPOSED_WIDTHS)
        if data.listed
        else story.p(_("无。")),
        story.p(_("二、后备人选（%(count)s名）") % {"count": len(data.reserve)}, s.heading),
        story.table(headers, _list_rows(data.reserve), PROPOSED_WIDTHS)
        if data.reserve
        else story.p(_("无。")),
        story.p(_("三、名单调整"), s.heading),
    )
    if data.moves:
        rows = [
            (
                move.name,
                (
                    move.name,
                    move.unit_name,
                    move.direction,
                    move.reason,
                    _rank(move.rank),
                    move.score,
                ),
            )
            for move in data.moves
        ]
        move_headers = [_("姓名"), _("推荐单位"), _("调整"), _("调整理由"), _("排名"), _("得分")]
        story.add(story.table(move_headers, rows, MOVE_WIDTHS))
    else:
        story.add(story.p(_("无。")))
    if data.units:
        rows = [
            (u.unit_name, (u.unit_name, str(u.listed), str(u.reserve), str(u.listed + u.reserve)))
            for u in data.units
        ]
        rows.append(
            (
                title,
                (
                    _("合计"),
                    str(sum(u.listed for u in data.units)),
                    str(sum(u.reserve for u in data.units)),
                    str(sum(u.listed + u.reserve for u in data.units)),
                ),
            )
        )
        unit_headers = [_("推荐单位"), _("建议人选"), _("后备人选"), _("合计")]
        story.add(
            KeepTogether(
                [
                    story.p(_("四、按推荐单位统计"), s.heading),
                    story.table(unit_headers, rows, (60, 20, 20, 20)),
                ]
            )
        )
    header = _("%(year)s年“龙江工匠”建议名单（提交主席办公会议审议）") % {"year": data.year}
    return _render(story, font, title=header, header=header, footer=_("第%(page)s页 共%(pages)s页"))


def _locked_rows(entries: Sequence[LockedEntryLine]) -> list[tuple]:
    return [
        (
            entry.name,
            (
                str(entry.position),
                entry.name,
                entry.unit_name,
                entry.employer_name,
                _rank(entry.rank),
                entry.score,
                entry.moved_reason,
            ),
        )
        for entry in entries
    ]


def build_locked_list_pdf(data: LockedListData) -> bytes:
    """Return a locked list version, its SHA-256 hash in the header and footer of every page."""
    font = cjk_font()
    s = _Styles(font.fontName)
    title = _("%(year)s年“龙江工匠”名单") % {"year": data.year}
    story = _Story(s, owner=title)
    story.add(
        story.p(title, s.title),
        story.p(_("经主席办公会议审议锁定 · 第%(number)s版") % {"number": data.number}, s.subtitle),
    )
    facts = [
        (_("版本"), _("第%(number)s版") % {"number": data.number}),
        (_("主席办公会议日期"), long_date(data.meeting_date)),
        (_("会议纪要文号"), data.minutes_ref),
        (_("审议结果"), data.outcome),
        (_("锁定时间"), local_time(data.approved_at)),
        (_("名单哈希（SHA-256）"), data.content_hash),
    ]
    if data.previous_hash:
        facts.append((_("上一版本哈希"), data.previous_hash))
    if data.reason:
        facts.append((_("变更理由"), data.reason))
    grid = PdfTable(
        [[story.p(label, s.small), story.p(value, s.small)] for label, value in facts],
        colWidths=[36 * mm, CONTENT_WIDTH - 36 * mm],
    )
    grid.setStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font.fontName),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (0, -1), HEADER_FILL),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
    )
    headers = [
        _("序号"),
        _("姓名"),
        _("推荐单位"),
        _("工作单位"),
        _("排名"),
        _("得分"),
        _("调整理由"),
    ]
    story.add(
        grid,
        story.p(_("一、建议人选（%(count)s名）") % {"count": len(data.listed)}, s.heading),
        story.table(headers, _locked_rows(data.listed), LOCKED_WIDTHS)
        if data.listed
        else story.p(_("无。")),
        story.p(_("二、后备人选（%(count)s名）") % {"count": len(data.reserve)}, s.heading),
        story.table(headers, _locked_rows(data.reserve), LOCKED_WIDTHS)
        if data.reserve
        else story.p(_("无。")),
        Spacer(1, 4 * mm),
        story.p(_("生成时间：%(time)s") % {"time": local_time(data.generated_at)}, s.small),
    )
    header = _("%(title)s 第%(number)s版  SHA-256：%(hash)s") % {
        "title": title,
        "number": data.number,
        "hash": data.content_hash,
    }
    # The footer is a format string for the page numbers.
    stamp = _("SHA-256：%(hash)s") % {"hash": data.content_hash}
    footer = stamp.replace("%", "%%") + "    " + _("第%(page)s页 共%(pages)s页")
    return _render(story, font, title=title, header=header, footer=footer)
