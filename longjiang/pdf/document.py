"""The document template, styles and result shared by the portal's PDF builders."""

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate
from reportlab.platypus import Table as PlatypusTable
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
    def cached(cls, text: str, style: ParagraphStyle, cache: dict) -> "Para":
        """Return a paragraph of ``text``, parsing its markup once per ``cache``.

        A bundle repeats the same labels in every form; parsing the markup is a good
        part of a paragraph's cost, and the parsed fragments are only read afterwards.
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
            if len(text) <= CACHED_TEXT_LENGTH:
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


class Table(PlatypusTable):
    """A Table that lays its rows out once per available size.

    KeepTogether measures its content, the frame measures it again before placing it,
    and an outer table measures its nested tables at each of its own measurements;
    each measurement recomputes every row from its cells. The result depends only on
    the available size, so it is kept for a repeated one. A split makes new tables.
    """

    _wrapped_for = None

    def wrap(self, availWidth, availHeight):
        size = (availWidth, availHeight)
        if self._wrapped_for == size:
            return self._width, self._height
        result = super().wrap(availWidth, availHeight)
        self._wrapped_for = size
        return result


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
