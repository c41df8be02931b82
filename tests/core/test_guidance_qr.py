"""The QR code on every print decodes (with a real decoder, from the rendered page) to the online
page of the same guidance on the phone site, in the same language, with the visit in the fragment
and nothing personal beyond the visitor's own answers."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image

from kiosk.content.library import Library
from kiosk.guidance import PrintRequest, build_document, make_test_page, render_pdf
from kiosk.guidance.qr import guidance_url

SITE = "https://www.nssf.gov.kh/kiosk"  # the default: this bundle was never published
# receipt printers print at 203 dpi, office printers at 300 and more; a phone sees less
DPI = {"receipt": 203, "a4": 150}
FACTS = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 10,
         "gave_birth": True, "weeks_pregnant": 31, "monthly_wage_riel": 987_654, "age": 23}


def decoded(pdf: bytes, dpi: int, page: int = 0) -> list[str]:
    image: Image.Image = pdfium.PdfDocument(pdf)[page].render(scale=dpi / 72).to_pil()
    return [result.text for result in zxingcpp.read_barcodes(image)]


def test_url_of_a_page_with_the_visit_in_its_fragment() -> None:
    assert guidance_url("medical-care", "km", 3) == f"{SITE}/km/medical-care.html#v=3"
    assert guidance_url("claim-injury-care", "en", 12, have=["id-card", "nssf-card", "id-card"]) == (
        f"{SITE}/en/claim-injury-care.html#have=id-card,nssf-card&v=12")
    assert guidance_url("x", "en", 1, site="http://10.0.0.5:8080/site/", outcome="eligible",
                        answers="1-abcy") == (
        "http://10.0.0.5:8080/site/en/x.html#outcome=eligible&a=1-abcy&v=1")


@pytest.mark.parametrize("fmt", ["receipt", "a4"])
@pytest.mark.parametrize("locale", ["km", "en"])
def test_benefit_qr_decodes_to_its_page(library: Library, locale: str, fmt: str) -> None:
    document = build_document(library, PrintRequest("benefit", "maternity-allowance", locale, fmt))
    expected = f"{SITE}/{locale}/maternity-allowance.html#v=3"
    assert document.url == expected
    assert decoded(render_pdf(document, fmt), DPI[fmt]) == [expected]


@pytest.mark.parametrize("fmt", ["receipt", "a4"])
def test_checklist_qr_carries_the_ticks(library: Library, fmt: str) -> None:
    checklist = library.checklist("injury-care")
    ticks = (checklist.documents[3].id, checklist.documents[0].id, "not-a-document")
    document = build_document(library, PrintRequest("checklist", "injury-care", "km", fmt,
                                                     ticks=ticks))
    expected = (f"{SITE}/km/{checklist.id}.html"
                f"#have={checklist.documents[0].id},{checklist.documents[3].id}&v=3")
    assert decoded(render_pdf(document, fmt), DPI[fmt]) == [expected]


@pytest.mark.parametrize("fmt", ["receipt", "a4"])
def test_decision_qr_has_the_outcome_and_the_answers_not_the_wage(library: Library,
                                                                  fmt: str) -> None:
    from kiosk.eligibility import rules_of_library
    from kiosk.site.visit import decode_answers

    document = build_document(library, PrintRequest("decision", "maternity-allowance", "en", fmt,
                                                    facts=FACTS))
    (url,) = decoded(render_pdf(document, fmt), DPI[fmt])
    page, fragment = url.split("#", 1)
    assert page == f"{SITE}/en/maternity-allowance.html"
    parts = dict(p.split("=", 1) for p in fragment.split("&"))
    assert parts["outcome"] == "eligible" and parts["v"] == "3"
    answers = decode_answers(parts["a"], rules_of_library(library).questions)
    assert answers == {k: v for k, v in FACTS.items() if k != "monthly_wage_riel"}
    for value in ("987654", "987,654", "worker"):
        assert value not in fragment, "the wage is the visitor's, and facts travel as codes"


def test_qr_still_decodes_from_a_cheap_thermal_print(library: Library) -> None:
    """Printed at 203 dpi black and white (no grey), as a thermal head does."""
    document = build_document(library, PrintRequest("checklist", "claim-survivors-pension", "km",
                                                     ticks=("id-card", "nssf-card")))
    image = pdfium.PdfDocument(render_pdf(document, "receipt"))[0].render(scale=203 / 72).to_pil()
    mono = image.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1")
    assert [r.text for r in zxingcpp.read_barcodes(mono.convert("L"))] == [document.url]


def test_test_page_qr() -> None:
    pdf = make_test_page("en", "receipt", version=5)
    assert decoded(pdf, 203) == [f"{SITE}/en/index.html#v=5"]


_QR_IN_A_FRESH_PROCESS = """
import sys
from kiosk.guidance.qr import qr_matrix
first = qr_matrix("https://example.org/km/claim-maternity.html#v=3")
pillow_after_qr = "PIL" in sys.modules
import PIL.Image  # Pillow still imports afterwards (the print process needs it)
qr_matrix.cache_clear()
again = qr_matrix("https://example.org/km/claim-maternity.html#v=3")
print(pillow_after_qr, PIL.Image.__name__, first == again, first.size)
"""


def test_the_qr_code_is_made_without_loading_pillow_which_still_imports_after() -> None:
    """qrcode would import its Pillow drawers (~3 MiB in the kiosk process) that nothing uses."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", _QR_IN_A_FRESH_PROCESS], capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "PIL.Image", "True", "33"]
