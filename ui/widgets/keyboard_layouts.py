"""The on-screen keyboard's layouts: plain data, one string per key.

The Khmer pages follow NiDA, the national Khmer Unicode layout (the one Khmer keyboards on phones
and computers are built on, see /usr/share/X11/xkb/symbols/kh): the plain page holds the first
consonant of each pair and the common vowels, shift gives the second row of letters (ក→គ, ត→ទ,
ា→ាំ ...), exactly where a Khmer typist expects them. NiDA's third level (right Alt) has no key on
a touchscreen, so its letters (the rarer independent vowels and signs) get a page of their own.

A key is the text it types: usually one code point, a few NiDA keys type two (ុំ, ាំ, េះ, ោះ, ុះ).
Each character is on one page only (the Latin shift page leaves out the punctuation the Khmer
shift page has), so a key is found by what it types.
"""
from __future__ import annotations

# NiDA level 1 (no shift): digits, then the rows of letters.
KHMER: tuple[tuple[str, ...], ...] = (
    ("១", "២", "៣", "៤", "៥", "៦", "៧", "៨", "៩", "០", "ឥ", "ឲ", "ឮ"),
    ("ឆ", "ឹ", "េ", "រ", "ត", "យ", "ុ", "ិ", "ោ", "ផ", "ៀ", "ឪ"),
    ("ា", "ស", "ដ", "ថ", "ង", "ហ", "្", "ក", "ល", "ើ", "់"),
    ("ឋ", "ខ", "ច", "វ", "ប", "ន", "ម", "ុំ", "។", "៊"),
)

# NiDA level 2 (shift): the second letter of each key.
KHMER_SHIFT: tuple[tuple[str, ...], ...] = (
    ("!", "ៗ", '"', "៛", "%", "៍", "័", "៏", "(", ")", "៌", "=", "ឭ"),
    ("ឈ", "ឺ", "ែ", "ឬ", "ទ", "ួ", "ូ", "ី", "ៅ", "ភ", "ឿ", "ឧ"),
    ("ាំ", "ៃ", "ឌ", "ធ", "អ", "ះ", "ញ", "គ", "ឡ", "ោះ", "៉"),
    ("ឍ", "ឃ", "ជ", "េះ", "ព", "ណ", "ំ", "ុះ", "៕", "?"),
)

# NiDA level 3 (right Alt), which a touchscreen has no key for: the other independent vowels,
# the rarer signs and punctuation.
KHMER_MORE: tuple[tuple[str, ...], ...] = (
    ("ឦ", "ឩ", "ឫ", "ឯ", "ឰ", "ឱ", "ឳ", "ឝ", "ឞ", "ៜ"),
    ("ៈ", "៎", "៑", "៝", "៖", "៙", "៚", "«", "»", "-"),
)

LATIN: tuple[tuple[str, ...], ...] = (
    ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0"),
    ("q", "w", "e", "r", "t", "y", "u", "i", "o", "p"),
    ("a", "s", "d", "f", "g", "h", "j", "k", "l", "'"),
    ("z", "x", "c", "v", "b", "n", "m", ",", ".", "/"),
)

LATIN_SHIFT: tuple[tuple[str, ...], ...] = (
    ("@", "#", "$", "&", "*", "+", "_", "~", "<", ">"),
    ("Q", "W", "E", "R", "T", "Y", "U", "I", "O", "P"),
    ("A", "S", "D", "F", "G", "H", "J", "K", "L", ":"),
    ("Z", "X", "C", "V", "B", "N", "M", ";", "|", "\\"),
)

# page name -> rows; the order is the order the pages are built in.
PAGES: dict[str, tuple[tuple[str, ...], ...]] = {
    "khmer": KHMER,
    "khmer-shift": KHMER_SHIFT,
    "khmer-more": KHMER_MORE,
    "latin": LATIN,
    "latin-shift": LATIN_SHIFT,
}

COENG = "\u17d2"  # KHMER SIGN COENG: the next consonant is written as a subscript
DOTTED_CIRCLE = "\u25cc"  # drawn under a mark on a key cap, so a lone vowel sign is visible


def key_name(text: str) -> str:
    """The objectName of the key that types `text`: `key-17d2`, `key-17bb-17c6`, `key-71`."""
    return "key-" + "-".join(f"{ord(ch):04x}" for ch in text)


def _check_unique() -> None:
    seen: dict[str, str] = {}
    for page, rows in PAGES.items():
        for row in rows:
            for key in row:
                if key in seen:
                    raise AssertionError(f"key {key!r} on pages {seen[key]} and {page}")
                seen[key] = page


_check_unique()
