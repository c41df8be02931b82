"""The staff panel (screen "staff"), opened by a long press in the top-left corner of any screen.

First a PIN pad (`Device.check_pin`: five wrong tries lock it for five minutes, shown as the time
left, and the lock survives a restart, or the deletion of its file; with no PIN set the panel
stays locked: there is no default PIN); then what the kiosk runs and the settings staff may
change, and the way out of kiosk mode.
An idle reset locks the panel again like any other visit.
"""
from __future__ import annotations

import math
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QStackedLayout, QVBoxLayout, QWidget

from kiosk.i18n import native_digits
from ui.screens.base import Screen
from ui.staff.pinpad import PinPad
from ui.staff.sections import (
    Section,
    SettingsEditor,
    content_lines,
    leave_button,
    optional_section,
    printer_lines,
    refresh_section,
    sync_lines,
)
from ui.widgets.cards import CardArea
from ui.widgets.text import text_label


class StaffPanel(Screen):
    name = "staff"
    blank_on_reset = False  # its fixed words are written once; reset() locks the panel
    leave_kiosk = Signal()  # the shell closes the app

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        self.unlocked = False
        self.locked_until = 0.0
        self.pages = QStackedLayout(self)

        pin_page = QWidget()
        outer = QVBoxLayout(pin_page)
        self.pinpad = PinPad()
        self.pinpad.setObjectName("staff-pinpad")
        self.pinpad.setFixedWidth(640)
        self.pinpad.entered.connect(self.check_pin)
        outer.addWidget(self.pinpad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.pages.addWidget(pin_page)

        self.area = CardArea()
        self.area.setObjectName("staff-area")
        self.pages.addWidget(self.area)
        self.heading = self.area.add(text_label(role="title", name="staff-title"))
        self.pin_warning = self.area.add(text_label(role="warning", name="staff-pin-warning"))
        self.provision_warning = self.area.add(text_label(role="warning",
                                                          name="staff-not-provisioned"))
        self.content = self.area.add(Section())
        # the sync and printer sections, when their modules load; plain status lines otherwise
        self.sync = optional_section("ui.staff.sync_section", "SyncSection", ctx)
        self.sync_status = None if self.sync else Section()
        self.area.add(self.sync or self.sync_status)
        self.printer = optional_section("ui.staff.printer_section", "PrinterSection", ctx)
        self.printer_status = None if self.printer else Section()
        self.area.add(self.printer or self.printer_status)
        self.counts = optional_section("ui.staff.counts_section", "CountsSection", ctx)
        if self.counts is not None:
            self.area.add(self.counts)
        self.editor = self.area.add(SettingsEditor(ctx))
        self.leave = self.area.add(leave_button(self.tr))
        self.leave.clicked.connect(self.leave_kiosk)

        self.lock_timer = QTimer(self, interval=1000)
        self.lock_timer.timeout.connect(self._show_lock)

    # --- the PIN ---------------------------------------------------------------------------
    def check_pin(self, pin: str) -> None:
        result = self.ctx.device.check_pin(pin)
        if not result.provisioned:
            self._show_not_provisioned()
        elif result.ok:
            self.ctx.log_step(self.name, "unlocked")
            self.unlocked = True
            self.pinpad.clear()
            self.render()
        elif result.locked_until > time.time():
            self.locked_until = result.locked_until
            self._show_lock()
        else:
            text = self.tr("Wrong PIN. {tries} tries left.")
            self.pinpad.message.setText(
                text.format(tries=native_digits(str(result.tries_left), self.ctx.locale)))

    def _show_lock(self) -> None:
        left = math.ceil(self.locked_until - time.time())
        if left <= 0:
            self.lock_timer.stop()
            self.pinpad.set_locked(False)
            self.pinpad.message.setText(self.tr("You can try again."))
            return
        minutes, seconds = divmod(left, 60)
        clock = native_digits(f"{minutes}:{seconds:02d}", self.ctx.locale)
        self.pinpad.message.setText(
            self.tr("Too many wrong tries. Locked: try again in {time}.").format(time=clock))
        self.pinpad.set_locked(True)
        if not self.lock_timer.isActive():
            self.lock_timer.start()

    def _show_not_provisioned(self) -> None:
        """No PIN hash: there is no default PIN, so the panel stays shut until one is set."""
        self.pinpad.message.setText(self.tr("No staff PIN is set on this kiosk, so the panel "
                                            "stays locked. Set one on its computer: kiosk pin set"))
        self.pinpad.set_locked(True)

    # --- screen ----------------------------------------------------------------------------
    def render(self) -> None:
        self.pinpad.retranslate(self.tr, self.ctx.locale)
        if not self.ctx.device.pin_provisioned:
            self._show_not_provisioned()
        elif self.locked_until > time.time():
            self._show_lock()
        self.pages.setCurrentIndex(1 if self.unlocked else 0)
        if self.unlocked:
            self._render_panel()

    def _render_panel(self) -> None:
        tr = self.tr
        self.heading.setText(tr("Staff panel"))
        self.pin_warning.setVisible(False)  # there is no install default PIN any more
        from kiosk.provision import provisioned

        self.provision_warning.setText(tr("This kiosk was never provisioned: it has no name, "
                                          "server or PIN of its own. Ask NSSF IT to provision it "
                                          "(kiosk provision FILE)."))
        self.provision_warning.setVisible(provisioned(self.ctx.device) is None)
        self.content.title.setText(tr("Content"))
        self.content.set_lines(content_lines(self.ctx))
        if self.sync_status is not None:
            self.sync_status.title.setText(tr("Sync"))
            self.sync_status.set_lines(sync_lines(self.ctx))
        if self.printer_status is not None:
            self.printer_status.title.setText(tr("Printer"))
            self.printer_status.set_lines(printer_lines(self.ctx))
        for extra in (self.sync, self.printer, self.counts):
            if extra is not None:
                refresh_section(extra)
        self.editor.render()
        self.leave.set_text(tr("Leave kiosk mode (close the app)"))

    def reset(self) -> None:
        super().reset()
        self.unlocked = False
        self.pinpad.clear()
        self.pages.setCurrentIndex(0)
