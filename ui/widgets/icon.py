"""Icons from the bundled Material Design Icons font, the same set the printouts use.

API (for every screen):
- `icon_label(name, size=48, parent=None) -> IconLabel`: a QLabel that draws icon `name` (an MDI
  name such as "hospital-box", as written in the content) `size` design pixels high (scaled
  to the screen: ui/sizing.py). Its colour is the
  label's text colour, so the stylesheet colours it like the text around it (e.g. `Tile QLabel`).
  Unknown names draw the "help-circle-outline" icon and log a warning, so a typo in content never
  breaks a screen.
- `IconLabel.set_icon(name)`: change the icon of an existing label.
- `icon(name, size=48, color=None) -> QIcon`: for `QAbstractButton.setIcon`; drawn in `color`
  (a QColor) or, by default, the application palette's button text colour.
- `glyph_or_fallback(name) -> str`: the font character, for custom painting.

The icon font is registered at start-up by `ui.app.setup_application`; its family is
`ICON_FAMILY`.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from kiosk import icons
from ui.sizing import px

log = logging.getLogger(__name__)

ICON_FAMILY = "Material Design Icons"
FALLBACK = "help-circle-outline"


def glyph_or_fallback(name: str) -> str:
    try:
        return icons.glyph(name)
    except KeyError:
        log.warning("unknown icon %r; showing %s", name, FALLBACK)
        return icons.glyph(FALLBACK)


def icon_font(size: int) -> QFont:
    font = QFont(ICON_FAMILY)
    font.setPixelSize(size)
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    return font


def set_icon_font(widget: QWidget, size: int) -> None:
    """Draw `widget`'s text in the icon font, `size` screen pixels high. The widget's own style
    sheet outranks the application's, so a `QLabel { font-size }` rule never shrinks an icon.
    No colour here: colours live in assets/style.qss."""
    widget.setStyleSheet(f'font-family: "{ICON_FAMILY}"; font-size: {size}px;')
    widget.setFont(icon_font(size))


def style_as_icon(widget: QWidget, size: int) -> None:
    """A button whose text is one icon, `size` design pixels high."""
    set_icon_font(widget, px(size))


class IconLabel(QLabel):
    """One icon as text in the icon font; sized here, coloured by the stylesheet."""

    def __init__(self, name: str, size: int = 48, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon_name = ""
        self.icon_size = size = px(size)  # `size` in design pixels: ui/sizing.py
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_icon_font(self, size)
        self.setAccessibleName(name)
        self.set_icon(name)

    def set_icon(self, name: str) -> None:
        self.icon_name = name
        self.setText(glyph_or_fallback(name))
        self.setAccessibleName(name)


def icon_label(name: str, size: int = 48, parent: QWidget | None = None) -> IconLabel:
    return IconLabel(name, size, parent)


def icon(name: str, size: int = 48, color: QColor | None = None) -> QIcon:
    ratio = QGuiApplication.instance().devicePixelRatio() if QGuiApplication.instance() else 1.0
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setFont(icon_font(size))
    painter.setPen(color or QGuiApplication.palette().color(QPalette.ColorRole.ButtonText))
    painter.drawText(QRect(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, glyph_or_fallback(name))
    painter.end()
    return QIcon(pixmap)
