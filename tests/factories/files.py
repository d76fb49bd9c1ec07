"""Real, small upload files built in memory."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw
from PIL.PngImagePlugin import PngInfo

from nominations.demo.files import demo_pdf


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
    return demo_pdf(text)


def pdf_upload(name: str = "evidence.pdf") -> SimpleUploadedFile:
    """Return an uploaded one-page PDF."""
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def inflated_xlsx(content: bytes, *, padding: int) -> bytes:
    """Return the workbook ``content`` with its first sheet padded by ``padding`` bytes of
    one repeated letter: a "zip bomb", megabytes unpacked from a few kilobytes."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                # A comment is skipped by the parser but unpacked all the same.
                data = data.replace(b"<sheetData>", b"<!--" + b"A" * padding + b"--><sheetData>")
            target.writestr(name, data)
    return out.getvalue()
