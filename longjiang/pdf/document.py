"""The document template, styles and result shared by the portal's PDF builders."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus import KeepTogether as PlatypusKeepTogether
from reportlab.platypus import Table as PlatypusTable
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import cleanBlockQuotedText, textTransformFrags

from longjiang.pdf.canvas import PagedCanvas
from longjiang.pdf.fonts import FontChain

Progress = Callable[[int], None] | None
# Parsed markup kept for reuse: labels and other short texts, at most this many.
CACHED_TEXT_LENGTH, CACHED_TEXTS = 40, 2000


@dataclass(frozen=True)
class BuiltPdf:
    """A PDF's bytes and the warnings about records it could not print as they are."""

    content: bytes
    warnings: tuple[str, ...] = ()


def base_style(chain: FontChain, *, size: float, leading: float) -> ParagraphStyle:
    """Return the root paragraph style: the chain's first font, CJK line breaking."""
    style = ParagraphStyle("base", fontName=chain.base_name, fontSize=size, leading=leading)
    style.wordWrap = "CJK"
    return style


class Para(Paragraph):
    """A Paragraph that breaks its lines once per width.

    Tables measure each cell, KeepTogether measures its content, and frames wrap again
    before drawing: the same paragraph is wrapped at the same width several times, and
    CJK line breaking measures every character each time. The result depends only on
    the width, so the last one is kept.
    """

    _wrapped_at = None

    @classmethod
    def cached(
        cls, text: str, style: ParagraphStyle, cache: dict, *, length: int | None = None
    ) -> "Para":
        """Return a paragraph of ``text``, parsing its markup once per ``cache``.

        A bundle repeats the same labels in every form; parsing the markup is a good
        part of a paragraph's cost, and the parsed fragments are only read afterwards.
        ``length`` is the length of the text as printed, when its markup makes it
        longer (``年&nbsp;&nbsp;月`` is short): short texts are kept.
        """
        key = (text, style.name)
        frags = cache.get(key)
        if frags is None:
            if "<" in text or "&" in text or not text.strip():
                paragraph = cls(text, style)
                frags = paragraph.frags
            else:
                frags = _plain_frags(text, style, cache)
                paragraph = cls(text, style, frags=frags)
            if (len(text) if length is None else length) <= CACHED_TEXT_LENGTH:
                # Names and values differ per form: clear rather than grow with a bundle.
                if len(cache) >= CACHED_TEXTS:
                    cache.clear()
                cache[key] = frags
            return paragraph
        return cls(text, style, frags=frags)

    def wrap(self, availWidth, availHeight):
        # A failed split drops the lines (blPara); break them again then.
        if self._wrapped_at == availWidth and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_at = availWidth
        return size

    def drawOn(self, canvas, x, y, _sW=0):
        """Draw as ``Paragraph.drawOn`` does, the common case without its general checks.

        The common case is text in one font, size and colour (``blPara.kind`` 0), aligned
        left, centre or right, with no bullet, border, background, underline, link or
        flowing around other flowables; anything else goes through reportlab. It writes
        reportlab's text object; when the canvas already fills in the text's colour and
        its font is a TrueType one, it places the text object itself instead of saving
        the graphics state twice, moving the origin and setting the colour again (tests
        compare both with reportlab's operators).
        """
        line_draw = self._plain_line_draw()
        if line_draw is None:
            return super().drawOn(canvas, x, y, _sW)
        if _sW:
            x = self._hAlignAdjust(x, _sW)
        style, blPara = self.style, self.blPara
        ascent = (
            blPara.fontSize if _FONT_SIZE_OFFSET else getattr(blPara, "ascent", blPara.fontSize)
        )
        # Already in the text's colour (a table cell's usually is): nothing to restore but
        # the font, which text objects set themselves in a TrueType font (the canvas's
        # being one, the text drawn next sets its own too). The text object's matrix
        # then places the text, without moving the origin.
        flat = canvas._fillColorObj == blPara.textColor and _sets_own_font(canvas._fontname)
        if flat:
            text = canvas.beginText(x + style.leftIndent, y + self.height - ascent)
        else:
            canvas.saveState()
            canvas.translate(x, y)
            canvas.saveState()
            canvas.setFillColor(blPara.textColor)
            text = canvas.beginText(style.leftIndent, self.height - ascent)
        text.preformatted = False
        text.direction = style.wordWrap
        text.setFont(blPara.fontName, blPara.fontSize, style.leading)
        offset = style.firstLineIndent
        for extra, words in blPara.lines:
            line_draw(text, offset, extra, words)
            offset = 0
        canvas.drawText(text)
        if not flat:
            canvas.restoreState()
            canvas.restoreState()

    def getSpaceBefore(self):
        # Flowable's looks for an attribute of the paragraph first, and misses.
        spaces = self.__dict__
        return spaces.get("spaceBefore", self.style.spaceBefore)

    def getSpaceAfter(self):
        spaces = self.__dict__
        return spaces.get("spaceAfter", self.style.spaceAfter)

    def _plain_line_draw(self):
        """Return reportlab's line drawer for a paragraph of the common case, else None."""
        blPara = self.__dict__.get("blPara")
        if blPara is None or blPara.kind != 0 or not blPara.lines:
            return None
        style = self.style
        if (
            style.wordWrap in ("LTR", "RTL")
            or style.backColor
            or (style.borderColor and style.borderWidth)
            or self.bulletText
            or blPara.us_lines
            or blPara.link
            or getattr(self, "_offsets", None)
            or getattr(self, "autoLeading", getattr(style, "autoLeading", ""))
            or getattr(self, "_showBoundary", False)
            or self.debug
        ):
            return None
        return _LINE_DRAWS.get(style.alignment)


_FONT_SIZE_OFFSET = rl_paragraph.paraFontSizeHeightOffset


def _sets_own_font(font_name: str) -> bool:
    """Whether each text object in this font sets the font itself (TrueType subsets do)."""
    return getattr(pdfmetrics.getFont(font_name), "_dynamicFont", False)


_LINE_DRAWS = {
    TA_LEFT: rl_paragraph._leftDrawParaLine,
    TA_CENTER: rl_paragraph._centerDrawParaLine,
    TA_RIGHT: rl_paragraph._rightDrawParaLine,
}


class Table(PlatypusTable):
    """A Table that lays its rows out once per available width.

    KeepTogether measures its content, the frame measures it again before placing it
    (with another available height), a split measures it once more, and an outer table
    measures its nested tables at each of its own measurements; each measurement
    recomputes every row from its cells. Once all rows were computed, the result
    depends only on the available width (the height only decides where reportlab may
    stop computing a long table's rows), so it is kept for that width. A split makes
    new tables.
    """

    _laid_out_for = None

    def _calc(self, availWidth, availHeight):
        if self._laid_out_for == availWidth:
            return
        super()._calc(availWidth, availHeight)
        # Every row computed: nothing depended on the available height.
        self._laid_out_for = availWidth if self._hmax == len(self._rowHeights) else None


class KeepTogether(PlatypusKeepTogether):
    """A KeepTogether of tables, paragraphs and spacers, measured without copying the frame.

    reportlab's copies the document's current frame at each measurement, in case a
    flowable adds content to the frame while it is measured; tables, paragraphs and
    spacers add none, and the copy was a good part of the measurement.
    """

    def wrap(self, aW, aH):
        doc = getattr(self.canv, "_doctemplate", None)
        frame = getattr(doc, "frame", None)
        if frame is None or not all(isinstance(f, _MEASURED_ALONE) for f in self._content):
            return super().wrap(aW, aH)
        doc.frame = None
        try:
            return super().wrap(aW, aH)
        finally:
            doc.frame = frame


_MEASURED_ALONE = (PlatypusTable, Paragraph, Spacer)


def _plain_frags(text: str, style: ParagraphStyle, cache: dict) -> list:
    """Return the fragments the markup parser makes of ``text``, which has no markup.

    Without tags or entities the parser makes one fragment: the style's, holding the
    text with its blanks collapsed. That fragment is made once per style and copied.
    """
    key = (style.name,)
    template = cache.get(key)
    if template is None:
        template = cache[key] = Paragraph("x", style).frags[0]
    frags = [template.clone(text=cleanBlockQuotedText(text))]
    textTransformFrags(frags, style)
    return frags


class Deferred(Flowable):
    """Stand for flowables made only when the layout reaches them (one form of a bundle)."""

    def __init__(self, make: Callable[[], Iterable[Flowable]]):
        super().__init__()
        self.make = make


class StreamingDocTemplate(SimpleDocTemplate):
    """A SimpleDocTemplate that expands ``Deferred`` flowables when it reaches them.

    A bundle's story is then one small placeholder per form; each form's paragraphs
    and tables exist only while its pages are laid out.
    """

    def filterFlowables(self, flowables):
        while flowables and isinstance(flowables[0], Deferred):
            flowables[0:1] = list(flowables[0].make())
        super().filterFlowables(flowables)


def render(
    story: list,
    chain: FontChain,
    *,
    title: str,
    footer: str,
    header: str = "",
    size: float = 9,
    margins: tuple[float, float, float, float],
) -> bytes:
    """Lay the story out on A4 pages with the chain's first font and the paged canvas.

    ``margins`` are (left, right, top, bottom); ``footer`` is a format string with
    ``%(page)s`` and ``%(pages)s``.
    """
    left, right, top, bottom = margins
    buffer = io.BytesIO()
    doc = StreamingDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        # The embedded font from the start: no unembedded standard font in the file.
        initialFontName=chain.base_name,
        title=title,
    )
    canvas = partial(PagedCanvas, chain=chain, footer=footer, header=header, size=size, margin=left)
    doc.build(story, canvasmaker=canvas)
    return buffer.getvalue()


def once_per_percent(progress: Callable[[int], None]) -> Callable[[int], None]:
    """Pass each percentage on once: a job may write every report to its database row."""
    reported: set[int] = set()

    def report(percent: int) -> None:
        if percent not in reported:
            reported.add(percent)
            progress(percent)

    return report
