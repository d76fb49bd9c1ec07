"""Stand-ins for the files clerks upload: an ID-style photo and a one-page PDF."""

import io
import random

from PIL import Image, ImageDraw


def demo_photo(rng: random.Random) -> bytes:
    """Draw a 2寸 ID-style portrait (413×579 px) as PNG: plain background, head and shoulders."""
    background = rng.choice(((255, 255, 255), (67, 142, 219), (216, 30, 40)))
    skin = rng.choice(((241, 194, 167), (224, 172, 138), (198, 145, 110)))
    clothes = rng.choice(((30, 42, 70), (40, 40, 40), (70, 70, 90)))
    hair = rng.choice(((20, 20, 20), (45, 32, 25), (95, 95, 95)))
    image = Image.new("RGB", (413, 579), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 420, 373, 760), fill=clothes)
    draw.rectangle((176, 330, 237, 440), fill=skin)
    draw.ellipse((121, 110, 292, 350), fill=skin)
    draw.chord((113, 88, 300, 280), 180, 360, fill=hair)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def demo_pdf(text: str) -> bytes:
    """Build a one-page PDF showing an ASCII line of text (a stand-in for a scanned certificate)."""
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
