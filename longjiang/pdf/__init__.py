"""The PDF pieces every stage uses: the font chain, printable text, the paged canvas.

Importing this package makes reportlab write ToUnicode maps that extract every
character correctly (``longjiang.pdf.tounicode``), so every PDF the portal makes
reads back as the text it drew, and makes its paragraphs measure each character
once per font and size (``longjiang.pdf.widths``).
"""

from longjiang.pdf import tounicode, widths
from longjiang.pdf.canvas import PagedCanvas
from longjiang.pdf.document import (
    BuiltPdf,
    Deferred,
    KeepTogether,
    Para,
    Progress,
    StreamingDocTemplate,
    Table,
    base_style,
    once_per_percent,
    render,
)
from longjiang.pdf.fonts import DEFAULT_PDF_FONTS, FontChain, FontUnavailable, font_chain
from longjiang.pdf.text import (
    describe,
    draw_string,
    is_emoji,
    markup,
    placeholder,
    unprintable,
    unprintable_message,
)

tounicode.install()
widths.install()

__all__ = [
    "DEFAULT_PDF_FONTS",
    "BuiltPdf",
    "Deferred",
    "FontChain",
    "FontUnavailable",
    "KeepTogether",
    "PagedCanvas",
    "Para",
    "Progress",
    "StreamingDocTemplate",
    "Table",
    "base_style",
    "describe",
    "draw_string",
    "font_chain",
    "is_emoji",
    "markup",
    "once_per_percent",
    "placeholder",
    "render",
    "unprintable",
    "unprintable_message",
]
