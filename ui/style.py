"""The one stylesheet (assets/style.qss), scaled for large-text mode.

Every font size in the stylesheet is written in points; large-text mode multiplies them all, so
one file stays the only place where sizes and colours are decided.
"""
from __future__ import annotations

import re
from functools import cache

from PySide6.QtWidgets import QApplication

from kiosk.paths import ASSETS

STYLESHEET = ASSETS / "style.qss"
LARGE_TEXT_SCALE = 1.3
_POINTS = re.compile(r"(font-size:\s*)(\d+(?:\.\d+)?)pt")


@cache
def _source() -> str:
    return STYLESHEET.read_text(encoding="utf-8")


def stylesheet(large_text: bool = False) -> str:
    qss = _source()
    if not large_text:
        return qss
    return _POINTS.sub(lambda m: f"{m[1]}{round(float(m[2]) * LARGE_TEXT_SCALE)}pt", qss)


def apply_style(app: QApplication, large_text: bool = False) -> None:
    app.setProperty("large_text", large_text)
    app.setStyleSheet(stylesheet(large_text))


def applied_large_text(app: QApplication) -> bool:
    return bool(app.property("large_text"))
