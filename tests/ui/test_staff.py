"""The staff panel: the hidden gesture, the PIN and its lockout, what it shows and changes.
(Its own pages, by taps: tests/ui/test_staff_pages.py.)"""
from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QPoint, Qt
from touch import press, release, tap

from kiosk.device import Device
from ui.context import AppContext
from ui.staff.panel import StaffPanel


@pytest.fixture(autouse=True)
def _pin_checks_outlast_no_idle_reset(shell) -> None:
    """Five scrypt checks (0.4 s each here, several seconds on a loaded machine) with no tap in
    between must not meet the 2-s test idle timer: an idle reset would close the panel mid-test."""
    shell.clock.idle_ms = 60_000


def panel_of(root) -> StaffPanel:
    return root if isinstance(root, StaffPanel) else root.current


def type_pin(ui, root, pin: str, prefix: str = "pin") -> None:
    """The digits and OK, tapped on the pad; then the check (off the GUI thread) reports."""
    for digit in pin:
        ui.click(root, f"{prefix}-digit-{digit}")
    ui.click(root, f"{prefix}-ok")
    panel = panel_of(root)
    ui.qtbot.waitUntil(lambda: not panel.checking, timeout=10_000)


def test_long_press_in_the_top_left_corner_opens_the_pin_pad(shell, ui, qtbot) -> None:
    corner = QPoint(10, 10)
    press(shell.current, corner)
    qtbot.waitUntil(lambda: shell.current_name == "staff", timeout=2000)
    release(shell.stack.widget(0), corner)
    assert shell.current_name == "staff"  # lifting the finger did not start a visit
    assert ui.find(shell, "pin-digit-5").isVisible()


def test_a_short_press_or_another_corner_does_not(shell, qtbot) -> None:
    tap(shell.current)  # the attract loop: a visit
    assert shell.current_name == "start"
    title = shell.current.language_title
    press(title, QPoint(600, 10))
    qtbot.wait(300)
    release(title, QPoint(600, 10))
    assert shell.current_name == "start"
    back = shell.topbar.back  # the Back button sits in the corner: a tap on it is still Back
    tap(back, QPoint(8, 8))
    qtbot.wait(200)
    assert shell.current_name == "start"


def test_right_pin_opens_the_panel_with_the_kiosk_state(shell, ui, ctx, staff_pin) -> None:
    ctx.device.settings.kiosk_name = "Chaom Chau factory"
    ctx.device.settings.location = "HR corner"
    ctx.set_locale("en")
    shell.go("staff")
    type_pin(ui, shell, staff_pin)
    panel = shell.current
    assert panel.unlocked
    shown = "\n".join(ui.texts(panel))
    assert "Version 7, built 26 November 2026" in shown
    assert "No sync has succeeded yet." in shown and "(never)" not in shown
    assert "Paper: receipt (80 mm)" in shown
    assert "Name: Chaom Chau factory" in shown and "Location: HR corner" in shown
    assert "Visits: 0" in ui.find(panel, "staff-today-lines").text()
    assert ui.find(panel, "staff-idle-value").text() == "90 seconds"


def test_with_no_pin_set_the_panel_stays_locked(shell, ui, ctx) -> None:
    """There is no default PIN: not the old install PIN 1286, not anything."""
    ctx.set_locale("en")
    shell.go("staff")
    assert "No staff PIN is set on this kiosk" in ui.find(shell, "pin-message").text()
    assert not ui.find(shell, "pin-digit-1").isEnabled()
    shell.current.pinpad.set_locked(False)  # even if the keys were pressed
    type_pin(ui, shell, "1286")
    assert not shell.current.unlocked
    assert "kiosk pin set" in ui.find(shell, "pin-message").text()


def test_khmer_digits_on_the_pad_and_from_a_keyboard(shell, ui, ctx, staff_pin, qtbot) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from kiosk.i18n import native_digits

    shell.go("staff")  # the visit is in Khmer: the keys show Khmer numerals
    assert ui.find(shell, "pin-digit-9").text() == "៩"
    pad = shell.current.pinpad
    for ch in native_digits(staff_pin, "km"):  # typed in Khmer digits on a keyboard
        QApplication.sendEvent(pad, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                              Qt.KeyboardModifier.NoModifier, ch))
    qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: shell.current.unlocked, timeout=10_000)


def test_wrong_pin_says_how_many_tries_are_left(shell, ui, ctx, staff_pin) -> None:
    ctx.set_locale("en")
    shell.go("staff")
    type_pin(ui, shell, "0000")
    assert not shell.current.unlocked
    assert ui.find(shell, "pin-message").text() == "Wrong PIN. 4 tries left."


def test_five_wrong_pins_lock_the_panel_and_show_the_time_left(shell, ui, ctx, staff_pin) -> None:
    shell.go("staff")
    for _ in range(5):
        type_pin(ui, shell, "0000")
    message = ui.find(shell, "pin-message").text()
    # Khmer digits (the visit is in Khmer), about five minutes left: 4:3x-5:00 whatever the load
    assert re.search("(៥:០០|៤:[៣៤៥][០-៩])", message), message
    assert not ui.find(shell, "pin-digit-1").isEnabled()
    shell.current.pinpad.set_locked(False)  # even if the keys were pressed: still locked
    type_pin(ui, shell, staff_pin)
    assert not shell.current.unlocked


def test_the_lockout_survives_a_restart(shell, ui, ctx, bundle_path, qtbot, staff_pin) -> None:
    shell.go("staff")
    for _ in range(5):
        type_pin(ui, shell, "0000")
    restarted = AppContext(Device.open(ctx.device.root), bundle_path)  # the kiosk restarts
    restarted.set_locale("en")
    panel = StaffPanel(restarted)
    qtbot.addWidget(panel)
    panel.enter({})
    panel.show()
    type_pin(ui, panel, staff_pin)
    assert not panel.unlocked
    assert "Locked: try again in" in ui.find(panel, "pin-message").text()
    restarted.library.close()


def test_settings_are_changed_with_steppers_and_saved(shell, ui, ctx, staff_pin) -> None:
    shell.go("staff")
    type_pin(ui, shell, staff_pin)
    ui.click(shell, "staff-idle-plus")
    ui.click(shell, "staff-idle-plus")
    ui.click(shell, "staff-idle-minus")
    ui.click(shell, "staff-default-en")
    saved = Device.open(ctx.device.root).settings
    assert saved.idle_timeout_s == 105 and saved.default_locale == "en"
    assert ui.find(shell, "staff-idle-value").text() == "១០៥ វិនាទី"
    assert ui.find(shell, "staff-saved").text() == "បានរក្សាទុក។"
    ui.click(shell, "staff-idle-minus-big")
    assert not ui.find(shell, "staff-idle-minus").isEnabled()  # never below 30 s
    assert Device.open(ctx.device.root).settings.idle_timeout_s == 30
    ui.click(shell, "staff-large-text-on")
    assert Device.open(ctx.device.root).settings.large_text
    assert ui.find(shell, "staff-large-text-on").isChecked()
    assert not ui.find(shell, "staff-large-text-off").isChecked()


def test_leave_kiosk_mode_closes_the_app(shell, ui, qtbot, staff_pin) -> None:
    shell.go("staff")
    type_pin(ui, shell, staff_pin)
    ui.click(shell, "staff-leave")
    assert shell.leave_kiosk
    assert not shell.isVisible()
