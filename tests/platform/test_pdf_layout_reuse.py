"""The PDF pieces that do less work than reportlab write exactly what reportlab writes.

``longjiang.pdf`` draws common paragraphs and moves the canvas origin without
reportlab's general code paths, and keeps a table's layout across measurements;
each is compared here with reportlab's own result.
"""

import io

import pytest
from reportlab.lib.colors import black, yellow
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import Table as PlatypusTable

from longjiang.pdf import (
    KeepTogether,
    PagedCanvas,
    Para,
    Table,
    base_style,
    font_chain,
    markup,
    render,
)
from tests.pdftotext import pdftotext

DEEDS = "该同志扎根生产一线二十余年，刻苦钻研数控加工技术，先后攻克多项关键工艺难题。"


def _canvas() -> Canvas:
    return Canvas(io.BytesIO(), initialFontName=font_chain().base_name)


def test_paged_canvas_translate_writes_what_reportlab_writes():
    chain = font_chain()
    ours = PagedCanvas(
        io.BytesIO(), chain=chain, footer="%(page)s", initialFontName=chain.base_name
    )
    theirs = _canvas()
    for canvas in (ours, theirs):
        canvas.saveState()
        canvas.translate(57.02362, 779.3701)
        canvas.saveState()
        canvas.translate(1 / 3, 0)
        canvas.translate(-2.5, 1e-9)  # right after a move: merged into one
        canvas.saveState()
        canvas.scale(2, 2)
        canvas.saveState()
        canvas.translate(6, 3.5)
    assert ours._code == theirs._code
    assert ours._currentMatrix == theirs._currentMatrix
    assert ours._code[1::2] == [
        "1 0 0 1 57.02362 779.3701 cm",
        "1 0 0 1 -2.166667 0 cm",
        "2 0 0 2 0 0 cm",
        "1 0 0 1 6 3.5 cm",
    ]


def _styles() -> dict[str, ParagraphStyle]:
    base = base_style(font_chain(), size=10.5, leading=14)
    return {
        "left": base,
        "centre": ParagraphStyle("c", parent=base, alignment=TA_CENTER),
        "right": ParagraphStyle("r", parent=base, alignment=TA_RIGHT, fontSize=12, leading=16),
        "indented": ParagraphStyle("i", parent=base, leading=18, firstLineIndent=21),
        "justified": ParagraphStyle("j", parent=base, alignment=TA_JUSTIFY),
        "background": ParagraphStyle("b", parent=base, backColor=yellow),
    }


@pytest.mark.parametrize(
    ("style", "text", "plain"),
    [
        ("left", "哈尔滨松江精密机械有限公司", True),
        ("centre", "公民身份号码", True),
        ("right", "填表日期：2021年6月28日", True),
        ("left", DEEDS * 3, True),
        ("indented", DEEDS * 3, True),
        ("centre", "市（地）总工会/产业工会推荐意见", True),
        ("left", "年&nbsp;&nbsp;月&nbsp;&nbsp;日", False),
        ("left", markup("王\U0002a6a5", font_chain()), False),
        ("justified", DEEDS * 2, False),
        ("background", "公民身份号码", False),
    ],
)
def test_para_draws_the_operators_reportlab_draws(style, text, plain):
    para = Para(text, _styles()[style])
    para.wrap(120, 1000)
    ours, theirs = _canvas(), _canvas()
    para.drawOn(ours, 6, 98.16535)
    Paragraph.drawOn(para, theirs, 6, 98.16535)
    assert (para._plain_line_draw() is not None) is plain
    assert ours._code == theirs._code
    assert any(" Tj" in code for code in ours._code)


PLAIN = [
    ("left", "哈尔滨松江精密机械有限公司"),
    ("centre", "公民身份号码"),
    ("right", "填表日期：2021年6月28日"),
    ("indented", DEEDS * 3),
]


def _text_object(code: list[str]) -> tuple[tuple[float, float], str]:
    """Return where the last text object starts (its Tm) and the rest of it."""
    start, rest = code[-1].split(" Tm ", 1)
    x, y = (float(n) for n in start.split()[-2:])
    return (x, y), rest


@pytest.mark.parametrize(("style", "text"), PLAIN)
def test_para_in_the_canvas_colour_places_the_text_object_reportlab_draws(style, text):
    para = Para(text, _styles()[style])
    para.wrap(120, 1000)
    ours, theirs = _canvas(), _canvas()
    for canvas in (ours, theirs):
        canvas.setFillColor(black)  # as a table sets it before drawing its cells
    para.drawOn(ours, 6, 98.16535)
    Paragraph.drawOn(para, theirs, 6, 98.16535)
    assert theirs._code[1:4] == ["q", "1 0 0 1 6 98.16535 cm", "q"]
    assert theirs._code[-2:] == ["Q", "Q"]
    assert ours._code[:-1] == ["0 0 0 rg"]
    (x, y), rest = _text_object(ours._code)
    (dx, dy), their_rest = _text_object(theirs._code[:-2])
    assert rest == their_rest
    assert x == pytest.approx(6 + dx, abs=1e-4)
    assert y == pytest.approx(98.16535 + dy, abs=1e-4)


def test_para_keeps_the_graphics_state_when_a_later_text_would_take_its_font():
    # A text object in a standard font does not set its font: the canvas's is restored.
    para = Para("公民身份号码", _styles()["left"])
    para.wrap(120, 1000)
    ours, theirs = Canvas(io.BytesIO()), Canvas(io.BytesIO())
    for canvas in (ours, theirs):
        canvas.setFillColor(black)
    para.drawOn(ours, 6, 98.16535)
    Paragraph.drawOn(para, theirs, 6, 98.16535)
    assert ours._code == theirs._code
    assert ours._code[-1] == "Q"


def _rows(count: int) -> list[list]:
    style = base_style(font_chain(), size=10.5, leading=14)
    return [[Para(f"第{i}行", style), Para(DEEDS, style)] for i in range(count)]


def _layout(table) -> tuple:
    return table._width, table._height, table._rowHeights, table._colWidths


def test_table_keeps_its_layout_for_a_width_at_any_height():
    table = Table(_rows(6), colWidths=[80, 200])
    fresh = PlatypusTable(_rows(6), colWidths=[80, 200])
    assert table.wrap(280, 0xFFFFFFF) == fresh.wrap(280, 0xFFFFFFF)
    assert table.wrap(280, 300) == fresh.wrap(280, 300)
    assert _layout(table) == _layout(fresh)
    assert table.wrap(400, 300) == fresh.wrap(400, 300)


def test_table_measures_again_after_reportlab_stopped_at_the_available_height():
    # With a row span, reportlab stops computing rows once they pass the available height.
    table = Table(_rows(30), colWidths=[80, 200], style=[("SPAN", (0, 0), (0, 1))])
    fresh = PlatypusTable(_rows(30), colWidths=[80, 200], style=[("SPAN", (0, 0), (0, 1))])
    partial = table.wrap(280, 100)
    assert table._hmax < 30
    assert partial[1] < fresh.wrap(280, 0xFFFFFFF)[1]
    assert table.wrap(280, 0xFFFFFFF) == fresh.wrap(280, 0xFFFFFFF)
    assert _layout(table) == _layout(fresh)


def _bundle_pages(keep: bool) -> list[str]:
    """Return the text of each page: a page nearly full, then a titled table."""
    chain = font_chain()
    style = base_style(chain, size=10.5, leading=14)
    filler = [Paragraph(DEEDS * 4, style) for _ in range(12)]
    table = Table([[Para("主要荣誉", style)], *_rows(4)[1:]], colWidths=[280])
    story = [*filler, KeepTogether([table]) if keep else table]
    content = render(story, chain, title="t", footer="%(page)s/%(pages)s", margins=(50,) * 4)
    return pdftotext(content).split("\f")


def test_keep_together_keeps_a_table_with_its_title_on_the_next_page():
    split = _bundle_pages(keep=False)
    assert "主要荣誉" in split[0]
    assert "第3行" in split[1]
    kept = _bundle_pages(keep=True)
    assert "主要荣誉" not in kept[0]
    assert "主要荣誉" in kept[1]
    assert "第3行" in kept[1]
