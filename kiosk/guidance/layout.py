"""The two paper formats, and a `Document`'s blocks turned into measured boxes for one of them.

Both formats stack the same blocks; they differ in sizes (and the pages in pages.py differ in
where the QR code and the ending go). Receipt printers are black-only thermal printers: receipts
use no colour and no grey fills.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from kiosk.guidance.boxes import BLACK, Box, Color, TextBlock, TextStyle, draw_icon, spacer
from kiosk.guidance.documents import Block, Callout, Document, Heading, Item, Para, StepItem
from kiosk.guidance.qr import QUIET_ZONE, draw_qr, qr_matrix
from kiosk.pages.icons import MARKS as MARK_ICONS  # the screen's own marks


@dataclass(frozen=True)
class PageFormat:
    name: str
    width: float
    height: float | None  # None: as long as the content (a receipt roll)
    margin: float
    top: float
    bottom: float
    body: float
    lead: float
    small: float
    title: float
    heading: float
    item_icon: float
    qr: float
    accent: Color = BLACK
    muted: Color = BLACK

    @property
    def content_width(self) -> float:
        return self.width - 2 * self.margin


A4 = PageFormat(
    "a4", 210 * mm, 297 * mm, margin=18 * mm, top=14 * mm, bottom=12 * mm,
    body=12.5, lead=13.5, small=10.5, title=21, heading=15, item_icon=20, qr=28 * mm,
    accent=(0.05, 0.22, 0.45), muted=(0.25, 0.25, 0.25),
)
# 80 mm paper; thermal heads print about 72 mm of it, so 4 mm margins keep every dot on paper.
RECEIPT = PageFormat(
    "receipt", 80 * mm, None, margin=4 * mm, top=4 * mm, bottom=14 * mm,
    body=11, lead=11.5, small=9.5, title=15, heading=12.5, item_icon=17, qr=40 * mm,
)
FORMATS = {"a4": A4, "receipt": RECEIPT}


class Layout:
    """Turns blocks into boxes for one format."""

    def __init__(self, doc: Document, fmt: PageFormat) -> None:
        self.doc, self.fmt = doc, fmt

    # --- text helpers -------------------------------------------------------------------
    def text(self, text: str, size: float, width: float, *, bold: bool = False,
             color: Color = BLACK, align: str = "left") -> TextBlock:
        return TextBlock.make(text, TextStyle(size, bold, color), width, align)

    # --- blocks --------------------------------------------------------------------------
    def block(self, block: Block, width: float) -> list[Box]:
        if isinstance(block, Heading):
            return [self.heading(block, width)]
        if isinstance(block, Para):
            return self.para(block, width)
        if isinstance(block, Item):
            return [self.item(block, width)]
        if isinstance(block, StepItem):
            return [self.step(block, width)]
        if isinstance(block, Callout):
            return [self.callout(block, width)]
        raise TypeError(f"unknown block {block!r}")

    def heading(self, block: Heading, width: float) -> Box:
        fmt = self.fmt
        before = fmt.heading * 0.8
        icon = fmt.heading * 1.3 if block.icon else 0.0
        gap = fmt.heading * 0.45 if block.icon else 0.0
        text = self.text(block.text, fmt.heading, width - icon - gap, bold=True, color=fmt.accent)
        height = before + max(icon, text.height) + fmt.heading * 0.15

        def draw(canvas: Canvas, x: float, top: float) -> None:
            top -= before
            if block.icon:
                middle = top - text.line_height / 2
                draw_icon(canvas, block.icon, x, middle - icon / 2, icon, fmt.accent)
            text.draw(canvas, x + icon + gap, top)
        return Box(height, draw, keep_with_next=True)

    def para(self, block: Para, width: float) -> list[Box]:
        fmt = self.fmt
        if block.kind == "staff" and fmt.height is None:
            return []  # detail for staff: A4 only, a receipt stays short
        size = {"lead": fmt.lead, "small": fmt.small, "staff": fmt.small}.get(block.kind, fmt.body)
        color = fmt.muted if block.kind in ("small", "staff") else BLACK
        text = self.text(block.text, size, width, bold=block.kind == "lead", color=color)
        boxes = text.line_boxes(space_after=size * 0.45)
        if block.kind == "staff":
            boxes.insert(0, spacer(size * 0.6))
        return boxes

    def item(self, block: Item, width: float) -> Box:
        fmt = self.fmt
        mark = fmt.item_icon * 0.85 if block.mark else 0.0
        icon = fmt.item_icon if block.icon else 0.0
        gap = fmt.item_icon * 0.3
        indent = (mark + gap if mark else 0.0) + (icon + gap if icon else 0.0)
        title = self.text(block.title, fmt.body, width - indent, bold=bool(block.icon))
        details = [self.text(d, fmt.small, width - indent, color=fmt.muted) for d in block.details]
        text_height = title.height + sum(d.height for d in details)
        pad = fmt.body * 0.35
        height = max(mark, icon, text_height) + pad

        def draw(canvas: Canvas, x: float, top: float) -> None:
            middle = top - title.line_height / 2
            if block.mark:
                draw_icon(canvas, MARK_ICONS[block.mark], x, middle - mark / 2, mark)
            if block.icon:
                draw_icon(canvas, block.icon, x + (mark + gap if mark else 0.0),
                          middle - icon / 2, icon)
            title.draw(canvas, x + indent, top)
            y = top - title.height
            for detail in details:
                detail.draw(canvas, x + indent, y)
                y -= detail.height
        return Box(height, draw)

    def step(self, block: StepItem, width: float) -> Box:
        fmt = self.fmt
        badge = fmt.item_icon
        icon = fmt.item_icon if block.icon else 0.0
        gap = fmt.item_icon * 0.3
        indent = badge + gap + (icon + gap if icon else 0.0)
        text = self.text(block.text, fmt.body, width - indent)
        small_icon = fmt.small * 1.25
        room = width - indent - small_icon - gap / 2
        details = [(name, self.text(line, fmt.small, room, color=fmt.muted))
                   for name, line in block.details]
        # Who, where and by when side by side when they fit on one line (A4), else stacked.
        spacing = fmt.small * 1.5
        widths = [small_icon + gap / 2 + d.lines[0].width for _, d in details]
        in_row = bool(details) and all(len(d.lines) == 1 for _, d in details) and (
            sum(widths) + spacing * (len(details) - 1) <= width - indent)
        details_height = (max(d.height for _, d in details) if in_row
                          else sum(d.height for _, d in details)) if details else 0.0
        pad = fmt.body * 0.5
        height = max(badge, icon, text.height + details_height) + pad
        number = self.text(block.number, fmt.small, badge, bold=True, align="center")

        def draw(canvas: Canvas, x: float, top: float) -> None:
            middle = top - text.line_height / 2
            canvas.setStrokeColorRGB(*BLACK)
            canvas.setLineWidth(1.1)
            canvas.circle(x + badge / 2, middle, badge / 2 - 0.6, stroke=1, fill=0)
            number.draw(canvas, x, middle + number.line_height / 2)
            if block.icon:
                draw_icon(canvas, block.icon, x + badge + gap, middle - icon / 2, icon)
            text.draw(canvas, x + indent, top)
            y, left = top - text.height, x + indent
            for (name, detail), detail_width in zip(details, widths, strict=True):
                draw_icon(canvas, name, left, y - detail.line_height / 2 - small_icon / 2,
                          small_icon, fmt.muted)
                detail.draw(canvas, left + small_icon + gap / 2, y)
                if in_row:
                    left += detail_width + spacing
                else:
                    y -= detail.height
        return Box(height, draw)

    def callout(self, block: Callout, width: float) -> Box:
        fmt = self.fmt
        pad = fmt.body * 0.7
        icon = fmt.title * 1.7
        gap = pad
        inner = width - 2 * pad - icon - gap
        title = self.text(block.title, fmt.heading, inner, bold=True)
        text = self.text(block.text, fmt.body, inner) if block.text else None
        body = title.height + (text.height + fmt.body * 0.2 if text else 0.0)
        height = 2 * pad + max(icon, body)

        def draw(canvas: Canvas, x: float, top: float) -> None:
            canvas.setStrokeColorRGB(*BLACK)
            canvas.setLineWidth(2)
            canvas.roundRect(x + 1, top - height + 1, width - 2, height - 2, 6, stroke=1, fill=0)
            draw_icon(canvas, block.icon, x + pad, top - pad - icon, icon)
            title.draw(canvas, x + pad + icon + gap, top - pad)
            if text:
                text.draw(canvas, x + pad + icon + gap, top - pad - title.height - fmt.body * 0.2)
        return Box(height + fmt.body * 0.4, draw)

    def body(self, width: float) -> list[Box]:
        boxes: list[Box] = []
        for block in self.doc.blocks:
            boxes += self.block(block, width)
        return boxes

    # --- shared furniture ------------------------------------------------------------------
    def rule(self, width: float, space: float, weight: float = 0.8) -> Box:
        def draw(canvas: Canvas, x: float, top: float) -> None:
            canvas.setStrokeColorRGB(*BLACK)
            canvas.setLineWidth(weight)
            canvas.line(x, top - space / 2, x + width, top - space / 2)
        return Box(space, draw)

    def title_row(self, width: float) -> Box:
        fmt, doc = self.fmt, self.doc
        icon = fmt.title * 1.8
        gap = fmt.title * 0.5
        title = self.text(doc.title, fmt.title, width - icon - gap, bold=True)
        label = self.text(doc.label, fmt.small, width - icon - gap, color=fmt.muted)
        height = max(icon, title.height + label.height) + fmt.body * 0.3

        def draw(canvas: Canvas, x: float, top: float) -> None:
            block_h = title.height + label.height
            draw_icon(canvas, doc.icon, x, top - max(icon, block_h) / 2 - icon / 2, icon, fmt.accent)
            y = top - max(0.0, (icon - block_h) / 2)
            label.draw(canvas, x + icon + gap, y)
            title.draw(canvas, x + icon + gap, y - label.height)
        return Box(height, draw)

    def qr_box(self, width: float, align: str = "center") -> Box:
        fmt, doc = self.fmt, self.doc
        matrix = qr_matrix(doc.url)
        side = fmt.qr
        quiet = side / matrix.size * QUIET_ZONE
        caption = self.text(doc.qr_caption, fmt.small, max(width, side), bold=True, align="center")
        height = side + 2 * quiet + caption.height

        def draw(canvas: Canvas, x: float, top: float) -> None:
            left = x + (width - side) / 2 if align == "center" else x + width - side
            draw_qr(canvas, matrix, left, top - quiet - side, side)
            cap_x = x if align == "center" else left + side / 2 - caption.width / 2
            caption.draw(canvas, cap_x, top - side - 2 * quiet)
        return Box(height, draw)

    def ending(self, width: float, align: str = "left") -> list[Box]:
        """Guidance-not-a-decision, the hotline and the content version: on every print."""
        fmt, foot = self.fmt, self.doc.footer
        size = fmt.body if fmt.height is None else fmt.small + 0.5
        pad = size * 0.5
        warning = self.text(f"{foot.not_a_decision}\n{foot.check}", size, width - 2 * pad,
                            bold=True, align=align)

        def draw_warning(canvas: Canvas, x: float, top: float) -> None:
            canvas.setStrokeColorRGB(*BLACK)
            canvas.setLineWidth(1.4)
            canvas.rect(x + 0.7, top - warning.height - 2 * pad + 0.7, width - 1.4,
                        warning.height + 2 * pad - 1.4, stroke=1, fill=0)
            warning.draw(canvas, x + pad, top - pad)
        boxes = [Box(warning.height + 2 * pad + size * 0.3, draw_warning)]

        phone = size * 1.4
        hotline = self.text(foot.hotline, size + 1, width - phone - 4, bold=True)

        def draw_hotline(canvas: Canvas, x: float, top: float) -> None:
            start = x
            if align == "center":
                start = x + (width - phone - 4 - hotline.lines[0].width) / 2
            draw_icon(canvas, "phone", start, top - hotline.line_height / 2 - phone / 2, phone)
            hotline.draw(canvas, start + phone + 4, top)
        boxes.append(Box(hotline.height, draw_hotline))
        # A4 has room for the details on one line; a receipt gives each its own line.
        lines = ["  ·  ".join(foot.meta)] if fmt.height else list(foot.meta)
        for line in lines:
            meta = self.text(line, fmt.small - 0.5, width, color=fmt.muted, align=align)
            boxes.append(Box(meta.height, meta.draw))
        return boxes
