"""The staff panel (screen "staff"), opened by a long press in the top-left corner of any screen.

First a PIN pad (`Device.check_pin`, off the GUI thread: scrypt costs about 0.4 s; five wrong
tries lock it for five minutes, shown as the time left, and the lock survives a restart or the
deletion of its file; with no PIN set the panel stays locked: there is no default PIN). Then the
panel's pages, each drawn from its page model (kiosk/pages/staff): the state of the kiosk with
its buttons, "Name and location", "Change the staff PIN", "Printer and paper" and "Go back to
the previous content". A page is `Route("staff", {"page": ...})`, so the top bar's Back returns
to the panel. Slow work (a PIN check or hash, the printer list, a rollback, a test page, a
sync) goes through ui/tasks.py and reports back here; a result that arrives after the panel was
locked again is dropped.
An idle reset locks the panel again like any other visit.
"""
from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QStackedLayout, QWidget

from kiosk.i18n import Literal, native_digits
from kiosk.pages.staff import identity, panel, pin_change, printer, rollback
from kiosk.pages.staff.panel import Action, TestPrint
from kiosk.pages.staff.state import FoundPrinter, read_state
from ui.screens.base import Screen
from ui.staff.identity_editor import IdentityEditor
from ui.staff.overview import PanelView
from ui.staff.pin_change_view import PinChangeView
from ui.staff.pinpad import PinPad
from ui.staff.printer_view import PrinterView
from ui.staff.rollback_view import RollbackView
from ui.tasks import run_task
from ui.widgets.cards import CardArea

if TYPE_CHECKING:
    from kiosk.pin import PinCheck
    from ui.context import AppContext
    from ui.sync_runner import SyncRunner

log = logging.getLogger(__name__)


class StaffPanel(Screen):
    name = "staff"
    blank_on_reset = False  # its fixed words are written once; reset() locks the panel
    leave_kiosk = Signal()  # the shell closes the app

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.unlocked = False
        self.locked_until = 0.0
        self.checking = False  # a PIN is being checked
        self._job = 0  # bumped when the panel locks: late results of slow work are dropped
        self.views = QStackedLayout(self)

        pin_area = CardArea()
        self.pinpad = PinPad()
        self.pinpad.setObjectName("staff-pinpad")
        self.pinpad.entered.connect(self.check_pin)
        pin_area.add(self.pinpad)
        self.views.addWidget(pin_area)

        self.overview = PanelView()
        self.overview.acted.connect(self._act)
        self.overview.idle_changed.connect(lambda value: self._change(panel.set_idle, value))
        self.overview.language_chosen.connect(
            lambda locale: self._change(panel.set_default_locale, locale))
        self.overview.large_text_chosen.connect(
            lambda on: self._change(panel.set_large_text, on))
        self.overview.leave.connect(self.leave_kiosk)
        self.identity = IdentityEditor()
        self.identity.save.connect(self._save_identity)
        self.identity.field_chosen.connect(self._choose_field)
        self.identity.back.connect(self.back)
        self.pin_change = PinChangeView()
        self.pin_change.entered.connect(self._new_pin)
        self.pin_change.back.connect(self.back)
        self.printer_view = PrinterView()
        self.printer_view.printer_chosen.connect(
            lambda key: self._change(printer.choose_printer, key))
        self.printer_view.paper_chosen.connect(
            lambda paper: self._change(printer.choose_paper, paper))
        self.printer_view.back.connect(self.back)
        self.rollback_view = RollbackView()
        self.rollback_view.confirmed.connect(self._roll_back)
        self.rollback_view.back.connect(self.back)
        self.pages: dict[str, QWidget] = {
            "": self.overview, "identity": self.identity, "pin": self.pin_change,
            "printer": self.printer_view, "rollback": self.rollback_view}
        for view in self.pages.values():
            self.views.addWidget(view)

        self._forget_activity()
        self.lock_timer = QTimer(self, interval=1000)
        self.lock_timer.timeout.connect(self._show_lock)
        self._runner: Any = None
        ctx.content_changed.connect(self._refresh)

    def _forget_activity(self) -> None:
        """What the staff member did on the panel's pages (none of it survives a lock)."""
        self.note = ""  # "Saved." on the page that saved
        self.test_state = ""  # the last test page: "", "printing", "sent", "failed"
        self.test_outcome: Any = None  # its ui.printing.PrintOutcome
        self.flow = pin_change.PinChange()
        self.active_field = "kiosk_name"
        self.identity_problem = ""
        self.found: tuple[FoundPrinter, ...] | None = None  # None: still looking
        self.receipts: tuple[str, ...] = ()  # where receipt printers are plugged in
        self.rollback_step: rollback.Step = "ask"
        self.rollback_problem = ""

    @property
    def page_name(self) -> str:
        page = str(self.params.get("page", ""))
        return page if page in self.pages else ""

    # --- the PIN ---------------------------------------------------------------------------
    def check_pin(self, pin: str) -> None:
        if self.checking:
            return
        self.checking = True
        self.pinpad.set_locked(True)
        self.pinpad.message.setText(self.tr("Checking the PIN…"))
        device, job = self.ctx.device, self._job
        run_task(lambda: device.check_pin(pin), lambda result: self._checked(job, result),
                 lambda exc: self._check_failed(job, exc))

    def _checked(self, job: int, result: PinCheck) -> None:
        self.checking = False
        if job != self._job:
            return
        self.pinpad.set_locked(False)
        self.pinpad.message.clear()
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

    def _check_failed(self, job: int, exc: BaseException) -> None:
        log.error("checking the staff PIN failed", exc_info=exc)
        self.checking = False
        if job == self._job:
            self.pinpad.set_locked(False)
            self.pinpad.message.setText(self.tr("The PIN could not be checked. Try again."))

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

    # --- entering a page -------------------------------------------------------------------
    def enter(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        if self.unlocked:
            self._start(self.page_name)
        self.render()

    def _start(self, page: str) -> None:
        """A page opened afresh: its flow starts again."""
        settings = self.ctx.device.settings
        if page:
            self.note = ""
        if page == "identity":
            self.active_field, self.identity_problem = "kiosk_name", ""
            self.identity.start(settings.kiosk_name, settings.location, self.ctx.locale, self.tr)
        elif page == "pin":
            self.flow = pin_change.PinChange()
            self.pin_change.forget()
        elif page == "printer":
            self._look_for_printers()
        elif page == "rollback":
            self.rollback_step, self.rollback_problem = "ask", ""

    # --- screen ----------------------------------------------------------------------------
    def render(self) -> None:
        self.pinpad.retranslate(self.tr, self.ctx.locale)
        if not self.unlocked:
            self.views.setCurrentIndex(0)
            if not self.ctx.device.pin_provisioned:
                self._show_not_provisioned()
            elif self.locked_until > time.time():
                self._show_lock()
            return
        page = self.page_name
        view = self.pages[page]
        self.page = self.make_page()
        view.show_page(*self._show_args(self.page))
        self.views.setCurrentWidget(view)

    def _refresh(self) -> None:
        """Something the panel shows changed (a sync, new content, slow work done)."""
        if self.unlocked:
            self.render()

    def make_page(self) -> Any:
        locale, page = self.ctx.locale, self.page_name
        if page == "identity":
            return identity.identity_page(locale, active=self.active_field,
                                          problem=self.identity_problem)
        if page == "pin":
            return pin_change.pin_change_page(self.flow, locale)
        if page == "printer":
            return printer.printer_page(self.ctx.device.settings, self.found, locale,
                                        receipts=self.receipts, note=self.note)
        state = read_state(self.ctx.device, self.ctx.library)
        if page == "rollback":
            return rollback.rollback_page(state, locale, self.rollback_step,
                                          problem=self.rollback_problem)
        test = TestPrint(self.test_state, self.test_outcome.message(locale)
                         if self.test_outcome is not None else "")
        return panel.panel_page(state, locale, syncing=self._syncing(), test=test,
                                note=self.note)

    def _show_args(self, page: Any) -> tuple[Any, ...]:
        if self.page_name == "pin":
            return page, self.tr, self.ctx.locale
        return (page,)

    def reset(self) -> None:
        super().reset()
        self.unlocked = False
        self._job += 1
        self._forget_activity()
        self.pinpad.clear()
        self.identity.forget()
        self.pin_change.forget()
        self.views.setCurrentIndex(0)

    # --- the panel's actions -----------------------------------------------------------------
    def _act(self, action: Action) -> None:
        if action.route is not None:
            self.follow(action.route)
        elif action.key == "sync-now":
            self.runner.sync_now()
            self.render()
        elif action.key == "test-page":
            self.print_test_page()

    def _change(self, change: Callable[..., None], value: Any) -> None:
        """A setting changed by one tap: saved at once, and said so."""
        change(self.ctx.device, value)
        self.note = panel.saved_note(self.ctx.locale)
        self.render()

    def _save_identity(self, name: str, location: str) -> None:
        problem = identity.identity_problem(name, location, self.ctx.locale)
        if problem:
            self.identity_problem = problem
            self.render()
            return
        identity.save_identity(self.ctx.device, name, location)
        self.ctx.log_step(self.name, "identity-saved")
        self.note = panel.saved_note(self.ctx.locale)
        self.back.emit()

    def _choose_field(self, key: str) -> None:
        self.active_field = key
        self.render()

    def _new_pin(self, digits: str) -> None:
        self.flow = pin_change.typed(self.flow, digits)
        self.render()
        if self.flow.step != "saving":
            return
        flow, job = self.flow, self._job
        run_task(lambda: pin_change.new_hash(flow), lambda stored: self._pin_hashed(job, stored),
                 lambda exc: self._pin_failed(job, exc))

    def _pin_hashed(self, job: int, stored: str) -> None:
        if job != self._job:
            return  # locked meanwhile: the old PIN stays
        try:
            self.ctx.device.set_pin_hash(stored)
        except Exception as exc:  # noqa: BLE001 - a full disk: say so, keep the old PIN
            self._pin_failed(job, exc)
            return
        self.ctx.log_step(self.name, "pin-changed")
        self.flow = pin_change.saved(self.flow)
        self.pin_change.forget()
        self.render()

    def _pin_failed(self, job: int, exc: BaseException) -> None:
        log.error("the new staff PIN was not saved", exc_info=exc)
        if job == self._job:
            self.flow = pin_change.failed(self.flow)
            self.render()

    def _look_for_printers(self) -> None:
        """Ask the print system for its queues and look for receipt printers, off the GUI
        thread (CUPS can be slow to answer)."""
        from ui import printing

        self.found, self.receipts = None, ()
        job, address = self._job, self.ctx.device.settings.printer_address

        def work() -> tuple[tuple[FoundPrinter, ...], tuple[str, ...]]:
            try:
                queues = tuple(FoundPrinter(p.name, p.is_default)
                               for p in printing.current_backend().printers())
            except Exception:  # no print system: none found, and a line says so
                log.exception("listing printers failed")
                queues = ()
            return queues, tuple(printer.receipt_places(address))

        def done(result: tuple[tuple[FoundPrinter, ...], tuple[str, ...]]) -> None:
            if job == self._job:
                self.found, self.receipts = result
                self._refresh()

        def failed(exc: BaseException) -> None:
            log.error("looking for printers failed", exc_info=exc)
            done(((), ()))

        run_task(work, done, failed)

    def _roll_back(self) -> None:
        self.rollback_step, self.rollback_problem = "working", ""
        self.render()
        device, job = self.ctx.device, self._job
        run_task(lambda: rollback.roll_back(device), lambda _version: self._rolled_back(job),
                 lambda exc: self._rollback_failed(job, exc))

    def _rolled_back(self, job: int) -> None:
        try:
            self.ctx.swap_library(self.ctx.device.bundle_path)
        except Exception as exc:  # noqa: BLE001 - the files moved but cannot be opened
            self._rollback_failed(job, exc)
            return
        if self._runner is not None or getattr(self.ctx, "sync_runner", None) is not None:
            self.runner.content_swapped()  # a bundle it was waiting to show is gone
        self.ctx.log_step(self.name, "rolled-back")
        if job == self._job:
            self.rollback_step = "done"
            self.render()

    def _rollback_failed(self, job: int, exc: BaseException) -> None:
        log.warning("rollback failed: %s", exc)
        if job == self._job:
            self.rollback_step = "failed"
            self.rollback_problem = rollback.problem_text(exc, self.ctx.locale)
            self.render()

    # --- sync and the test page ----------------------------------------------------------------
    @property
    def runner(self) -> SyncRunner:
        """The app's sync runner (one sync at a time with the timer's), or the panel's own."""
        if self._runner is None:
            from ui.sync_runner import SyncRunner

            runner = getattr(self.ctx, "sync_runner", None)
            if not isinstance(runner, SyncRunner):
                shell = self.window() if hasattr(self.window(), "is_idle") else None
                runner = SyncRunner(self.ctx, shell=shell, parent=self)
            runner.state_changed.connect(self._refresh)
            self._runner = runner
        return self._runner

    def _syncing(self) -> bool:
        return self._runner is not None and self._runner.running

    def print_test_page(self) -> None:
        if self.test_state == "printing":
            return
        from ui import print_worker, printing

        settings, device, library = self.ctx.device.settings, self.ctx.device, self.ctx.library
        locale, job = self.ctx.locale, self._job

        def work() -> printing.PrintOutcome:
            document = panel.printer_test_document(library, settings, locale)
            return print_worker.print_document(document, settings.printer_format or "receipt",
                                               device=device, title="Printer test page")

        def done(outcome: printing.PrintOutcome) -> None:
            if job == self._job:
                self.test_state = "sent" if outcome.ok else "failed"
                self.test_outcome = outcome
                self._refresh()

        def failed(exc: BaseException) -> None:
            log.error("test page failed", exc_info=exc)
            done(printing.PrintOutcome(False, settings.printer, printing.PrintError(
                Literal(f"{type(exc).__name__}: {exc}"))))  # a bug's own words, for IT

        self.test_state, self.test_outcome = "printing", None
        self.render()
        run_task(work, done, failed)
