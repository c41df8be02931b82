"""How big things are: the scale from a screen's physical size (ui/sizing.py), where its DPI
comes from, and how the scale reaches the stylesheet and the layouts."""
from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QVBoxLayout, QWidget

from ui import sizing as screen_sizing
from ui.sizing import (
    DESIGN_TARGET_PX,
    FALLBACK_DPI,
    KIOSK_SCREENS,
    MIN_TARGET_MM,
    Sizing,
    choose_dpi,
    kiosk_sizing,
    parse_size,
    reported_dpi,
    scale_layouts,
    sizing_for,
)
from ui.sizing import (
    screen_sizing as sizing_of_screen,
)
from ui.style import stylesheet


@pytest.mark.parametrize("size", list(KIOSK_SCREENS))
def test_targets_are_15_mm_at_least_on_every_kiosk_screen(size: tuple[int, int]) -> None:
    sizing = kiosk_sizing(*size)
    assert sizing.source == "assumed"
    assert sizing.mm(sizing.px(DESIGN_TARGET_PX)) >= MIN_TARGET_MM
    assert sizing.scale >= 1.0  # never smaller than drawn: these screens are all denser or bigger


def test_a_dense_panel_gets_bigger_text_and_a_big_screen_fills_up() -> None:
    ten_inch = kiosk_sizing(1280, 800)  # 149 dpi: 15 mm wants 88.3 px, so 89
    assert ten_inch.scale == pytest.approx(1.40, abs=0.01) and ten_inch.compact
    big = kiosk_sizing(1920, 1080)  # 102 dpi: 15 mm is 60 px, but the drawing fills the screen
    assert big.scale == pytest.approx(1.35, abs=0.01) and not big.compact
    assert big.mm(big.px(DESIGN_TARGET_PX)) > 20
    small = kiosk_sizing(800, 480)
    assert small.short and small.compact
    portrait = kiosk_sizing(1080, 1920)
    assert portrait.portrait and portrait.compact and not portrait.short
    desk = sizing_for(1280, 800, 96.0, "screen")  # the 1280x800 window the design was drawn in
    assert desk.scale == 1.0 and not desk.compact


def test_a_reported_size_is_believed_only_when_it_makes_sense() -> None:
    assert reported_dpi(1920, 1080, 476, 268) == pytest.approx(102, abs=1)  # a 21.5" monitor
    assert reported_dpi(1080, 1920, 476, 268) == pytest.approx(102, abs=1)  # the same, rotated
    assert reported_dpi(1920, 1080, 0, 0) is None  # no EDID
    assert reported_dpi(1024, 768, 160, 90) is None  # a 16:9 size for a 4:3 mode
    assert reported_dpi(1920, 1080, 47.6, 26.8) is None  # centimetres: 1024 dpi
    assert reported_dpi(1920, 1080, 10_000, 5625) is None  # a 450" "screen"


def test_where_the_dpi_comes_from() -> None:
    # the diagonal set by hand wins over anything the screen says
    dpi, source = choose_dpi(800, 480, diagonal_in=5.0, width_mm=300, height_mm=180)
    assert source == "setting" and dpi == pytest.approx(186.6, abs=0.1)
    assert choose_dpi(800, 480, width_mm=154, height_mm=86)[1] == "screen"
    assert choose_dpi(800, 480) == (pytest.approx(133.3, abs=0.1), "assumed")  # the usual 7"
    assert choose_dpi(1366, 768) == (FALLBACK_DPI, "fallback")  # nothing known: 96 dpi


def test_the_sizing_of_a_real_screen(kiosk_app: QApplication) -> None:
    # offscreen: 800x800 px "203 mm square", Qt's 100 dpi guess for a screen with no size (as
    # cage's headless output): not believed, so a kiosk and its shots of the same size agree
    screen = kiosk_app.primaryScreen()
    assert reported_dpi(800, 800, 203.2, 203.2) is None
    assert sizing_of_screen(screen, 800, 800).source == "fallback"
    assert sizing_of_screen(screen, 1280, 720).scale == kiosk_sizing(1280, 720).scale
    assert sizing_of_screen(screen, 800, 800, diagonal_in=7.0).source == "setting"
    assert sizing_of_screen(None, 800, 480).source == "assumed"


@pytest.mark.parametrize(("text", "says"), [
    ("1280*800", "is not WIDTHxHEIGHT"), ("x800", "is not WIDTHxHEIGHT"),
    ("10x10", "each side must be from 240"), ("99999x800", "each side must be"),
])
def test_a_window_size_typed_by_hand(text: str, says: str) -> None:
    assert parse_size("1280x800") == (1280, 800)
    with pytest.raises(ValueError, match=says):
        parse_size(text)


def test_the_stylesheet_is_written_in_the_screens_pixels() -> None:
    double = Sizing(2560, 1600, 192.0, "test", 2.0)
    qss = stylesheet(False, double)
    assert "min-height: 100px" in qss  # QPushButton's 50px
    assert "font-size: 53px" in qss  # 20 pt at 96 dpi, doubled
    assert "pt;" not in qss and "@key" not in qss
    assert "font-size: 69px" in stylesheet(True, double)  # large text: 20 pt x 1.3, doubled
    assert "min-height: 120px; max-height: 120px" in qss  # keys: 64 doubled, less the border
    # headings give way only on a compact screen
    assert "=== compact" not in stylesheet(False, kiosk_sizing(1920, 1080))
    assert "=== compact" in stylesheet(False, kiosk_sizing(800, 480))


def test_layout_margins_and_spacing_are_scaled_once(qtbot) -> None:
    before = screen_sizing.use(Sizing(2560, 1600, 192.0, "test", 2.0))
    try:
        root = QWidget()
        qtbot.addWidget(root)
        outer = QVBoxLayout(root)
        outer.setContentsMargins(10, 20, 10, 20)
        outer.setSpacing(6)
        inner = QHBoxLayout()
        inner.setSpacing(8)
        outer.addLayout(inner)
        scale_layouts(root)
        scale_layouts(root)  # a row pool asks again for the same widgets: no second scaling
        m = outer.contentsMargins()
        assert (m.left(), m.top(), outer.spacing(), inner.spacing()) == (20, 40, 12, 16)
    finally:
        screen_sizing.use(before)
