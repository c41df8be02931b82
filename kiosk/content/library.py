"""`Library`: the read API over a content bundle that the screens and printouts use.

It opens the bundle read-only, so a sync that swaps the file underneath (by rename) never
disturbs a visitor: this connection keeps reading the old file until the kiosk reopens.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.content.search import KIND_WEIGHT, Searcher, SearchHit, search_table
from kiosk.errors import KioskError
from kiosk.i18n import Msg

__all__ = ["KIND_WEIGHT", "BundleMeta", "Library", "NotFound", "SearchHit", "search_table"]

if TYPE_CHECKING:  # the content models (pydantic) load on the first record read, not at start
    from kiosk.content.model import (
        Benefit,
        Checklist,
        Contribution,
        Duty,
        Guide,
        Message,
        Office,
        Record,
        Scheme,
        Story,
        Term,
    )
    from kiosk.content.staff import StaffView


CACHE_KIB = 512


def _models():  # noqa: ANN202 - the kiosk.content.model module
    from kiosk.content import model

    return model


class NotFound(KioskError):
    def __init__(self, kind: str, rid: str) -> None:
        super().__init__(Msg("no {kind} {id!r} in the content",
                             kind=_models().SINGULAR.get(kind, kind), id=rid))
        self.kind, self.rid = kind, rid


@dataclass(frozen=True)
class BundleMeta:
    content_version: int
    content_hash: str
    schema_version: int
    built_at: str
    locales: tuple[str, ...]
    records: int
    site_url: str = ""  # the phone site's address, as published (kiosk.site.address)


class Library:
    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise KioskError("content bundle {path} is not there", path=self.path)
        try:
            self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True,
                                       check_same_thread=False)
            # a small page cache: the bundle is read often but by small queries, and the OS
            # keeps its pages anyway; SQLite's default 2 MiB per connection was kiosk memory
            self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            raise KioskError("content bundle {path} cannot be read: {reason}", path=self.path,
                             reason=exc) from None
        self.meta = BundleMeta(
            content_version=int(rows.get("content_version", 0)),
            content_hash=rows.get("content_hash", ""),
            schema_version=int(rows.get("schema_version", 0)),
            built_at=rows.get("built_at", ""),
            locales=tuple(filter(None, rows.get("locales", "").split(","))),
            records=int(rows.get("records", 0)),
            site_url=rows.get("site_url", ""),
        )
        self._cache: dict[tuple[str, str], Record] = {}
        self._searcher: Searcher | None = None

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- records -------------------------------------------------------------------------
    def _one(self, kind: str, rid: str) -> Record:
        key = (kind, rid)
        if key not in self._cache:
            row = self._db.execute("SELECT json FROM records WHERE kind = ? AND id = ?",
                                   key).fetchone()
            if row is None:
                raise NotFound(kind, rid)
            self._cache[key] = _models().KINDS[kind].model_validate_json(row[0])
        return self._cache[key]

    def _all(self, kind: str, audience: str | None = None) -> list[Record]:
        model = _models().KINDS[kind]
        rows = self._db.execute(
            "SELECT id, json FROM records WHERE kind = ? ORDER BY ord, id", (kind,)).fetchall()
        out: list[Record] = []
        for rid, data in rows:
            record = self._cache.get((kind, rid)) or model.model_validate_json(data)
            self._cache[(kind, rid)] = record
            if record.for_audience(audience):
                out.append(record)
        return out

    def slides(self) -> list[tuple[str, str, str]]:
        """The attract loop's lines: (icon, Khmer, English) of each message, then each story's
        title, read from the records' JSON as stored: the first screen shows them before the
        content models (pydantic) have loaded."""
        out = []
        for kind, field in (("messages", "text"), ("stories", "title")):
            for (data,) in self._db.execute(
                    "SELECT json FROM records WHERE kind = ? ORDER BY ord, id", (kind,)):
                record = json.loads(data)
                text = record.get(field) or {}
                out.append((record.get("icon", ""), text.get("km", ""), text.get("en", "")))
        return out

    def rule_files(self) -> dict[str, str]:
        """The eligibility rule files the bundle carries (name -> YAML text); {} for a bundle
        built without rules (kiosk.eligibility.rules_of_library reads them)."""
        try:
            return dict(self._db.execute("SELECT name, text FROM rules ORDER BY name").fetchall())
        except sqlite3.OperationalError:  # a bundle from before rules travelled with content
            return {}

    def ids(self, kind: str) -> list[str]:
        return [r[0] for r in self._db.execute(
            "SELECT id FROM records WHERE kind = ? ORDER BY ord, id", (kind,))]

    def schemes(self) -> list[Scheme]:
        return self._all("schemes")

    def benefits(self, audience: str | None = None, scheme: str | None = None) -> list[Benefit]:
        found = self._all("benefits", audience)
        return [b for b in found if scheme is None or b.scheme == scheme]

    def benefit(self, rid: str) -> Benefit:
        return self._one("benefits", rid)  # type: ignore[return-value]

    def checklists(self, audience: str | None = None) -> list[Checklist]:
        return self._all("checklists", audience)

    def checklist(self, rid: str) -> Checklist:
        """A checklist by its id, or the claim checklist of a benefit given the benefit id."""
        try:
            return self._one("checklists", rid)  # type: ignore[return-value]
        except NotFound:
            if self._db.execute("SELECT 1 FROM records WHERE kind='benefits' AND id=?",
                                (rid,)).fetchone():
                return self._one("checklists", self.benefit(rid).checklist)  # type: ignore
            raise

    def duties(self) -> list[Duty]:
        return self._all("duties")

    def contributions(self) -> list[Contribution]:
        return self._all("contributions")

    def stories(self, benefit: str | None = None) -> list[Story]:
        found = self._all("stories")
        return [s for s in found if benefit is None or benefit in s.benefits]

    def story(self, rid: str) -> Story:
        return self._one("stories", rid)  # type: ignore[return-value]

    def story_for(self, benefit_id: str) -> Story | None:
        """The one story a benefit shows: the first of its `stories` (content chooses)."""
        for sid in self.benefit(benefit_id).stories:
            try:
                return self.story(sid)
            except NotFound:  # a bundle validates its links; an old one may not
                continue
        return None

    def guides(self, audience: str | None = None) -> list[Guide]:
        return self._all("guides", audience)

    def guide(self, rid: str) -> Guide:
        return self._one("guides", rid)  # type: ignore[return-value]

    def staff_detail(self, benefit_id: str, locale: str) -> StaffView:
        """What front-office staff read about a benefit, in `locale` (kiosk/content/staff.py)."""
        from kiosk.content.staff import staff_view

        return staff_view(self.benefit(benefit_id), locale)

    def offices(self, kind: str | None = None) -> list[Office]:
        """Every way to reach NSSF in content order, or those of one kind ("branch"...)."""
        return [o for o in self._all("offices") if kind is None or o.kind == kind]

    def office_here(self, location: str) -> Office | None:
        """The office this kiosk stands in, from its location setting ("you are here")."""
        from kiosk.content.offices import office_for_location

        return office_for_location(self.offices(), location)

    def messages(self) -> list[Message]:
        return self._all("messages")

    def glossary(self) -> list[Term]:
        terms = self._all("glossary")
        return sorted(terms, key=lambda t: t.term.en.lower())

    def term(self, text: str, locale: str | None = None) -> Term | None:
        """The glossary entry whose term is `text` (either language unless `locale` is given)."""
        wanted = text.strip().casefold()
        for term in self._all("glossary"):
            names = [term.term.get(locale)] if locale else [term.term.km, term.term.en]
            if any(name.strip().casefold() == wanted for name in names):
                return term
        return None

    # --- search --------------------------------------------------------------------------
    def search(self, text: str, locale: str, limit: int = 20) -> list[SearchHit]:
        """Records matching every word of `text` in `locale` (kiosk/content/search.py): title
        matches first, ranked by bm25 and by kind, then the records that have the words only in
        their body; from the first key typed on."""
        if locale not in self.meta.locales:
            return []
        if self._searcher is None:
            self._searcher = Searcher(self._db, self.meta.locales)
        return self._searcher.search(text, locale, limit)
