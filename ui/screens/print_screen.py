"""The print screen: makes the paper, prints it, and says where to take it.

Params: `kind` (benefit | checklist | decision), `id`, `ticks` (documents the visitor has, for a
checklist), `facts` (the interview's answers, for a decision).

The document is composed here; the PDF is made and printed off the GUI thread (ui/tasks.run_task),
in a print process that exits afterwards (ui/print_worker.py). While it works the screen
says so; then either "Printing… take your paper below" (with the QR code, smaller, for a phone
too), or, when there is no printer or it fails, the QR code large: "Scan to take it with you".
A visitor never sees a printer error; staff see it in the staff panel (ui/printing.py keeps it).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.pages.print_preview import (
    PrintPage,
    fallback_url,
    note_failure,
    print_job,
    print_page,
    site_address,
)
from ui import print_worker
from ui.screens.base import Screen
from ui.sizing import current, px
from ui.tasks import run_task
from ui.widgets.buttons import BigButton
from ui.widgets.cards import CardArea
from ui.widgets.icon import IconLabel
from ui.widgets.qr import QRCodeView
from ui.widgets.rows import put, put_icon, show_if
from ui.widgets.text import text_label

if TYPE_CHECKING:
    from kiosk.pages.print_preview import PrintJob
    from ui.context import AppContext
    from ui.printing import PrintOutcome

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrintResult:
    url: str
    outcome: PrintOutcome


class PrintScreen(Screen):
    name = "print"

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.state = "idle"  # working | printed | fallback
        self.url = ""
        self.url_locale = ""
        self.result: PrintResult | None = None
        self._job = 0

        # Landscape kiosk screen: the code on the left as large as the height allows, the words
        # and the Done button on the right.
        # the code beside the words; above them on a portrait screen
        layout = QVBoxLayout(self) if current().portrait else QHBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(24 if current().compact else 40)
        self.qr = QRCodeView()
        self.qr.setObjectName("print-qr")
        layout.addWidget(self.qr, 5)
        side = QVBoxLayout()
        side.setSpacing(16)
        # the words scroll if they must (a small screen, large text); Done stays in view
        self.area = CardArea()
        self.area.setObjectName("print-area")
        self.area.column.setContentsMargins(0, 0, 0, 0)
        self.icon = IconLabel("printer", 64 if current().compact else 96)
        self.icon.setObjectName("print-icon")
        self.area.add(self.icon)
        self.area.column.setAlignment(self.icon, Qt.AlignmentFlag.AlignLeft)
        self.title = text_label("", "title", name="print-title")
        self.message = text_label("", "body", name="print-message")
        self.qr_caption = text_label("", "note", name="print-qr-caption")
        for label in (self.title, self.message, self.qr_caption):
            self.area.add(label)
        side.addWidget(self.area, 1)
        self.done = BigButton("", "check", role="primary")
        self.done.setObjectName("print-done")
        self.done.clicked.connect(self._done)
        side.addWidget(self.done)
        layout.addLayout(side, 4)

    # --- the job -----------------------------------------------------------------------------
    def enter(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        self.result = None
        self.state = "working"
        self._job += 1
        job_id = self._job
        device, locale = self.ctx.device, self.ctx.locale
        # The document (texts, the decision, the QR link) is quick and reads the Library and the
        # rules, which stay on the GUI thread; the PDF and the printing go to the pool.
        try:
            job = self._print_job()
        except Exception as exc:  # noqa: BLE001 - no paper, but the visitor still gets the code
            self.url, self.url_locale = self._fallback_url(), locale
            self._failed(job_id, exc)
            return
        self.url, self.url_locale = job.url, locale

        def work() -> PrintResult:  # rendered and printed in a print process of its own
            outcome = print_worker.print_document(job.document, job.request.format,
                                                  device=device, title=job.document.title)
            return PrintResult(job.url, outcome)

        self.render()
        run_task(work, lambda result: self._finished(job_id, result),
                 lambda exc: self._failed(job_id, exc))

    def _print_job(self) -> PrintJob:
        settings = self.ctx.device.settings
        return print_job(self.ctx.library, self.params, self.ctx.locale,
                         paper_format=settings.printer_format,
                         site_url=site_address(self.ctx.library, settings),
                         rules=lambda: self.ctx.rules)

    def _fallback_url(self) -> str:
        return fallback_url(self.ctx.library, self.params, self.ctx.locale,
                            site_address(self.ctx.library, self.ctx.device.settings))

    def _finished(self, job: int, result: PrintResult) -> None:
        if job != self._job:  # the visitor left or started another print
            return
        self.result = result
        self.url = result.url
        self.state = "printed" if result.outcome.ok else "fallback"
        self.ctx.log_step(self.name, "printed" if result.outcome.ok else "qr-fallback",
                          self.params.get("kind"))
        self.render()

    def _failed(self, job: int, exc: BaseException) -> None:
        """Making the paper failed (not the printer): still give the visitor the QR code."""
        if job != self._job:
            return
        log.error("making the printout failed", exc_info=exc)
        note_failure(self.ctx.device, exc)
        self.state = "fallback"
        self.ctx.log_step(self.name, "qr-fallback", self.params.get("kind"))
        self.render()

    def _relocalize(self) -> None:
        """A language switch with the code on screen: the code opens the page in the new one."""
        if self.state != "fallback" or not self.url or self.url_locale == self.ctx.locale:
            return
        try:
            self.url = self._print_job().url
        except Exception:  # keep the code we have rather than none
            log.exception("QR link for the new language failed")
            return
        self.url_locale = self.ctx.locale

    def _done(self) -> None:
        """Done ends the visit (the shell resets it, as the idle timer would)."""
        self.ctx.log_step(self.name, "done")
        self.ctx.visit_done.emit()

    # --- screen --------------------------------------------------------------------------------
    def make_page(self) -> PrintPage:
        self._relocalize()
        return print_page(self.state, self.ctx.locale)

    def show_page(self, page: PrintPage) -> None:
        put(self.done, page.done)
        if self.qr.data != (self.url if page.show_qr else ""):
            self.qr.set_data(self.url if page.show_qr else "")
        show_if(self.qr, page.show_qr)
        show_if(self.qr_caption, page.show_qr)
        put_icon(self.icon, page.icon)
        put(self.title, page.title)
        put(self.message, page.message)
        put(self.qr_caption, page.qr_caption)
        # paper is the answer when it prints, the code is extra; without paper, the code is it
        if page.show_qr and not page.large_qr:
            self.qr.setMaximumSize(px(320), px(320))
        else:  # while hidden too, so a fallback shows it large at once
            self.qr.setMaximumSize(16777215, 16777215)

    def reset(self) -> None:
        super().reset()
        self._job += 1  # a print still running belongs to the visitor who left
        self.state = "idle"
        self.url = self.url_locale = ""
        self.result = None
        self.qr.set_data("")
