"""Measured pieces of a page: each `Box` knows its height at a width and how to draw itself.

A page layout is then a list of boxes stacked top to bottom, split into pages between boxes. A
paragraph is one box per line, so it can run onto the next page; a document row or a step is one
box, never cut in half.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from kiosk.guidance import fonts
from kiosk.guidance.shaping import Line, is_khmer, wrap

Draw = Callable[[Canvas, float, float], None]  # (canvas, x, top)
Color = tuple[float, float, float]
BLACK: Color = (0.0, 0.0, 0.0)

# Vertical metrics (fractions of the font size). Khmer stacks subscripts below and vowels above
# the line, so Khmer text needs much more leading than Latin (Noto Sans Khmer: ascent 1.069,
# descent 0.293, and deep stacks such as ញ្ញ reach 0.5 below the baseline).
KHMER_METRICS = (1.069, 0.293, 1.72)  # ascent, descent, line height
LATIN_METRICS = (0.718, 0.207, 1.32)


@dataclass(frozen=True)
class TextStyle:
    size: float
    bold: bool = False
    color: Color = BLACK

    def metrics(self, text: str) -> tuple[float, float]:
        """(line height, baseline below the line's top) for `text`."""
        ascent, descent, lead = KHMER_METRICS if any(map(is_khmer, text)) else LATIN_METRICS
        height = self.size * lead
        pad = (height - (ascent + descent) * self.size) / 2
        return height, pad + ascent * self.size


@dataclass
class Box:
    height: float
    draw: Draw
    keep_with_next: bool = False  # a heading stays with what follows it
    kind: str = "body"


def spacer(height: float) -> Box:
    return Box(height, lambda canvas, x, top: None)


def draw_icon(canvas: Canvas, name: str, x: float, bottom: float, size: float,
              color: Color = BLACK) -> None:
    """An MDI icon `size` points square with its lower left corner at (x, bottom)."""
    canvas.setFillColorRGB(*color)
    canvas.setFont(fonts.ICONS, size * fonts.ICON_EM)
    canvas.drawString(x, bottom + size * fonts.ICON_DESCENT, fonts.icon_char(name))


@dataclass
class TextBlock:
    """A text wrapped at a width: its lines, line height and baseline offset."""

    lines: list[Line]
    style: TextStyle
    line_height: float
    baseline: float
    width: float = 0.0
    align: str = "left"

    @classmethod
    def make(cls, text: str, style: TextStyle, width: float, align: str = "left") -> TextBlock:
        height, baseline = style.metrics(text)
        return cls(wrap(text, style.size, width, style.bold), style, height, baseline, width, align)

    @property
    def height(self) -> float:
        return self.line_height * len(self.lines)

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        canvas.setFillColorRGB(*self.style.color)
        for i, line in enumerate(self.lines):
            dx = 0.0
            if self.align == "center":
                dx = (self.width - line.width) / 2
            elif self.align == "right":
                dx = self.width - line.width
            line.draw(canvas, x + dx, top - self.baseline - i * self.line_height, self.style.size)

    def line_boxes(self, space_after: float = 0.0) -> list[Box]:
        """One box per line (so a long paragraph may continue on the next page)."""
        boxes = []
        for i, line in enumerate(self.lines):
            def draw(canvas: Canvas, x: float, top: float, line: Line = line) -> None:
                canvas.setFillColorRGB(*self.style.color)
                dx = (self.width - line.width) / 2 if self.align == "center" else 0.0
                line.draw(canvas, x + dx, top - self.baseline, self.style.size)
            last = i == len(self.lines) - 1
            boxes.append(Box(self.line_height + (space_after if last else 0.0), draw))
        return boxes
