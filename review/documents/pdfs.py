"""The proposed list (建议名单) and a locked list version as PDFs, drawn with reportlab.

Pure builders over the data classes of ``review.documents.scores``, set in the
platform's font chain (``longjiang.pdf``). A text with a character no font can print
(older data, an import) is printed with [U+XXXX] in its place, and the builder
returns a warning naming whose line it is on.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from reportlab.platypus import Table as PdfTable

from longjiang.pdf import (
    BuiltPdf,
    FontChain,
    Para,
    base_style,
    font_chain,
    markup,
    placeholder,
    render,
    unprintable,
)
from nominations.documents.data import long_date
from review.documents.data import (
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
UNIT_WIDTHS = (60, 20, 20, 20)
PAGE_FOOTER_SIZE = 8


class _Styles:
    def __init__(self, chain: FontChain):
        self.chain = chain
        base = base_style(chain, size=10, leading=14)
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
    """Build flowables; print unprintable characters as [U+XXXX] and note whose line it was."""

    def __init__(self, styles: _Styles, owner: str):
        self.s = styles
        self.owner = owner
        self.flowables: list = []
        self.unprintable: dict[str, list[str]] = {}

    def p(self, text, style: ParagraphStyle | None = None, *, owner: str | None = None):
        text = str(text)
        bad = unprintable(text, self.s.chain)
        if bad:
            chars = self.unprintable.setdefault(owner or self.owner, [])
            chars.extend(c for c in bad if c not in chars)
            text = placeholder(text, self.s.chain)
        return Para(markup(text, self.s.chain).replace("\n", "<br/>"), style or self.s.cell)

    def add(self, *flowables) -> None:
        self.flowables.extend(flowables)

    def grid(self, data: list[list], widths, fill: tuple, *, repeat_rows: int = 0) -> PdfTable:
        """Return a ruled table; ``fill`` is the (start, stop) cell range of the grey headers."""
        table = PdfTable(data, colWidths=widths, repeatRows=repeat_rows)
        table.setStyle(
            [
                # Empty cells would otherwise fall back to Helvetica, which is not embedded.
                ("FONTNAME", (0, 0), (-1, -1), self.s.chain.base_name),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", *fill, HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
        return table

    def table(self, headers: Sequence[str], rows: Sequence[tuple], widths: Sequence[float]):
        """Return a grid with a repeated header row; each row is (owner, cells)."""
        scale = CONTENT_WIDTH / sum(widths)
        data = [[self.p(h, self.s.head) for h in headers]]
        for owner, cells in rows:
            data.append([self.p(c, self.s.small, owner=owner) for c in cells])
        return self.grid(data, [w * scale for w in widths], ((0, 0), (-1, 0)), repeat_rows=1)

    def table_or_none(self, headers: Sequence[str], rows: Sequence[tuple], widths):
        return self.table(headers, rows, widths) if rows else self.p(_("无。"))

    def warnings(self) -> tuple[str, ...]:
        return tuple(
            _("%(owner)s：含有无法打印的字符 %(codes)s，已以[U+编码]代替。")
            % {
                "owner": placeholder(owner, self.s.chain),
                "codes": "、".join(f"U+{ord(c):04X}" for c in chars),
            }
            for owner, chars in self.unprintable.items()
        )


def _render(story: _Story, *, title: str, header: str, footer: str) -> BuiltPdf:
    content = render(
        story.flowables,
        story.s.chain,
        title=title,
        header=header,
        footer=footer,
        size=PAGE_FOOTER_SIZE,
        margins=(PAGE_MARGIN, PAGE_MARGIN, 18 * mm, 18 * mm),
    )
    return BuiltPdf(content, story.warnings())


def _rank(value: int | None) -> str:
    return "" if value is None else str(value)


# --- The proposed list ------------------------------------------------------------


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


def _proposed_opening(story: _Story, data: ProposedListData, title: str) -> None:
    """Add the title, the fingerprint, the rules and the warning of a tie at the quota."""
    s = story.s
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


def _proposed_lists(story: _Story, data: ProposedListData) -> None:
    """Add the listed and reserve candidates and the moves between them."""
    s = story.s
    headers = [_("序号"), _("排名"), _("姓名"), _("推荐单位"), _("工作单位"), _("得分"), _("备注")]
    story.add(
        story.p(_("一、建议人选（%(count)s名）") % {"count": len(data.listed)}, s.heading),
        story.table_or_none(headers, _list_rows(data.listed), PROPOSED_WIDTHS),
        story.p(_("二、后备人选（%(count)s名）") % {"count": len(data.reserve)}, s.heading),
        story.table_or_none(headers, _list_rows(data.reserve), PROPOSED_WIDTHS),
        story.p(_("三、名单调整"), s.heading),
    )
    rows = [
        (
            move.name,
            (move.name, move.unit_name, move.direction, move.reason, _rank(move.rank), move.score),
        )
        for move in data.moves
    ]
    move_headers = [_("姓名"), _("推荐单位"), _("调整"), _("调整理由"), _("排名"), _("得分")]
    story.add(story.table_or_none(move_headers, rows, MOVE_WIDTHS))


def _unit_counts(story: _Story, data: ProposedListData) -> None:
    """Add the count of listed and reserve candidates per unit, with a total."""
    if not data.units:
        return
    rows = [
        (u.unit_name, (u.unit_name, str(u.listed), str(u.reserve), str(u.listed + u.reserve)))
        for u in data.units
    ]
    listed = sum(u.listed for u in data.units)
    reserve = sum(u.reserve for u in data.units)
    rows.append((story.owner, (_("合计"), str(listed), str(reserve), str(listed + reserve))))
    unit_headers = [_("推荐单位"), _("建议人选"), _("后备人选"), _("合计")]
    story.add(
        KeepTogether(
            [
                story.p(_("四、按推荐单位统计"), story.s.heading),
                story.table(unit_headers, rows, UNIT_WIDTHS),
            ]
        )
    )


def build_proposed_list_pdf(data: ProposedListData) -> BuiltPdf:
    """Return the proposed list for the council meeting: rules, list, reserve, moves, counts."""
    title = _("%(year)s年“龙江工匠”选树") % {"year": data.year}
    story = _Story(_Styles(font_chain()), owner=title)
    _proposed_opening(story, data, title)
    _proposed_lists(story, data)
    _unit_counts(story, data)
    header = _("%(year)s年“龙江工匠”建议名单（提交主席办公会议审议）") % {"year": data.year}
    return _render(story, title=header, header=header, footer=_("第%(page)s页 共%(pages)s页"))


# --- A locked list version --------------------------------------------------------


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


def _locked_facts(story: _Story, data: LockedListData) -> PdfTable:
    """Return the grid of the version's facts: meeting, outcome, hashes, reason."""
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
    small = story.s.small
    return story.grid(
        [[story.p(label, small), story.p(value, small)] for label, value in facts],
        [36 * mm, CONTENT_WIDTH - 36 * mm],
        ((0, 0), (0, -1)),
    )


def build_locked_list_pdf(data: LockedListData) -> BuiltPdf:
    """Return a locked list version, its SHA-256 hash in the header and footer of every page."""
    title = _("%(year)s年“龙江工匠”名单") % {"year": data.year}
    story = _Story(_Styles(font_chain()), owner=title)
    s = story.s
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
        story.p(title, s.title),
        story.p(_("经主席办公会议审议锁定 · 第%(number)s版") % {"number": data.number}, s.subtitle),
        _locked_facts(story, data),
        story.p(_("一、建议人选（%(count)s名）") % {"count": len(data.listed)}, s.heading),
        story.table_or_none(headers, _locked_rows(data.listed), LOCKED_WIDTHS),
        story.p(_("二、后备人选（%(count)s名）") % {"count": len(data.reserve)}, s.heading),
        story.table_or_none(headers, _locked_rows(data.reserve), LOCKED_WIDTHS),
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
    return _render(story, title=title, header=header, footer=footer)
