"""Khmer text shaped for reportlab, split into font runs and broken into lines.

Khmer needs shaping: a subscript consonant (coeng + consonant) must become the subscript glyph
under its base, and a split vowel such as ោ must come apart into its two halves around the
consonant. Drawn character by character, as reportlab does by default, they come apart.

reportlab (>= 4.1) shapes a run of one TrueType font with uharfbuzz when the font is registered
`shapable`: `ttfonts.shapeStr` returns a `ShapedStr` whose characters map one to one to the
shaped glyphs (glyphs with no character of their own get private-use ones), with HarfBuzz's
advances and offsets. That shaping is used here. Two things are done by hand: reportlab cannot
mix fonts inside a shaped word (its Paragraph shapes a word with its first run's font) and the
Khmer font has no Latin letters or digits, so "៧០%" needs two fonts in one word; and its own
drawing of a ShapedStr misplaces marks (see `draw_run`). Hence this small layout: itemize into
single-font runs, shape each run, measure from the shaped advances, break lines at the break
opportunities of the kiosk's one word breaker (`kiosk.text.breaks`: between Khmer words, found by
ICU's dictionary, and after spaces; the screens break at the same places) and place the glyphs.
Only a word wider than the whole line is broken, between syllables, never inside one.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapedStr, shapeStr
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from kiosk.guidance import fonts
from kiosk.text import breaks

SPACE = " "
ZWSP = "\u200b"  # a break opportunity with no width (content may use it between Khmer words)
# One Khmer orthographic syllable: a base with its subscripts, vowels and signs. Lines may break
# between syllables, never inside one (that would orphan a subscript or a vowel sign).
_SYLLABLE = re.compile(
    "[\u1780-\u17b3](?:\u17d2[\u1780-\u17b3]|[\u17b4-\u17d1\u17d3\u17dd\u200c\u200d])*"
    "|[\u17e0-\u17e9]+|.", re.S)


def is_khmer(ch: str) -> bool:
    code = ord(ch)
    return 0x1780 <= code <= 0x17FF or 0x19E0 <= code <= 0x19FF


@dataclass(frozen=True)
class Run:
    """A piece of text in one font: `text` is a reportlab ShapedStr for shaped runs."""

    font: str
    text: str
    width: float  # points, at the size it was shaped for
    source: str = ""  # the characters it was shaped from (a ShapedStr holds glyphs)


@dataclass(frozen=True)
class Word:
    runs: tuple[Run, ...]
    width: float


@dataclass
class Line:
    """One line of text: runs at their x offsets from the line start."""

    runs: list[tuple[float, Run]]
    width: float

    @property
    def text(self) -> str:
        """The characters on the line (words joined by a space)."""
        out, end = "", None
        for x, run in self.runs:
            if end is not None and x - end > 0.01:
                out += SPACE
            out += run.source
            end = x + run.width
        return out

    def draw(self, canvas: Canvas, x: float, baseline: float, size: float) -> None:
        """Draw the line in one PDF text object (font changes and moves inside it)."""
        pen = _Pen(canvas.beginText(x, baseline), x, baseline)
        font = None
        for dx, run in self.runs:
            if run.font != font:
                pen.obj.setFont(run.font, size)
                font = run.font
            draw_run(pen, run, x + dx, baseline, size)
        canvas.drawText(pen.obj)


class _Pen:
    """A text object and where its current line starts, in page coordinates.

    Moves are relative `Td`s (two numbers where an absolute `Tm` writes six). reportlab's
    `moveCursor` takes its dy pointing down and its own record of the line start does not
    follow page coordinates, so the position is kept here."""

    def __init__(self, obj: PDFTextObject, x: float, y: float) -> None:
        self.obj, self.x, self.y = obj, x, y

    def move(self, x: float, y: float) -> None:
        if x != self.x or y != self.y:
            self.obj.moveCursor(x - self.x, self.y - y)
            self.x, self.y = x, y

    def text(self, text: str) -> None:
        self.obj.textOut(text)


def draw_run(pen: _Pen, run: Run, x: float, baseline: float, size: float) -> None:
    """Write one run (its font already set); a shaped run glyph by glyph.

    reportlab can draw a ShapedStr itself, but (5.1) it moves marks with the text rise `Ts` and
    loses track of the rise when two marks in a row sit at different heights (ខ្លួន): the
    consonant after them, and every later text on the page, is drawn too low. So the glyphs of a
    shaped run are placed here at the positions HarfBuzz gave: runs of glyphs that need no
    adjustment go out as one string, each offset mark at its own point. No rise is ever set.
    """
    text = run.text
    if not isinstance(text, ShapedStr):
        pen.move(x, baseline)
        pen.text(text)
        return
    scale = size / 1000  # shape data is in thousandths of the font size
    advance = 0.0
    group: list[str] = []
    start = 0.0

    def flush() -> None:
        if group:
            pen.move(x + start * scale, baseline)
            pen.text("".join(group))
            group.clear()

    for ch, sd in zip(text, text.__shapeData__, strict=True):
        if sd.x_offset == 0 and sd.y_offset == 0 and abs(sd.x_advance - sd.width) < 0.01:
            if not group:
                start = advance
            group.append(ch)
        else:
            flush()
            pen.move(x + (advance + sd.x_offset) * scale, baseline + sd.y_offset * scale)
            pen.text(ch)
        advance += sd.x_advance
    flush()


def _font_for(ch: str, bold: bool, previous: str | None) -> str:
    khmer_font, latin_font = fonts.family(bold)
    if is_khmer(ch):
        return khmer_font
    covered = ord(ch) in fonts.khmer_coverage()
    category = unicodedata.category(ch)
    if category[0] in "LN" and not covered:
        return latin_font
    # Punctuation, spaces and marks both fonts may have: stay in the current run, so "card."
    # is one Helvetica run and "ប.ស.ស." one Khmer run.
    if previous == khmer_font and covered:
        return khmer_font
    if previous == latin_font or not covered:
        return latin_font
    return khmer_font


def itemize(text: str, bold: bool = False) -> list[tuple[str, str]]:
    """`text` cut into (font, piece) runs, each drawable with one font."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        font = _font_for(ch, bold, runs[-1][0] if runs else None)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    # A run of neutral characters at the start ("(", a quote) takes the font of what follows.
    if len(runs) > 1 and not any(is_khmer(c) or c.isalnum() for c in runs[0][1]):
        first, (font1, second) = runs[0][1], runs[1]
        khmer_font = fonts.family(bold)[0]
        if font1 != khmer_font or all(ord(c) in fonts.khmer_coverage() for c in first):
            runs[:2] = [(font1, first + second)]
    return runs


@lru_cache(maxsize=512)  # words recur; each entry holds a glyph record per glyph
def shape_run(font: str, text: str, size: float) -> Run:
    """One run, shaped (TrueType fonts) or plain (standard PDF fonts), with its width."""
    if font in (fonts.KHMER, fonts.KHMER_BOLD):
        shaped = shapeStr(text, font, size)
        if isinstance(shaped, ShapedStr):
            # advances are in 1/1000 em after reportlab's scaling to a 1000-unit em
            width = sum(sd.x_advance for sd in shaped.__shapeData__) * size / 1000
            return Run(font, shaped, width, text)
    return Run(font, text, pdfmetrics.stringWidth(text, font, size), text)


def shape_word(text: str, size: float, bold: bool = False, *, cached: bool = True) -> Word:
    shape = shape_run if cached else shape_run.__wrapped__
    runs = tuple(shape(font, piece, size) for font, piece in itemize(text, bold))
    return Word(runs, sum(r.width for r in runs))


@lru_cache(maxsize=64)
def space_width(size: float) -> float:
    return pdfmetrics.stringWidth(SPACE, fonts.LATIN, size)


# Signs that end a phrase never start a line; opening brackets never end one.
_CLOSING = set("\u17d4\u17d5\u17d6\u17da.,;:!?)]}\u201d\u2019\"'%")
_OPENING = set("([{\u201c\u2018")
# A consonant with no vowel and no subscript after a syllable is (most often) that syllable's
# final consonant: សូ+ម is one syllable សូម, so no break goes between them.
_FINAL = re.compile("[\u1780-\u17a2][\u17cb-\u17cf\u17d1\u17dd]*")


def syllables(text: str) -> list[str]:
    """`text` in pieces a line may break between: Khmer syllables, with punctuation kept on the
    side it belongs to."""
    units: list[str] = []
    for unit in _SYLLABLE.findall(text):
        if units and (unit in _CLOSING or units[-1] in _OPENING
                      or (_FINAL.fullmatch(unit) and is_khmer(units[-1][-1]))):
            units[-1] += unit
        else:
            units.append(unit)
    return units


Item = tuple[Word, float]  # a word (or a piece of one) and the space before it on a line
LAST_WORD_SHARE = 0.3  # a last line holding one word narrower than this share is a widow


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[Line]:
    """`text` broken into lines no wider than `width` (hard breaks at newlines)."""
    fonts.register()
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        rows = _break(paragraph, size, width, bold)
        _no_widow(rows, width)
        lines += [_line(row, size, bold) for row in rows]
    return lines


def tokens(paragraph: str, size: float) -> list[tuple[str, float]]:
    """`paragraph` cut at its break opportunities: (piece, width of the space before it), the
    pieces without their spaces (a zero-width space, which content may hold, is dropped)."""
    gap = space_width(size)
    out: list[tuple[str, float]] = []
    spaced = False
    for piece in breaks.segments(paragraph):
        word = piece.strip(SPACE + ZWSP)
        if word:
            out.append((word, gap if spaced and out else 0.0))
        spaced = (spaced and not word) or piece.rstrip(ZWSP).endswith(SPACE)
    return out


def _break(paragraph: str, size: float, width: float, bold: bool) -> list[list[Item]]:
    """Greedy line breaking at the break opportunities; a word wider than the line goes
    syllable by syllable."""
    rows: list[list[Item]] = [[]]
    x = 0.0
    for word_text, space in tokens(paragraph, size):
        # items keep the space before them in the text; a line's first item draws none
        word = shape_word(word_text, size, bold)
        lead = space if rows[-1] else 0.0
        if word.width > width:
            # Fill this line, then the next ones, syllable by syllable: a single word wider than
            # the line (on a receipt, a long loanword or number) has no better place.
            piece, piece_space = "", space
            for unit in syllables(word_text):
                if shape_word(piece + unit, size, bold).width <= width - x - lead:
                    piece += unit
                    continue
                if piece:
                    rows[-1].append((shape_word(piece, size, bold), piece_space))
                    piece_space = 0.0
                if rows[-1]:
                    rows.append([])
                x, lead, piece = 0.0, 0.0, unit
            if piece:
                done = shape_word(piece, size, bold)
                rows[-1].append((done, piece_space))
                x += lead + done.width
            continue
        if rows[-1] and x + lead + word.width > width:
            rows.append([])
            x, lead = 0.0, 0.0
        rows[-1].append((word, space))
        x += lead + word.width
    return rows


def _row_width(row: list[Item]) -> float:
    return sum(word.width + (space if i else 0.0) for i, (word, space) in enumerate(row))


def _no_widow(rows: list[list[Item]], width: float) -> None:
    """A short last word alone on the last line ("១២៨៦។") takes the word before it along."""
    if len(rows) < 2 or len(rows[-1]) != 1 or len(rows[-2]) < 2:
        return
    (last, last_space), (moved, moved_space) = rows[-1][0], rows[-2][-1]
    if last.width >= width * LAST_WORD_SHARE:
        return
    if moved.width + last_space + last.width <= width:
        rows[-2].pop()
        rows[-1] = [(moved, moved_space), (last, last_space)]


def _line(row: list[Item], size: float, bold: bool) -> Line:
    runs: list[tuple[float, Run]] = []
    x = 0.0
    for i, (word, space) in enumerate(_joined(row, size, bold)):
        x = _place(runs, word, x + (space if i else 0.0))
    return Line(runs, x)


def _joined(row: list[Item], size: float, bold: bool) -> list[Item]:
    """Words that meet with no space (Khmer words, the pieces of a long word) shaped again as
    one: fewer runs to draw, and HarfBuzz sees the text as written."""
    groups: list[tuple[list[Word], float]] = []
    for word, space in row:
        if groups and space == 0.0:
            groups[-1][0].append(word)
        else:
            groups.append(([word], space))
    out: list[Item] = []
    for words, space in groups:
        if len(words) == 1:
            out.append((words[0], space))
            continue
        text = "".join(run.source for word in words for run in word.runs)
        # a whole line is seldom seen twice: shaped without filling the words' cache
        out.append((shape_word(text, size, bold, cached=False), space))
    return out


def _place(line: list[tuple[float, Run]], word: Word, x: float) -> float:
    for run in word.runs:
        line.append((x, run))
        x += run.width
    return x
