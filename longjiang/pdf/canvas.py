"""The page canvas of every PDF: a header and a numbered footer (第 n 页 共 m 页)."""

from reportlab.lib.pagesizes import A4
from reportlab.lib.rl_accel import fp_str
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas

from longjiang.pdf.fonts import FontChain
from longjiang.pdf.text import draw_string


class PagedCanvas(Canvas):
    """Draw a header and a numbered footer on each page once its group's page count is known.

    Pages are numbered within a group: the story sets ``page_group`` as it draws (one
    form of a bundle starts a group); a document that never sets it is one group. A
    group's pages are held until the next group starts, then written, so a long bundle
    never holds more than one form's pages.
    """

    def __init__(
        self,
        *args,
        chain: FontChain,
        footer: str,
        header: str = "",
        size: float = 9,
        margin: float = 18 * mm,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._chain, self._footer, self._header = chain, footer, header
        self._size, self._margin = size, margin
        self._held: list[dict] = []
        self._held_group = None
        self.page_group = 0

    def translate(self, dx, dy):
        """Move the origin, as ``Canvas.translate`` does, formatting two numbers, not six.

        Platypus moves the origin for every flowable it draws (each paragraph of each
        table cell); reportlab writes the same ``1 0 0 1 dx dy cm`` (tests compare).
        """
        code = self._code
        if not rl_canvas.ENABLE_TRACKING or (code and code[-1][-3:] == " cm"):
            return super().translate(dx, dy)
        a, b, c, d, e, f = self._currentMatrix
        self._currentMatrix = (a, b, c, d, a * dx + c * dy + e, b * dx + d * dy + f)
        code.append(f"1 0 0 1 {fp_str(dx, dy)} cm")

    def showPage(self):
        state = dict(self.__dict__)
        if self._held and self._held_group != self.page_group:
            self._write_held()
            self.__dict__.update(state)
        self._held_group = self.page_group
        self._held.append(state)
        self._startPage()

    def save(self):
        self._write_held()
        super().save()

    def _write_held(self) -> None:
        # Every saved state refers to this same list, so it is emptied in place.
        held = list(self._held)
        self._held.clear()
        for number, state in enumerate(held, start=1):
            self.__dict__.update(state)
            self._decorate(number, len(held))
            super().showPage()

    def _decorate(self, number: int, total: int) -> None:
        width, height = A4
        if self._header:
            draw_string(
                self, width / 2, height - 10 * mm, self._header, size=self._size, chain=self._chain
            )
            self.line(self._margin, height - 11.5 * mm, width - self._margin, height - 11.5 * mm)
        footer = self._footer % {"page": number, "pages": total}
        draw_string(self, width / 2, 10 * mm, footer, size=self._size, chain=self._chain)
