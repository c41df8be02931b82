"""A spare print process (ui/print_worker.py): made ready when a visitor opens a screen that
can print, taken by the print (which then does not wait for a child's start and fonts), and
killed with its folder when the visit ends unused. Real children, real PDFs, real QR codes."""
from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from processes import gone

from kiosk.content.library import Library
from kiosk.device import Device
from kiosk.guidance import PrintRequest, build_document
from kiosk.paths import ROOT
from ui import navigation, print_worker


@pytest.fixture()
def spares(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Spares on (the suite has them off), their private folders made under tmp_path."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setattr(print_worker, "SPARES", True)
    return folder


def test_every_screen_whose_page_links_to_print_makes_a_spare_ready() -> None:
    linking = {path.stem for path in (ROOT / "kiosk" / "pages").glob("*.py")
               if re.search(r'route\(\s*"print"', path.read_text(encoding="utf-8"))}
    assert linking == set(navigation.PRINTS_FROM)
    assert navigation.PRINTS_FROM <= set(navigation.SCREENS)


def test_the_print_takes_the_spare_and_nothing_is_left(tmp_path: Path, bundle_path: Path,
                                                       spares: Path) -> None:
    print_worker.prepare()
    spare = print_worker._spare  # noqa: SLF001 - which process the print uses is the point
    assert spare is not None and spare.alive()
    print_worker.prepare()  # one spare at most
    assert print_worker._spare is spare  # noqa: SLF001
    time.sleep(1.0)  # it reads its fonts meanwhile, as it would while the visitor reads
    out = tmp_path / "printed.pdf"
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{out}"
    with Library(bundle_path) as library:
        doc = build_document(library, PrintRequest("checklist", "claim-injury-care", "km",
                                                   "receipt", ("id-card",)))
    outcome = print_worker.print_document(doc, "receipt", device=device, title="NSSF")
    assert outcome.ok, outcome.problem
    assert print_worker._spare is None  # noqa: SLF001 - taken, not kept for the next visitor
    assert gone(spare.process.pid)
    assert list(spares.iterdir()) == []  # its private folder went with it
    image = pdfium.PdfDocument(out)[0].render(scale=203 / 72).to_pil()
    (code,) = [r.text for r in zxingcpp.read_barcodes(image)]
    assert "/km/claim-injury-care.html#" in code


def test_a_dead_spare_is_not_used_and_the_print_starts_its_own(tmp_path: Path, bundle_path: Path,
                                                               spares: Path) -> None:
    print_worker.prepare()
    spare = print_worker._spare  # noqa: SLF001
    assert spare is not None
    spare.process.kill()
    spare.process.wait()
    out = tmp_path / "printed.pdf"
    device = Device.open(tmp_path / "data")
    device.settings.printer = f"pdf:{out}"
    with Library(bundle_path) as library:
        doc = build_document(library, PrintRequest("benefit", "maternity-allowance", "en", "a4"))
    assert print_worker.print_document(doc, "a4", device=device, title="NSSF").ok
    assert out.read_bytes().startswith(b"%PDF")
    assert list(spares.iterdir()) == []


def test_a_visitor_on_a_printable_screen_gets_a_spare_that_goes_when_they_leave(
        shell, spares: Path) -> None:
    assert print_worker._spare is None  # noqa: SLF001 - screens made ahead start none
    shell.go("home")
    assert print_worker._spare is None  # noqa: SLF001 - home has no print button
    shell.go("checklist", {"id": "claim-injury-care"})
    spare = print_worker._spare  # noqa: SLF001
    assert spare is not None and spare.alive()
    assert len(list(spares.iterdir())) == 1
    shell.reset_visit()
    assert print_worker._spare is None  # noqa: SLF001
    assert gone(spare.process.pid)
    assert list(spares.iterdir()) == []


def test_no_spare_where_there_is_no_printer_on_purpose(shell, spares: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shell.ctx.device.settings, "printer_kind", "none")
    shell.go("checklist", {"id": "claim-injury-care"})
    assert print_worker._spare is None  # noqa: SLF001 - nothing would be printed
    assert list(spares.iterdir()) == []
