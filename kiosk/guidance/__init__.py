"""Printable guidance as a PDF: a benefit, a claim checklist, an eligibility decision, a guide
("Asked to pay?"), an employer's duties, or an employer's monthly total.

    request = PrintRequest("checklist", "injury-care", "km", "a4", ticks=("id-card",))
    pdf = make_pdf(library, request, site_url=site_url_for(library, settings))

A4 for offices and factory HR, an 80 mm receipt for the kiosk's own printer. Khmer is shaped
(shaping.py), icons are the screen's own MDI glyphs, and every print carries a QR code to the
same guidance online, the hotline, the content version and "guidance, not a decision". No Qt here:
the `kiosk print` command makes the same PDFs on a machine without a display.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from kiosk.errors import KioskError
from kiosk.i18n import check_locale

if TYPE_CHECKING:
    from kiosk.content.library import Library
    from kiosk.guidance.documents import Document

# reportlab, qrcode and the fonts load on the first document, not on import: every `kiosk`
# command imports this package to register `kiosk print`, and should not pay for them.

Kind = Literal["benefit", "checklist", "decision", "overview", "guide", "employer", "monthly"]
KINDS: tuple[str, ...] = ("benefit", "checklist", "decision", "overview",  # overview: "what can I get?"
                          "guide", "employer", "monthly")
NEEDS_RULES: frozenset[str] = frozenset({"benefit", "decision", "overview", "monthly"})
FORMATS: tuple[str, ...] = ("a4", "receipt")

# reportlab's font objects are process-wide and shaping adds glyphs to them as it meets them:
# one document at a time (a print takes well under the time between two visitors' taps).
_render_lock = threading.Lock()


@dataclass(frozen=True)
class PrintRequest:
    kind: str  # one of KINDS
    id: str  # benefit, checklist or guide id (a benefit id for a checklist: its claim list)
    locale: str = "km"
    format: str = "receipt"  # receipt | a4
    ticks: tuple[str, ...] = ()  # documents the visitor has (checklist ids of documents)
    # for a decision, the facts; for a monthly total, {"wages_riel": [one per worker]}
    facts: Mapping[str, Any] | None = field(default=None, hash=False)

    def check(self) -> PrintRequest:
        check_locale(self.locale)
        if self.kind not in KINDS:
            raise KioskError("unknown print kind {kind!r}: use one of {known}", kind=self.kind,
                             known=", ".join(KINDS))
        if self.format not in FORMATS:
            raise KioskError("unknown paper format {format!r}: use a4 or receipt",
                             format=self.format)
        if self.kind in ("decision", "overview") and self.facts is None:
            raise KioskError("a decision needs the facts it was made from")
        if self.kind == "monthly" and not (self.facts or {}).get("wages_riel"):
            raise KioskError("a monthly total needs the wages it was worked out from")
        return self


def build_document(library: Library, request: PrintRequest, *, site_url: str | None = None,
                   rules: Any = None, printed: dt.date | None = None) -> Document:
    """The document a request asks for (no paper page yet), made from the same page model as
    the screen (kiosk.pages). To print a page a screen already has, use
    `kiosk.guidance.compose.*_document_from(page, library)`."""
    from kiosk.guidance import compose

    request.check()
    locale = request.locale
    if request.kind == "benefit":
        return compose.benefit_document(library, request.id, locale, ticks=request.ticks,
                                        site_url=site_url, printed=printed, rules=rules)
    if request.kind == "checklist":
        return compose.checklist_document(library, request.id, locale, ticks=request.ticks,
                                          site_url=site_url, printed=printed)
    if request.kind == "overview":
        return compose.overview_document(library, request.facts or {}, locale, rules=rules,
                                         site_url=site_url, printed=printed)
    if request.kind == "guide":
        return compose.guide_document(library, request.id, locale, site_url=site_url,
                                      printed=printed)
    if request.kind == "employer":
        return compose.employer_document(library, locale, site_url=site_url, printed=printed)
    if request.kind == "monthly":
        wages = (request.facts or {})["wages_riel"]
        return compose.monthly_document(library, wages, locale, rules=rules,
                                        site_url=site_url, printed=printed)
    return compose.decision_document(library, request.id, request.facts or {}, locale,
                                     rules=rules, site_url=site_url, printed=printed)


def render_pdf(document: Document, fmt: str) -> bytes:
    from kiosk.guidance.pages import render

    if fmt not in FORMATS:
        raise KioskError("unknown paper format {format!r}: use a4 or receipt", format=fmt)
    with _render_lock:
        return render(document, fmt)


def make_pdf(library: Library, request: PrintRequest, *, site_url: str | None = None,
             rules: Any = None, printed: dt.date | None = None) -> bytes:
    """The PDF for a request: the one call the CLI and the print screen make."""
    document = build_document(library, request, site_url=site_url, rules=rules,
                              printed=printed)
    return render_pdf(document, request.format)


def make_test_page(locale: str, fmt: str, *, kiosk_name: str = "", printer: str = "",
                   version: int = 0, site_url: str | None = None) -> bytes:
    """The printer test page for the staff panel."""
    from kiosk.guidance.compose import test_document

    check_locale(locale)
    document = test_document(locale, kiosk_name=kiosk_name, printer=printer, version=version,
                             site_url=site_url)
    return render_pdf(document, fmt)


def warm_up() -> None:
    """Read the fonts and shape a line now, so the first visitor's print does not wait for it
    (about 0.1 s). For the app's start-up, off the GUI thread: `run_task(warm_up)`."""
    from kiosk.guidance import fonts
    from kiosk.guidance.documents import KHMER_SAMPLE
    from kiosk.guidance.pages import render  # noqa: F401 - imported now, not at the first print
    from kiosk.guidance.shaping import wrap

    with _render_lock:
        fonts.register()
        fonts.khmer_coverage()
        wrap(KHMER_SAMPLE, 11, 200)


__all__ = ["FORMATS", "KINDS", "NEEDS_RULES", "PrintRequest", "build_document", "make_pdf", "make_test_page",
           "render_pdf", "warm_up"]
