"""Staff choose the kiosk's printer on the panel: the kind (print queue, ESC/POS receipt
printer, none) and where it is; the choice is saved at once and the next print uses it."""
from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.device import Device
from ui import printing
from ui.staff.printer_section import PrinterSection


class Queues:
    """Two print queues (the test double at the print boundary)."""

    def printers(self) -> list[printing.PrinterInfo]:
        return [printing.PrinterInfo("Office-A4", True), printing.PrinterInfo("Receipt", False)]

    def print_document(self, name: str, pdf: bytes, title: str) -> None:
        self.printed = name


def saved(device: Device) -> dict:
    return json.loads(device.settings_path.read_text(encoding="utf-8"))


def test_staff_pick_a_queue_an_escpos_printer_or_none(qtbot, ctx, ui, tmp_path: Path,  # noqa: ANN001
                                                      monkeypatch) -> None:
    ctx.set_locale("en")
    section = PrinterSection(ctx)
    qtbot.addWidget(section)
    section.show()
    printing.use_backend(Queues())
    try:
        section.render()
        assert ui.find(section, "staff-printer-kind-system").isChecked()
        places = [b for b in section.findChildren(type(section.test), "staff-printer-place")]
        assert [b.label.text() for b in places] == ["The system default", "Office-A4", "Receipt"]
        qtbot.mouseClick(places[2], Qt.MouseButton.LeftButton)
        assert saved(ctx.device)["printer"] == "Receipt"
        assert "Printer: Receipt, paper receipt" in " ".join(ui.texts(section))
    finally:
        printing.use_backend(None)

    # an ESC/POS printer: staff pick it among the USB printers found, here one at a FIFO
    lp0 = tmp_path / "lp0"
    os.mkfifo(lp0)
    monkeypatch.setattr("ui.staff.printer_choice.receipt_addresses",
                        lambda current="": [str(lp0)])
    ctx.device.settings.printer_format = "a4"
    ui.click(section, "staff-printer-kind-escpos")
    data = saved(ctx.device)
    assert data["printer_kind"] == "escpos" and data["printer_address"] == str(lp0)
    assert data["printer_format"] == "receipt", "ESC/POS prints receipts"
    assert f"Receipt printer (ESC/POS) at {lp0}" in " ".join(ui.texts(section))
    from kiosk.printers.backends import EscposBackend

    assert isinstance(printing.backend_for(ctx.device.settings), EscposBackend)

    ui.click(section, "staff-printer-kind-none")
    assert saved(ctx.device)["printer_kind"] == "none"
    assert isinstance(printing.backend_for(ctx.device.settings), printing.NoPrinterBackend)
    text = " ".join(ui.texts(section))
    assert "No printer: every visitor gets the QR code on screen." in text
    ctx.set_locale("km")
    section.render()
    assert "No printer: every visitor" not in " ".join(ui.texts(section)), "Khmer on the panel"
