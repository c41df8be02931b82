"""Pages: A4 sheets, or one 80 mm receipt as long as its content.

On A4 the QR code sits at the top right of the first page and the ending (guidance, not a
decision; hotline; content version) is the footer of every page, with "page n of N". On a
receipt everything is one column and the paper is cut after the ending, so the page is exactly
as tall as what is on it.
"""
from __future__ import annotations

import io

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.guidance import fonts
from kiosk.guidance.boxes import Box, spacer
from kiosk.guidance.documents import Document
from kiosk.guidance.layout import A4, RECEIPT, Layout, PageFormat
from kiosk.i18n import native_digits


def _stack(canvas: Canvas, boxes: list[Box], x: float, top: float) -> float:
    for box in boxes:
        box.draw(canvas, x, top)
        top -= box.height
    return top


def _canvas(buffer: io.BytesIO, doc: Document, size: tuple[float, float]) -> Canvas:
    canvas = Canvas(buffer, pagesize=size, pageCompression=1, invariant=1)
    canvas.setTitle(doc.title)
    canvas.setAuthor(doc.institution)
    canvas.setSubject(doc.url)
    canvas.setCreator("NSSF kiosk")
    return canvas


def render_receipt(doc: Document, fmt: PageFormat = RECEIPT) -> bytes:
    lay = Layout(doc, fmt)
    width = fmt.content_width
    institution = lay.text(doc.institution, fmt.small, width, bold=True, align="center")
    boxes = [
        Box(institution.height, institution.draw),
        lay.rule(width, fmt.body * 0.8, 1.2),
        lay.title_row(width),
        *lay.body(width),
        lay.rule(width, fmt.body * 1.2, 1.2),
        lay.qr_box(width),
        spacer(fmt.body * 0.6),
        *lay.ending(width, align="center"),
    ]
    height = fmt.top + sum(b.height for b in boxes) + fmt.bottom
    buffer = io.BytesIO()
    canvas = _canvas(buffer, doc, (fmt.width, height))
    _stack(canvas, boxes, fmt.margin, height - fmt.top)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _paginate(boxes: list[Box], first: float, rest: float) -> list[list[Box]]:
    """Boxes split into pages of the given heights; a heading never ends a page."""
    pages: list[list[Box]] = [[]]
    room = first
    i = 0
    while i < len(boxes):
        # a run of keep-with-next boxes travels with the box after it
        j = i
        while j < len(boxes) - 1 and boxes[j].keep_with_next:
            j += 1
        group = boxes[i:j + 1]
        need = sum(b.height for b in group)
        if need > room and pages[-1]:
            pages.append([])
            room = rest
        pages[-1].extend(group)
        room -= need
        i = j + 1
    return pages


def render_a4(doc: Document, fmt: PageFormat = A4) -> bytes:
    lay = Layout(doc, fmt)
    width = fmt.content_width
    qr_width = fmt.qr + 6 * mm
    # first page: the institution and title on the left, the QR code on the right
    institution = lay.text(doc.institution, fmt.small + 1, width - qr_width, bold=True,
                           color=fmt.accent)
    head_left = [Box(institution.height, institution.draw), spacer(fmt.body * 0.4),
                 lay.title_row(width - qr_width)]
    qr = lay.qr_box(qr_width, align="right")
    head_height = max(sum(b.height for b in head_left), qr.height) + fmt.body * 0.3
    running = lay.text(f"{doc.institution}  ·  {doc.title}", fmt.small, width, color=fmt.muted)
    running_height = running.height + fmt.body * 0.8

    ending = lay.ending(width)
    footer_height = sum(b.height for b in ending) + fmt.body * 1.2
    page_text = fmt.small
    body_top = fmt.height - fmt.top  # type: ignore[operator]
    body_bottom = fmt.bottom + footer_height + page_text * 1.6
    boxes = lay.body(width)
    pages = _paginate(boxes, body_top - body_bottom - head_height,
                      body_top - body_bottom - running_height)

    buffer = io.BytesIO()
    canvas = _canvas(buffer, doc, (fmt.width, fmt.height))  # type: ignore[arg-type]
    for number, page in enumerate(pages, start=1):
        top = body_top
        if number == 1:
            _stack(canvas, head_left, fmt.margin, top)
            qr.draw(canvas, fmt.margin + width - qr_width, top)
            top -= head_height
            lay.rule(width, 0, 1.2).draw(canvas, fmt.margin, top + fmt.body * 0.15)
        else:
            running.draw(canvas, fmt.margin, top)
            top -= running_height
            lay.rule(width, 0, 0.6).draw(canvas, fmt.margin, top + fmt.body * 0.4)
        _stack(canvas, page, fmt.margin, top - fmt.body * 0.2)
        # footer: ending boxes, then the page number at the right
        foot_top = fmt.bottom + footer_height + page_text * 1.6
        lay.rule(width, 0, 0.6).draw(canvas, fmt.margin, foot_top - fmt.body * 0.2)
        _stack(canvas, ending, fmt.margin, foot_top - fmt.body * 0.6)
        label = doc.footer.page.format(page=native_digits(str(number), doc.locale),
                                       pages=native_digits(str(len(pages)), doc.locale))
        page_label = lay.text(label, page_text, width, color=fmt.muted, align="right")
        page_label.draw(canvas, fmt.margin, fmt.bottom + page_label.height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render(doc: Document, fmt: str) -> bytes:
    """The PDF of `doc` in format "a4" or "receipt"."""
    fonts.register()
    return render_a4(doc) if fmt == "a4" else render_receipt(doc)

