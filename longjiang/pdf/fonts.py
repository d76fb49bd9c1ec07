"""The embedded CJK font of the PDFs, and the check that every character has a glyph.

The font is read from ``settings.LONGJIANG_CJK_FONT`` (default: AR PL UMing from
the Debian package ``fonts-arphic-uming``).
"""

import hashlib
import unicodedata
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from longjiang.exceptions import DomainError

DEFAULT_CJK_FONT = "/usr/share/fonts/truetype/arphic/uming.ttc"
CJK_FONT_PACKAGE = "fonts-arphic-uming"

Progress = Callable[[int], None] | None


class FontUnavailable(DomainError):
    """The configured CJK font file is missing or unreadable."""


class MissingGlyphs(DomainError):
    """A text to print has characters the embedded font cannot draw."""


# --- The CJK font -----------------------------------------------------------------


def font_path() -> str:
    return getattr(settings, "LONGJIANG_CJK_FONT", DEFAULT_CJK_FONT)


@cache
def _load_font(path: str) -> TTFont:
    """Load and register the font once per path (about 0.1 s for UMing)."""
    name = "LongjiangCJK-" + hashlib.sha256(path.encode()).hexdigest()[:8]
    try:
        font = TTFont(name, path, subfontIndex=0)
    except (OSError, TTFError) as exc:
        raise FontUnavailable(
            _(
                "无法读取生成PDF所需的中文字体文件“%(path)s”。请安装Debian软件包%(package)s，"
                "或在设置LONGJIANG_CJK_FONT中指定字体文件路径。"
            )
            % {"path": path, "package": CJK_FONT_PACKAGE}
        ) from exc
    pdfmetrics.registerFont(font)
    return font


def cjk_font() -> TTFont:
    """Return the registered CJK font; raise FontUnavailable if its file cannot be read."""
    return _load_font(font_path())


def _drawable(char: str) -> bool:
    """Whether a character is drawn at all (spaces and controls are not)."""
    return not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf")


def missing_glyphs(text: str, font: TTFont) -> list[str]:
    """Return the distinct characters of ``text`` that ``font`` has no glyph for."""
    cmap = font.face.charToGlyph
    return list(dict.fromkeys(c for c in text if ord(c) not in cmap and _drawable(c)))
