"""The staff panel's printer part: which printer, whether it works, its last problem, and a test
page.

The last problem is read from `printer-state.json` in the device's data folder, where
ui/printing.py writes every outcome (kiosk/guidance/state.py), so a problem from before a
restart still shows. The test page is made and printed off the GUI thread like any print.
"""
from __future__ import annotations

import logging

from kiosk.guidance import make_test_page
from kiosk.guidance.state import load_status
from kiosk.i18n import native_digits
from kiosk.site.address import site_url_for
from ui import printing
from ui.context import AppContext
from ui.staff.printer_choice import PrinterChoice
from ui.staff.sections import Section, printer_lines, when
from ui.tasks import run_task
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label

log = logging.getLogger(__name__)


class PrinterSection(Section):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("staff-section")
        self.lines = text_label(role="body", name="staff-printer-lines")
        self.status = text_label(role="body", name="staff-printer-status")
        self.test_result = text_label(role="note", name="staff-printer-test-result")
        self.test = BigButton("", "printer-check", role="secondary")
        self.test.setObjectName("staff-printer-test")
        self.test.clicked.connect(self.print_test_page)
        self.choice = PrinterChoice(ctx)
        self.choice.saved.connect(self.render)
        for widget in (self.lines, self.status, self.test, self.test_result, self.choice):
            self.body.addWidget(widget)
        self._test_outcome: printing.PrintOutcome | None = None
        self._testing = False

    # --- the test page -------------------------------------------------------------------------
    def print_test_page(self) -> None:
        if self._testing:
            return
        settings, device = self.ctx.device.settings, self.ctx.device
        locale = self.ctx.locale
        version = self.ctx.library.meta.content_version
        site = site_url_for(self.ctx.library, settings)

        def work() -> printing.PrintOutcome:
            pdf = make_test_page(locale, settings.printer_format or "receipt",
                                 kiosk_name=settings.kiosk_name, printer=settings.printer,
                                 version=version, site_url=site)
            return printing.print_pdf(pdf, device=device, title="Printer test page")

        self._testing = True
        self._test_outcome = None
        self.test.setEnabled(False)
        self.render()
        run_task(work, self._tested, self._test_failed)

    def _tested(self, outcome: printing.PrintOutcome) -> None:
        self._testing = False
        self._test_outcome = outcome
        self.test.setEnabled(True)
        self.render()

    def _test_failed(self, exc: BaseException) -> None:
        log.error("test page failed", exc_info=exc)
        self._tested(printing.PrintOutcome(False, self.ctx.device.settings.printer,
                                           printing.PrintError(f"{type(exc).__name__}: {exc}")))

    # --- what staff read -------------------------------------------------------------------------
    def status_lines(self) -> list[str]:
        tr = self.ctx.tr
        lines = list(printer_lines(self.ctx))
        try:
            found = [p.name for p in printing.backend_for(self.ctx.device.settings).printers()]
        except Exception:  # noqa: BLE001 - the print system itself failing is worth a line
            log.exception("listing printers failed")
            found = []
        lines.append(tr("Printers found: {names}").format(names=", ".join(found)) if found
                     else tr("No printer found on this computer."))
        return lines

    def problem_line(self) -> str:
        tr, locale = self.ctx.tr, self.ctx.locale
        status = load_status(self.ctx.device)
        if not status.problem_at and not status.last_ok:
            return tr("Nothing printed yet.")
        if status.working:
            return tr("Working. Last print: {when}").format(when=when(status.last_ok, locale))
        line = tr("Last problem: {problem} ({when})").format(
            problem=status.problem(locale), when=when(status.problem_at, locale))
        if status.fallbacks:
            line += "\n" + tr("Visitors shown the QR code instead of paper: {count}").format(
                count=native_digits(str(status.fallbacks), locale))
        return line

    def render(self) -> None:
        tr = self.ctx.tr
        self.title.setText(tr("Printer"))
        self.lines.setText("\n".join(self.status_lines()))
        self.status.setText(self.problem_line())
        self.status.setProperty("role", "body" if load_status(self.ctx.device).working else "warning")
        self.status.style().unpolish(self.status)
        self.status.style().polish(self.status)
        self.test.set_text(tr("Print a test page"))
        self.choice.render()
        if self._testing:
            self.test_result.setText(tr("Printing the test page…"))
        elif self._test_outcome is None:
            self.test_result.setText("")
        elif self._test_outcome.ok:
            self.test_result.setText(tr("Test page sent to the printer."))
        else:
            self.test_result.setText(tr("Test page failed: {problem}").format(
                problem=self._test_outcome.message(self.ctx.locale)))
