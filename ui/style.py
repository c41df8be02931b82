"""The one stylesheet (assets/style.qss), in this screen's pixels and text size.

The stylesheet is written in design pixels and points (ui/sizing.py); what Qt gets has every
`Npx` scaled by the sizing's scale and every `Npt` turned into pixels at that scale (and times
LARGE_TEXT_SCALE in large-text mode), and each `@name` replaced by the size the sizing works
out for it (`Sizing.style_values`: the on-screen keyboard's keys). On a compact screen
(`Sizing.compact`) the stylesheet's last part, after `/* === compact:`, applies too: smaller
headings and tallest targets, so that what is read has the room. Fonts in pixels: the
desktop's logical DPI setting, which would scale points a second time on some systems, has no
say.
"""
from __future__ import annotations

import re
from functools import cache

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from kiosk.paths import ASSETS
from ui import sizing as screen_sizing
from ui.sizing import Sizing

STYLESHEET = ASSETS / "style.qss"
LARGE_TEXT_SCALE = 1.3
BASE_FONT_PT = 20  # the app font, before the stylesheet sizes a widget's role
_LENGTH = re.compile(r"(?<![\w.#-])(\d+(?:\.\d+)?)(px|pt)\b")
_VALUE = re.compile(r"@([a-z][a-z-]*)")  # a size the sizing works out (Sizing.style_values)


COMPACT = "/* === compact:"  # the stylesheet's last part: only for compact screens


@cache
def _source(compact: bool) -> str:
    text = STYLESHEET.read_text(encoding="utf-8")
    return text if compact else text.split(COMPACT, 1)[0]


@cache
def stylesheet(large_text: bool = False, sizing: Sizing | None = None) -> str:
    sizing = sizing or screen_sizing.current()
    text_scale = LARGE_TEXT_SCALE if large_text else 1.0

    def length(m: re.Match[str]) -> str:
        value = float(m[1])
        if m[2] == "pt":
            return f"{sizing.font_px(value, text_scale)}px"
        return f"{sizing.px(value)}px"

    values = sizing.style_values()
    return _VALUE.sub(lambda m: values[m[1]], _LENGTH.sub(length, _source(sizing.compact)))


def apply_style(app: QApplication, large_text: bool = False, sizing: Sizing | None = None) -> None:
    """The stylesheet for `sizing` (default: the one in force, ui.sizing.use) and text size."""
    sizing = sizing or screen_sizing.current()
    app.setProperty("large_text", large_text)
    app.setProperty("style_scale", sizing.scale)
    font = app.font()
    font.setPixelSize(sizing.font_px(BASE_FONT_PT, LARGE_TEXT_SCALE if large_text else 1.0))
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    app.setStyleSheet(stylesheet(large_text, sizing))


def applied_large_text(app: QApplication) -> bool:
    return bool(app.property("large_text"))


def applied_scale(app: QApplication) -> float:
    return float(app.property("style_scale") or 1.0)
