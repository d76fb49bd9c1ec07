"""Benchmark the Attachment 1 PDF (推荐申报审批表) against bare reportlab, time and memory.

Run: ``python -m bench.attachment1 [repeat]``. It needs no database: it measures
the builder (``nominations.documents.build_attachment1_pdf``), which is where the
time goes; the forms are made up, each with a photo of its own, a rare name
(𪚥, drawn by the chain's second font), tables and about 1,800 characters of deeds.

Measures, in one run and side by side, at two bundle sizes:

- the builder on N forms, given as a generator with their count, as the export
  passes them, and
- a baseline: bare reportlab canvas calls drawing the same number of pages with
  the same texts (wrapped by character count), the same fonts chosen per
  character, the same photos and a ruled grid, then saving.

Time is the median CPU time of ``repeat`` runs, the two alternating; peak memory
is measured in separate runs under tracemalloc. Target (DESIGN.md): within 2× of
the baseline, peak memory flat in the page count (beyond the output, which both
hold).
"""

import io
import os
import sys
import time
import tracemalloc
from functools import cache, partial

import django

from bench.harness import time_pair

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")

SIZES = (20, 100)
RARE = "\U0002a6a5"  # 𪚥: not in UMing, drawn with HanaMinA
DEEDS = (
    "该同志扎根生产一线二十余年，刻苦钻研数控加工技术，先后攻克多项关键工艺难题，"
    "主持完成技术革新十余项，为企业创造经济效益逾千万元。"
)


def _photo(index: int) -> bytes:
    """Return a JPEG photo that differs per form, as uploads re-encoded by Pillow do."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (350, 490), (67, 142, 219))
    draw = ImageDraw.Draw(image)
    draw.ellipse((90, 80, 260, 330), fill=(241, 194, 167))
    draw.text((10, 10), str(index), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _form(index: int):
    from datetime import date

    from nominations.documents import Attachment1Data, FormSection, FormTable, Opinion

    name = f"王{RARE}{index % 10}"
    return Attachment1Data(
        name=name,
        unit_name="哈尔滨市总工会",
        campaign_year=2021,
        unit_rank=index + 1,
        sections=(
            FormSection(
                "基本情况",
                (
                    ("姓名", name),
                    ("公民身份号码", "2301**********1234"),
                    ("性别", "男"),
                    ("民族", "汉族"),
                    ("出生年月", "1980-05"),
                    ("政治面貌", "中共党员"),
                    ("文化程度", "大学本科"),
                    ("国籍", "中国"),
                ),
            ),
            FormSection(
                "工作单位及岗位",
                (
                    ("工作单位（全称）", "哈尔滨松江精密机械有限公司"),
                    ("部门", "机加工车间"),
                    ("岗位", "数控车工"),
                    ("职务", "班组长"),
                    ("职业（工种）", "车工"),
                    ("技能等级", "高级技师"),
                ),
            ),
        ),
        tables=(
            FormTable(
                "主要荣誉",
                ("荣誉名称", "授予机关", "获得时间"),
                tuple((f"黑龙江省五一劳动奖章{i}", "黑龙江省总工会", "2019-04") for i in range(4)),
            ),
            FormTable(
                "竞赛获奖情况",
                ("竞赛名称", "级别", "名次", "获奖时间", "主办单位"),
                tuple(
                    ("全省职工职业技能大赛", "省级", "一等奖", "2018-09", "省总工会")
                    for _ in range(3)
                ),
            ),
        ),
        narratives=(("简要事迹", DEEDS * 3), ("主要事迹", "\n".join([DEEDS * 4] * 6))),
        opinions=(
            Opinion("所在单位意见", "该同志爱岗敬业，技艺精湛，业绩突出，同意推荐。"),
            Opinion("市（地）总工会/产业工会推荐意见", "经审核，该同志符合推荐条件，同意推荐。"),
            Opinion("省总工会劳动和经济工作部初审意见"),
            Opinion("省总工会审批意见"),
        ),
        photo=_photo(index),
        filled_on=date(2021, 6, 28),
    )


def _texts(form) -> list[str]:
    """Return every text a form prints, as the builder draws it."""
    texts = [form.name, form.unit_name]
    for section in form.sections:
        texts.append(section.title)
        texts.extend(t for row in section.rows for t in row)
    for table in form.tables:
        texts.extend([table.title, *table.headers])
        texts.extend(t for row in table.rows for t in row)
    for label, text in form.narratives:
        texts.extend([label, *text.splitlines()])
    for opinion in form.opinions:
        texts.extend([opinion.title, opinion.text, "负责人签字：", "（盖章）", "年  月  日"])
    return texts


def _ours(count: int) -> bytes:
    from nominations.documents import build_attachment1_pdf

    forms = (_form(i) for i in range(count))
    try:
        result = build_attachment1_pdf(forms, count=count)
    except TypeError:  # The builder before streaming took a list only.
        result = build_attachment1_pdf([_form(i) for i in range(count)])
    return getattr(result, "content", result)


def _page_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


@cache
def _chars_of(font) -> frozenset[str]:
    """Return the characters a font has glyphs for (once per process, as the chain does)."""
    return frozenset(map(chr, font.face.charToGlyph))


def _baseline(count: int, pages_per_form: int) -> bytes:
    """Draw ``count`` forms of ``pages_per_form`` pages with bare canvas calls."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    from longjiang.pdf import font_chain

    chain = font_chain()
    fonts = [chain.font(i) for i in range(len(chain.paths))]
    cmaps = [font.face.charToGlyph for font in fonts]

    # A line in the first font alone (most lines) is one run, found with one set
    # check, as the builder's font chain finds it; other lines go character by character.
    first_font, first_chars = fonts[0].fontName, _chars_of(fonts[0])

    def font_of(char: str) -> str:
        code = ord(char)
        for font, cmap in zip(fonts, cmaps, strict=True):
            if code in cmap:
                return font.fontName
        return fonts[0].fontName

    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, initialFontName=fonts[0].fontName)
    width, height = A4
    per_line, leading, size = 44, 14, 10.5
    for index in range(count):
        form = _form(index)
        lines = [t[i : i + per_line] for t in _texts(form) for i in range(0, len(t) or 1, per_line)]
        per_page = -(-len(lines) // pages_per_form)
        for page in range(pages_per_form):
            if page == 0:
                canvas.drawImage(
                    ImageReader(io.BytesIO(form.photo)), 150 * mm, 220 * mm, 35 * mm, 49 * mm
                )
            y = height - 20 * mm
            for line in lines[page * per_page : (page + 1) * per_page]:
                x = 18 * mm
                if first_chars.issuperset(line):
                    if line:
                        canvas.setFont(first_font, size)
                        canvas.drawString(x, y, line)
                else:
                    run, run_font = "", None
                    for char in line + "\0":
                        font = font_of(char) if char != "\0" else None
                        if font != run_font and run:
                            canvas.setFont(run_font, size)
                            canvas.drawString(x, y, run)
                            x += pdfmetrics.stringWidth(run, run_font, size)
                            run = ""
                        run_font = font
                        run += char if char != "\0" else ""
                canvas.rect(17 * mm, y - 3, width - 34 * mm, leading)
                y -= leading
            canvas.setFont(fonts[0].fontName, 9)
            canvas.drawCentredString(width / 2, 10 * mm, f"第{page + 1}页 共{pages_per_form}页")
            canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _peak(run) -> tuple[int, int]:
    """Return (peak traced bytes, output bytes) of one run under tracemalloc."""
    tracemalloc.start()
    tracemalloc.reset_peak()
    content = run()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, len(content)


def main(repeat: int = 3) -> None:
    django.setup()
    from django.utils import translation

    translation.activate("zh-hans")
    # Load the fonts (once per process) before measuring: the builder loads the fonts
    # its texts need, the baseline every font of the chain.
    _ours(1)
    _baseline(1, 3)
    print(f"{'forms':>5} {'pages':>5} {'what':<24} {'median s':>9} {'peak MiB':>9} {'out MiB':>8}")
    for count in SIZES:
        pages = _page_count(_ours(count))
        per_form = pages // count

        ours = partial(_ours, count)
        bare = partial(_baseline, count, per_form)
        # CPU time: both are single-threaded and CPU-bound on a shared machine.
        bare_s, ours_s = time_pair(bare, ours, repeat, clock=time.process_time, warm_up=False)
        bare_peak, bare_size = _peak(bare)
        ours_peak, ours_size = _peak(ours)
        mib = 1024 * 1024
        print(
            f"{count:>5} {pages:>5} {'baseline (bare canvas)':<24} {bare_s:>9.3f}"
            f" {bare_peak / mib:>9.1f} {bare_size / mib:>8.1f}"
        )
        print(
            f"{count:>5} {pages:>5} {'build_attachment1_pdf':<24} {ours_s:>9.3f}"
            f" {ours_peak / mib:>9.1f} {ours_size / mib:>8.1f}"
        )
        print(f"ratio {ours_s / bare_s:.2f}x (target <= 2x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
