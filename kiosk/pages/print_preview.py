"""The print screen's words: while the paper is made, once it prints (the QR code small, for a
phone too), and when there is no printer or it failed (the QR code large: take it on a phone).
The document itself is made by kiosk.guidance from the benefit, checklist or decision page.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError
from kiosk.i18n import Msg, tr
from kiosk.pages import icons

if TYPE_CHECKING:
    from kiosk.content.library import Library
    from kiosk.device import Device
    from kiosk.guidance import PrintRequest
    from kiosk.guidance.documents import Document

log = logging.getLogger(__name__)

STATES = ("working", "printed", "fallback")


@dataclass(frozen=True)
class PrintPage:
    state: str  # working | printed | fallback
    icon: str
    title: str
    message: str
    qr_caption: str
    show_qr: bool
    large_qr: bool  # the code is the answer (no paper), not an extra
    done: str


def print_page(state: str, locale: str) -> PrintPage:
    done = tr("Done", locale)
    if state == "printed":
        return PrintPage(state, icons.PRINTED, tr("Printing… take your paper below.", locale),
                         tr("You can also scan the code to have it on your phone.", locale),
                         tr("Scan to take it with you", locale), True, False, done)
    if state == "fallback":
        return PrintPage(state, icons.TO_PHONE, tr("Scan to take it with you", locale),
                         tr("Open the camera on your phone and point it at the code.", locale),
                         tr("The same page, on your phone, in your language.", locale), True, True,
                         done)
    return PrintPage("working", icons.PRINT, tr("Preparing your paper…", locale),
                     tr("Please wait a moment.", locale), "", False, False, done)


# --- the paper behind the screen -------------------------------------------------------------
# What the print screen asks the core for: the document of a route's params (made from the same
# page model as the screen the visitor came from), its QR link, and a note for staff when it
# could not be made. The PDF itself is rendered off the GUI thread (`render`).

@dataclass(frozen=True)
class PrintJob:
    request: PrintRequest
    document: Document

    @property
    def url(self) -> str:
        return self.document.url


def print_request(params: Mapping[str, Any], locale: str, paper_format: str) -> PrintRequest:
    """A print route's params (kind, id, ticks, facts) as a request in `locale`."""
    from kiosk.guidance import PrintRequest

    return PrintRequest(kind=str(params.get("kind", "benefit")), id=str(params.get("id", "")),
                        locale=locale, format=paper_format or "receipt",
                        ticks=tuple(params.get("ticks") or ()), facts=params.get("facts"))


def print_job(library: Library, params: Mapping[str, Any], locale: str, *, paper_format: str,
              site_url: str, rules: Callable[[], Any]) -> PrintJob:
    """The document to print (quick: texts, the decision, the QR link); raises if it cannot be
    made. `rules` is called only for a page that needs them (a decision, a monthly total, a
    benefit's worked example)."""
    from kiosk.guidance import NEEDS_RULES, build_document

    request = print_request(params, locale, paper_format)
    document = build_document(library, request, site_url=site_url,
                              rules=rules() if request.kind in NEEDS_RULES else None)
    return PrintJob(request, document)


def render(job: PrintJob) -> bytes:
    """The PDF (slow: for a worker thread)."""
    from kiosk.guidance import render_pdf

    return render_pdf(job.document, job.request.format)


def site_address(library: Library, settings: Any) -> str:
    """The phone site the QR code opens: the device's `site_url`, else the one published with
    the content (kiosk.site.address)."""
    from kiosk.site.address import site_url_for

    return site_url_for(library, settings)


def fallback_url(library: Library, params: Mapping[str, Any], locale: str,
                 site_url: str) -> str:
    """The QR link without the document (for when making the document failed): the same page
    on the phone site, with the papers ticked, without the answers (they come from the
    document)."""
    from kiosk.guidance.compose import OVERVIEW_PAGE
    from kiosk.guidance.qr import guidance_url

    rid, version = str(params.get("id", "")), library.meta.content_version
    if params.get("kind") == "overview":
        rid = OVERVIEW_PAGE
    ticks = [str(t) for t in params.get("ticks") or ()]
    return guidance_url(rid or "index", locale, version, site=site_url, have=ticks)


def note_failure(device: Device, exc: BaseException) -> None:
    """Making the paper failed (not the printer): a line for staff, in both languages."""
    from kiosk.guidance.state import record_problem

    reason = exc if isinstance(exc, KioskError) else f"{type(exc).__name__}: {exc}"
    problem = Msg("Could not make the printout: {reason}", reason=reason)
    try:
        record_problem(device, device.settings.printer, problem.text("en"), problem.text("km"))
    except OSError:
        log.exception("could not record the printer problem")
