"""Real, small upload files built in memory."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo


def png_bytes(size: tuple[int, int] = (300, 400), *, text: dict[str, str] | None = None) -> bytes:
    """Return a PNG image of ``size``; ``text`` adds tEXt metadata chunks."""
    image = Image.new("RGB", size, (67, 142, 219))
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((width // 4, height // 6, width * 3 // 4, height * 2 // 3), fill=(241, 194, 167))
    info = None
    if text:
        info = PngInfo()
        for key, value in text.items():
            info.add_text(key, value)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def png_upload(
    name: str = "photo.png", size: tuple[int, int] = (300, 400), *, text: dict | None = None
) -> SimpleUploadedFile:
    """Return an uploaded PNG (300×400 by default, above the photo minimum of 240×320)."""
    return SimpleUploadedFile(name, png_bytes(size, text=text), content_type="image/png")


def pdf_bytes(text: str = "Longjiang test evidence") -> bytes:
    """Return a valid one-page PDF; it starts with %PDF- and ends with %%EOF."""
    stream = f"BT /F1 16 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF" % xref)
    return out.getvalue()


def pdf_upload(name: str = "evidence.pdf") -> SimpleUploadedFile:
    """Return an uploaded one-page PDF."""
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")
