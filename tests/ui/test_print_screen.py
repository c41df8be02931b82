"""The print screen and the staff panel's printer block, with test doubles at the Qt print
boundary (`ui.printing.PrintBackend`) only: the PDF, its rendering, the kept printer problem
and the QR fallback are the real ones."""
from __future__ import annotations

import io
from collections.abc import Iterator, Sequence

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtWidgets import QWidget

from kiosk.guidance.state import load_status
from ui import printing
from ui.printing import PageImage, PrinterInfo, PrintError
from ui.screens.print_screen import PrintScreen
from ui.staff.panel import StaffPanel


class RecordingPrinter:
    """A printer that works: keeps what it was given."""

    def __init__(self, name: str = "TM-T20") -> None:
        self.name = name
        self.jobs: list[tuple[str, list[PageImage], str]] = []

    def printers(self) -> list[PrinterInfo]:
        return [PrinterInfo(self.name, True)]

    def resolution(self, name: str) -> int:
        return 203

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        self.jobs.append((name, list(pages), title))


class NoPrinters(RecordingPrinter):
    def printers(self) -> list[PrinterInfo]:
        return []


class OutOfPaper(RecordingPrinter):
    def printers(self) -> list[PrinterInfo]:
        return [PrinterInfo(self.name, True, PrintError("Printer TM-T20 is out of paper.",
                                                         "ម៉ាស៊ីនបោះពុម្ព TM-T20 អស់ក្រដាស។"))]


class JobFails(RecordingPrinter):
    """QPainter.begin failing, a driver raising: the job itself goes wrong."""

    def __init__(self, exc: BaseException) -> None:
        super().__init__()
        self.exc = exc

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        raise self.exc


@pytest.fixture()
def backend() -> Iterator[None]:
    yield
    printing.use_backend(None)


def wait_printed(qtbot, screen: PrintScreen) -> None:
    qtbot.waitUntil(lambda: screen.state in ("printed", "fallback"), timeout=20000)


def qr_on_screen(widget: QWidget) -> list[str]:
    image = widget.grab().toImage()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    pil = Image.open(io.BytesIO(bytes(buffer.data())))
    return [r.text for r in zxingcpp.read_barcodes(pil)]


def test_printing_on_a_working_printer(qtbot, shell, ui, backend) -> None:
    printer = RecordingPrinter()
    printing.use_backend(printer)
    shell.go("print", {"kind": "benefit", "id": "maternity-allowance"})
    screen = shell.current
    assert isinstance(screen, PrintScreen)
    wait_printed(qtbot, screen)
    assert screen.state == "printed"
    (name, pages, _title), = printer.jobs
    assert name == "TM-T20" and len(pages) == 1
    assert pages[0].width_mm == pytest.approx(80, abs=0.1)
    assert pages[0].image.width() == pytest.approx(80 / 25.4 * 203, abs=2)  # printer resolution
    texts = " ".join(ui.texts(screen))
    assert shell.ctx.tr("Printing… take your paper below.") in texts
    assert load_status(shell.ctx.device).working
    ui.click(screen, "print-done")
    assert shell.current_name == "attract"  # Done ends the visit


@pytest.mark.parametrize("double, problem", [
    (NoPrinters(), "No printer is installed on this computer."),
    (OutOfPaper(), "Printer TM-T20 is out of paper."),
    (JobFails(PrintError("Printer TM-T20 could not start the job.")),
     "Printer TM-T20 could not start the job."),
    (JobFails(RuntimeError("cups: printer went away")), "Printing failed: cups: printer went away"),
])
def test_no_paper_means_a_big_qr_code_and_a_line_for_staff(
        qtbot, shell, ui, backend, double, problem) -> None:
    printing.use_backend(double)
    shell.ctx.set_locale("km")
    ticks = ["id-card", "nssf-card"]
    shell.go("print", {"kind": "checklist", "id": "claim-injury-care", "ticks": ticks})
    screen = shell.current
    wait_printed(qtbot, screen)
    assert screen.state == "fallback"
    texts = " ".join(ui.texts(screen))
    assert "ស្កេនដើម្បីយកទៅជាមួយ" in texts  # "Scan to take it with you"
    assert problem not in texts, "a visitor never sees the printer's problem"
    version = shell.ctx.library.meta.content_version
    url = f"https://www.nssf.gov.kh/kiosk/km/claim-injury-care.html#have=id-card,nssf-card&v={version}"
    qr = ui.find(screen, "print-qr")
    assert min(qr.width(), qr.height()) >= 400, "the code is shown large"
    assert qr_on_screen(qr) == [url]
    status = load_status(shell.ctx.device)
    assert status.problem_en == problem and not status.working and status.fallbacks == 1
    panel = StaffPanel(shell.ctx)
    qtbot.addWidget(panel)
    panel.unlocked = True  # as after the PIN
    panel.enter({})
    assert status.problem("km") in " ".join(ui.texts(panel)), "staff see it, in Khmer here"
    shell.ctx.set_locale("en")
    panel.render()
    assert problem in " ".join(ui.texts(panel))


def test_making_the_paper_failing_still_gives_the_code(qtbot, shell, ui, backend,
                                                      monkeypatch) -> None:
    printing.use_backend(RecordingPrinter())

    def broken(*args, **kwargs):
        raise MemoryError("no memory for the PDF")

    monkeypatch.setattr("kiosk.guidance.render_pdf", broken)
    shell.go("print", {"kind": "benefit", "id": "medical-care"})
    screen = shell.current
    wait_printed(qtbot, screen)
    assert screen.state == "fallback"
    assert qr_on_screen(ui.find(screen, "print-qr")) == [screen.url]
    assert "no memory for the PDF" in load_status(shell.ctx.device).problem_en


def test_a_visitor_who_left_never_sees_the_last_print(qtbot, shell, backend) -> None:
    printing.use_backend(NoPrinters())
    shell.go("print", {"kind": "benefit", "id": "medical-care"})
    screen = shell.current
    shell.reset_visit()
    from ui.tasks import wait_for_tasks

    wait_for_tasks()
    qtbot.wait(50)
    assert screen.state == "idle" and screen.url == "" and screen.qr.data == ""


def test_decision_print_uses_the_rules(qtbot, shell, backend) -> None:
    printer = RecordingPrinter()
    printing.use_backend(printer)
    facts = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 10,
             "gave_birth": True, "weeks_pregnant": 30}
    shell.go("print", {"kind": "decision", "id": "maternity-allowance", "facts": facts})
    screen = shell.current
    wait_printed(qtbot, screen)
    assert screen.state == "printed" and "#outcome=eligible&a=1-" in screen.url


def test_a4_setting_prints_a4(qtbot, shell, backend) -> None:
    printer = RecordingPrinter()
    printing.use_backend(printer)
    shell.ctx.device.settings.printer_format = "a4"
    shell.go("print", {"kind": "checklist", "id": "claim-maternity-allowance"})
    wait_printed(qtbot, shell.current)
    (_, pages, _), = printer.jobs
    assert (pages[0].width_mm, pages[0].height_mm) == pytest.approx((210, 297), abs=0.5)


def test_staff_panel_prints_a_test_page_and_says_how_it_went(qtbot, ctx, ui, backend) -> None:
    ctx.set_locale("en")
    panel = StaffPanel(ctx)
    qtbot.addWidget(panel)
    panel.unlocked = True  # as after the PIN
    printer = RecordingPrinter()
    printing.use_backend(printer)
    panel.enter({})
    panel.print_test_page()
    qtbot.waitUntil(lambda: panel.test_state == "sent", timeout=20000)
    assert ctx.tr("Test page sent to the printer.") in ui.texts(panel)
    assert printer.jobs and printer.jobs[0][2] == "Printer test page"
    printing.use_backend(NoPrinters())
    panel.print_test_page()
    qtbot.waitUntil(lambda: panel.test_state == "failed", timeout=20000)
    text = " ".join(ui.texts(panel))
    assert "Test page failed: No printer is installed on this computer." in text
    assert "Last problem: No printer is installed on this computer." in text


def test_switching_language_on_the_code_switches_the_page_it_opens(qtbot, shell, ui, backend) -> None:
    printing.use_backend(NoPrinters())
    shell.ctx.set_locale("km")
    shell.go("print", {"kind": "benefit", "id": "sickness-allowance"})
    screen = shell.current
    wait_printed(qtbot, screen)
    version = shell.ctx.library.meta.content_version
    assert qr_on_screen(ui.find(screen, "print-qr")) == [
        f"https://www.nssf.gov.kh/kiosk/km/sickness-allowance.html#v={version}"]
    shell.ctx.set_locale("en")
    assert shell.ctx.tr("Scan to take it with you") in ui.texts(screen)
    assert qr_on_screen(ui.find(screen, "print-qr")) == [
        f"https://www.nssf.gov.kh/kiosk/en/sickness-allowance.html#v={version}"]
