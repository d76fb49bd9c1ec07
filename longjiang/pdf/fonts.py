"""The chain of embedded TrueType fonts the PDFs draw with, chosen per character.

The chain is ``settings.LONGJIANG_PDF_FONTS``, a list of font files: by default AR PL
UMing (Debian ``fonts-arphic-uming``), then HanaMinA and HanaMinB (Debian
``fonts-hanazono``), which cover CJK Extensions A to F. Each character is drawn with
the first font of the chain that has a glyph for it. A font file is read once per
process, and only when a character is missing from the fonts before it.
"""

import hashlib
import unicodedata
from functools import cache

from django.conf import settings
from django.utils.translation import gettext as _
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from longjiang.exceptions import DomainError

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
HANAMIN_A = "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"
HANAMIN_B = "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"
DEFAULT_PDF_FONTS = (UMING, HANAMIN_A, HANAMIN_B)
FONT_PACKAGES = "fonts-arphic-uming、fonts-hanazono"


class FontUnavailable(DomainError):
    """A font file of the chain is missing or unreadable."""


@cache
def load_font(path: str) -> TTFont:
    """Load and register a font once per path (0.1 to 0.2 s each)."""
    name = "LongjiangPDF-" + hashlib.sha256(path.encode()).hexdigest()[:8]
    try:
        # The index picks the first face of a collection (.ttc) and is ignored otherwise.
        font = TTFont(name, path, subfontIndex=0)
    except (OSError, TTFError) as exc:
        raise FontUnavailable(
            _(
                "无法读取生成PDF所需的字体文件“%(path)s”。请安装Debian软件包%(packages)s，"
                "或在设置LONGJIANG_PDF_FONTS中指定字体文件路径。"
            )
            % {"path": path, "packages": FONT_PACKAGES}
        ) from exc
    pdfmetrics.registerFont(font)
    return font


def _needs_glyph(char: str) -> bool:
    """Whether a character is drawn at all (spaces and line breaks are not)."""
    return not char.isspace()


class FontChain:
    """Fonts tried in order for each character; later fonts load only when needed."""

    def __init__(self, paths: tuple[str, ...]):
        if not paths:
            raise ValueError("the font chain needs at least one font")
        self.paths = paths
        self._fonts: list[TTFont | None] = [None] * len(paths)
        self._choice: dict[str, int | None] = {}
        self._base_chars: frozenset[str] | None = None

    def font(self, index: int) -> TTFont:
        font = self._fonts[index]
        if font is None:
            font = self._fonts[index] = load_font(self.paths[index])
        return font

    @property
    def base(self) -> TTFont:
        """The first font: the style's font, and the one spaces are set in."""
        return self.font(0)

    @property
    def base_name(self) -> str:
        return self.base.fontName

    @property
    def base_chars(self) -> frozenset[str]:
        """The characters the first font settles: its glyphs and the blanks.

        Control and format characters are left to the full check even where the
        font maps them; line breaks, tabs and spaces need no glyph.
        """
        if self._base_chars is None:
            chars = (chr(code) for code in self.base.face.charToGlyph)
            self._base_chars = frozenset(
                c for c in chars if unicodedata.category(c)[0] != "C"
            ) | frozenset(" \n\r\t\u3000")
        return self._base_chars

    def base_covers(self, text: str) -> bool:
        """Whether the first font draws every character of ``text`` (the common case)."""
        return self.base_chars.issuperset(text)

    def index_of(self, char: str) -> int | None:
        """Return the index of the first font with a glyph for ``char``, or None."""
        try:
            return self._choice[char]
        except KeyError:
            pass
        found = 0 if not _needs_glyph(char) else None
        if found is None:
            code = ord(char)
            for index in range(len(self.paths)):
                if code in self.font(index).face.charToGlyph:
                    found = index
                    break
        self._choice[char] = found
        return found

    def covers(self, char: str) -> bool:
        return self.index_of(char) is not None

    def runs(self, text: str) -> list[tuple[str, str]]:
        """Split ``text`` into (font name, run) pairs; uncovered characters use the base font."""
        if self.base_covers(text):
            return [(self.base_name, text)] if text else []
        runs: list[tuple[int, list[str]]] = []
        for char in text:
            index = self.index_of(char) or 0
            if runs and runs[-1][0] == index:
                runs[-1][1].append(char)
            else:
                runs.append((index, [char]))
        return [(self.font(index).fontName, "".join(chars)) for index, chars in runs]


@cache
def _chain(paths: tuple[str, ...]) -> FontChain:
    return FontChain(paths)


def font_chain() -> FontChain:
    """Return the configured chain (one per process and setting); load its first font."""
    paths = tuple(getattr(settings, "LONGJIANG_PDF_FONTS", DEFAULT_PDF_FONTS))
    chain = _chain(paths)
    chain.base  # noqa: B018 - raise FontUnavailable now, not mid-drawing.
    return chain
