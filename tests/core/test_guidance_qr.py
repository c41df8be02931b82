"""The QR code on every print decodes (with a real decoder, from the rendered page) to the online
page of the same guidance, in the same language, and carries nothing personal."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from kiosk.content.library import Library
from kiosk.errors import KioskError
from kiosk.guidance import PrintRequest, build_document, make_test_page, render_pdf
from kiosk.guidance.qr import guidance_url

PATTERN = "https://www.nssf.gov.kh/kiosk/{locale}/{id}?v={version}"
# receipt printers print at 203 dpi, office printers at 300 and more; a phone sees less
DPI = {"receipt": 203, "a4": 150}
FACTS = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 10,
         "gave_birth": True, "weeks_pregnant": 31, "monthly_wage_riel": 987_654, "age": 23}


def decoded(pdf: bytes, dpi: int, page: int = 0) -> list[str]:
    image: Image.Image = pdfium.PdfDocument(pdf)[page].render(scale=dpi / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_url_from_the_pattern() -> None:
    assert guidance_url("medical-care", "km", 3) == "https://www.nssf.gov.kh/kiosk/km/medical-care?v=3"
    assert guidance_url("claim-injury-care", "en", 12, have=["id-card", "nssf-card", "id-card"]) == (
        "https://www.nssf.gov.kh/kiosk/en/claim-injury-care?v=12&have=id-card,nssf-card")
    assert guidance_url("x", "en", 1, pattern="https://k.example/{locale}/{id}", outcome="eligible") == (
        "https://k.example/en/x?outcome=eligible")
    with pytest.raises(KioskError):
        guidance_url("x", "en", 1, pattern="https://k.example/{lang}/{id}")


@pytest.mark.parametrize("fmt", ["receipt", "a4"])
@pytest.mark.parametrize("locale", ["km", "en"])
def test_benefit_qr_decodes_to_its_page(library: Library, locale: str, fmt: str) -> None:
    document = build_document(library, PrintRequest("benefit", "maternity-allowance", locale, fmt))
    expected = PATTERN.format(locale=locale, id="maternity-allowance", version=3)
    assert document.url == expected
    assert decoded(render_pdf(document, fmt), DPI[fmt]) == [expected]


@pytest.mark.parametrize("fmt", ["receipt", "a4"])
def test_checklist_qr_carries_the_ticks(library: Library, fmt: str) -> None:
    checklist = library.checklist("injury-care")
    ticks = (checklist.documents[3].id, checklist.documents[0].id, "not-a-document")
    document = build_document(library, PrintRequest("checklist", "injury-care", "km", fmt,
                                                     ticks=ticks))
    expected = (PATTERN.format(locale="km", id=checklist.id, version=3)
                + f"&have={checklist.documents[0].id},{checklist.documents[3].id}")
    assert decoded(render_pdf(document, fmt), DPI[fmt]) == [expected]


@pytest.mark.parametrize("fmt", ["receipt", "a4"])
def test_decision_qr_has_the_outcome_and_no_facts(library: Library, fmt: str) -> None:
    document = build_document(library, PrintRequest("decision", "maternity-allowance", "en", fmt,
                                                    facts=FACTS))
    expected = PATTERN.format(locale="en", id="maternity-allowance", version=3) + "&outcome=eligible"
    (url,) = decoded(render_pdf(document, fmt), DPI[fmt])
    assert url == expected
    for value in ("987654", "987,654", "31", "23", "worker"):
        assert value not in url.split("?", 1)[1]


def test_qr_still_decodes_from_a_cheap_thermal_print(library: Library) -> None:
    """Printed at 203 dpi black and white (no grey), as a thermal head does."""
    document = build_document(library, PrintRequest("checklist", "claim-survivors-pension", "km",
                                                     ticks=("id-card", "nssf-card")))
    image = pdfium.PdfDocument(render_pdf(document, "receipt"))[0].render(scale=203 / 72).to_pil()
    mono = image.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    assert [r.text for r in zxingcpp.read_barcodes(mono.convert("L"))] == [document.url]


def test_test_page_qr() -> None:
    pdf = make_test_page("en", "receipt", version=5)
    assert decoded(pdf, 203) == [PATTERN.format(locale="en", id="home", version=5)]
