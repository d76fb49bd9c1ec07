"""The certificate (荣誉证书) as a PDF: one A4 landscape page per person.

Plain data in, bytes out. Each page carries the federation's name, the title
“龙江工匠” with the year, the person's name and unit, the serial, the date of
issue, and a QR code of the public verification page. Everything is drawn in the
platform's font chain, so a rare name character prints and extracts as itself;
a certificate with a character no font can print is left out, with a warning
(a blank box must never reach the printer).

A4 landscape (297 × 210 mm) is the usual paper of a provincial certificate's
inner page; the layout keeps 18 mm from every edge, inside a double frame, so any
office printer prints it whole. The colours are the certificate's red and gold,
dark enough to read on a black-and-white printer.
"""

import io
import itertools
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from longjiang.pdf import (
    BuiltPdf,
    FontChain,
    Progress,
    draw_string,
    font_chain,
    once_per_percent,
    placeholder,
    unprintable,
)

PAGE = landscape(A4)
RED = colors.HexColor("#A4161A")
GOLD = colors.HexColor("#B8912F")
INK = colors.HexColor("#1F1F1F")
GREY = colors.HexColor("#555555")
QR_SIZE = 32 * mm
# The printable area inside the frame, left and right of the centre.
TEXT_LEFT, TEXT_RIGHT = 42 * mm, PAGE[0] - 42 * mm


@dataclass(frozen=True)
class CertificateData:
    """What one certificate prints. ``url`` is the absolute verification address."""

    serial: str
    name: str
    employer_name: str
    year: int
    issued_on: date
    url: str


def long_date(value: date) -> str:
    """Return 2021年9月20日."""
    return _("%(year)s年%(month)s月%(day)s日") % {
        "year": value.year,
        "month": value.month,
        "day": value.day,
    }


def printed_texts(item: CertificateData) -> str:
    """Return the person's texts a certificate prints (what the glyph check covers)."""
    return item.name + item.employer_name


def problem_warning(item: CertificateData, chars: list[str], chain: FontChain) -> str:
    return _("%(serial)s %(name)s：含有无法打印的字符 %(codes)s，未生成其证书。") % {
        "serial": item.serial,
        "name": placeholder(item.name, chain),
        "codes": "、".join(f"U+{ord(c):04X}" for c in chars),
    }


def _width(text: str, size: float, chain: FontChain) -> float:
    return sum(stringWidth(run, font, size) for font, run in chain.runs(text))


def _fit(text: str, size: float, smallest: float, width: float, chain: FontChain) -> float:
    """Return the largest size from ``size`` down to ``smallest`` that fits ``width``."""
    while size > smallest and _width(text, size, chain) > width:
        size -= 1
    return size


def _wrap(text: str, size: float, width: float, chain: FontChain) -> list[str]:
    """Break ``text`` into lines no wider than ``width``, character by character (CJK)."""
    lines, line = [], ""
    for char in text:
        if line and _width(line + char, size, chain) > width:
            lines.append(line)
            line = char
        else:
            line += char
    return [*lines, line] if line else lines


class _Page:
    """Draw one certificate on the canvas's current page."""

    def __init__(self, canvas: Canvas, chain: FontChain):
        self.c, self.chain = canvas, chain

    def text(self, x, y, text, size, *, color=INK, anchor="centre", spacing=0.0):
        self.c.setFillColor(color)
        if spacing:
            # Letter-spaced titles: each character on its own, so extraction keeps the word.
            widths = [_width(ch, size, self.chain) for ch in text]
            total = sum(widths) + spacing * (len(text) - 1)
            x -= total / 2 if anchor == "centre" else 0
            for ch, w in zip(text, widths, strict=True):
                draw_string(self.c, x, y, ch, size=size, chain=self.chain, anchor="start")
                x += w + spacing
            return
        draw_string(self.c, x, y, text, size=size, chain=self.chain, anchor=anchor)

    def frame(self):
        c = self.c
        width, height = PAGE
        c.setStrokeColor(RED)
        c.setLineWidth(3)
        c.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        c.setStrokeColor(GOLD)
        c.setLineWidth(0.9)
        c.rect(15.5 * mm, 15.5 * mm, width - 31 * mm, height - 31 * mm)
        # Gold corner squares, where the two frames meet.
        c.setFillColor(GOLD)
        for x in (12 * mm, width - 12 * mm):
            for y in (12 * mm, height - 12 * mm):
                c.rect(x - 2.2 * mm, y - 2.2 * mm, 4.4 * mm, 4.4 * mm, stroke=0, fill=1)

    def qr(self, url: str, x: float, y: float):
        """Draw the QR code of ``url`` as one filled path, its dark runs as rectangles.

        reportlab's widget encodes it; drawing the modules here keeps the page free
        of the unembedded standard font a widget's renderer would set.
        """
        code = QrCodeWidget(url, barLevel="M").qr
        code.make()
        modules = code.modules
        box = QR_SIZE / len(modules)
        # A white square with a quiet zone around the code, for the scanners.
        quiet = 3 * box
        c = self.c
        c.setFillColor(colors.white)
        c.rect(x - quiet, y - quiet, QR_SIZE + 2 * quiet, QR_SIZE + 2 * quiet, stroke=0, fill=1)
        path = c.beginPath()
        for row, cells in enumerate(modules):
            top = y + QR_SIZE - (row + 1) * box
            column = 0
            for dark, run in itertools.groupby(cells, key=bool):
                length = len(list(run))
                if dark:
                    path.rect(x + column * box, top, length * box, box)
                column += length
        c.setFillColor(colors.black)
        c.drawPath(path, stroke=0, fill=1)

    def draw(self, item: CertificateData):
        width, height = PAGE
        centre = width / 2
        chain = self.chain
        self.frame()
        self.text(centre, height - 52 * mm, _("荣誉证书"), 46, color=RED, spacing=14 * mm)
        self.c.setStrokeColor(GOLD)
        self.c.setLineWidth(0.8)
        self.c.line(centre - 60 * mm, height - 60 * mm, centre + 60 * mm, height - 60 * mm)

        # "欧阳明辉 同志：" on the left of the body, the name large.
        salutation = _("同志：")
        body_width = TEXT_RIGHT - TEXT_LEFT
        suffix_width = _width(salutation, 18, chain)
        name_size = _fit(item.name, 28, 14, body_width - suffix_width - 4 * mm, chain)
        y = height - 82 * mm
        self.text(TEXT_LEFT, y, item.name, name_size, anchor="start")
        self.text(
            TEXT_LEFT + _width(item.name, name_size, chain) + 3 * mm,
            y,
            salutation,
            18,
            anchor="start",
        )

        # The unit, on at most two lines (three for the longest names of units).
        label = _("工作单位：")
        indent = TEXT_LEFT + 12 * mm
        label_width = _width(label, 15, chain)
        size = 15
        lines = _wrap(item.employer_name, size, TEXT_RIGHT - indent - label_width, chain)
        while len(lines) > 2 and size > 11:
            size -= 1
            lines = _wrap(item.employer_name, size, TEXT_RIGHT - indent - label_width, chain)
        y -= 15 * mm
        self.text(indent, y, label, 15, color=GREY, anchor="start")
        for number, line in enumerate(lines):
            if number:
                y -= size * 1.45
            self.text(indent + label_width, y, line, size, anchor="start")

        # The honour itself, centred, below the unit however many lines it took.
        y = min(86 * mm, y - 14 * mm)
        honour = _("被命名为%(year)s年“龙江工匠”") % {"year": item.year}
        self.text(centre, y, honour, 26, color=RED)
        self.text(centre, y - 13 * mm, _("特发此证，以资鼓励。"), 16)

        # The issuer and the date, on the right, where the seal is stamped.
        issuer_x = width - 72 * mm
        self.text(issuer_x, 48 * mm, _("黑龙江省总工会"), 20)
        self.text(issuer_x, 38 * mm, long_date(item.issued_on), 15)

        # The QR code and the serial, bottom left.
        qr_x, qr_y = 30 * mm, 27 * mm
        self.qr(item.url, qr_x, qr_y)
        text_x = qr_x + QR_SIZE + 5 * mm
        self.text(
            text_x,
            qr_y + 19 * mm,
            _("证书编号：%(serial)s") % {"serial": item.serial},
            11,
            anchor="start",
        )
        self.text(
            text_x, qr_y + 12 * mm, _("扫描二维码查验证书真伪"), 9, color=GREY, anchor="start"
        )


def _canvas(buffer: io.BytesIO, chain: FontChain, title: str) -> Canvas:
    canvas = Canvas(buffer, pagesize=PAGE, initialFontName=chain.base_name, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor(_("黑龙江省总工会"))
    return canvas


def _printable(items: Iterable[CertificateData], chain: FontChain, warnings: list[str]):
    for item in items:
        bad = unprintable(printed_texts(item), chain)
        if bad:
            warnings.append(problem_warning(item, bad, chain))
            continue
        yield item


def build_certificates_pdf(
    items: Iterable[CertificateData], *, count: int, title: str, progress: Progress = None
) -> BuiltPdf:
    """Return one PDF with a page per certificate, in the order given.

    ``count`` is how many items there are (for the progress). A certificate with a
    character that cannot be printed is left out with a warning; an empty result is
    the caller's to refuse (``content`` is then empty).
    """
    chain = font_chain()
    report = once_per_percent(progress) if progress else None
    warnings: list[str] = []
    buffer = io.BytesIO()
    canvas = _canvas(buffer, chain, title)
    page = _Page(canvas, chain)
    drawn = 0
    for index, item in enumerate(_printable(items, chain, warnings), start=1):
        page.draw(item)
        canvas.showPage()
        drawn += 1
        if report is not None:
            report(min(99, index * 100 // max(count, 1)))
    if not drawn:
        return BuiltPdf(b"", tuple(warnings))
    canvas.save()
    if report is not None:
        report(100)
    return BuiltPdf(buffer.getvalue(), tuple(warnings))


def certificate_filename(item: CertificateData) -> str:
    """Return one certificate's file name in the zip: LJGJ-2021-001-欧阳明辉.pdf."""
    name = "".join(ch for ch in item.name if ch not in '\\/:*?"<>|' and ch.isprintable())
    return f"{item.serial}-{name}.pdf"


def build_certificates_zip(
    items: Iterable[CertificateData], *, count: int, title: str, progress: Progress = None
) -> BuiltPdf:
    """Return a zip of one PDF per certificate, named by serial and name.

    ``content`` is empty when no certificate could be printed.
    """
    chain = font_chain()
    report = once_per_percent(progress) if progress else None
    warnings: list[str] = []
    buffer = io.BytesIO()
    drawn = 0
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for index, item in enumerate(_printable(items, chain, warnings), start=1):
            single = io.BytesIO()
            canvas = _canvas(single, chain, f"{title} {item.serial}")
            _Page(canvas, chain).draw(item)
            canvas.showPage()
            canvas.save()
            archive.writestr(certificate_filename(item), single.getvalue())
            drawn += 1
            if report is not None:
                report(min(99, index * 100 // max(count, 1)))
    if not drawn:
        return BuiltPdf(b"", tuple(warnings))
    if report is not None:
        report(100)
    return BuiltPdf(buffer.getvalue(), tuple(warnings))
