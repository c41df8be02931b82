"""The staff panel's pages, by taps: the kiosk's name and location on the on-screen keyboard,
a new PIN twice on the pad (and after a restart only the new one opens the panel), the printer
and paper among what the print system offers, going back to the previous content, today's
visits; in Khmer, with no English word left on the panel."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shell_closing import close_shell
from test_print_screen import RecordingPrinter, wait_printed
from test_staff import type_pin
from touch import press, release

from kiosk.content.bundle import build_bundle
from kiosk.content.khmer import khmer_share
from kiosk.content.loader import check_records, read_source
from kiosk.device import Device
from kiosk.eligibility import RULES_DIR, RuleFiles
from kiosk.guidance.state import record_problem
from kiosk.paths import CONTENT_DIR
from kiosk.sync.layout import SyncPaths
from kiosk.sync.running import exclusive
from ui import printing
from ui.context import AppContext
from ui.staff.panel import StaffPanel
from ui.widgets.keyboard_layouts import key_name

NEW_PIN = "24681357"  # eight digits: longer than the six the kiosk was given


def open_panel(ui, shell, pin: str, locale: str = "en") -> StaffPanel:
    shell.ctx.set_locale(locale)
    shell.go("staff")
    type_pin(ui, shell, pin)
    panel = shell.current
    assert panel.unlocked
    return panel


def type_text(ui, root, board, text: str) -> None:
    """Type on the on-screen keyboard key by key, switching pages as a person would."""
    for ch in text:
        if ch == " ":
            ui.click(root, "key-space")
            continue
        page = board.page_of(ch)
        script = page.split("-")[0]
        if board.script != script:
            ui.click(root, "key-switch")
        if page.endswith("-shift") and board.page != page:
            ui.click(root, "key-shift")
        assert board.page == page, (ch, board.page)
        ui.click(root, key_name(ch))


# --- name and location -----------------------------------------------------------------------
def test_name_and_location_are_typed_checked_and_saved(shell, ui, ctx, staff_pin) -> None:
    panel = open_panel(ui, shell, staff_pin, "km")
    ui.click(shell, "staff-action-identity")
    assert (shell.current_name, shell.current_params) == ("staff", {"page": "identity"})
    name = ui.find(shell, "staff-field-kiosk_name")
    assert name.text() == "NSSF kiosk" and panel.identity.keyboard.script == "khmer"
    ui.click(shell, "key-clear")
    ui.click(shell, "staff-identity-save")  # an empty name: refused, one line, nothing saved
    assert ui.find(shell, "staff-identity-problem").text() == "ម៉ាស៊ីនព័ត៌មានត្រូវមានឈ្មោះ៖ សូមវាយឈ្មោះមួយ។"
    assert Device.open(ctx.device.root).settings.kiosk_name == "NSSF kiosk"
    type_text(ui, shell, panel.identity.keyboard, "រោងចក្រ ចោមចៅ")
    ui.qtbot.mouseClick(ui.find(shell, "staff-field-location"), Qt.MouseButton.LeftButton)
    type_text(ui, shell, panel.identity.keyboard, "HR 2")
    ui.click(shell, "staff-identity-save")
    saved = Device.open(ctx.device.root).settings
    assert (saved.kiosk_name, saved.location) == ("រោងចក្រ ចោមចៅ", "HR 2")
    assert (shell.current_name, shell.current_params) == ("staff", {})  # back on the panel
    assert "ឈ្មោះ៖ រោងចក្រ ចោមចៅ" in ui.find(shell, "staff-kiosk-lines").text()
    assert "ទីតាំង៖ HR 2" in ui.find(shell, "staff-kiosk-lines").text()


# --- the PIN -----------------------------------------------------------------------------------
def change_pin(ui, shell, first: str, again: str) -> None:
    ui.click(shell, "staff-action-pin")
    type_pin(ui, shell, first, "new-pin")
    type_pin(ui, shell, again, "new-pin")


def test_a_new_pin_twice_opens_the_panel_after_a_restart_and_the_old_does_not(
        shell, ui, ctx, staff_pin, bundle_path, qtbot) -> None:
    panel = open_panel(ui, shell, staff_pin, "km")
    change_pin(ui, shell, NEW_PIN, NEW_PIN)
    qtbot.waitUntil(lambda: panel.flow.step == "saved", timeout=10_000)  # hashed off the GUI thread
    assert ui.find(shell, "staff-pin-change-done").text().startswith("បានរក្សាទុកលេខសម្ងាត់ថ្មីហើយ")
    for old_or_new, opens in ((staff_pin, False), (NEW_PIN, True)):
        restarted = AppContext(Device.open(ctx.device.root), bundle_path)  # the kiosk restarts
        restarted.set_locale("en")
        again = StaffPanel(restarted)
        qtbot.addWidget(again)
        again.enter({})
        again.show()
        type_pin(ui, again, old_or_new)
        assert again.unlocked is opens
        if not opens:
            assert ui.find(again, "pin-message").text() == "Wrong PIN. 4 tries left."
        restarted.library.close()


def open_by_the_corner(ui, shell, pin: str) -> StaffPanel:
    """The staff gesture on a kiosk as it starts: hold the top-left corner, then the PIN."""
    from PySide6.QtCore import QPoint

    corner = QPoint(10, 10)
    press(shell.current, corner)
    ui.qtbot.waitUntil(lambda: shell.current_name == "staff", timeout=2000)
    release(shell.stack.widget(0), corner)
    type_pin(ui, shell, pin)
    return shell.current


def test_the_panel_changes_the_name_and_the_pin_and_the_new_pin_opens_it_after_a_restart(
        shell, ui, ctx, staff_pin, bundle_path, qtbot) -> None:
    """Issue 16's example as one visit of an officer: the name typed, a new PIN twice on the
    pad; the kiosk restarts (a new window on the same data folder); the old PIN no longer opens
    the panel, the new one does, and the panel shows the new name."""
    from ui.shell import Shell

    shell.clock.idle_ms = 60_000  # scrypt checks on a loaded machine outlast the 2-s test timer
    panel = open_panel(ui, shell, staff_pin, "en")
    ui.click(shell, "staff-action-identity")
    ui.click(shell, "key-clear")
    type_text(ui, shell, panel.identity.keyboard, "HR corner 2")
    ui.click(shell, "staff-identity-save")
    change_pin(ui, shell, NEW_PIN, NEW_PIN)
    qtbot.waitUntil(lambda: panel.flow.step == "saved", timeout=10_000)
    close_shell(shell)
    shell.close()

    restarted = AppContext(Device.open(ctx.device.root), bundle_path)
    again = Shell(restarted, idle_ms=60_000, warning_ms=2000, hold_ms=100, hide_cursor=False)
    qtbot.addWidget(again, before_close_func=close_shell)
    again.resize(1280, 800)
    again.show()
    qtbot.waitExposed(again)
    assert again.current_name == "attract"
    restarted.set_locale("en")
    old = open_by_the_corner(ui, again, staff_pin)
    assert not old.unlocked
    assert ui.find(again, "pin-message").text() == "Wrong PIN. 4 tries left."
    again.go("attract")  # back to the attract loop, in the kiosk's language (Khmer)
    opened = open_by_the_corner(ui, again, NEW_PIN)
    assert opened.unlocked
    assert "ឈ្មោះ៖ HR corner 2" in ui.find(again, "staff-kiosk-lines").text()
    restarted.library.close()


def test_two_different_pins_are_refused_with_one_line(shell, ui, ctx, staff_pin) -> None:
    open_panel(ui, shell, staff_pin)
    stored = ctx.device.settings.staff_pin_hash
    change_pin(ui, shell, "1234567", "7654321")
    assert ui.find(shell, "new-pin-message").text() == (
        "The two PINs were not the same. Nothing was changed: type the new PIN again from the start.")
    assert ui.find(shell, "new-pin-title").text().startswith("Type the new PIN (4 to 12 digits)")
    type_pin(ui, shell, "123", "new-pin")
    assert ui.find(shell, "new-pin-message").text() == "A PIN has 4 to 12 digits. Nothing was changed."
    assert Device.open(ctx.device.root).settings.staff_pin_hash == stored


def test_a_new_pin_in_khmer_digits_from_a_keyboard(shell, ui, ctx, staff_pin, qtbot) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    from kiosk.i18n import native_digits

    panel = open_panel(ui, shell, staff_pin, "km")
    ui.click(shell, "staff-action-pin")
    pad = panel.pin_change.pad
    assert ui.find(shell, "new-pin-digit-7").text() == "៧"
    for _ in range(2):
        for ch in native_digits(NEW_PIN, "km"):
            QApplication.sendEvent(pad, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown,
                                                  Qt.KeyboardModifier.NoModifier, ch))
        qtbot.keyClick(pad, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.flow.step == "saved", timeout=10_000)
    assert Device.open(ctx.device.root).check_pin(NEW_PIN).ok


def test_an_idle_reset_while_the_new_pin_is_hashed_keeps_the_old_one(shell, ui, ctx, staff_pin) -> None:
    from ui.tasks import wait_for_tasks

    open_panel(ui, shell, staff_pin)
    change_pin(ui, shell, NEW_PIN, NEW_PIN)
    shell.reset_visit()  # the hash is still being made
    wait_for_tasks()
    QApplication.processEvents()
    assert Device.open(ctx.device.root).check_pin(staff_pin).ok


# --- printer and paper -------------------------------------------------------------------------
class TwoPrinters(RecordingPrinter):
    def printers(self) -> list[printing.PrinterInfo]:
        return [printing.PrinterInfo("TM-T20", True), printing.PrinterInfo("Office-A4")]


@pytest.fixture()
def two_printers() -> Iterator[TwoPrinters]:
    backend = TwoPrinters()
    printing.use_backend(backend)
    yield backend
    printing.use_backend(None)


def test_printer_and_paper_from_what_the_computer_offers(shell, ui, ctx, staff_pin, qtbot,
                                                         two_printers) -> None:
    panel = open_panel(ui, shell, staff_pin)
    ui.click(shell, "staff-action-printer")
    qtbot.waitUntil(lambda: panel.found is not None, timeout=10_000)
    assert ui.find(shell, "staff-printers-found").text() == (
        "Printers this computer offers: TM-T20, Office-A4")
    assert ui.find(shell, "staff-printer-default").text() == "The system default printer (TM-T20)"
    assert ui.find(shell, "staff-printer-default").isChecked()
    ui.click(shell, "staff-printer-printer:Office-A4")
    ui.click(shell, "staff-paper-a4")
    saved = Device.open(ctx.device.root).settings
    assert (saved.printer, saved.printer_kind, saved.printer_format) == ("Office-A4", "system", "a4")
    assert ui.find(shell, "staff-printer-printer:Office-A4").isChecked()
    assert not ui.find(shell, "staff-printer-default").isChecked()
    ui.click(shell, "staff-printer-none")
    assert Device.open(ctx.device.root).settings.printer_kind == "none"
    ui.click(shell, "staff-printer-back")
    assert "Printer: none: visitors scan the QR code" in ui.find(shell, "staff-printer-lines").text()
    assert "Paper: A4 sheet" in ui.find(shell, "staff-printer-lines").text()
    assert not ui.find(shell, "staff-action-test-page").isEnabled()
    # a visitor's print: no paper, the QR code, and nothing sent to any printer
    shell.reset_visit()
    shell.go("print", {"kind": "benefit", "id": "medical-care"})
    wait_printed(qtbot, shell.current)
    assert shell.current.state == "fallback" and two_printers.jobs == []


def test_a_saved_printer_that_is_gone_stays_listed_and_marked(shell, ui, ctx, staff_pin, qtbot,
                                                              two_printers) -> None:
    ctx.device.settings.printer = "Old-Queue"
    panel = open_panel(ui, shell, staff_pin, "km")
    ui.click(shell, "staff-action-printer")
    qtbot.waitUntil(lambda: panel.found is not None, timeout=10_000)
    gone = ui.find(shell, "staff-printer-printer:Old-Queue")
    assert gone.isChecked() and gone.text() == "Old-Queue (ឥឡូវរកមិនឃើញនៅលើកុំព្យូទ័រនេះទេ)"


def test_sync_now_and_a_test_page_from_the_panel(shell, ui, ctx, staff_pin, qtbot, two_printers) -> None:
    panel = open_panel(ui, shell, staff_pin)
    assert not ui.find(shell, "staff-action-sync-now").isEnabled()  # no server set
    assert "Ask NSSF IT to set the sync server" in ui.find(shell, "staff-sync-warning").text()
    ui.click(shell, "staff-action-test-page")
    qtbot.waitUntil(lambda: panel.test_state == "sent", timeout=20_000)
    assert ui.find(shell, "staff-printer-note").text() == "Test page sent to the printer."
    assert two_printers.jobs[0][0] == "TM-T20" and two_printers.jobs[0][2] == "Printer test page"


# --- the previous content ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundle_v8(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raws, _ = read_source(CONTENT_DIR)
    content, _ = check_records(raws, require_benefits=False)
    content.rules = RuleFiles.from_dir(RULES_DIR).files
    path = tmp_path_factory.mktemp("v8") / "content.db"
    build_bundle(content, path, version=8, built_at="2026-11-30T09:00:00Z")
    return path


@pytest.fixture()
def rolled_shell(qtbot, tmp_path, bundle_path, bundle_v8, staff_pin_hash):
    """A kiosk that shows version 8 and keeps version 7 to go back to (the staff PIN of the
    `staff_pin` fixture)."""
    device = Device.open(tmp_path / "rolled")
    device.content_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundle_v8, device.bundle_path)
    shutil.copyfile(bundle_path, device.previous_bundle_path)
    device.set_pin_hash(staff_pin_hash)
    context = AppContext(device)
    from ui.shell import Shell

    window = Shell(context, idle_ms=10**6, warning_ms=10**6, hold_ms=100, hide_cursor=False)
    qtbot.addWidget(window, before_close_func=close_shell)
    window.resize(1280, 800)
    window.show()
    yield window
    context.library.close()


def test_going_back_to_the_previous_content_asks_first_and_shows_the_version_after(
        rolled_shell, ui, qtbot, staff_pin) -> None:
    shell = rolled_shell
    panel = open_panel(ui, shell, staff_pin)
    lines = ui.find(shell, "staff-content-lines").text()
    assert "Version 8, built 30 November 2026" in lines
    assert "Kept for going back: version 7, built 26 November 2026" in lines
    ui.click(shell, "staff-action-rollback")
    assert ui.find(shell, "staff-rollback-text").text().startswith(
        "The kiosk shows content version 8. Going back shows version 7")
    assert shell.ctx.library.meta.content_version == 8  # nothing happens before the yes
    ui.click(shell, "staff-rollback-back")  # "No, keep this content"
    assert shell.current_params == {} and shell.ctx.library.meta.content_version == 8
    ui.click(shell, "staff-action-rollback")
    ui.click(shell, "staff-rollback-confirm")
    qtbot.waitUntil(lambda: panel.rollback_step == "done", timeout=10_000)
    assert ui.find(shell, "staff-rollback-done").text() == (
        "Done. The kiosk now shows content version 7.")
    assert shell.ctx.library.meta.content_version == 7
    assert Device.open(shell.ctx.device.root).sync_state().pending_version == 0
    ui.click(shell, "staff-rollback-back")
    assert "Version 7, built 26 November 2026" in ui.find(shell, "staff-content-lines").text()
    assert "Kept for going back: version 8" in ui.find(shell, "staff-content-lines").text()


def test_going_back_while_a_sync_runs_changes_nothing(rolled_shell, ui, qtbot, staff_pin) -> None:
    shell = rolled_shell
    panel = open_panel(ui, shell, staff_pin, "km")
    ui.click(shell, "staff-action-rollback")
    with exclusive(SyncPaths(shell.ctx.device.root), "2026-11-30T10:00:00Z"):
        ui.click(shell, "staff-rollback-confirm")
        qtbot.waitUntil(lambda: panel.rollback_step == "failed", timeout=10_000)
    assert ui.find(shell, "staff-rollback-problem").text() == (
        "កំពុងធ្វើបច្ចុប្បន្នភាព។ គ្មានអ្វីត្រូវបានប្តូរទេ៖ សូមព្យាយាមម្តងទៀត ពេលវាចប់។")
    assert shell.ctx.library.meta.content_version == 8


def test_with_nothing_kept_going_back_cannot_be_chosen(shell, ui, staff_pin) -> None:
    open_panel(ui, shell, staff_pin)
    assert not ui.find(shell, "staff-action-rollback").isEnabled()
    assert "No earlier content is kept to go back to." in ui.find(
        shell, "staff-content-lines").text()


# --- today, and the whole panel in Khmer -----------------------------------------------------------
def test_todays_counts_are_those_of_the_visits_that_ended(shell, ui, ctx, staff_pin) -> None:
    for _ in range(2):  # two visitors read a benefit, then leave
        qtbot_tap_start(ui, shell)
        ui.click(shell, "home-tile-benefits")
        shell.reset_visit()  # the visit ends: the counts add it to the day
    open_panel(ui, shell, staff_pin, "km")
    lines = ui.find(shell, "staff-today-lines").text()
    assert "ចំនួនភ្ញៀវ៖ ២" in lines and "បានទទួលចម្លើយ៖ ០" in lines
    assert "មិនទាន់បានផ្ញើអ្វីចេញនៅឡើយទេ។" in lines  # no upload yet


def qtbot_tap_start(ui, shell) -> None:
    ui.qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)  # the attract loop
    ui.click(shell, "start-lang-km")
    ui.click(shell, "start-audience-worker")


def test_the_khmer_panel_has_no_english_words(shell, ui, ctx, staff_pin) -> None:
    """Every line a Khmer-only officer reads is Khmer: the words the brief found in English
    ("ក្រដាស receipt", "never (never)") are gone. What is left in Latin letters is a name
    (the kiosk's, a printer's), a command for IT, or a sync's own message labelled for IT."""
    state = ctx.device.sync_state()
    state.last_try, state.last_result = "2026-11-30T08:00:00Z", "failed"
    state.last_error = "HTTP 500 from the server"
    ctx.device.save_sync_state(state)
    record_problem(ctx.device, "TM-T20", "Printer TM-T20 is out of paper.",
                   "ម៉ាស៊ីនបោះពុម្ព TM-T20 អស់ក្រដាស។")
    panel = open_panel(ui, shell, staff_pin, "km")
    allowed = ("NSSF kiosk", "English", "HTTP 500 from the server", "kiosk provision FILE",
               "server_url", "TM-T20", "QR", "A4", "CUPS", "ESC/POS",
               "kiosk settings printer_address=tcp://ADDRESS:9100")  # names, commands, IT
    icon = lambda text: all(ord(ch) >= 0xF0000 for ch in text)  # noqa: E731 - icon font glyphs
    texts = [t for t in ui.texts(panel.overview) if t.strip() and not icon(t)]
    assert "ការធ្វើបច្ចុប្បន្នភាពចុងក្រោយបរាជ័យ" in ui.find(shell, "staff-sync-warning").text()
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from kiosk.pages.staff.panel import PAGES
    from ui.widgets.keyboard import OnScreenKeyboard

    def on_a_keyboard(widget) -> bool:  # noqa: ANN001 - its Latin keys are letters, not words
        while widget is not None:
            if isinstance(widget, OnScreenKeyboard):
                return True
            widget = widget.parentWidget()
        return False

    for page in PAGES:  # and each of its pages: name, PIN, printer and paper, going back
        shell.go("staff", {"page": page})
        ui.qtbot.wait(20)
        shown = [*shell.current.findChildren(QLabel), *shell.current.findChildren(QAbstractButton)]
        texts += [w.text() for w in shown if w.isVisibleTo(shell) and w.text().strip() and not icon(w.text())
                  and not on_a_keyboard(w)]
    for text in texts:
        rest = text
        for word in allowed:
            rest = rest.replace(word, "")
        assert not any(ch.isascii() and ch.isalpha() for ch in rest), text
        assert khmer_share(text) > 0 or text in allowed, text


# --- the staff view of a benefit -------------------------------------------------------------
def test_a_khmer_officer_reads_the_staff_view_of_a_benefit_in_khmer(shell, ui, ctx, qtbot) -> None:
    qtbot.mouseClick(shell.current, Qt.MouseButton.LeftButton)  # the attract loop: a visit
    ui.click(shell, "start-lang-km")
    ui.click(shell, "start-audience-staff")
    ui.click(shell, "home-tile-benefits")
    ui.click(shell, "benefit-tile-maternity-allowance")
    assert (shell.current_name, shell.current_params) == ("benefit", {"id": "maternity-allowance"})
    view = ctx.library.staff_detail("maternity-allowance", "km")
    assert ui.find(shell, "benefit-staff-conditions").text() == view.line("conditions").text
    confidence = ui.find(shell, "benefit-staff-confidence").text()
    assert "ប្រភពខុសគ្នា" in confidence and "disputed" not in confidence  # the level, in words
    review = ui.find(shell, "benefit-staff-review").text()
    assert review.startswith("អត្ថបទគំរូ") and "sample" not in review
    legal = ui.find(shell, "benefit-staff-legal-basis").text()
    assert legal == ctx.library.benefit("maternity-allowance").legal_basis.km
    sources = ui.find(shell, "benefit-staff-sources").text()  # cited as written
    assert sources == "; ".join(ctx.library.benefit("maternity-allowance").sources)
    ui.click(shell, "topbar-lang-en")
    assert ui.find(shell, "benefit-staff-review").text().startswith("Sample text: not yet approved")


def test_every_page_of_the_panel_is_touch_sized(shell, ui, qtbot, staff_pin) -> None:
    """Buttons at least 60 px high and text at least 20 pt, on each of the panel's pages."""
    from PySide6.QtWidgets import QLabel, QPushButton

    from kiosk.pages.staff.panel import PAGES
    from ui.widgets.icon import IconLabel

    panel = open_panel(ui, shell, staff_pin, "km")
    for page in ("", *PAGES):
        shell.go("staff", {"page": page} if page else {})
        qtbot.wait(20)
        view = panel.pages[page]
        for button in view.findChildren(QPushButton):
            if button.isVisible():
                assert button.height() >= 60, (page, button.objectName(), button.height())
        for label in view.findChildren(QLabel):
            if label.isVisible() and not isinstance(label, IconLabel) and label.text():
                # 20 pt at scale 1 (the stylesheet's sizes reach Qt in pixels: ui/style.py)
                assert label.font().pixelSize() >= 20 * 96 / 72, (page, label.objectName(),
                                                                  label.text())
