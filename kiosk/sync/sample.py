"""A generated content source for sync tests and benchmarks.

Sync does not care what the content says, only how much of it there is and what changes, so
tests make their own small (or, for byte ratios, realistic-sized) source instead of depending on
the shipped content while it is being written. Every text passes the real validator.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.model import source_hash
from kiosk.i18n import native_digits

if TYPE_CHECKING:
    from kiosk.sync.publish import PublishReport

_KM_WORDS = ["សន្តិសុខសង្គម", "កម្មករ", "និយោជក", "ប្រាក់", "សុខភាព", "កាតសមាជិក", "ការិយាល័យ",
             "ឯកសារ", "ភាគទាន", "គ្រោះថ្នាក់ការងារ", "សោធន", "មន្ទីរពេទ្យ"]
_EN_WORDS = ["social", "security", "worker", "employer", "money", "health", "member", "card",
             "office", "document", "contribution", "accident", "pension", "hospital"]


def _text(seed: int, words: int) -> tuple[str, str]:
    en = " ".join(_EN_WORDS[(seed * 7 + i * 3) % len(_EN_WORDS)] for i in range(words))
    km = " ".join(_KM_WORDS[(seed * 5 + i) % len(_KM_WORDS)] for i in range(words))
    return f"{en.capitalize()} {seed}.", f"{km} {native_digits(str(seed), 'km')}។"


def _block(indent: str, name: str, en: str, km: str) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML strings
    return (f"{indent}{name}:\n{indent}  en: {q(en)}\n{indent}  km: {q(km)}\n"
            f"{indent}  km_src: \"{source_hash(en)}\"\n")


def _record_head(rid: str) -> str:
    return (f"  - id: {rid}\n    sources: [\"generated for tests\"]\n    review: sample\n"
            "    reviewed_on: 2026-11-26\n")


def term_yaml(n: int, words: int = 24, edit: int = 0, note: str = "") -> str:
    """One glossary term; `edit` changes its definition, `note` its staff notes."""
    term_en, term_km = _text(n, 2)
    def_en, def_km = _text(n + edit * 1000, words)
    head = _record_head(f"term-{n:04d}") + (f"    notes: {json.dumps(note)}\n" if note else "")
    return head + _block("    ", "term", term_en, term_km) + _block("    ", "definition", def_en, def_km)


def office_yaml(n: int) -> str:
    name_en, name_km = _text(n, 3)
    out = _record_head(f"office-{n:03d}") + _block("    ", "name", name_en, name_km)
    # a place people visit says its hours, or that they are not known (the validator asks)
    out += _block("    ", "hours", "Not known here. Call 1286.", "យើងមិនដឹងទេ។ សូមហៅលេខ ១២៨៦។")
    return out + f"    phone: \"023 {n:03d} 286\"\n    icon: office-building\n"


def story_yaml(n: int, image: str) -> str:
    title_en, title_km = _text(n, 3)
    text_en, text_km = _text(n + 500, 12)
    return (_record_head(f"story-{n:03d}") + _block("    ", "title", title_en, title_km)
            + _block("    ", "text", text_en, text_km) + f"    icon: account-heart\n    image: {image}\n")


def write_sample(directory: Path, *, terms: int = 6, offices: int = 2, words: int = 24,
                 edits: dict[int, int] | None = None, images: list[str] | None = None,
                 notes: dict[int, str] | None = None) -> Path:
    """Write `directory/sample.yaml`: `terms` glossary terms (term n edited `edits[n]` times),
    `offices` offices, and one story per image path (under the assets folder) in `images`."""
    directory.mkdir(parents=True, exist_ok=True)
    edits, notes = edits or {}, notes or {}
    text = "glossary:\n" + "".join(term_yaml(n, words, edits.get(n, 0), notes.get(n, ""))
                                    for n in range(terms))
    if offices:
        text += "offices:\n" + "".join(office_yaml(n) for n in range(offices))
    if images:
        text += "stories:\n" + "".join(story_yaml(n, image) for n, image in enumerate(images))
    path = directory / "sample.yaml"
    path.write_text(text, encoding="utf-8")
    return path


class SampleWorld:
    """Head office in a folder: keys, a generated content source, its assets and a repository.
    The fixture of the sync tests and the benchmark."""

    def __init__(self, root: Path, *, terms: int = 6, offices: int = 2, words: int = 24,
                 images: dict[str, bytes] | None = None) -> None:
        from kiosk.sync.keys import init_keys

        self.root = Path(root)
        self.keys = self.root / "keys"
        self.content = self.root / "content"
        self.assets = self.root / "assets"
        self.repo = self.root / "repo"
        self.terms, self.offices, self.words = terms, offices, words
        self.images = dict(images or {})
        self.edits: dict[int, int] = {}
        self.notes: dict[int, str] = {}
        init_keys(self.keys)
        self.write()

    @property
    def root_file(self) -> Path:
        return self.keys / "root.json"

    def write(self) -> None:
        for rel, data in self.images.items():
            (self.assets / rel).parent.mkdir(parents=True, exist_ok=True)
            (self.assets / rel).write_bytes(data)
        self.assets.mkdir(parents=True, exist_ok=True)
        write_sample(self.content, terms=self.terms, offices=self.offices, words=self.words,
                     edits=self.edits, images=sorted(self.images), notes=self.notes)

    def edit(self, *terms: int) -> None:
        """Change the definition of each glossary term given (one field of one record each)."""
        for n in terms:
            self.edits[n] = self.edits.get(n, 0) + 1
        self.write()

    def note(self, n: int, text: str) -> None:
        """Set the staff notes of glossary term n: a small change to one field."""
        self.notes[n] = text
        self.write()

    def publish(self, **kw: object) -> PublishReport:
        from kiosk.sync.publish import load_for_publish, publish

        # sync moves any content the same way: these test repositories carry no rules
        content = load_for_publish(self.content, assets=self.assets, require_benefits=False,
                                   rules=None)
        return publish(content, self.keys, self.repo, assets=self.assets, **kw)  # type: ignore[arg-type]
