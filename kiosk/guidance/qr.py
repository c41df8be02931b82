"""The link a printout carries: the same guidance on the phone site, in the same language, as
a QR code.

`{site}/{locale}/{id}.html#...`: the site's address (kiosk.site.address: the device's setting,
else the one published with the content), the page, and the visit in the fragment, which a
browser never sends to any server (kiosk.site.visit): the papers ticked (document ids), a
decision's outcome and the answers it was made from (compact codes), and the content version
printed from. No name, no wage, nothing that leaves the visitor's own paper.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import TYPE_CHECKING

from kiosk.site.address import DEFAULT_SITE_URL, page_url
from kiosk.site.visit import fragment

if TYPE_CHECKING:  # the screen's QR code needs no reportlab
    from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def _qrcode() -> ModuleType:
    """The qrcode package, imported without Pillow where Pillow is not loaded yet.

    qrcode's package import brings in its Pillow module drawers "for backwards compatibility"
    whenever Pillow is installed (it is: the print process renders pages with it): about 3 MiB
    of the kiosk's own process for drawers nothing here uses, since only the matrix is taken
    and we draw it ourselves (on paper below, on screen with Qt). So Pillow is hidden for that
    one import (qrcode catches the ImportError and goes on without its drawers); it imports
    normally afterwards. Where Pillow is already loaded (the print process) nothing is hidden.
    """
    if "qrcode" not in sys.modules and "PIL" not in sys.modules:
        sys.modules["PIL"] = None  # type: ignore[assignment]  # `import PIL` raises ImportError
        try:
            import qrcode
        finally:
            if "PIL" in sys.modules and sys.modules["PIL"] is None:
                del sys.modules["PIL"]
    import qrcode

    return qrcode


def guidance_url(
    rid: str,
    locale: str,
    version: int,
    *,
    site: str = DEFAULT_SITE_URL,
    have: Iterable[str] = (),
    outcome: str | None = None,
    answers: str = "",
    overview: str = "",
) -> str:
    """The phone page of a printout, with the visit in its fragment."""
    return page_url(site, locale, rid) + "#" + fragment(
        version=version, have=have, outcome=outcome, overview=overview, answers=answers)


@dataclass(frozen=True)
class QRMatrix:
    """The modules of a QR code (True is dark), without the quiet zone."""

    rows: tuple[tuple[bool, ...], ...]
    data: str

    @property
    def size(self) -> int:
        return len(self.rows)


@lru_cache(maxsize=64)
def qr_matrix(data: str) -> QRMatrix:
    # Level M survives a smudged or creased receipt (15% damage) and keeps the code small enough
    # to print at a scannable module size on an 80 mm roll.
    qrcode = _qrcode()
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, box_size=1)
    code.add_data(data)
    code.make(fit=True)
    return QRMatrix(tuple(tuple(bool(m) for m in row) for row in code.get_matrix()), data)


def draw_qr(canvas: Canvas, matrix: QRMatrix, x: float, y: float, side: float) -> None:
    """Draw the code as vector squares, its dark area `side` points wide, bottom-left at (x, y).

    Vectors stay sharp at any printer resolution; horizontal runs of dark modules are one
    rectangle each, which keeps the PDF small and fast to rasterise.
    """
    module = side / matrix.size
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setStrokeColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for r, row in enumerate(matrix.rows):
        top = y + side - r * module
        c = 0
        while c < matrix.size:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < matrix.size and row[c]:
                c += 1
            path.rect(x + start * module, top - module, (c - start) * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.restoreState()
