"""Printable guidance: both formats, both languages, every kind, and the `kiosk print` command."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from content_texts import texts_in

from kiosk import icons
from kiosk.cli import main
from kiosk.content.library import Library
from kiosk.guidance import PrintRequest, build_document, make_pdf, make_test_page
from kiosk.guidance.documents import Heading, Item, StepItem
from kiosk.i18n import tr
from kiosk.pages.icons import ACTORS
from kiosk.pages.icons import MARKS as MARK_ICONS
from kiosk.pages.icons import OUTCOMES as OUTCOME_ICONS

MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
RECEIPT_WIDTH = 80 * MM
FACTS = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 10,
         "gave_birth": True, "weeks_pregnant": 30, "monthly_wage_riel": 1_000_000}


def pages(pdf: bytes) -> list[tuple[float, float, str]]:
    """(width, height, text) of each page."""
    doc = pdfium.PdfDocument(pdf)
    out = []
    for page in doc:
        width, height = page.get_size()
        out.append((width, height, page.get_textpage().get_text_range()))
    return out


@pytest.mark.parametrize("fmt", ["a4", "receipt"])
@pytest.mark.parametrize("locale", ["km", "en"])
@pytest.mark.parametrize("kind", ["benefit", "checklist", "decision"])
def test_every_kind_format_and_language_makes_a_pdf(library: Library, kind: str, locale: str,
                                                    fmt: str) -> None:
    request = PrintRequest(kind, "maternity-allowance", locale, fmt,
                           facts=FACTS if kind == "decision" else None)
    pdf = make_pdf(library, request)
    found = pages(pdf)
    assert found, "no pages"
    if fmt == "a4":
        for width, height, _ in found:
            assert (width, height) == pytest.approx(A4, abs=0.5)
    else:
        assert len(found) == 1, "a receipt is one page as long as its content"
        width, height, _ = found[0]
        assert width == pytest.approx(RECEIPT_WIDTH, abs=0.1)
        assert height > 100 * MM
    if locale == "en":
        text = " ".join(t for _, _, t in found)
        for line in ("This is guidance, not a decision.", "1286", "Content version 3"):
            assert line in " ".join(text.split()), line


def test_every_print_carries_the_ending_in_its_language(library: Library) -> None:
    for locale in ("km", "en"):
        doc = build_document(library, PrintRequest("benefit", "medical-care", locale))
        assert doc.footer.not_a_decision == tr("This is guidance, not a decision.", locale)
        assert "1286" in doc.footer.hotline or "១២៨៦" in doc.footer.hotline
        assert any(("3" if locale == "en" else "៣") in m for m in doc.footer.meta)
        reviewed = library.benefit("medical-care").reviewed_on
        from kiosk.i18n import format_date

        assert format_date(reviewed, locale) in doc.footer.meta[0]
    km = build_document(library, PrintRequest("benefit", "medical-care", "km"))
    assert km.footer.not_a_decision != "This is guidance, not a decision.", "not translated"
    assert "១២៨៦" in km.footer.hotline


def test_a4_checklist_shows_ticked_documents_as_you_have(library: Library) -> None:
    checklist = library.checklist("injury-care")
    held = [checklist.documents[0].id, checklist.documents[3].id]
    request = PrintRequest("checklist", "injury-care", "en", "a4", ticks=tuple(held))
    doc = build_document(library, request)
    blocks = list(doc.blocks)
    have_at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "You have")
    need_at = next(i for i, b in enumerate(blocks)
                   if isinstance(b, Heading) and b.text == "Still to bring")
    have = [b for b in blocks[have_at + 1:need_at] if isinstance(b, Item)]
    assert [b.title for b in have] == [checklist.documents[0].name.en, checklist.documents[3].name.en]
    assert all(b.mark == "have" for b in have)
    need = [b for b in blocks[need_at + 1:] if isinstance(b, Item)]
    assert len(need) == len(checklist.documents) - 2 and all(b.mark == "need" for b in need)
    # and on paper, in that order
    text = " ".join(" ".join(t for _, _, t in pages(make_pdf(library, request))).split())
    assert text.index("You have") < text.index(checklist.documents[0].name.en) < text.index(
        "Still to bring")
    assert text.index("You have") < text.index(checklist.documents[3].name.en) < text.index(
        "Still to bring")


def test_checklist_without_ticks_lists_every_document_to_bring(library: Library) -> None:
    doc = build_document(library, PrintRequest("checklist", "claim-maternity-allowance", "km"))
    items = [b for b in doc.blocks if isinstance(b, Item)]
    assert len(items) == len(library.checklist("claim-maternity-allowance").documents)
    assert {b.mark for b in items} == {"need"}
    steps = [b for b in doc.blocks if isinstance(b, StepItem)]
    assert [s.number for s in steps][:3] == ["១", "២", "៣"], "Khmer digits on a Khmer print"


def test_decision_document_has_outcome_reasons_estimate_and_next_step(library: Library) -> None:
    doc = build_document(library, PrintRequest("decision", "maternity-allowance", "en", "a4",
                                               facts=FACTS))
    texts = [getattr(b, "text", "") or getattr(b, "title", "") for b in doc.blocks]
    assert doc.blocks[0].title == "You can get it"  # type: ignore[union-attr]
    assert "Why" in texts and "How much you may get" in texts and "What to do next" in texts
    assert any("90" in t and "riel" in t for t in texts), "the estimate"
    assert "#outcome=eligible&a=1-" in doc.url and doc.url.endswith("&v=3")
    answers = texts[texts.index("Your answers") + 1:]
    assert "What work do you do?" in answers[0], "the slip lists the answers, question first"
    unknown = build_document(library, PrintRequest("decision", "maternity-allowance", "km",
                                                   facts={"role": "worker"}))
    assert any(getattr(b, "mark", None) == "open" for b in unknown.blocks)


def test_a_long_document_runs_onto_more_a4_pages(library: Library) -> None:
    pdf = make_pdf(library, PrintRequest("checklist", "claim-injury-daily-allowance", "km", "a4"))
    found = pages(pdf)
    assert len(found) >= 1
    for i, (_, _, text) in enumerate(found):
        assert text.strip(), f"page {i + 1} is empty"


def test_every_icon_a_print_uses_is_in_the_icon_font(library: Library) -> None:
    names = set(MARK_ICONS.values()) | set(OUTCOME_ICONS.values())
    names |= {actor.icon for actor in ACTORS.values()}
    for kind in ("benefit", "checklist"):
        for bid in library.ids("benefits"):
            doc = build_document(library, PrintRequest(kind, bid, "en"))
            names.add(doc.icon)
            for block in doc.blocks:
                names.add(getattr(block, "icon", None))
                if isinstance(block, StepItem):
                    names |= {icon for icon, _ in block.details}
    names.discard(None)
    assert not [n for n in names if not icons.exists(n)]


def test_unknown_format_or_kind_is_a_plain_error(library: Library) -> None:
    from kiosk.errors import KioskError

    with pytest.raises(KioskError):
        make_pdf(library, PrintRequest("benefit", "medical-care", "km", "letter"))
    with pytest.raises(KioskError):
        make_pdf(library, PrintRequest("poster", "medical-care", "km", "a4"))
    with pytest.raises(KioskError):
        make_pdf(library, PrintRequest("benefit", "no-such-benefit", "km", "a4"))


def test_test_page_in_both_formats() -> None:
    for fmt in ("a4", "receipt"):
        pdf = make_test_page("km", fmt, kiosk_name="Kiosk 7", printer="TM-T20")
        assert pages(pdf)


def test_printed_date_is_the_given_day(library: Library) -> None:
    doc = build_document(library, PrintRequest("benefit", "medical-care", "en"),
                         printed=dt.date(2027, 1, 5))
    assert "Printed 5 January 2027" in doc.footer.meta


# --- the command ----------------------------------------------------------------------------

def test_cli_receipt_is_80_mm_wide(bundle_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    code = main(["print", "maternity-allowance", "--lang", "km", "--format", "receipt",
                 "-o", str(out), "--bundle", str(bundle_path)])
    assert code == 0
    (width, height, _), = pages(out.read_bytes())
    assert width == pytest.approx(RECEIPT_WIDTH, abs=0.1)


def test_cli_checklist_with_ticks_and_decision_with_facts(bundle_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.pdf"
    assert main(["print", "injury-care", "--lang", "en", "--format", "a4", "-o", str(out),
                 "--bundle", str(bundle_path), "--have", "id-card", "--have", "nssf-card"]) == 0
    text = " ".join(" ".join(t for _, _, t in pages(out.read_bytes())).split())
    assert "You have" in text and "Still to bring" in text
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FACTS))
    out = tmp_path / "d.pdf"
    assert main(["print", "maternity-allowance", "--lang", "en", "--format", "a4", "-o", str(out),
                 "--bundle", str(bundle_path), "--facts", str(facts)]) == 0
    assert "You can get it" in " ".join(t for _, _, t in pages(out.read_bytes()))


@pytest.mark.parametrize("argv, message", [
    (["no-such-thing"], "no checklist 'no-such-thing'"),
    (["injury-care", "--have", "passport"], "--have 'passport' is not a document"),
])
def test_cli_problems_are_one_line(bundle_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture,
                                   argv: list[str], message: str) -> None:
    code = main(["print", *argv, "-o", str(tmp_path / "x.pdf"), "--bundle", str(bundle_path)])
    assert code == 1
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.pdf").exists()


# --- line breaking ----------------------------------------------------------------------------

def _content_texts(library: Library) -> list[str]:
    records = [library.benefit(rid) for rid in library.ids("benefits")]
    records += [library.checklist(rid) for rid in library.ids("checklists")]
    return [t for record in records for text in texts_in(record) for t in (text.km, text.en)]


def test_lines_fit_and_never_break_inside_a_khmer_syllable(library: Library) -> None:
    from kiosk.guidance.layout import RECEIPT
    from kiosk.guidance.shaping import wrap

    width = RECEIPT.content_width - 40  # a document row's text column
    texts = _content_texts(library)
    assert len(texts) > 200
    for text in texts:
        lines = wrap(text, RECEIPT.body, width)
        assert "".join(line.text for line in lines).replace(" ", "") == text.replace(" ", ""), text
        assert all(line.width <= width + 0.01 for line in lines), text
        for line in lines[1:]:
            first = line.text[:1]
            # a dependent vowel, sign or coeng opening a line means a cluster was cut
            assert not ("\u17b6" <= first <= "\u17d3"), (text, line.text)
            assert first not in "។៕៖.,:;!?)%", (text, line.text)


def test_a_phrase_wider_than_the_line_is_cut_between_syllables() -> None:
    from kiosk.guidance.shaping import syllables, wrap

    text = "សូមទៅកន្លែងព្យាបាលដែលនៅជិតបំផុត។"
    lines = wrap(text, 11, 90)
    assert len(lines) > 1
    assert "".join(line.text for line in lines) == text
    cuts = {len("".join(line.text for line in lines[:i])) for i in range(1, len(lines))}
    bounds = {len("".join(syllables(text)[:i])) for i in range(1, len(syllables(text)))}
    assert cuts <= bounds
    assert all(line.width <= 90 + 0.01 for line in lines)
    assert not lines[-1].text.startswith("។")
