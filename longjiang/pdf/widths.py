"""Character widths measured once per font and size, for reportlab's CJK line breaking.

reportlab breaks CJK text by measuring every character on its own, with a call of
``stringWidth`` per character (``textsplit.getCharWidths`` for one-font paragraphs,
``paragraph.cjkU`` for the others), each time a paragraph is wrapped. The width of
a character depends only on its font and size, so it is measured once and looked up
afterwards: the same number, found faster. ``install()`` puts these functions in
place of reportlab's (the line breaking looks them up in its modules at each call).
"""

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph

# Widths by (font name, size), then by character; a bundle uses a few fonts, sizes
# and thousands of characters at most, so this stays small.
_widths: dict[tuple[str, float], dict[str, float]] = {}


def _table(font_name: str, size: float) -> dict[str, float]:
    table = _widths.get((font_name, size))
    if table is None:
        table = _widths[(font_name, size)] = {}
    return table


def char_widths(word: str, font_name: str, size: float) -> list[float]:
    """Return the width of each character of ``word``, as ``textsplit.getCharWidths``."""
    table = _table(font_name, size)
    widths = []
    for char in word:
        width = table.get(char)
        if width is None:
            width = table[char] = pdfmetrics.stringWidth(char, font_name, size)
        widths.append(width)
    return widths


def string_width(text, font_name: str, size: float, encoding: str = "utf8") -> float:
    """Return the width of ``text``, as ``pdfmetrics.stringWidth``; one character from the table."""
    if len(text) != 1 or not isinstance(text, str):
        return pdfmetrics.stringWidth(text, font_name, size, encoding)
    table = _table(font_name, size)
    width = table.get(text)
    if width is None:
        width = table[text] = pdfmetrics.stringWidth(text, font_name, size, encoding)
    return width


def install() -> None:
    """Make reportlab's paragraphs measure each character once per font and size (idempotent)."""
    textsplit.getCharWidths = char_widths
    paragraph.stringWidth = string_width
