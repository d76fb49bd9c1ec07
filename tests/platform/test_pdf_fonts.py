"""The platform's PDF pieces: the font chain, printable text, ToUnicode maps, paging.

Every PDF here is read back with poppler's pdftotext, as a person searching it would.
"""

import io
import re

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph

from longjiang.pdf import (
    DEFAULT_PDF_FONTS,
    Deferred,
    FontChain,
    base_style,
    describe,
    draw_string,
    font_chain,
    markup,
    placeholder,
    render,
    unprintable,
    unprintable_message,
)
from longjiang.pdf.fonts import load_font
from longjiang.pdf.tounicode import make_to_unicode_cmap, utf16_hex
from tests.pdftotext import pdftotext

EXT_A = "\u3427"  # 㐧, in UMing
EXT_B = "\U000201d4"  # 𠇔, CJK Extension B, in UMing
EXT_B_RARE = "\U0002a6a5"  # 𪚥, CJK Extension B, not in UMing, in HanaMinA
EXT_C = "\U0002a700"  # 𪜀, CJK Extension C, only in HanaMinB
EXT_G = "\U00030ede"  # CJK Extension G: in no font of the chain
BLOCKS = {
    "A": (0x3400, 0x4DBF),
    "B": (0x20000, 0x2A6DF),
    "C": (0x2A700, 0x2B739),
    "D": (0x2B740, 0x2B81D),
    "E": (0x2B820, 0x2CEA1),
    "F": (0x2CEB0, 0x2EBE0),
    "G": (0x30000, 0x3134A),
}


def paragraph_pdf(*texts: str) -> bytes:
    chain = font_chain()
    style = base_style(chain, size=12, leading=16)
    story = [Paragraph(markup(text, chain), style) for text in texts]
    return render(story, chain, title="t", footer="%(page)s/%(pages)s", margins=(50,) * 4)


def to_unicode_maps(content: bytes) -> str:
    """Return the text of every font's ToUnicode CMap in the PDF."""
    reader = PdfReader(io.BytesIO(content))
    maps = []
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            maps.append(ref.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1"))
    return "\n".join(maps)


# --- The text layer -----------------------------------------------------------------


def test_utf16_hex_writes_a_surrogate_pair_beyond_the_bmp():
    assert [utf16_hex(ord(c)) for c in ("李", EXT_B, EXT_C)] == ["674E", "D840DDD4", "D869DF00"]


def test_to_unicode_cmap_lists_each_subset_code_in_utf16():
    cmap = make_to_unicode_cmap("F1", [0, ord("李"), ord(EXT_B)])

    assert "<00> <02>" in cmap
    assert "<00> <0000>\n<01> <674E>\n<02> <D840DDD4>\nendbfchar" in cmap


def test_pdf_extracts_a_name_beyond_the_bmp_exactly():
    content = paragraph_pdf("李" + EXT_B)

    assert pdftotext(content).split() == ["李" + EXT_B, "1/1"]
    assert "<D840DDD4>" in to_unicode_maps(content)


def test_pdf_extracts_characters_of_every_font_of_the_chain():
    name = "王" + EXT_A + EXT_B_RARE + EXT_C

    assert pdftotext(paragraph_pdf(name)).split()[0] == name


# --- The font chain -----------------------------------------------------------------


def test_chain_draws_each_character_with_the_first_font_that_has_it():
    chain = font_chain()

    assert [chain.index_of(c) for c in ("李", EXT_B, EXT_B_RARE, EXT_C, EXT_G, " ")] == [
        0,
        0,
        1,
        2,
        None,
        0,
    ]


def test_default_chain_is_uming_then_hanazono():
    assert DEFAULT_PDF_FONTS == (
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/hanazono/HanaMinA.ttf",
        "/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
    )


def test_default_chain_covers_extensions_a_to_f():
    chain = FontChain(DEFAULT_PDF_FONTS)

    covered = {
        block: sum(chain.covers(chr(code)) for code in range(low, high + 1))
        for block, (low, high) in BLOCKS.items()
    }

    assert covered == {
        "A": 6582,
        "B": 42711,
        "C": 4149,
        "D": 222,
        "E": 5762,
        "F": 7473,
        "G": 0,
    }


def test_fonts_load_once_per_process():
    assert load_font(DEFAULT_PDF_FONTS[0]) is load_font(DEFAULT_PDF_FONTS[0])
    assert font_chain() is font_chain()


def test_chain_loads_a_later_font_only_for_a_character_the_earlier_lack():
    chain = FontChain(DEFAULT_PDF_FONTS)

    chain.runs("李" + EXT_B)
    loaded_before = [font is not None for font in chain._fonts]
    chain.runs(EXT_C)

    assert loaded_before == [True, False, False]
    assert [font is not None for font in chain._fonts] == [True, True, True]


def test_markup_sets_only_the_characters_beyond_the_first_font_in_font_tags():
    chain = font_chain()
    hana_b = chain.font(2).fontName

    assert markup("王<" + EXT_C + "> 李", chain) == (
        f'王&lt;<font name="{hana_b}">{EXT_C}</font>&gt; 李'
    )


def test_draw_string_draws_a_canvas_line_run_by_run():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    draw_string(canvas, 100, 700, "页眉" + EXT_C + "名单", size=10, chain=font_chain())
    canvas.save()

    assert pdftotext(buffer.getvalue()).split() == ["页眉" + EXT_C + "名单"]


# --- What can be printed --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["王堃", "李" + EXT_B, "王" + EXT_C, "第一段。\n\n第二段。\t完", "A-1 (ÄÖ)", "　"],
)
def test_printable_text_has_no_unprintable_character(text):
    assert unprintable(text) == []


def test_unprintable_lists_emoji_controls_bidi_and_uncovered_characters_once():
    text = "王😀\u202e\u2066\x07" + EXT_G + "😀\ufe0f"

    assert unprintable(text) == ["😀", "\u202e", "\u2066", "\x07", EXT_G, "\ufe0f"]


def test_unprintable_message_names_each_character_and_its_code():
    assert unprintable_message(["😀", "\u202e"]) == (
        "「😀」(U+1F600)、(U+202E)无法打印，请删除或替换。"
    )
    assert describe(EXT_G) == f"「{EXT_G}」(U+30EDE)"


def test_placeholder_writes_unprintable_characters_as_their_codes():
    assert placeholder("王😀" + EXT_C) == "王[U+1F600]" + EXT_C


# --- The paged canvas -----------------------------------------------------------------


class _Group(Paragraph):
    """A paragraph that starts a new page group when it is drawn."""

    def __init__(self, group: int, text: str, style):
        super().__init__(text, style)
        self.group = group

    def draw(self):
        self.canv.page_group = self.group
        super().draw()


def test_paged_canvas_numbers_pages_within_each_group():
    chain = font_chain()
    style = base_style(chain, size=12, leading=16)

    def group(number: int, pages: int):
        items = [_Group(number, f"组{number}", style)]
        for _ in range(pages - 1):
            items += [PageBreak(), Paragraph("续", style)]
        return items

    story = [
        Deferred(lambda: group(1, 2)),
        PageBreak(),
        Deferred(lambda: group(2, 3)),
    ]
    content = render(
        story,
        chain,
        title="t",
        footer="第%(page)s页共%(pages)s页",
        header="页眉" + EXT_C,
        margins=(50,) * 4,
    )

    pages = [re.sub(r"\s+", "", page) for page in pdftotext(content).split("\f") if page.strip()]
    assert pages == [
        f"页眉{EXT_C}组1第1页共2页",
        f"页眉{EXT_C}续第2页共2页",
        f"页眉{EXT_C}组2第1页共3页",
        f"页眉{EXT_C}续第2页共3页",
        f"页眉{EXT_C}续第3页共3页",
    ]
