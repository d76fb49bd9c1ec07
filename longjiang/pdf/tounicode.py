"""A fix of reportlab's ToUnicode maps for characters outside the Basic Multilingual Plane.

reportlab 5.1 (``reportlab.pdfbase.ttfonts.makeToUnicodeCMap``) writes each subset
entry as ``<%04X>``, so a character beyond U+FFFF (CJK Extension B and later, e.g.
U+201D4) gets five or six hex digits, which PDF readers take for a different
character: the page shows the right glyph but its text extracts wrong. The PDF
specification (ISO 32000-1, 9.10.3) wants UTF-16BE there, a surrogate pair for these
characters. ``install()`` puts this module's function in place of reportlab's; the
embedding code looks it up in its module at every call.
"""

from reportlab.pdfbase import ttfonts


def utf16_hex(code: int) -> str:
    """Return a code point as UTF-16BE hex digits: 4 in the BMP, 8 (a surrogate pair) beyond."""
    return chr(code).encode("utf-16-be", "surrogatepass").hex().upper()


def make_to_unicode_cmap(fontname: str, subset) -> str:
    """Return the ToUnicode CMap of a font subset, as reportlab's does, in UTF-16BE."""
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def install() -> None:
    """Make reportlab write UTF-16BE ToUnicode maps (idempotent)."""
    ttfonts.makeToUnicodeCMap = make_to_unicode_cmap
