"""The print screen: makes the paper, prints it, and says where to take it.

Params: `kind` (benefit | checklist | decision), `id`, `ticks` (documents the visitor has, for a
checklist), `facts` (the interview's answers, for a decision).

The PDF is made and printed off the GUI thread (ui/tasks.run_task). While it works the screen
says so; then either "Printing… take your paper below" (with the QR code, smaller, for a phone
too), or, when there is no printer or it fails, the QR code large: "Scan to take it with you".
A visitor never sees a printer error; staff see it in the staff panel (ui/printing.py keeps it).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QVBoxLayout, QWidget

from kiosk.guidance import PrintRequest, build_document, render_pdf
from kiosk.guidance.qr import QUIET_ZONE, QRMatrix, guidance_url, qr_matrix
from kiosk.guidance.state import record_problem
from ui import printing
from ui.screens.base import Screen
from ui.tasks import run_task
from ui.widgets.buttons import BigButton
from ui.widgets.icon import IconLabel
from ui.widgets.text import text_label

log = logging.getLogger(__name__)


class QRCodeView(QWidget):
    """A QR code drawn module by module, as large as the widget allows (whole pixels per module,
    so a phone camera sees sharp edges)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix: QRMatrix | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 160)

    def set_data(self, data: str) -> None:
        self.matrix = qr_matrix(data) if data else None
        self.setAccessibleName(data)
        self.update()

    @property
    def data(self) -> str:
        return self.matrix.data if self.matrix else ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, 420)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if self.matrix is None:
            return
        cells = self.matrix.size + 2 * QUIET_ZONE
        module = max(1, min(self.width(), self.height()) // cells)
        side = module * cells
        left = (self.width() - side) // 2
        top = (self.height() - side) // 2
        painter = QPainter(self)
        painter.fillRect(left, top, side, side, QColor("white"))
        black = QColor("black")
        for r, row in enumerate(self.matrix.rows):
            for c, dark in enumerate(row):
                if dark:
                    painter.fillRect(QRectF(left + (c + QUIET_ZONE) * module,
                                            top + (r + QUIET_ZONE) * module, module, module), black)
        painter.end()


@dataclass(frozen=True)
class PrintResult:
    url: str
    outcome: printing.PrintOutcome


class PrintScreen(Screen):
    name = "print"

    def __init__(self, ctx) -> None:  # noqa: ANN001 - AppContext
        super().__init__(ctx)
        self.state = "idle"  # working | printed | fallback
        self.url = ""
        self.url_locale = ""
        self.result: PrintResult | None = None
        self._job = 0

        # Landscape kiosk screen: the code on the left as large as the height allows, the words
        # and the Done button on the right.
        layout = QHBoxLayout(self)
        layout.setContentsMargins(40, 24, 40, 24)
        layout.setSpacing(40)
        self.qr = QRCodeView()
        self.qr.setObjectName("print-qr")
        layout.addWidget(self.qr, 5)
        words = QVBoxLayout()
        words.setSpacing(16)
        self.icon = IconLabel("printer", 96)
        self.icon.setObjectName("print-icon")
        words.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignLeft)
        self.title = text_label("", "title", name="print-title")
        self.message = text_label("", "body", name="print-message")
        self.qr_caption = text_label("", "note", name="print-qr-caption")
        for label in (self.title, self.message, self.qr_caption):
            words.addWidget(label)
        words.addStretch(1)
        self.done = BigButton("", "check", role="primary")
        self.done.setObjectName("print-done")
        self.done.clicked.connect(self._done)
        words.addWidget(self.done)
        layout.addLayout(words, 4)

    # --- the job -----------------------------------------------------------------------------
    def enter(self, params: dict[str, Any] | None = None) -> None:
        self.params = dict(params or {})
        self.result = None
        self.state = "working"
        self._job += 1
        job = self._job
        request = self._request()
        device = self.ctx.device
        # The document (texts, the decision, the QR link) is quick and reads the Library and the
        # rules, which stay on the GUI thread; the PDF and the printing go to the pool.
        try:
            document = build_document(
                self.ctx.library, request, qr_pattern=device.settings.qr_url_pattern,
                rules=self.ctx.rules if request.kind == "decision" else None)
        except Exception as exc:  # noqa: BLE001 - no paper, but the visitor still gets the code
            self.url, self.url_locale = self._fallback_url(), request.locale
            self._failed(job, exc)
            return
        self.url, self.url_locale = document.url, request.locale

        def work() -> PrintResult:
            pdf = render_pdf(document, request.format)
            outcome = printing.print_pdf(pdf, device=device, title=document.title)
            return PrintResult(document.url, outcome)

        self.render()
        run_task(work, lambda result: self._finished(job, result),
                 lambda exc: self._failed(job, exc))

    def _request(self) -> PrintRequest:
        params, settings = self.params, self.ctx.device.settings
        return PrintRequest(
            kind=str(params.get("kind", "benefit")), id=str(params.get("id", "")),
            locale=self.ctx.locale, format=settings.printer_format or "receipt",
            ticks=tuple(params.get("ticks") or ()), facts=params.get("facts"))

    def _fallback_url(self) -> str:
        """The QR link without the document (for when making the document failed)."""
        rid, locale = str(self.params.get("id", "")), self.ctx.locale
        version = self.ctx.library.meta.content_version
        try:
            return guidance_url(rid, locale, version,
                                pattern=self.ctx.device.settings.qr_url_pattern)
        except Exception:  # noqa: BLE001 - a bad pattern in settings: the default still helps
            log.exception("QR link pattern failed")
            return guidance_url(rid, locale, version)

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
        message = getattr(exc, "en", None) or f"{type(exc).__name__}: {exc}"
        km = getattr(exc, "km", None) or message
        try:
            record_problem(self.ctx.device, self.ctx.device.settings.printer,
                           f"Could not make the printout: {message}",
                           f"មិនអាចបង្កើតឯកសារបោះពុម្ពបានទេ៖ {km}")
        except OSError:
            log.exception("could not record the printer problem")
        self.state = "fallback"
        self.ctx.log_step(self.name, "qr-fallback", self.params.get("kind"))
        self.render()

    def _relocalize(self) -> None:
        """A language switch with the code on screen: the code opens the page in the new one."""
        if self.state != "fallback" or not self.url or self.url_locale == self.ctx.locale:
            return
        request = self._request()
        try:
            self.url = build_document(
                self.ctx.library, request, qr_pattern=self.ctx.device.settings.qr_url_pattern,
                rules=self.ctx.rules if request.kind == "decision" else None).url
        except Exception:  # noqa: BLE001 - keep the code we have rather than none
            log.exception("QR link for the new language failed")
            return
        self.url_locale = request.locale

    def _done(self) -> None:
        self.ctx.log_step(self.name, "done")
        self.ctx.visit_done.emit()
        self.home.emit()

    # --- screen --------------------------------------------------------------------------------
    def render(self) -> None:
        tr = self.tr
        self._relocalize()
        self.done.set_text(tr("Done"))
        self.qr.set_data(self.url if self.state in ("printed", "fallback") else "")
        self.qr.setVisible(self.state in ("printed", "fallback"))
        self.qr_caption.setVisible(self.state in ("printed", "fallback"))
        if self.state == "working":
            self.icon.set_icon("printer")
            self.title.setText(tr("Preparing your paper…"))
            self.message.setText(tr("Please wait a moment."))
        elif self.state == "printed":
            self.icon.set_icon("printer-check")
            self.title.setText(tr("Printing… take your paper below."))
            self.message.setText(tr("You can also scan the code to have it on your phone."))
            self.qr.setMaximumSize(320, 320)  # paper is the answer here; the code is extra
            self.qr_caption.setText(tr("Scan to take it with you"))
        else:
            self.icon.set_icon("cellphone-arrow-down")
            self.title.setText(tr("Scan to take it with you"))
            self.message.setText(tr("Open the camera on your phone and point it at the code."))
            self.qr.setMaximumSize(16777215, 16777215)
            self.qr_caption.setText(tr("The same page, on your phone, in your language."))

    def reset(self) -> None:
        super().reset()
        self._job += 1  # a print still running belongs to the visitor who left
        self.state = "idle"
        self.url = self.url_locale = ""
        self.result = None
        self.qr.set_data("")
