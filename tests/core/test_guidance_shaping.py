"""Khmer on paper is shaped: the glyphs written to the PDF are HarfBuzz's, and a rendered line
looks like the same text drawn from HarfBuzz's glyph outlines.

Unshaped Khmer (reportlab's default) writes one glyph per character: the coeng (U+17D2) as its
own glyph instead of a subscript consonant, the split vowel ោ as one glyph beside the consonant
instead of two halves around it. Each check below is also run on unshaped text, to prove it
would catch that.

The PDF is read here with a few lines of our own: the content streams (which codes are drawn in
which font) and the embedded subset fonts (which glyph each code is). Subsetting renumbers the
glyphs, so a drawn glyph is identified by its outline (drawn with HarfBuzz from the embedded
font) and compared with the outlines of the glyphs HarfBuzz's shaping of the text chooses from
the bundled font.
"""
from __future__ import annotations

import base64
import io
import re
import struct
import zlib
from functools import cache

import pypdfium2 as pdfium
import pytest
import uharfbuzz as hb
from PIL import Image, ImageChops
from reportlab.pdfgen.canvas import Canvas

from kiosk.content.library import Library
from kiosk.guidance import PrintRequest, build_document, fonts, render_pdf
from kiosk.guidance.documents import Callout, Document, Heading, Item, Para, StepItem
from kiosk.guidance.shaping import is_khmer, wrap
from kiosk.paths import KHMER_FONT, KHMER_FONT_BOLD

FONT_FILES = {"NotoSansKhmer-Regular": KHMER_FONT, "NotoSansKhmer-Bold": KHMER_FONT_BOLD}
Sig = tuple  # a glyph outline, as a hashable tuple of drawing operations


# --- reading a PDF back ----------------------------------------------------------------------

def _decode(head: bytes, data: bytes) -> bytes:
    if b"ASCII85Decode" in head:
        text = re.sub(rb"\s", b"", data)
        text = text[2:] if text.startswith(b"<~") else text
        text = text[:-2] if text.endswith(b"~>") else text
        data = base64.a85decode(text)
    if b"FlateDecode" in head:
        data = zlib.decompress(data)
    return data


def pdf_objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number -> (dictionary text, decoded stream or None)."""
    objects: dict[int, tuple[bytes, bytes | None]] = {}
    pos = 0
    start_re = re.compile(rb"(\d+) 0 obj")
    while (m := start_re.search(pdf, pos)) is not None:
        start = m.end()
        end = pdf.find(b"endobj", start)
        stream = pdf.find(b"stream", start)
        if stream != -1 and stream < end:
            head = pdf[start:stream]
            length = int(re.search(rb"/Length (\d+)", head).group(1))
            data_at = stream + len(b"stream")
            data_at += 2 if pdf[data_at:data_at + 2] == b"\r\n" else 1
            objects[int(m.group(1))] = (head, _decode(head, pdf[data_at:data_at + length]))
            pos = pdf.find(b"endobj", data_at + length) + 6
        else:
            objects[int(m.group(1))] = (pdf[start:end], None)
            pos = end + 6
    return objects


def _tokens(content: bytes):  # a generator of (kind, value)
    i, n = 0, len(content)
    while i < n:
        c = content[i:i + 1]
        if c.isspace():
            i += 1
        elif c == b"(":
            depth, i, out = 1, i + 1, bytearray()
            while depth:
                ch = content[i:i + 1]
                if ch == b"\\":
                    nxt = content[i + 1:i + 2]
                    if nxt.isdigit():
                        digits = re.match(rb"[0-7]{1,3}", content[i + 1:i + 4]).group(0)
                        out.append(int(digits, 8))
                        i += 1 + len(digits)
                        continue
                    out += {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b",
                            b"f": b"\f"}.get(nxt, nxt)
                    i += 2
                    continue
                if ch == b"(":
                    depth += 1
                elif ch == b")":
                    depth -= 1
                    if not depth:
                        break
                out += ch
                i += 1
            yield "str", bytes(out)
            i += 1
        elif c in b"[]":
            yield c.decode(), None
            i += 1
        elif c == b"/":
            m = re.match(rb"/[^\s/\[\]()<>]+", content[i:])
            yield "name", m.group(0)[1:].decode()
            i += m.end()
        else:
            m = re.match(rb"[^\s/\[\]()<>]+", content[i:])
            word = m.group(0)
            i += m.end()
            try:
                yield "num", float(word)
            except ValueError:
                yield "op", word.decode()


def _cmap6(ttf: bytes) -> dict[int, int]:
    """The code -> glyph map of a reportlab subset font (a format 6 cmap)."""
    (count,) = struct.unpack(">H", ttf[4:6])
    tables = {ttf[12 + 16 * i:16 + 16 * i]: struct.unpack(">II", ttf[20 + 16 * i:28 + 16 * i])
              for i in range(count)}
    offset, length = tables[b"cmap"]
    cmap = ttf[offset:offset + length]
    (subtables,) = struct.unpack(">H", cmap[2:4])
    for i in range(subtables):
        _, _, at = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
        if struct.unpack(">H", cmap[at:at + 2])[0] == 6:
            first, entries = struct.unpack(">HH", cmap[at + 6:at + 10])
            gids = struct.unpack(f">{entries}H", cmap[at + 10:at + 10 + 2 * entries])
            return {first + k: g for k, g in enumerate(gids)}
    raise AssertionError("no format 6 cmap in the embedded font")


class _Recorder:
    def __init__(self) -> None:
        self.ops: list[tuple] = []

    def moveTo(self, p):  # noqa: N802 - the pen protocol
        self.ops.append(("M", *p))

    def lineTo(self, p):  # noqa: N802
        self.ops.append(("L", *p))

    def curveTo(self, *ps):  # noqa: N802
        self.ops.append(("C", *(v for p in ps for v in p)))

    def qCurveTo(self, *ps):  # noqa: N802
        self.ops.append(("Q", *(v for p in ps for v in p)))

    def closePath(self):  # noqa: N802
        self.ops.append(("Z",))


def outline(font: hb.Font, gid: int) -> Sig:
    pen = _Recorder()
    font.draw_glyph_with_pen(gid, pen)
    return tuple(pen.ops)


@cache
def hb_font(path: str) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob.from_file_path(path)))


def drawn_glyphs(pdf: bytes) -> list[tuple[str, Sig]]:
    """Every glyph drawn in the Khmer fonts, in drawing order: (font name, outline)."""
    objects = pdf_objects(pdf)
    resources: dict[str, int] = {}
    for head, _ in objects.values():
        for name, num in re.findall(rb"/(F\d+(?:\+\d+)?) (\d+) 0 R", head):
            resources[name.decode()] = int(num)
    fonts_by_name: dict[str, tuple[str, hb.Font, dict[int, int]] | None] = {}
    for name, num in resources.items():
        head = objects[num][0]
        base = re.search(rb"/BaseFont /(?:[A-Z]{6}\+)?([\w-]+)", head).group(1).decode()
        if base not in FONT_FILES:
            fonts_by_name[name] = None
            continue
        descriptor = int(re.search(rb"/FontDescriptor (\d+) 0 R", head).group(1))
        file_num = int(re.search(rb"/FontFile2 (\d+) 0 R", objects[descriptor][0]).group(1))
        ttf = objects[file_num][1]
        fonts_by_name[name] = (base, hb.Font(hb.Face(hb.Blob(ttf))), _cmap6(ttf))
    out: list[tuple[str, Sig]] = []
    contents = [data for head, data in objects.values() if data is not None and b"Length1" not in head]
    for content in contents:
        if b" Tf" not in content:
            continue
        current = None
        operands: list = []
        array: list | None = None
        for kind, value in _tokens(content):
            if kind == "[":
                array = []
            elif kind == "]":
                operands.append(array)
                array = None
            elif array is not None:
                array.append(value)
            elif kind == "op":
                if value == "Tf":
                    current = fonts_by_name.get(operands[-2])
                elif value in ("Tj", "TJ", "'", '"') and current is not None:
                    strings = operands[-1] if value == "TJ" else [operands[-1]]
                    base, font, cmap = current
                    for s in strings:
                        if isinstance(s, bytes):
                            out += [(base, outline(font, cmap.get(code, 0))) for code in s]
                operands = []
            else:
                operands.append(value)
    return out


# --- what HarfBuzz says ---------------------------------------------------------------------

def shaped_outlines(text: str, base: str) -> list[Sig]:
    font = hb_font(str(FONT_FILES[base]))
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return [outline(font, info.codepoint) for info in buf.glyph_infos]


def unshaped_outlines(text: str, base: str) -> list[Sig]:
    font = hb_font(str(FONT_FILES[base]))
    return [outline(font, font.get_nominal_glyph(ord(ch)) or 0) for ch in text]


def _contains(haystack: list[Sig], needle: list[Sig]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def khmer_words(document: Document) -> set[str]:
    """Every word of the document that is all Khmer letters (so one font, one run)."""
    texts = [document.title, document.label, document.institution, document.qr_caption,
             document.footer.not_a_decision, document.footer.check, document.footer.hotline,
             *document.footer.meta]
    for block in document.blocks:
        if isinstance(block, Heading):
            texts.append(block.text)
        elif isinstance(block, Para) and block.kind != "staff":
            texts.append(block.text)
        elif isinstance(block, Item):
            texts += [block.title, *block.details]
        elif isinstance(block, StepItem):
            texts += [block.text, *(line for _, line in block.details)]
        elif isinstance(block, Callout):
            texts += [block.title, block.text]
    words = set()
    for text in texts:
        for word in text.split():
            if len(word) > 1 and all(is_khmer(ch) for ch in word):
                words.add(word)
    return words


def shaping_problems(pdf: bytes, words: set[str]) -> list[str]:
    drawn = drawn_glyphs(pdf)
    by_font = {base: [sig for b, sig in drawn if b == base] for base in FONT_FILES}
    problems = [f"{word}: not drawn as HarfBuzz shapes it" for word in sorted(words)
                if not any(_contains(by_font[base], shaped_outlines(word, base))
                           for base in FONT_FILES)]
    for base, sigs in by_font.items():
        # glyphs shaping never leaves standing: a bare coeng, a whole split vowel ោ, a dotted circle
        for ch in ("\u17d2", "\u17c4", "\u25cc"):
            bad = unshaped_outlines(ch, base)[0]
            if bad in sigs:
                problems.append(f"{base}: unshaped glyph U+{ord(ch):04X} drawn")
    return problems


# --- the tests ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind, rid, fmt", [
    ("benefit", "maternity-allowance", "receipt"),
    ("checklist", "injury-care", "a4"),
    ("benefit", "old-age-pension", "a4"),
])
def test_khmer_in_the_pdf_is_shaped_by_harfbuzz(library: Library, kind: str, rid: str,
                                               fmt: str) -> None:
    document = build_document(library, PrintRequest(kind, rid, "km", fmt, ticks=("id-card",)))
    words = khmer_words(document)
    assert len(words) > 20
    assert [w for w in words if shaped_outlines(w, "NotoSansKhmer-Regular")
            != unshaped_outlines(w, "NotoSansKhmer-Regular")], "the test needs words shaping changes"
    assert shaping_problems(render_pdf(document, fmt), words) == []


def _plain_pdf(words: list[str]) -> bytes:
    """Khmer drawn the way reportlab does without shaping."""
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(600, 40 + 30 * len(words)))
    canvas.setFont(fonts.KHMER, 16)
    for i, word in enumerate(words):
        canvas.drawString(10, 20 + 30 * i, word)
    canvas.save()
    return buffer.getvalue()


def test_the_check_catches_unshaped_khmer() -> None:
    words = ["ប្រាក់បំណាច់មាតុភាព", "ចុងក្រោយ", "អត្តសញ្ញាណប័ណ្ណ"]
    problems = shaping_problems(_plain_pdf(words), set(words))
    assert any("not drawn as HarfBuzz shapes it" in p for p in problems)
    assert any("U+17D2" in p for p in problems) and any("U+17C4" in p for p in problems)


# --- rendered pixels --------------------------------------------------------------------------

WORDS = ["ប្រាក់បំណាច់មាតុភាព", "ស្ត្រីទៅខ្លួន", "អត្តសញ្ញាណប័ណ្ណ", "ចុងក្រោយញ៉ាំ"]
SIZE = 28


class _PathPen:
    """Draws HarfBuzz glyph outlines (font units) as a reportlab path at a place and size."""

    def __init__(self, path, x: float, y: float, scale: float) -> None:
        self.path, self.x, self.y, self.k = path, x, y, scale
        self.last = (0.0, 0.0)

    def _p(self, p) -> tuple[float, float]:
        return self.x + p[0] * self.k, self.y + p[1] * self.k

    def moveTo(self, p):  # noqa: N802
        self.path.moveTo(*self._p(p))
        self.last = p

    def lineTo(self, p):  # noqa: N802
        self.path.lineTo(*self._p(p))
        self.last = p

    def curveTo(self, a, b, c):  # noqa: N802
        self.path.curveTo(*self._p(a), *self._p(b), *self._p(c))
        self.last = c

    def qCurveTo(self, a, c):  # noqa: N802
        p0 = self.last  # a quadratic as the cubic with the same curve
        c1 = (p0[0] + 2 / 3 * (a[0] - p0[0]), p0[1] + 2 / 3 * (a[1] - p0[1]))
        c2 = (c[0] + 2 / 3 * (a[0] - c[0]), c[1] + 2 / 3 * (a[1] - c[1]))
        self.curveTo(c1, c2, c)

    def closePath(self):  # noqa: N802
        self.path.close()


def _page(draw) -> Image.Image:
    fonts.register()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(420, 60 * len(WORDS)))
    for i, word in enumerate(WORDS):
        draw(canvas, word, 10, 60 * len(WORDS) - 45 - 60 * i)
    canvas.save()
    page = pdfium.PdfDocument(buffer.getvalue())[0]
    return page.render(scale=3, grayscale=True).to_pil().convert("L")


def _ours(canvas: Canvas, word: str, x: float, y: float) -> None:
    (line,) = wrap(word, SIZE, 1000)
    line.draw(canvas, x, y, SIZE)


def _reference(canvas: Canvas, word: str, x: float, y: float) -> None:
    font = hb_font(str(KHMER_FONT))
    buf = hb.Buffer()
    buf.add_str(word)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    scale = SIZE / font.face.upem
    pen_x = 0
    path = canvas.beginPath()
    for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True):
        font.draw_glyph_with_pen(info.codepoint, _PathPen(
            path, x + (pen_x + pos.x_offset) * scale, y + pos.y_offset * scale, scale))
        pen_x += pos.x_advance
    canvas.drawPath(path, stroke=0, fill=1)


def _unshaped(canvas: Canvas, word: str, x: float, y: float) -> None:
    canvas.setFont(fonts.KHMER, SIZE)
    canvas.drawString(x, y, word)


def _difference(a: Image.Image, b: Image.Image) -> float:
    """Share of the inked pixels that differ strongly (more than half black to white)."""
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > 128 else 0)
    ink = ImageChops.darker(a, b).point(lambda v: 255 if v < 128 else 0)
    return diff.histogram()[255] / max(1, ink.histogram()[255])


def test_rendered_khmer_matches_harfbuzz_outlines() -> None:
    reference = _page(_reference)
    ours = _difference(_page(_ours), reference)
    unshaped = _difference(_page(_unshaped), reference)
    assert ours < 0.03, f"{ours:.1%} of the ink differs from HarfBuzz's glyphs"
    assert unshaped > 10 * max(ours, 0.01), "unshaped text must look clearly different"
