"""What can be printed, and text set in the font chain: paragraph markup and canvas strings.

A character is printable when a font of the chain has a glyph for it and it is not
an emoji, a control character or an invisible format character (bidirectional
overrides and isolates among them). Emoji are refused even where a fallback font
happens to draw one: they print in black and white at best, and never as typed.
"""

from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.pdfbase.pdfmetrics import stringWidth

from longjiang.forms import is_invisible as _invisible
from longjiang.pdf.fonts import FontChain, font_chain

# Emoji blocks (Mahjong tiles to Symbols and Pictographs Extended-A), the emoji
# variation selector and the combining keycap.
EMOJI_RANGES = ((0x1F000, 0x1FAFF),)
EMOJI_CHARS = frozenset("\ufe0f\u20e3")
FIRST_EMOJI = chr(min(low for low, _high in EMOJI_RANGES))


def is_emoji(char: str) -> bool:
    code = ord(char)
    return char in EMOJI_CHARS or any(low <= code <= high for low, high in EMOJI_RANGES)


def unprintable(text: str, chain: FontChain | None = None) -> list[str]:
    """Return the distinct characters of ``text`` that cannot be printed, in order."""
    chain = chain or font_chain()
    if chain.base_covers(text):
        return []
    # Only characters outside the first font, and emoji, can fail: check those alone.
    distinct = set(text)
    suspects = distinct - chain.base_chars
    suspects.update(c for c in distinct if c >= FIRST_EMOJI or c in EMOJI_CHARS)
    return [
        char
        for char in sorted(suspects, key=text.index)
        if _invisible(char) or is_emoji(char) or not chain.covers(char)
    ]


def describe(char: str) -> str:
    """Name a character for a message: 「😀」(U+1F600), or only the code if it is invisible."""
    code = f"(U+{ord(char):04X})"
    return code if _invisible(char) else f"「{char}」{code}"


def unprintable_message(chars: list[str]) -> str:
    """Return the message telling which characters cannot be printed."""
    return _("%(chars)s无法打印，请删除或替换。") % {"chars": "、".join(map(describe, chars))}


def placeholder(text: str, chain: FontChain | None = None) -> str:
    """Return ``text`` with each unprintable character written as [U+XXXX]."""
    bad = set(unprintable(text, chain))
    if not bad:
        return text
    return "".join(f"[U+{ord(c):04X}]" if c in bad else c for c in text)


def markup(text: str, chain: FontChain) -> str:
    """Return ``text`` escaped for a Paragraph, characters beyond the base font in font tags."""
    base = chain.base_name
    parts = []
    for font_name, run in chain.runs(text):
        run = escape(run)
        parts.append(run if font_name == base else f'<font name="{font_name}">{run}</font>')
    return "".join(parts)


def draw_string(
    canvas, x: float, y: float, text: str, *, size: float, chain: FontChain, anchor: str = "centre"
) -> None:
    """Draw one line on a canvas, run by run, anchored at its start, centre or end."""
    runs = chain.runs(text)
    widths = [stringWidth(run, font_name, size) for font_name, run in runs]
    if anchor == "centre":
        x -= sum(widths) / 2
    elif anchor == "end":
        x -= sum(widths)
    for (font_name, run), width in zip(runs, widths, strict=True):
        canvas.setFont(font_name, size)
        canvas.drawString(x, y, run)
        x += width
