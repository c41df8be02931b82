"""The link a printout carries: the same guidance online, in the same language, as a QR code.

The URL comes from the device's pattern (`Settings.qr_url_pattern`) with the content id, locale
and content version. A checklist adds the documents the visitor ticked (their ids, which are
short slugs and stay meaningful across versions, unlike positions); a decision adds its coarse
outcome. Nothing else of the visitor goes in: no facts, no answers, no numbers.
"""
from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from reportlab.pdfgen.canvas import Canvas

from kiosk.device import DEFAULT_QR_URL
from kiosk.errors import KioskError

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks
PATTERN_FIELDS = {"locale", "id", "version"}


def guidance_url(
    rid: str,
    locale: str,
    version: int,
    *,
    pattern: str = DEFAULT_QR_URL,
    have: Iterable[str] = (),
    outcome: str | None = None,
) -> str:
    """The online page of a printout; raises KioskError for a pattern with unknown fields."""
    fields = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    unknown = fields - PATTERN_FIELDS
    if unknown:
        raise KioskError(
            f"the QR link pattern {pattern!r} has unknown fields: {', '.join(sorted(unknown))} "
            f"(use {{locale}}, {{id}} and {{version}})",
            f"គំរូតំណ QR {pattern!r} មិនត្រឹមត្រូវ")
    url = pattern.format(locale=quote(locale, safe=""), id=quote(rid, safe=""), version=version)
    extra: list[str] = []
    held = [quote(doc, safe="") for doc in dict.fromkeys(have)]
    if held:
        extra.append("have=" + ",".join(held))
    if outcome:
        extra.append("outcome=" + quote(outcome, safe=""))
    if extra:
        url += ("&" if "?" in url else "?") + "&".join(extra)
    return url


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
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0, box_size=1)
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
