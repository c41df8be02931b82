"""Khmer lines break between words, never inside one: the word breaker screen and paper share.

The words of tests/data/khmer_words_by_hand.txt are the glossary terms and benefit titles of
the content, cut into words by hand (by a Khmer reader, not by the breaker under test). Every
Khmer text of the content and the catalog is checked:
wherever one of these words appears, no break opportunity falls inside it. A new term or title
whose words are not listed here fails the test, which says which to add.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from content_texts import texts_in

from kiosk.cli import main as kiosk_main
from kiosk.content.loader import load_content
from kiosk.content.model import Benefit, Term
from kiosk.guidance.shaping import tokens, wrap
from kiosk.paths import CONTENT_DIR, LOCALE_DIR
from kiosk.text.breaks import ZWSP, break_opportunities, marked, segments, with_break_hints

# The glossary terms and benefit titles, word by word (cut by hand).
WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "khmer_words_by_hand.txt"
WORDS = [w for line in WORDS_FILE.read_text(encoding="utf-8").splitlines()
         if not line.startswith("#") for w in line.split()]
SIGNS = "\u17b4-\u17d3\u17dd"


def khmer_texts() -> list[str]:
    """Every Khmer text of the content and of the interface catalog."""
    content = load_content(CONTENT_DIR)
    out = [text.km for _, record in content.all() for text in texts_in(record)]
    with open(LOCALE_DIR / "km" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        out += [m.string for m in read_po(fh) if m.id and isinstance(m.string, str) and m.string]
    return [t for t in out if re.search("[\u1780-\u17ff]", t)]


def terms_and_titles() -> list[str]:
    content = load_content(CONTENT_DIR)
    found = [r.term.km for _, r in content.all() if isinstance(r, Term)]
    return found + [r.title.km for _, r in content.all() if isinstance(r, Benefit)]


def covered(chunk: str, words: set[str]) -> bool:
    """Whether `chunk` (no spaces) is a run of listed words, numbers and punctuation."""
    ends = {0}
    for i in range(len(chunk)):
        if i not in ends:
            continue
        if not re.match("[\u1780-\u17b3]", chunk[i]):  # digits, brackets: one unit each
            ends.add(i + 1)
        for word in words:
            if chunk.startswith(word, i):
                ends.add(i + len(word))
    return len(chunk) in ends


def word_spans(text: str, word: str) -> list[tuple[int, int]]:
    """Where `word` stands in `text` as whole clusters (not the start of a larger cluster)."""
    pattern = f"(?<!\u17d2){re.escape(word)}(?![{SIGNS}])"
    return [m.span() for m in re.finditer(pattern, text)]


def test_every_term_and_title_is_cut_into_listed_words() -> None:
    missing = [term for term in terms_and_titles()
               if not all(covered(chunk, set(WORDS)) for chunk in term.split())]
    assert not missing, f"add the words of these to {WORDS_FILE.name} (cut by hand): {missing}"


def test_no_listed_word_is_broken_anywhere_in_the_content() -> None:
    texts = khmer_texts()
    assert len(texts) > 300
    split = []
    checked = 0
    for text in texts:
        cuts = set(break_opportunities(text, "km"))
        for word in WORDS:
            for start, end in word_spans(text, word):
                checked += 1
                inside = [c for c in cuts if start < c < end]
                if inside:
                    split.append(marked(text[max(0, start - 12):end + 12]))
    assert checked > 1000
    assert not split, f"words cut inside: {split[:10]}"


@pytest.mark.parametrize(("text", "expected"), [
    # the examples, cut inside by the old syllable rule
    ("និយោជកត្រូវចុះបញ្ជីបុគ្គលិកនៅការិយាល័យ ប.ស.ស.",
     "និយោជក|ត្រូវ|ចុះបញ្ជី|បុគ្គលិក|នៅ|ការិយាល័យ |ប.ស.ស."),
    ("ប្រាក់ឧបត្ថម្ភការសម្រាលកូន", "ប្រាក់ឧបត្ថម្ភ|ការ|សម្រាលកូន"),
    # where ICU's dictionary alone cuts inside a word
    ("សូមប្រាប់និយោជកភ្លាមៗ", "សូម|ប្រាប់|និយោជក|ភ្លាមៗ"),
    ("បើសមាជិកស្លាប់", "បើ|សមាជិក|ស្លាប់"),
    ("សម្រាប់កម្មករម្នាក់ៗ។", "សម្រាប់|កម្មករ|ម្នាក់ៗ។"),
    ("ការបង់វិក្កយបត្រតាមអនឡាញ", "ការ|បង់|វិក្កយបត្រ|តាម|អនឡាញ"),
    # the abbreviation and numbers stay whole, whatever stands beside them
    ("របស់ប.ស.ស.ផ្តល់", "របស់|ប.ស.ស.ផ្តល់"),
    ("ប្រាក់ ១.២០០.០០០ រៀល និង ៧០% ០,៨%", "ប្រាក់ |១.២០០.០០០ |រៀល |និង |៧០% |០,៨%"),
    ("NSSF (ប.ស.ស.) pays 1,200,000 riel, $12.50", "NSSF |(ប.ស.ស.) |pays |1,200,000 |riel, |$12.50"),
])
def test_breaks_between_words(text: str, expected: str) -> None:
    assert marked(text) == expected


def test_abbreviation_and_numbers_never_broken() -> None:
    for text in ("ក្នុង ប.ស.ស.។", "(ប.ស.ស.)", "កាតប.ស.ស.", "១២.៥០០.០០០រៀល", "100,000.50%"):
        for atom in re.findall(r"(?:[\u1780-\u17b3]\.){2,}|[\d\u17e0-\u17e9][\d\u17e0-\u17e9.,]*",
                               text):
            start = text.index(atom)
            assert not [c for c in break_opportunities(text) if start < c < start + len(atom)]


def test_never_before_a_final_consonant_or_a_sign() -> None:
    text = "ម្នាក់ៗ ប្រយោជន៍ ធម៌ សប្តាហ៍។"
    for cut in break_opportunities(text):
        assert text[cut] not in "់ៗ។៍៌" and not re.match(f"[{SIGNS}]", text[cut])
        assert text[cut + 1:cut + 2] not in ("់", "៍", "៌")


def test_offsets_are_code_points_with_characters_outside_the_bmp() -> None:
    text = "ក😀 និយោជក"
    assert segments(text) == ["ក", "😀 ", "និយោជក"]


def test_hints_for_qt() -> None:
    text = "និយោជកត្រូវចុះបញ្ជី ប.ស.ស. 1,200 riel"
    hinted = with_break_hints(text)
    assert hinted.replace(ZWSP, "") == text
    assert hinted.split(ZWSP)[:3] == ["និយោជក", "ត្រូវ", "ចុះបញ្ជី ប.ស.ស. 1,200 riel"]
    assert with_break_hints("self-employed workers") == "self-employed workers"


def test_cli_prints_the_opportunities(capsys: pytest.CaptureFixture[str]) -> None:
    assert kiosk_main(["content", "breaks", "--lang", "km", "សូមប្រាប់និយោជក", "១.២០០ រៀល"]) == 0
    assert capsys.readouterr().out == "សូម|ប្រាប់|និយោជក\n១.២០០ |រៀល\n"


def line_starts(paragraph: str, lines: list[str]) -> list[int]:
    """Offsets in `paragraph` where each line after the first starts."""
    starts, at = [], 0
    for i, line in enumerate(lines):
        at = paragraph.index(line, at)
        if i:
            starts.append(at)
        at += len(line)
    return starts


@pytest.mark.parametrize("width", [140.0, 220.0, 400.0])
def test_paper_wraps_at_the_same_opportunities(width: float) -> None:
    paragraphs = [t for t in khmer_texts() if len(t) > 60 and "\n" not in t and "  " not in t][:40]
    wrapped = 0
    for paragraph in paragraphs:
        lines = [line.text for line in wrap(paragraph, 11, width)]
        wrapped += len(lines) > 1
        cuts = set(break_opportunities(paragraph))
        for start in line_starts(paragraph, lines):
            assert start in cuts, f"paper cut {paragraph[start - 10:start]}|{paragraph[start:start + 10]}"
    assert wrapped > 20


def test_paper_tokens_are_the_segments() -> None:
    text = "សូមប្រាប់និយោជកភ្លាមៗ។ NSSF  pays ១.២០០ រៀល"
    words = [w for w, _ in tokens(text, 10)]
    assert words == [s.strip() for s in segments(text)]
    gaps = [gap > 0 for _, gap in tokens(text, 10)]
    assert gaps == [False, False, False, False, True, True, True, True]


def test_which_digit_never_moves_a_break() -> None:
    """Breaks are worked out once per shape of a number (every digit as 0 or ០: an amount typed
    key by key is one ICU call, not one per key); the breaks are those of the text itself."""
    from kiosk.text import breaks

    texts = [t for t in khmer_texts() if re.search("[0-9\u17e0-\u17e9]", t)]
    texts += ["សរុប ១២៣.៤៥៦ រៀល ក្នុងមួយខែ", "ប្រាក់ឈ្នួល ៩៨៧.៦៥៤ រៀល",
              "total 1,234,567 riel, 45% of 8,000"]
    assert len(texts) > 5
    for text in texts:
        for locale in ("km", "en"):
            assert break_opportunities(text, locale) == breaks._break_opportunities(text, locale)
    assert break_opportunities("សរុប ១២៣ រៀល") == break_opportunities("សរុប ៩៨៧ រៀល")
