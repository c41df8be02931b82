"""One word for one thing: a glossary term's English in a text means its Khmer in that text.

For every bilingual text (content records, rule texts, interface strings) whose English uses a
glossary term (its `term.en`, without a trailing "(...)", or one of its `match_en` forms, in the
singular or plural), the Khmer must contain the term's Khmer. Otherwise a reader meets two names
for one thing ("contracted facility" as កន្លែងព្យាបាលដែលមានកិច្ចសន្យា here and
មណ្ឌលសុខភាពដែលមានកិច្ចព្រមព្រៀង there) and cannot tell that they are the same.

Matching is by whole words, longest form first, so "registered marriage" (a term of its own) is
not read as "register". It looks phrases up in a dictionary, word by word, so its cost grows with
the length of the texts, not with the number of terms times texts.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.i18n import latin_digits

if TYPE_CHECKING:
    from kiosk.content.loader import ContentSet, RawRecord
    from kiosk.content.model import Term

_WORD = re.compile(r"[a-z0-9]+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # {maternity_allowance_rate} is a value, not words
_PAREN_TAIL = re.compile(r"\s*\([^)]*\)\s*$")
_SPACES = re.compile(r"[\s\u200b]+")


@dataclass(frozen=True)
class TextAt:
    """A bilingual text and where its Khmer is written."""

    en: str
    km: str
    path: str
    line: int


def _words(text: str) -> list[str]:
    plain = _PLACEHOLDER.sub(" ", text).casefold().replace("’", "'").replace("'", "")
    return _WORD.findall(plain)


def _khmer_key(text: str) -> str:
    """Khmer compared without spaces or zero-width spaces, digits as Latin ones."""
    return _SPACES.sub("", latin_digits(text))


def _variants(words: list[str]) -> Iterator[tuple[str, ...]]:
    """A form and its plurals: facility -> facilities, worker -> workers, box -> boxes."""
    yield tuple(words)
    head, last = words[:-1], words[-1]
    if last[-1:].isalpha():
        yield (*head, last + "s")
        yield (*head, last + "es")
        if last.endswith("y"):
            yield (*head, last[:-1] + "ies")


class Glossary:
    """The glossary as a phrase dictionary: word tuples -> the term they name."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.forms: dict[tuple[str, ...], Term] = {}
        terms_list = list(terms)
        for term in sorted(terms_list, key=lambda t: t.id):
            names = [_PAREN_TAIL.sub("", term.term.en), *term.match_en]
            for name in names:
                words = _words(name)
                if not words:
                    continue
                for variant in _variants(words):
                    self.forms.setdefault(variant, term)
        self.longest = max((len(f) for f in self.forms), default=0)
        # first word -> the longest form starting with it: most words start no term at all
        self.starts: dict[str, int] = {}
        for form in self.forms:
            self.starts[form[0]] = max(self.starts.get(form[0], 0), len(form))
        # another spelling of a term's Khmer (ទូរសព្ទ for ទូរស័ព្ទ) is wrong wherever it is
        self.avoid: list[tuple[str, str, Term]] = [
            (_khmer_key(bad), bad, term) for term in sorted(terms_list, key=lambda t: t.id)
            for bad in term.km_avoid]

    def used_in(self, english: str) -> list[tuple[str, Term]]:
        """The terms an English text uses (longest match first, each span once), with the
        words that matched."""
        words = _words(english)
        found: list[tuple[str, Term]] = []
        i = 0
        while i < len(words):
            longest = self.starts.get(words[i], 0)
            for size in range(min(longest, len(words) - i), 0, -1):
                term = self.forms.get(tuple(words[i:i + size]))
                if term is not None:
                    found.append((" ".join(words[i:i + size]), term))
                    i += size
                    break
            else:
                i += 1
        return found

    def problems(self, texts: Iterable[TextAt]) -> list[str]:
        out: list[str] = []
        for text in texts:
            used = self.used_in(text.en)
            if not used and not self.avoid:
                continue  # most texts: no term, nothing to compare
            khmer = _khmer_key(text.km)
            reported: set[str] = set()
            for key, bad, term in self.avoid:
                if key in khmer:
                    reported.add(term.id)
                    out.append(f"{text.path}:{text.line}: the Khmer writes {bad!r}, a spelling "
                               f"the glossary avoids: write it as in {term.term.km!r} ({term.id})")
            for words, term in used:
                if term.id in reported or _khmer_key(term.term.km) in khmer:
                    continue
                reported.add(term.id)
                out.append(f"{text.path}:{text.line}: the English says {words!r} but the Khmer "
                           f"does not use the glossary's {term.term.km!r} ({term.id}): use the "
                           "same Khmer for the same thing")
        return out


def content_texts(raws: Iterable[RawRecord]) -> Iterator[TextAt]:
    from kiosk.content.loader import text_nodes

    for raw in raws:
        for node in text_nodes(raw):
            if isinstance(node.get("km"), str):
                yield TextAt(str(node["en"]), node["km"], raw.path,
                             node.lines.get("km", raw.line))


def yaml_texts(directory: Path) -> Iterator[TextAt]:
    """Every bilingual text in the YAML files of a folder (the eligibility rules): any mapping
    with an English and a Khmer string. Files that do not read are the rules validator's to
    report, not this check's."""
    from kiosk.content.loader import _display
    from kiosk.errors import ContentError
    from kiosk.yamlsrc import LineDict, load_yaml

    for path in sorted(directory.glob("*.yaml")):
        display = _display(path)
        try:
            tree = load_yaml(path, display)
        except ContentError:
            continue
        stack = [tree]
        while stack:
            node = stack.pop()
            if isinstance(node, LineDict):
                if isinstance(node.get("en"), str) and isinstance(node.get("km"), str):
                    yield TextAt(node["en"], node["km"], display, node.lines.get("km", 1))
                    continue
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)


def catalog_texts(po_file: Path) -> Iterator[TextAt]:
    """The translated interface strings of a gettext catalog, with their line numbers."""
    from babel.messages.pofile import read_po

    with open(po_file, "rb") as fh:
        catalog = read_po(fh)
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.string:
            yield TextAt(message.id, str(message.string), str(po_file), message.lineno)


def term_problems(content: ContentSet, raws: Iterable[RawRecord]) -> list[str]:
    """The content's own texts checked against its glossary."""
    glossary = Glossary(content.records["glossary"].values())  # type: ignore[arg-type]
    return glossary.problems(content_texts(raws)) if glossary.forms or glossary.avoid else []


def rules_term_problems(content: ContentSet, rules_dir: Path) -> list[str]:
    """The eligibility rules' texts (reasons, questions, next steps) checked against the
    content's glossary: a visitor reads them on the same screens."""
    glossary = Glossary(content.records["glossary"].values())  # type: ignore[arg-type]
    return glossary.problems(yaml_texts(rules_dir))
