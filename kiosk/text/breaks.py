"""Where a line may break: the one word breaker that the screens and the printouts share.

Khmer writes no spaces between words (a space ends a phrase), so a line may only break where a
word ends, and finding that needs a dictionary. ICU's line breaker has one for Khmer (its
dictionary-based word segmentation); `icu4py` ships ICU with its data in its wheels, so it works
the same on every kiosk, with no system ICU (PyICU would need one, and a compiler).

ICU's Khmer dictionary misses some words and mis-segments others in context: it cuts loanwords
(អន|ឡាញ), and in "ប្រាប់និយោជកភ្លាមៗ" it finds និ|យោ|ជ|ក. So its breaks are corrected here:
- words of the kiosk's own lexicon (`khmer_words.txt`: the vocabulary of NSSF content that ICU
  gets wrong) are kept whole, with a break allowed at their edges;
- never inside an orthographic syllable: not before a final consonant (ក់, ន៍), a sign such as
  ៗ or ។, or any combining mark;
- never inside an abbreviation (ប.ស.ស.) or a number with its grouping marks (១.២០០.០០០, 1,200,000,
  ០,៨%).

Qt finds no break inside a Khmer run by itself: `with_break_hints` marks each opportunity with a
zero-width space for the screen. The printouts wrap at the same `break_opportunities`.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

ZWSP = "\u200b"
LEXICON = Path(__file__).with_name("khmer_words.txt")
# Distinct texts remembered: a screen shows a few dozen, and breaking a sentence anew takes tens
# of microseconds. Bounded small on purpose: texts with numbers in them (a countdown, search
# snippets) are new all day long, and an 8192-entry cache was ~8 MiB of a kiosk's memory.
CACHE_SIZE = 1024

_KHMER = re.compile("[\u1780-\u17ff\u19e0-\u19ff]")
# A break never goes before these: combining marks and coeng (mid-cluster), ៗ (repeats the word
# before it), Khmer sentence punctuation, and a cluster ending the syllable before it (a consonant
# with the "no vowel" sign ់ or the silent-final signs ៌ ៍ ៎ ៏).
_NO_BREAK_BEFORE = re.compile(
    "[\u17b4-\u17d3\u17dd\u17d4-\u17d8\u17da\u200c\u200d]"
    "|[\u1780-\u17a2](?:\u17d2[\u1780-\u17a2])*[\u17c9\u17ca]?[\u17cb-\u17cf]")
# Units kept whole: an abbreviation of Khmer letters each with its dot (ប.ស.ស.), and a number
# with its grouping and decimal marks and a percent sign.
_ATOMS = re.compile(
    r"(?:[\u1780-\u17b3](?:\u17d2[\u1780-\u17b3]|[\u17b4-\u17d1\u17d3\u17dd])*\.){2,}"
    r"|[0-9\u17e0-\u17e9]+(?:[.,\u00a0\u202f][0-9\u17e0-\u17e9]+)*%?")
# Where a lexicon word may start and end: on a cluster boundary, not inside a larger cluster.
_SIGNS = "\u17b4-\u17d3\u17dd"
_CLUSTER_END = re.compile(f"[\u1780-\u17b3{_SIGNS}]")
_CLUSTER_START = re.compile("[\u1780-\u17b3]")


def is_khmer(text: str) -> bool:
    """Whether `text` has any Khmer letter, digit or sign in it."""
    return _KHMER.search(text) is not None


@cache
def _lexicon() -> re.Pattern[str] | None:
    words = []
    for line in LEXICON.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip()
        if word:
            words.append(word)
    if not words:
        return None
    # longest first: a regex alternation takes the first alternative that matches
    words = sorted(set(words), key=len, reverse=True)
    alternatives = "|".join(re.escape(w) for w in words)
    return re.compile(f"(?<!\u17d2)(?:{alternatives})(?![{_SIGNS}])")


def _icu_breaks(text: str, locale: str) -> set[int]:
    from icu4py.breakers import LineBreaker  # ICU's data is loaded on first use, not at import

    starts = [start for start, _end in LineBreaker(text, locale).segments()]
    if any(ord(ch) > 0xFFFF for ch in text):
        # ICU counts UTF-16 code units: map them back to the string's code points
        to_index, units = {}, 0
        for index, ch in enumerate(text):
            to_index[units] = index
            units += 2 if ord(ch) > 0xFFFF else 1
        starts = [to_index[s] for s in starts if s in to_index]
    return {s for s in starts if 0 < s < len(text)}


def _apply_lexicon(text: str, breaks: set[int]) -> None:
    pattern = _lexicon()
    if pattern is None:
        return
    for match in pattern.finditer(text):
        start, end = match.span()
        inside = breaks.intersection(range(start + 1, end))
        if not inside:
            continue  # ICU found this word itself (it may be part of a longer one: អ្នកនៅរស់)
        # ICU missed the word: its breaks inside move to the word's edges
        breaks.difference_update(inside)
        if start > 0 and _CLUSTER_END.match(text[start - 1]):
            breaks.add(start)
        if end < len(text) and _CLUSTER_START.match(text[end]):
            breaks.add(end)


# Every digit as the first of its script: where a line may break never depends on which digit
# it is (ICU gives all decimal digits one line-break class, and every rule below treats them
# alike), so a wage or a total typed key by key, new text at each key, is broken once per
# shape ("១២៣.០០០ រៀល" and "៤៥៦.០០០ រៀល" alike), not once per amount: each of those cost an
# ICU call (~0.15 ms; a monthly total's screen has 18 of them per key).
_ONE_DIGIT = str.maketrans("123456789\u17e1\u17e2\u17e3\u17e4\u17e5\u17e6\u17e7\u17e8\u17e9",
                           "000000000\u17e0\u17e0\u17e0\u17e0\u17e0\u17e0\u17e0\u17e0\u17e0")


def break_opportunities(text: str, locale: str = "km") -> tuple[int, ...]:
    """The offsets in `text` where a new line may start, in order (never 0 or len(text)).

    Between words and after spaces; never inside a word, a Khmer syllable, the abbreviation
    ប.ស.ស. or a number. The same for every locale's text (the locale only tailors ICU)."""
    return _break_opportunities(text.translate(_ONE_DIGIT), locale)


@lru_cache(maxsize=CACHE_SIZE)
def _break_opportunities(text: str, locale: str) -> tuple[int, ...]:
    if len(text) < 2:
        return ()
    breaks = _icu_breaks(text, "km" if locale == "km" else "en")
    if is_khmer(text):
        _apply_lexicon(text, breaks)
        for match in _NO_BREAK_BEFORE.finditer(text):
            breaks.discard(match.start())
    for match in _ATOMS.finditer(text):
        breaks.difference_update(range(match.start() + 1, match.end()))
    return tuple(sorted(breaks))


def segments(text: str, locale: str = "km") -> list[str]:
    """`text` cut at every break opportunity (spaces stay at the end of the piece before)."""
    cuts = (0, *break_opportunities(text, locale), len(text))
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def marked(text: str, locale: str = "km", mark: str = "|") -> str:
    """`text` with `mark` at each break opportunity (for translators: `kiosk content breaks`)."""
    return mark.join(segments(text, locale))


@lru_cache(maxsize=CACHE_SIZE)
def with_break_hints(text: str, locale: str = "km") -> str:
    """`text` with a zero-width space at each break opportunity Qt would not find itself: where
    a Khmer word meets the next one with no space between. Text with no Khmer comes back as it
    is (Qt breaks Latin text at the same places ICU does)."""
    if not is_khmer(text):
        return text
    out, last = [], 0
    for at in break_opportunities(text, locale):
        before, after = text[at - 1], text[at]
        if before.isspace() or before == ZWSP or after == ZWSP:
            continue
        if _KHMER.match(before) or _KHMER.match(after):
            out += [text[last:at], ZWSP]
            last = at
    out.append(text[last:])
    return "".join(out)


def without_break_hints(text: str) -> str:
    return text.replace(ZWSP, "")
