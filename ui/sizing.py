"""How big everything is on this screen: the one place that turns the screen's physical size into
pixels, for the stylesheet and for the few sizes widgets set in code.

Every length in assets/style.qss and in the widgets' code is a *design pixel*: the kiosk was
drawn for a 1280x800 window at scale 1, with touch targets at least 64 design pixels high and
text at 20 pt. On a real screen one design pixel is `scale` screen pixels, where

    scale = max(touch, fit)
    touch = the scale at which 64 design pixels are 15 mm on this screen (its physical DPI)
    fit   = min(long side / 1280, short side / 800): the drawing grows to fill a bigger window

so a target is never under 15 mm, a dense small panel (800x480 at 7", 133 dpi) gets bigger text
and fewer design pixels to lay out in, and a large screen is not an island of small buttons.
Text follows the same scale (large-text mode multiplies it again, ui/style.py).

The physical DPI comes from, in order: the `screen_diagonal_in` device setting (for panels
whose EDID reports nonsense), the screen's reported physical size when it is plausible (and not
Qt's 100 dpi guess for a screen that reported none), else the typical diagonal of a kiosk panel
of that resolution (KIOSK_SCREENS), else 96 dpi.

How the scale reaches the widgets (nothing per screen):
- the stylesheet: every `Npx` and `Npt` is rewritten in screen pixels (ui/style.py);
- `IconLabel` scales its own size; `px(n)` gives a fixed size set in code;
- `scale_layouts(widget)` scales the margins and spacing of every layout under a widget once;
  the shell calls it for each screen it makes and RowPool for each row it adds.
- `Sizing.compact` / `portrait` tell the few layouts that change shape (home columns, the
  checklist's one column, the top bar's labels) which shape fits.
"""
from __future__ import annotations

import logging
import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

DESIGN_SIZE = (1280, 800)  # the window the stylesheet is drawn for, at scale 1
DESIGN_TARGET_PX = 64  # the smallest touch target of the stylesheet, in design pixels
MIN_TARGET_MM = 15.0
MM_PER_INCH = 25.4
FALLBACK_DPI = 96.0
# A reported physical size is believed only in this range (a 3" to 100" screen) and when its
# shape matches the pixels' (a panel reporting 160x90 mm for a 4:3 mode, or centimetres, is not)
PLAUSIBLE_DPI = (40.0, 400.0)
SHAPE_TOLERANCE = 0.12
QT_GUESS_DPI = 100.0  # what Qt reports when the platform knows no size (QPlatformScreen)

# The screens kiosks really have, each with the diagonal a panel of that resolution usually has
# (the smallest common one: the densest, so the hardest for 15 mm targets). `--shots` and the
# layout test render at each; a screen that reports no usable size is assumed to be this.
KIOSK_SCREENS: dict[tuple[int, int], float] = {
    (1280, 800): 10.1,  # landscape tablet-style panel
    (1920, 1080): 21.5,  # landscape desk or wall monitor
    (1080, 1920): 21.5,  # portrait wall or floor kiosk
    (800, 480): 7.0,  # the common small touch panel
}

MIN_SIDE, MAX_SIDE = 240, 7680  # a window size given by hand (--size)

# The on-screen keyboard: 5 rows of keys (13 in a Khmer row). A key is as tall as any target
# where the screen has room; on a small panel the keyboard takes at most half the window and
# its keys shrink, never under KEY_MIN_MM (a 7" panel cannot hold 13 keys of 15 mm in a row, nor
# 5 rows of them and anything else). Its text is half a key high.
KEY_DESIGN_PX = 64
KEY_MIN_MM = 9.0
KEY_ROWS = 5
KEYBOARD_SHARE = 0.5
KEYBOARD_GAPS_DESIGN_PX = 4 * 5 + 12  # between its rows, and its margins

# Design-pixel sizes below which a layout takes its compact shape, and its short one
COMPACT_HEIGHT = 640
COMPACT_WIDTH = 1000
SHORT_HEIGHT = 480


@dataclass(frozen=True)
class Sizing:
    """The window's size in screen pixels, the screen's physical density, and the scale of one
    design pixel. Immutable: a new window size or setting makes a new Sizing."""

    width: int = DESIGN_SIZE[0]
    height: int = DESIGN_SIZE[1]
    dpi: float = FALLBACK_DPI
    source: str = "default"  # where the dpi came from: setting, screen, assumed, fallback
    scale: float = 1.0

    def px(self, design: float) -> int:
        """Screen pixels for `design` design pixels (never 0 for a length that is not 0)."""
        if design == 0:
            return 0
        value = round(design * self.scale)
        return value if value else (1 if design > 0 else -1)

    def font_px(self, points: float, text_scale: float = 1.0) -> int:
        """A design font size in points (at 96 dpi, as the stylesheet is drawn), in pixels."""
        return max(1, round(points * 96 / 72 * self.scale * text_scale))

    def mm(self, pixels: float) -> float:
        """How long `pixels` screen pixels are on this screen, in millimetres."""
        return pixels / self.dpi * MM_PER_INCH

    def mm_px(self, millimetres: float) -> float:
        return millimetres / MM_PER_INCH * self.dpi

    @property
    def design_width(self) -> float:
        return self.width / self.scale

    @property
    def design_height(self) -> float:
        return self.height / self.scale

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    @property
    def low(self) -> bool:
        """Little height in design pixels (a 10" or 7" landscape panel)."""
        return self.design_height < COMPACT_HEIGHT

    @property
    def narrow(self) -> bool:
        """Little width in design pixels (portrait, a small panel)."""
        return self.design_width < COMPACT_WIDTH

    @property
    def compact(self) -> bool:
        """Little room either way: smaller headings, one column, headings that scroll."""
        return self.low or self.narrow

    @property
    def short(self) -> bool:
        """Very little height (a 7" panel): a screen is one scrolling column, actions too."""
        return self.design_height < SHORT_HEIGHT

    @property
    def name(self) -> str:
        return f"{self.width}x{self.height}"

    @property
    def key_px(self) -> int:
        """The height of an on-screen keyboard key, border included (see KEY_DESIGN_PX)."""
        budget = (self.height * KEYBOARD_SHARE - self.px(KEYBOARD_GAPS_DESIGN_PX)) / KEY_ROWS
        return math.ceil(max(self.mm_px(KEY_MIN_MM), min(self.px(KEY_DESIGN_PX), budget)))

    def style_values(self) -> dict[str, str]:
        """The `@name` values of the stylesheet that are not one design length scaled."""
        key = self.key_px
        border = self.px(2)
        return {"key-height": f"{key - 2 * border}px", "key-font": f"{round(key * 0.47)}px",
                "key-control-font": f"{round(key * 0.42)}px"}

    def describe(self) -> str:
        return (f"{self.name} px, {self.dpi:.0f} dpi ({self.source}), scale {self.scale:.2f}, "
                f"targets {self.mm(self.px(DESIGN_TARGET_PX)):.1f} mm")


def scale_for(width: int, height: int, dpi: float) -> float:
    """The scale of one design pixel in a `width` x `height` window at `dpi` (see above),
    rounded up to a hundredth."""
    # whole pixels: a target rounded to the nearest pixel is still at least 15 mm
    touch = math.ceil(MIN_TARGET_MM / MM_PER_INCH * dpi - 1e-9) / DESIGN_TARGET_PX
    long_side, short_side = max(width, height), min(width, height)
    fit = min(long_side / DESIGN_SIZE[0], short_side / DESIGN_SIZE[1])
    return math.ceil(max(touch, fit) * 100 - 1e-9) / 100


def sizing_for(width: int, height: int, dpi: float, source: str) -> Sizing:
    return Sizing(width, height, dpi, source, scale_for(width, height, dpi))


def dpi_of_diagonal(screen_width: int, screen_height: int, diagonal_in: float) -> float:
    return math.hypot(screen_width, screen_height) / diagonal_in


def reported_dpi(screen_width: int, screen_height: int, width_mm: float,
                 height_mm: float) -> float | None:
    """The density a screen's reported physical size gives, or None when that size is not
    believable (missing, absurd, or not the shape of the pixels)."""
    if min(screen_width, screen_height) <= 0 or not (width_mm > 0 and height_mm > 0):
        return None
    if (width_mm > height_mm) != (screen_width > screen_height) and width_mm != height_mm:
        width_mm, height_mm = height_mm, width_mm  # a rotated panel reports its native size
    dpi_w = screen_width / width_mm * MM_PER_INCH
    dpi_h = screen_height / height_mm * MM_PER_INCH
    if abs(dpi_w - dpi_h) > SHAPE_TOLERANCE * max(dpi_w, dpi_h):
        return None
    if abs(dpi_w - QT_GUESS_DPI) < 0.05 and abs(dpi_h - QT_GUESS_DPI) < 0.05:
        return None  # Qt's own guess for a screen that told it nothing (cage, offscreen)
    dpi = (dpi_w + dpi_h) / 2
    return dpi if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1] else None


def assumed_dpi(screen_width: int, screen_height: int) -> float | None:
    """The density of the usual kiosk panel of this resolution, if it is one (KIOSK_SCREENS)."""
    diagonal = KIOSK_SCREENS.get((screen_width, screen_height))
    return dpi_of_diagonal(screen_width, screen_height, diagonal) if diagonal else None


def choose_dpi(screen_width: int, screen_height: int, *, diagonal_in: float = 0.0,
               width_mm: float = 0.0, height_mm: float = 0.0) -> tuple[float, str]:
    """(dpi, where it came from) for a screen of these pixels: the diagonal set by hand, the
    size the screen reports, the usual panel of that resolution, or 96 dpi."""
    if diagonal_in:
        return dpi_of_diagonal(screen_width, screen_height, diagonal_in), "setting"
    reported = reported_dpi(screen_width, screen_height, width_mm, height_mm)
    if reported is not None:
        return reported, "screen"
    assumed = assumed_dpi(screen_width, screen_height)
    if assumed is not None:
        return assumed, "assumed"
    return FALLBACK_DPI, "fallback"


def kiosk_sizing(width: int, height: int, diagonal_in: float | None = None) -> Sizing:
    """A full-screen window of `width` x `height` on the usual panel of that size (or one of
    `diagonal_in` inches): what `--shots` and the layout test render at."""
    dpi, source = choose_dpi(width, height, diagonal_in=diagonal_in or 0.0)
    return sizing_for(width, height, dpi, source)


def screen_sizing(screen: QScreen | None, window_width: int, window_height: int,
                  diagonal_in: float = 0.0) -> Sizing:
    """The sizing of a window of this size on `screen` (a QScreen, or None: no screen known)."""
    if screen is None:
        dpi, source = choose_dpi(window_width, window_height, diagonal_in=diagonal_in)
    else:
        geometry, physical = screen.geometry(), screen.physicalSize()
        dpi, source = choose_dpi(geometry.width(), geometry.height(), diagonal_in=diagonal_in,
                                 width_mm=physical.width(), height_mm=physical.height())
    sizing = sizing_for(window_width, window_height, dpi, source)
    log.info("screen sizing: %s", sizing.describe())
    return sizing


def parse_size(text: str) -> tuple[int, int]:
    """"1280x800" -> (1280, 800); ValueError with a reason otherwise."""
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise ValueError(f"{text!r} is not WIDTHxHEIGHT (for example 1280x800)")
    size = int(width), int(height)
    if not all(MIN_SIDE <= side <= MAX_SIDE for side in size):
        raise ValueError(f"{text!r}: each side must be from {MIN_SIDE} to {MAX_SIDE} pixels")
    return size



# --- the sizing in force -------------------------------------------------------------------------
_current = Sizing()


def current() -> Sizing:
    """The sizing widgets made now are built for (scale 1 until the app sets one)."""
    return _current


def use(sizing: Sizing) -> Sizing:
    """Make `sizing` the one widgets built from now on follow; returns the one it replaces.
    Set before a shell is made: a window's widgets keep the scale they were built at."""
    global _current
    before, _current = _current, sizing
    return before


def px(design: float) -> int:
    """Screen pixels for a fixed size in design pixels, at the sizing in force."""
    return _current.px(design)


def with_size(sizing: Sizing, width: int, height: int) -> Sizing:
    """The same screen, another window size (the scale is kept: widgets are built at it)."""
    return replace(sizing, width=width, height=height)


def columns_for(width_px: int, item_design_px: float, spacing_px: int, most: int,
                least: int = 1) -> int:
    """How many columns of items at least `item_design_px` design pixels wide fit in
    `width_px` screen pixels (from `least` to `most`)."""
    item = item_design_px * _current.scale
    fits = int((width_px + spacing_px) // (item + spacing_px)) if item > 0 else most
    return max(least, min(most, fits))


# --- layouts -------------------------------------------------------------------------------------
_SCALED = "kiosk_scaled"  # a layout's property once its margins and spacing are scaled


def scale_layouts(root: QWidget) -> None:
    """Scale the margins and spacing of every layout under `root` (its own included) by the
    sizing in force, once each: the numbers screens write are design pixels."""
    sizing = _current
    if sizing.scale == 1.0:
        return
    from PySide6.QtWidgets import QGridLayout, QLayout

    layouts = root.findChildren(QLayout)
    own = root.layout()
    if own is not None:
        layouts.append(own)
    for layout in layouts:
        if layout.property(_SCALED):
            continue
        layout.setProperty(_SCALED, True)
        m = layout.contentsMargins()
        layout.setContentsMargins(sizing.px(m.left()), sizing.px(m.top()),
                                  sizing.px(m.right()), sizing.px(m.bottom()))
        if isinstance(layout, QGridLayout):
            if layout.horizontalSpacing() >= 0:
                layout.setHorizontalSpacing(sizing.px(layout.horizontalSpacing()))
            if layout.verticalSpacing() >= 0:
                layout.setVerticalSpacing(sizing.px(layout.verticalSpacing()))
        elif layout.spacing() >= 0:
            layout.setSpacing(sizing.px(layout.spacing()))
