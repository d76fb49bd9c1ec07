"""Order people by 姓氏笔画, the order of Chinese official lists.

Names compare character by character: first by stroke count, then by the first stroke in the
order 横、竖、撇、点、折, then by the next character. A compound surname (欧阳, 上官) needs no
special case: it is placed by its first character like any other.

Data (built by ``build_data.py`` from the Unicode Han Database, Unihan 15.0, © Unicode, Inc.,
Unicode licence for data files: ``UNICODE-LICENSE.txt``):

- ``strokes.tsv``: the 8,105 characters of 《通用规范汉字表》 (2013): stroke count, first
  stroke and position in the table. Counts come from ``kTotalStrokes``; 41 counts of
  simplified forms in the extensions are corrected to the table's own order; first strokes
  come from the table's order, which groups each stroke count by first stroke (see
  ``build_data.py`` for how the groups were checked).
- ``unihan_strokes.txt``: the stroke count of every other Han character in Unihan.

How each character of a name is keyed (10 ASCII digits, so that the plain string order of
keys is the 姓氏笔画 order in Python and in any database collation):

- a table character: 2 digits of strokes, 1 digit of first stroke (1-5), 7 digits of its
  position in the table. Within one level the position follows the table's full stroke order
  (second stroke, third stroke ...); between levels it puts common characters first.
- another Han character: its Unihan stroke count, first stroke ``6`` (unknown, so after the
  five known first strokes of the same count), then its code point.
- anything else (Latin letters, digits, unknown characters): ``999`` and its code point,
  after every Han character.

Before keying, the name is NFKC-normalised and case-folded, and separators, punctuation and
control characters are dropped: the ``·`` of 阿依古丽·买买提 and spaces do not count.
"""

import unicodedata
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

DATA = Path(__file__).resolve().parent
UNKNOWN_FIRST_STROKE = 6
SEGMENT_WIDTH = 10
ITEM = TypeVar("ITEM")


@cache
def _table() -> dict[str, str]:
    """Return {character: key segment} for the 8,105 table characters."""
    segments = {}
    with open(DATA / "strokes.tsv", encoding="utf-8") as rows:
        for row in rows:
            if row.startswith("#"):
                continue
            char, strokes, first, position = row.rstrip("\n").split("\t")
            segments[char] = f"{int(strokes):02d}{first}{int(position):07d}"
    return segments


@cache
def _unihan() -> dict[int, str]:
    """Return {first code point: two digits of strokes per code point} for other Han."""
    lines = {}
    with open(DATA / "unihan_strokes.txt", encoding="utf-8") as rows:
        for row in rows:
            if row.startswith("#"):
                continue
            start, digits = row.rstrip("\n").split("\t")
            lines[int(start, 16)] = digits
    return lines


def _unihan_strokes(code_point: int) -> int:
    """Return the Unihan stroke count of a code point, or 0 if Unihan has none."""
    line_width = 100
    start = code_point // line_width * line_width
    digits = _unihan().get(start)
    if digits is None:
        return 0
    offset = (code_point - start) * 2
    return int(digits[offset : offset + 2])


def _segment(char: str) -> str:
    segment = _table().get(char)
    if segment is not None:
        return segment
    code_point = ord(char)
    strokes = _unihan_strokes(code_point)
    if strokes:
        return f"{strokes:02d}{UNKNOWN_FIRST_STROKE}{code_point:07d}"
    return f"999{code_point:07d}"


def _counts(char: str) -> bool:
    """Say whether a character takes part in the order (separators and dots do not)."""
    return unicodedata.category(char)[0] not in "ZPC"


def surname_stroke_key(name: str) -> str:
    """Return the 姓氏笔画 sort key of a name: ASCII digits, 10 per character that counts."""
    normalised = unicodedata.normalize("NFKC", name).casefold()
    return "".join(_segment(char) for char in normalised if _counts(char))


def sorted_by_surname_strokes(
    items: Iterable[ITEM], key: Callable[[ITEM], str] | None = None
) -> list[ITEM]:
    """Return the items sorted by 姓氏笔画 of ``key(item)`` (the item itself by default)."""
    name_of = key or (lambda item: item)
    return sorted(items, key=lambda item: surname_stroke_key(name_of(item)))
