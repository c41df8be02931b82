"""Builds the content bundle: one SQLite file the kiosk reads, with full-text search.

The same content gives the same bytes: records are written in a fixed order, as canonical JSON,
and the build time comes from the caller (or SOURCE_DATE_EPOCH), never from the clock. Khmer has
no spaces between words, so the search index uses FTS5's trigram tokenizer, which finds any run
of three or more characters in either language. The eligibility rules travel in the bundle too
(table `rules`: the YAML text of each rule file), so what a kiosk shows and what it evaluates
are one signed unit and switch together.

The keyboard searches on every key, so a query may be one or two characters long, which no
trigram can match. Per language, the bundle holds three search tables (`kiosk.content.search`
reads them):
- `search_LOCALE`: kind, id, title and body, trigram-indexed (any run of 3+ characters);
- `titles_LOCALE`: the titles alone, trigram-indexed without a copy of the text, so a title
  match is found without walking the doclists of every body;
- `grams_LOCALE`: every one- and two-character piece of each title with where it stands (the
  title's start, a word's start by the kiosk's word breaker, or inside a word), so the first
  keys of a query are one index lookup.
Rows go in in the order a visitor most likely wants (benefits first, as `KIND_WEIGHT`), so the
first matches in row order are the best candidates and no query has to rank every match.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.loader import ContentSet
from kiosk.content.model import (
    Benefit,
    Checklist,
    Duty,
    Guide,
    Office,
    Record,
    Scheme,
    Story,
    Term,
    Text,
)
from kiosk.content.search import KIND_WEIGHT, gram_table, search_table, title_grams, title_table
from kiosk.i18n import LOCALES

SCHEMA_VERSION = 2  # 2: titles_LOCALE and grams_LOCALE for search as typed


@dataclass(frozen=True)
class BundleInfo:
    path: Path
    content_version: int
    content_hash: str
    records: int


def canonical_json(record: Record) -> str:
    data = record.model_dump(mode="json", exclude_none=True)
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(content: ContentSet) -> str:
    digest = hashlib.sha256()
    for kind, record in content.all():
        digest.update(f"{kind}\0{canonical_json(record)}\n".encode())
    for name, text in sorted(content.rules.items()):  # none: the hash of the records alone
        digest.update(f"rules\0{name}\0{text}\n".encode())
    return digest.hexdigest()


def _search_text(record: Record, locale: str) -> tuple[str, str] | None:
    """(title, body) to index for a record in one language; None for kinds not searched."""
    def t(text: Text | None) -> str:
        return text.get(locale) if text is not None else ""

    match record:
        case Benefit():
            body = [record.summary, record.what_you_get, record.who_can_get, record.how_to_claim,
                    record.amount]
            return t(record.title), " ".join(t(x) for x in body)
        case Checklist():
            parts = [t(record.intro)] + [t(d.name) for d in record.documents]
            parts += [t(s.text) for s in record.steps] + [t(record.penalty)]
            return t(record.title), " ".join(parts)
        case Scheme():
            return t(record.name), t(record.summary)
        case Duty():
            return t(record.title), f"{t(record.text)} {t(record.deadline)}"
        case Story():
            return t(record.title), t(record.text)
        case Guide():
            parts = [t(record.intro)] + [t(s.heading) for s in record.sections]
            parts += [t(p.text) for s in record.sections for p in s.points]
            return t(record.title), " ".join(parts)
        case Term():
            return t(record.term), t(record.definition)
        case Office():
            return t(record.name), f"{t(record.address)} {record.phone or ''} {record.website or ''}"
    return None


def _write_search_tables(conn: sqlite3.Connection, locale: str,
                         entries: list[tuple[str, str, str, str]]) -> None:
    # One index per language keeps a query's candidates to its own language; the stored rank
    # function weighs the title ten times the body. Row ids follow the kinds' weight, then the
    # content order (Python's sort is stable).
    entries = sorted(entries, key=lambda e: -KIND_WEIGHT.get(e[0], 1.0))
    table = search_table(locale)
    titles, grams = title_table(locale), gram_table(locale)
    conn.execute(f"CREATE VIRTUAL TABLE {table} USING fts5(kind UNINDEXED, id UNINDEXED, "
                 "title, body, tokenize='trigram')")
    conn.execute(f"INSERT INTO {table}({table}, rank) VALUES('rank', 'bm25(0, 0, 10.0, 1.0)')")
    conn.execute(f"CREATE VIRTUAL TABLE {titles} USING fts5(title, tokenize='trigram', "
                 "content='')")
    conn.execute(f"CREATE TABLE {grams} (gram TEXT NOT NULL, place INTEGER NOT NULL, "
                 "doc INTEGER NOT NULL, PRIMARY KEY (gram, place, doc)) WITHOUT ROWID")
    rows = [(n, *entry) for n, entry in enumerate(entries, 1)]
    conn.executemany(f"INSERT INTO {table}(rowid, kind, id, title, body) VALUES (?, ?, ?, ?, ?)",
                     rows)
    conn.executemany(f"INSERT INTO {titles}(rowid, title) VALUES (?, ?)",
                     [(n, title) for n, _kind, _id, title, _body in rows])
    conn.executemany(f"INSERT INTO {grams}(gram, place, doc) VALUES (?, ?, ?)",
                     [(gram, place, n) for n, _kind, _id, title, _body in rows
                      for gram, place in title_grams(title, locale).items()])
    for fts in (table, titles):
        conn.execute(f"INSERT INTO {fts}({fts}) VALUES('optimize')")


def default_built_at() -> str:
    """SOURCE_DATE_EPOCH if set (reproducible builds), else empty: no clock unless asked."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def build_bundle(
    content: ContentSet, out: Path, *, version: int = 0, built_at: str | None = None,
    site_url: str = "",
) -> BundleInfo:
    """Write the bundle to `out` (via a temporary file and a rename: never half written).
    `site_url`: where the phone site is (head office publishes it with the content; the QR
    codes the kiosk prints point there)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".building")
    tmp.unlink(missing_ok=True)
    digest = content_hash(content)
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA page_size = 4096")
        conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
        conn.execute("CREATE TABLE records (kind TEXT, id TEXT, ord INTEGER, audience TEXT, "
                     "json TEXT, PRIMARY KEY (kind, id))")
        rows = []
        docs: dict[str, list[tuple[str, str, str, str]]] = {locale: [] for locale in LOCALES}
        for kind, record in content.all():
            rows.append((kind, record.id, getattr(record, "order", 0), record.audience,
                         canonical_json(record)))
            for locale in LOCALES:
                text = _search_text(record, locale)
                if text:
                    docs[locale].append((kind, record.id, text[0], text[1]))
        conn.executemany("INSERT INTO records (kind, id, ord, audience, json) "
                         "VALUES (?, ?, ?, ?, ?)", rows)
        conn.execute("CREATE TABLE rules (name TEXT PRIMARY KEY, text TEXT)")
        conn.executemany("INSERT INTO rules (name, text) VALUES (?, ?)",
                         sorted(content.rules.items()))
        for locale, entries in docs.items():
            _write_search_tables(conn, locale, entries)
        meta = {
            "schema_version": str(SCHEMA_VERSION),
            "content_version": str(version),
            "content_hash": digest,
            "built_at": default_built_at() if built_at is None else built_at,
            "locales": ",".join(LOCALES),
            "records": str(len(rows)),
            "rules": str(len(content.rules)),
        }
        if site_url:
            meta["site_url"] = site_url
        conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", sorted(meta.items()))
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, out)
    return BundleInfo(out, version, digest, len(rows))
