"""The kiosk window: navigation, the language switch, large text, closing, and crash recovery."""
from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from kiosk.errors import KioskError
from kiosk.pages.home import home_page
from ui import navigation
from ui.style import LARGE_TEXT_SCALE


def start_visit(ui, shell, locale: str = "en", audience: str = "worker") -> None:
    """From the attract loop to home, as a visitor: touch, language, audience."""
    ui.qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)
    assert shell.current_name == "start"
    ui.click(shell, f"start-lang-{locale}")
    ui.click(shell, f"start-audience-{audience}")
    assert shell.current_name == "home"


def test_visitor_reaches_home_and_every_tile_opens_its_screen(shell, ui, ctx) -> None:
    assert shell.current_name == "attract"
    assert not shell.topbar.isVisible()
    start_visit(ui, shell, "en", "worker")
    assert shell.topbar.isVisible()
    assert ctx.visit.audience == "worker" and ctx.locale == "en"
    for tile in home_page("worker", "en").tiles:
        try:
            navigation.screen_class(tile.route.screen)
        except ModuleNotFoundError:
            continue  # another engineer's screen, not written yet
        ui.click(shell, f"home-tile-{tile.key}")
        assert shell.current_name == tile.route.screen, tile.key
        assert shell.current_params == dict(tile.route.params)
        ui.click(shell, "topbar-back")
        assert shell.current_name == "home"
    journey = ctx.device.journey()  # every step went to the anonymous journey log
    assert journey.count() >= 4 and journey.visits() == 1
    journey.close()


def test_the_employers_home_speaks_to_an_employer(shell, ui) -> None:
    start_visit(ui, shell, "en", "employer")
    grid = shell.current.grid
    # in reading order, however many columns the window's width allows
    placed = sorted((grid.getItemPosition(i)[:2], grid.itemAt(i).widget())
                    for i in range(grid.count()))
    first = [widget for _, widget in placed[:3]]
    assert [w.objectName() for w in first] == ["home-tile-workers-get", "home-tile-employer",
                                               "home-tile-monthly"]
    assert [w.text() for w in first] == ["What my workers get", "What I must do",
                                         "What I pay each month"]


def test_back_stack_and_home(shell, ui, probe_screens) -> None:
    start_visit(ui, shell)
    shell.go("probe", {"n": 1})
    ui.click(shell, "probe-next")
    assert (shell.current_name, shell.current_params) == ("probe2", {"from": "probe"})
    ui.click(shell, "topbar-back")
    assert (shell.current_name, shell.current_params) == ("probe", {"n": 1})
    ui.click(shell, "topbar-back")
    assert shell.current_name == "home"
    shell.go("probe", {"n": 2})
    ui.click(shell, "topbar-home")
    assert shell.current_name == "home"
    ui.click(shell, "topbar-back")  # from home, back is the choice of language and audience
    assert shell.current_name == "start"
    assert not shell.history and not ui.find(shell, "topbar-back").isEnabled()


def test_screens_are_made_once_and_kept(shell, ui, probe_screens) -> None:
    start_visit(ui, shell)
    shell.go("probe", {})
    first = shell.current
    shell.home()
    shell.go("probe", {})
    assert shell.current is first and first.renders == 2


def test_language_switch_keeps_the_screen_and_its_params(shell, ui, ctx, probe_screens) -> None:
    start_visit(ui, shell, "km")
    shell.go("probe", {"id": "maternity-allowance"})
    probe = shell.current
    assert probe.label.text().startswith("ទំព័រដើម")  # "Home" in Khmer
    before = len(shell.history)
    ui.click(shell, "topbar-lang-en")
    assert ctx.locale == "en"
    assert (shell.current_name, shell.current_params) == ("probe", {"id": "maternity-allowance"})
    assert shell.current is probe and probe.label.text().startswith("Home")
    assert len(shell.history) == before
    assert ui.find(shell, "topbar-back").text() == "Back"
    ui.click(shell, "topbar-lang-km")
    assert probe.label.text().startswith("ទំព័រដើម")


def test_language_switch_re_renders_home_in_place(shell, ui) -> None:
    start_visit(ui, shell, "km")
    khmer = ui.find(shell, "home-tile-benefits").text()
    assert khmer.replace("\u200b", "") == "អ្វីដែល ប.ស.ស. ផ្តល់ឱ្យខ្ញុំ"  # with line-break hints
    ui.click(shell, "topbar-lang-en")
    assert shell.current_name == "home"
    assert ui.find(shell, "home-tile-benefits").text() == "What NSSF gives me"


def test_large_text_scales_the_stylesheet_and_ends_with_the_visit(shell, ui, ctx) -> None:
    start_visit(ui, shell)
    title = ui.find(shell, "home-title")
    normal = title.font().pixelSize()  # the stylesheet's sizes reach Qt in pixels
    assert normal == round(32 * 96 / 72)  # a title's 32 pt at scale 1
    ui.click(shell, "topbar-large-text")
    assert ctx.large_text
    assert title.font().pixelSize() == pytest.approx(normal * LARGE_TEXT_SCALE, abs=1)
    shell.reset_visit()
    assert not ctx.large_text
    assert title.font().pixelSize() == normal


def test_close_and_alt_f4_are_ignored_until_staff_leave_kiosk_mode(shell) -> None:
    QTest.keyClick(shell, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    assert shell.close() is False
    assert shell.isVisible()
    shell.leave_kiosk = True
    assert shell.close() is True


def test_a_screen_that_raises_in_render_sends_the_kiosk_back_to_attract(
        shell, ui, ctx, probe_screens, caplog) -> None:
    start_visit(ui, shell)
    ctx.visit.search_text = "last visitor"
    probe_screens["probe"].fail_with = RuntimeError("render broke")
    with caplog.at_level(logging.ERROR):
        shell.go("probe", {})
    assert shell.current_name == "attract"
    assert ctx.visit.search_text == ""  # a new visit
    failure = [r for r in caplog.records if r.exc_info and "render broke" in str(r.exc_info[1])]
    assert failure and failure[0].exc_info[2] is not None  # logged with its traceback
    # still alive: the next visitor can start
    start_visit(ui, shell)


def test_a_screen_failing_on_language_switch_recovers_too(shell, ui, probe_screens) -> None:
    start_visit(ui, shell)
    shell.go("probe", {})
    probe_screens["probe"].fail_with = RuntimeError("no Khmer")
    ui.click(shell, "topbar-lang-km")
    assert shell.current_name == "attract"


@pytest.mark.qt_no_exception_capture
def test_an_exception_in_a_slot_goes_to_the_excepthook_and_back_to_attract(
        shell, ui, probe_screens, monkeypatch) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    shell.install_excepthook()
    start_visit(ui, shell)
    shell.go("probe", {})
    probe_screens["probe"].fail_on_click = ValueError("slot broke")
    ui.click(shell, "probe-next")
    assert shell.current_name == "attract"


def test_kiosk_error_is_shown_translated_and_the_visitor_stays(shell, ui, ctx, probe_screens) -> None:
    start_visit(ui, shell, "km")
    probe_screens["probe2"].fail_with = KioskError("printer is out of paper", "ម៉ាស៊ីនបោះពុម្ពអស់ក្រដាស")
    shell.go("probe", {})
    ui.click(shell, "probe-next")
    assert shell.current_name == "probe"
    assert shell.banner.isVisible()
    assert shell.banner.message.text() == "ម៉ាស៊ីនបោះពុម្ពអស់ក្រដាស"
    ui.click(shell, "error-ok")
    assert not shell.banner.isVisible()


def test_a_hidden_screen_cannot_move_the_visitor(shell, ui, probe_screens) -> None:
    start_visit(ui, shell)
    shell.go("probe", {})
    old = shell.current
    shell.home()
    old.go.emit("probe2", {})  # e.g. a late timer on a screen no longer shown
    assert shell.current_name == "home"


def test_idle_hook_for_content_swaps(shell, ui, ctx, bundle_path, probe_screens, qtbot) -> None:
    assert shell.is_idle()
    start_visit(ui, shell)
    assert not shell.is_idle()
    shell.go("probe", {})
    with qtbot.waitSignal(shell.became_idle, timeout=1000):
        shell.reset_visit()
    assert shell.is_idle()
    cached = set(shell.screens)
    assert {"home", "probe"} <= cached
    ctx.swap_library(bundle_path)  # new content: the screens stay, blank (test_shell_content_swap)
    assert set(shell.screens) == cached
    assert shell.current_name == "attract" and shell.current.isVisible()


def test_start_up_imports_only_what_the_first_screen_needs(shell) -> None:
    assert set(shell.screens) == {"attract"}
    assert QApplication.instance().font().family() == "Noto Sans Khmer"
