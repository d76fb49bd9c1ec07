"""A placeholder portrait for the demo's showcase: a drawn figure in a hard hat and
work jacket, not a photo of anyone."""

import io

from PIL import Image, ImageDraw, ImageFilter

WIDTH, HEIGHT = 480, 640


def _vertical_gradient(top: tuple, bottom: tuple) -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), top)
    draw = ImageDraw.Draw(image)
    for y in range(HEIGHT):
        t = y / (HEIGHT - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (WIDTH, y)], fill=colour)
    return image


def placeholder_portrait() -> bytes:
    """Return a 480×640 PNG of a stylised worker, for the demo's consented photo."""
    image = _vertical_gradient((226, 232, 240), (176, 190, 206))
    # A soft workshop light behind the head.
    glow = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(glow).ellipse((60, 40, 420, 400), fill=120)
    glow = glow.filter(ImageFilter.GaussianBlur(60))
    image.paste((246, 248, 250), mask=glow)

    draw = ImageDraw.Draw(image)
    jacket, collar, shirt = (31, 58, 96), (23, 44, 74), (232, 236, 240)
    skin, skin_shadow, hair = (226, 186, 150), (204, 160, 124), (44, 36, 32)
    # Shoulders and jacket, with an open collar over a light shirt.
    draw.rounded_rectangle((40, 445, 440, 720), radius=120, fill=jacket)
    draw.polygon([(190, 445), (240, 535), (290, 445)], fill=shirt)
    draw.polygon([(160, 443), (240, 535), (200, 575), (150, 475)], fill=collar)
    draw.polygon([(320, 443), (240, 535), (280, 575), (330, 475)], fill=collar)
    # A reflective stripe across the jacket.
    draw.rectangle((40, 590, 440, 612), fill=(214, 170, 52))
    # Neck, ears and face.
    draw.rectangle((205, 380, 275, 455), fill=skin_shadow)
    draw.ellipse((148, 250, 180, 310), fill=skin_shadow)
    draw.ellipse((300, 250, 332, 310), fill=skin_shadow)
    draw.ellipse((160, 170, 320, 410), fill=skin)
    draw.chord((160, 170, 320, 300), 180, 360, fill=hair)
    # Eyes, brows and a quiet smile.
    for x in (205, 275):
        draw.ellipse((x - 8, 272, x + 8, 286), fill=(48, 40, 36))
        draw.line([(x - 16, 258), (x + 14, 255)], fill=hair, width=5)
    draw.line([(240, 290), (234, 330), (244, 332)], fill=skin_shadow, width=4)
    draw.arc((210, 330, 270, 370), 20, 160, fill=(150, 80, 70), width=5)
    # The hard hat: dome, ridge and brim, in the federation's red.
    red, red_dark = (196, 40, 40), (150, 26, 26)
    draw.pieslice((146, 110, 334, 300), 180, 360, fill=red)
    draw.rounded_rectangle((128, 196, 352, 222), radius=12, fill=red_dark)
    draw.rounded_rectangle((230, 112, 250, 200), radius=8, fill=(222, 80, 70))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
