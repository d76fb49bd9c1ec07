"""Benchmark the certificate PDF (荣誉证书) against bare reportlab drawing the same pages.

Run: ``python -m bench.certificates [repeat]``. It needs no database: it measures
the builder (``publicity.documents.certificates.build_certificates_pdf``), given
100 certificates with made-up names (every tenth with a rare character, 𪚥, drawn
by the chain's second font), units of 10 to 60 characters and their QR codes.

The baseline is bare reportlab: one canvas, A4 landscape, the same frame, the
same texts at the same places, each line set with ``setFont``/``drawString`` in the
font the chain picks per character (found the same way), and the same QR code
drawn by reportlab's own ``QrCodeWidget`` through ``renderPDF``; then saved. It
does not check characters or shrink long names. A second baseline draws the QR
modules as one filled path instead (the fastest bare drawing, which the builder
uses), so the ratio is also shown against the strictest floor.

Time is the median CPU time of ``repeat`` runs, the two alternating. Target
(DESIGN.md): within 1.5× of the baseline.
"""

import io
import os
import sys
import time
from datetime import date
from functools import partial

import django

from bench.harness import time_pair

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "longjiang.settings")

COUNT = 100
RARE = "\U0002a6a5"  # 𪚥: not in UMing, drawn with HanaMinA
UNIT = "黑龙江省哈尔滨市松江精密机械制造有限公司第一数控加工车间技术攻关组"


def _items(count: int):
    from publicity.documents.certificates import CertificateData

    return [
        CertificateData(
            serial=f"LJGJ-2021-{i + 1:03d}",
            name=f"王{RARE}{i}" if i % 10 == 0 else f"欧阳明辉{i}",
            employer_name=UNIT[: 10 + (i * 7) % 50],
            year=2021,
            issued_on=date(2021, 9, 20),
            url=f"https://gj.hljgh.example/verify/{'x' * 18}{i:04d}/",
        )
        for i in range(count)
    ]


def _ours(items) -> bytes:
    from publicity.documents.certificates import build_certificates_pdf

    return build_certificates_pdf(items, count=len(items), title="bench").content


def _baseline(items, qr: str = "widget") -> bytes:
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from longjiang.pdf import font_chain

    chain = font_chain()
    fonts = [chain.font(i) for i in range(len(chain.paths))]
    cmaps = [font.face.charToGlyph for font in fonts]
    first = fonts[0].fontName

    def font_of(char: str) -> str:
        code = ord(char)
        for font, cmap in zip(fonts, cmaps, strict=True):
            if code in cmap:
                return font.fontName
        return first

    def line(canvas, x, y, text, size, centred=False):
        runs, run, run_font = [], "", None
        for char in text:
            font = font_of(char)
            if font != run_font and run:
                runs.append((run_font, run))
                run = ""
            run_font = font
            run += char
        if run:
            runs.append((run_font, run))
        if centred:
            x -= sum(stringWidth(r, f, size) for f, r in runs) / 2
        for font, run in runs:
            canvas.setFont(font, size)
            canvas.drawString(x, y, run)
            x += stringWidth(run, font, size)

    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), initialFontName=first, pageCompression=1)
    red, gold = colors.HexColor("#A4161A"), colors.HexColor("#B8912F")
    for item in items:
        canvas.setStrokeColor(red)
        canvas.setLineWidth(3)
        canvas.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        canvas.setStrokeColor(gold)
        canvas.setLineWidth(0.9)
        canvas.rect(15.5 * mm, 15.5 * mm, width - 31 * mm, height - 31 * mm)
        canvas.setFillColor(red)
        line(canvas, width / 2, height - 52 * mm, "荣誉证书", 46, centred=True)
        canvas.setFillColor(colors.black)
        line(canvas, 42 * mm, height - 82 * mm, item.name + " 同志：", 28)
        line(canvas, 54 * mm, height - 97 * mm, "工作单位：" + item.employer_name[:35], 15)
        if len(item.employer_name) > 35:
            line(canvas, 80 * mm, height - 105 * mm, item.employer_name[35:], 15)
        canvas.setFillColor(red)
        line(canvas, width / 2, 86 * mm, f"被命名为{item.year}年“龙江工匠”", 26, centred=True)
        canvas.setFillColor(colors.black)
        line(canvas, width / 2, 73 * mm, "特发此证，以资鼓励。", 16, centred=True)
        line(canvas, width - 72 * mm, 48 * mm, "黑龙江省总工会", 20, centred=True)
        line(canvas, width - 72 * mm, 38 * mm, "2021年9月20日", 15, centred=True)
        line(canvas, 67 * mm, 46 * mm, f"证书编号：{item.serial}", 11)
        line(canvas, 67 * mm, 39 * mm, "扫描二维码查验证书真伪", 9)
        widget = QrCodeWidget(item.url, barLevel="M", barWidth=32 * mm, barHeight=32 * mm)
        if qr == "widget":
            drawing = Drawing(32 * mm, 32 * mm)
            drawing.add(widget)
            renderPDF.draw(drawing, canvas, 30 * mm, 27 * mm)
        else:
            # The modules as one filled path of rectangles, as the builder draws them.
            widget.qr.make()
            modules = widget.qr.modules
            box = 32 * mm / len(modules)
            path = canvas.beginPath()
            for row, cells in enumerate(modules):
                for column, dark in enumerate(cells):
                    if dark:
                        path.rect(30 * mm + column * box, 59 * mm - (row + 1) * box, box, box)
            canvas.setFillColor(colors.black)
            canvas.drawPath(path, stroke=0, fill=1)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def main(repeat: int = 5) -> None:
    django.setup()
    from django.utils import translation

    translation.activate("zh-hans")
    items = _items(COUNT)
    # Load every font of the chain before measuring (once per process in both).
    _ours(items[:1])
    _baseline(items[:1])
    bare_s, ours_s = time_pair(
        partial(_baseline, items), partial(_ours, items), repeat, clock=time.process_time
    )
    path_s, ours2_s = time_pair(
        partial(_baseline, items, "path"), partial(_ours, items), repeat, clock=time.process_time
    )
    rows = [
        ("baseline (widget QR)", bare_s, len(_baseline(items))),
        ("baseline (path QR)", path_s, len(_baseline(items, "path"))),
        ("build_certificates_pdf", ours_s, len(_ours(items))),
    ]
    print(f"{'certificates':>12} {'what':<24} {'median s':>9} {'out KiB':>8}")
    for what, seconds, size in rows:
        print(f"{COUNT:>12} {what:<24} {seconds:>9.3f} {size / 1024:>8.0f}")
    print(f"ratio {ours_s / bare_s:.2f}x against the widget QR baseline (target <= 1.5x)")
    print(f"ratio {ours2_s / path_s:.2f}x against the path QR baseline (target <= 1.5x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
