"""Staff choose the kiosk's printer on the panel's "Printer and paper" page: a print queue, an
ESC/POS receipt printer, or none; the choice is saved at once and the next print uses it."""
from __future__ import annotations

import json
import os
from pathlib import Path

from kiosk.device import Device
from ui import printing
from ui.staff.panel import StaffPanel


class Queues:
    """Two print queues (the test double at the print boundary)."""

    def printers(self) -> list[printing.PrinterInfo]:
        return [printing.PrinterInfo("Office-A4", True), printing.PrinterInfo("Receipt", False)]

    def print_document(self, name: str, pdf: bytes, title: str) -> None:
        self.printed = name


def saved(device: Device) -> dict:
    return json.loads(device.settings_path.read_text(encoding="utf-8"))


def test_staff_pick_a_queue_an_escpos_printer_or_none(qtbot, ctx, ui, tmp_path: Path,
                                                      monkeypatch) -> None:
    lp0 = tmp_path / "lp0"  # an ESC/POS printer on USB, here a FIFO
    os.mkfifo(lp0)
    monkeypatch.setattr("kiosk.printers.backends.receipt_addresses",
                        lambda current="": [str(lp0)])
    ctx.set_locale("en")
    ctx.device.settings.printer_format = "a4"
    panel = StaffPanel(ctx)
    qtbot.addWidget(panel)
    panel.unlocked = True  # as after the PIN
    panel.show()
    printing.use_backend(Queues())
    try:
        panel.enter({"page": "printer"})
        qtbot.waitUntil(lambda: panel.found is not None, timeout=10_000)
        choices = [b.text() for b in panel.printer_view.printers.pool.shown()]
        assert choices == ["The system default printer (Office-A4)", "Office-A4", "Receipt",
                           f"Receipt printer (ESC/POS) at {lp0}",
                           "No printer: visitors scan the QR code"]
        assert ui.find(panel, "staff-printer-default").isChecked()
        ui.click(panel, "staff-printer-printer:Receipt")
        assert saved(ctx.device)["printer"] == "Receipt"

        ui.click(panel, f"staff-printer-escpos:{lp0}")
        data = saved(ctx.device)
        assert data["printer_kind"] == "escpos" and data["printer_address"] == str(lp0)
        assert data["printer_format"] == "receipt", "ESC/POS prints receipts"
        assert not ui.find(panel, "staff-paper-a4").isEnabled()
        from kiosk.printers.backends import EscposBackend

        printing.use_backend(None)
        assert isinstance(printing.backend_for(ctx.device.settings), EscposBackend)
        panel.enter({})
        assert (f"Printer: Receipt printer (ESC/POS) at {lp0}"
                in ui.find(panel, "staff-printer-lines").text())

        panel.enter({"page": "printer"})
        qtbot.waitUntil(lambda: panel.found is not None, timeout=10_000)
        ui.click(panel, "staff-printer-none")
        assert saved(ctx.device)["printer_kind"] == "none"
        assert isinstance(printing.backend_for(ctx.device.settings), printing.NoPrinterBackend)
        assert ui.find(panel, "staff-paper-a4").isEnabled()
        ctx.set_locale("km")
        panel.render()
        assert ui.find(panel, "staff-printer-none").text() == "គ្មានម៉ាស៊ីនបោះពុម្ព៖ ភ្ញៀវស្កេនកូដ QR"
    finally:
        printing.use_backend(None)
