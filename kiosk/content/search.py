"""Search as typed over a bundle's per-language tables (written by `kiosk.content.bundle`).

The on-screen keyboard searches on every key, so most queries are the first characters of a
word. Three kinds of query, none of which ranks or scans every record:
- one or two characters (no trigram can match them): the titles that hold them, from the
  `grams_LOCALE` index, a title that starts with them first, then a word of a title that does,
  then the rest; bodies are not searched yet (one Khmer letter is in every body);
- three characters or more: title matches from `titles_LOCALE`, then body matches from
  `search_LOCALE`, each taking the first candidates in row order (the bundle writes rows best
  kind first), which are then ranked by bm25 and kind;
- a bundle written before these tables existed: the old plain scan and ranked match.
"""
from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from kiosk.text.breaks import ZWSP, break_opportunities

# Search ranks by bm25 (title ten times the body), then prefers what a visitor most likely wants.
KIND_WEIGHT = {"benefits": 2.0, "guides": 1.8, "schemes": 1.5, "checklists": 1.3, "duties": 1.3,
               "stories": 1.0, "glossary": 1.0, "offices": 1.0}
TRIGRAM = 3  # the trigram tokenizer cannot match a term shorter than this
CANDIDATES = 100  # rows taken from an index before the ranking
# where a one- or two-character piece stands in a title (lower is a better match)
AT_START, AT_WORD, INSIDE = 0, 1, 2

Row = tuple[str, str, str, str, float]  # kind, id, title, body, rank (< 0: a title match)


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: str
    title: str
    snippet: str
    score: float


def _checked(locale: str) -> str:
    # locale codes are fixed identifiers, never input, but they become table names
    if not locale.isalpha():
        raise ValueError(f"bad locale {locale!r}")
    return locale


def search_table(locale: str) -> str:
    """The full-text index of one language: kind, id, title, body."""
    return f"search_{_checked(locale)}"


def title_table(locale: str) -> str:
    """The titles of one language alone, trigram-indexed (rowids those of `search_table`)."""
    return f"titles_{_checked(locale)}"


def gram_table(locale: str) -> str:
    """Every one- and two-character piece of each title, with its place (AT_START ...)."""
    return f"grams_{_checked(locale)}"


def fold(text: str) -> str:
    return text.replace(ZWSP, "").casefold()


def title_grams(title: str, locale: str) -> dict[str, int]:
    """Each one- and two-character piece of `title` (folded) and the best place it stands."""
    text = fold(title)
    words = set(break_opportunities(text, locale))
    best: dict[str, int] = {}
    for i in range(len(text)):
        place = AT_START if i == 0 else AT_WORD if i in words else INSIDE
        for gram in {text[i:i + 1], text[i:i + 2]}:
            if not any(c.isspace() for c in gram) and best.get(gram, INSIDE + 1) > place:
                best[gram] = place
    return best


class Searcher:
    """Runs searches on one open bundle connection."""

    def __init__(self, db: sqlite3.Connection, locales: tuple[str, ...]) -> None:
        self._db = db
        names = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        # bundles built before search as typed have only search_LOCALE
        self._typed = {loc for loc in locales
                       if title_table(loc) in names and gram_table(loc) in names}

    def search(self, text: str, locale: str, limit: int = 20) -> list[SearchHit]:
        """Records matching every word of `text` in `locale`: title matches first, ranked by
        bm25 and by kind (a benefit before a glossary term), then the records that have the
        words only in their body, in content order."""
        words = [w for w in re.split(r"\s+", text.replace(ZWSP, "").strip()) if w]
        if not words:
            return []
        long_words = [w for w in words if len(w) >= TRIGRAM]
        typed = locale in self._typed
        if long_words:
            rows = self._match(locale, long_words) if typed else self._ranked_match(locale, long_words)
        else:
            rows = self._first_keys(locale, words[0]) if typed else self._scan(locale, words[0])
        short = [w.casefold() for w in words if len(w) < TRIGRAM]
        hits = []
        for order, (kind, rid, title, body, rank) in enumerate(rows):
            if all(w in f"{title} {body}".casefold() for w in short):
                # title matches have a rank (negative: lower is better); body-only ones keep
                # their content order after every title match
                score = rank * KIND_WEIGHT.get(kind, 1.0) if rank < 0 else 1.0 + order
                hits.append(SearchHit(kind, rid, title, _snippet(body, words), score))
        hits.sort(key=lambda h: (h.score, h.kind, h.id))
        return hits[:limit]

    def _rows(self, locale: str, ranks: dict[int, float]) -> list[Row]:
        """The records of these rowids, with their ranks, in the order given."""
        if not ranks:
            return []
        table = search_table(locale)
        marks = ",".join("?" * len(ranks))
        found = {rowid: (kind, rid, title, body) for rowid, kind, rid, title, body in
                 self._db.execute(f"SELECT rowid, kind, id, title, body FROM {table} "
                                  f"WHERE rowid IN ({marks})", list(ranks))}
        return [(*found[rowid], rank) for rowid, rank in ranks.items() if rowid in found]

    def _first_keys(self, locale: str, word: str) -> list[Row]:
        # one index lookup: the best-placed titles holding these one or two characters; the
        # rank puts a title's start before a word's start before the inside of a word, whatever
        # the kind (ranks a factor 3 apart outweigh the kind weights, at most 2)
        docs = self._db.execute(
            f"SELECT doc, place FROM {gram_table(locale)} WHERE gram = ? "
            "ORDER BY place, doc LIMIT ?", (fold(word), CANDIDATES)).fetchall()
        return self._rows(locale, {doc: -(3.0 ** (INSIDE - place)) for doc, place in docs})

    def _match(self, locale: str, words: list[str]) -> list[Row]:
        phrase = _phrase(words)
        titles = title_table(locale)
        # no ORDER BY rank: bm25 would score every matching title before the LIMIT; the first
        # candidates in row order are the best kinds, and only they are scored
        ranks = dict(self._db.execute(
            f"SELECT rowid, rank FROM {titles} WHERE {titles} MATCH ? LIMIT ?",
            (phrase, CANDIDATES)).fetchall())
        table = search_table(locale)
        rest = self._db.execute(
            f"SELECT kind, id, title, body, 0.0 FROM {table} WHERE {table} MATCH ? LIMIT ?",
            (f"({phrase}) NOT ({{title}} : ({phrase}))", CANDIDATES)).fetchall()
        return self._rows(locale, {rowid: min(rank, -1e-9) for rowid, rank in ranks.items()}) + rest

    def _ranked_match(self, locale: str, words: list[str]) -> list[Row]:
        # bundles without titles_LOCALE: only the title matches, which are few, are ranked
        phrase = _phrase(words)
        table = search_table(locale)
        in_title = f"{{title}} : ({phrase})"
        select = f"SELECT kind, id, title, body, {{rank}} FROM {table} WHERE {table} MATCH ?"
        ranked = self._db.execute(select.format(rank="rank") + " ORDER BY rank LIMIT ?",
                                  (in_title, CANDIDATES)).fetchall()
        rest = self._db.execute(select.format(rank="0.0") + " LIMIT ?",
                                (f"({phrase}) NOT ({in_title})", CANDIDATES)).fetchall()
        return ranked + rest

    def _scan(self, locale: str, word: str) -> list[Row]:
        # bundles without grams_LOCALE: a plain scan, titles first
        table = search_table(locale)
        return self._db.execute(
            f"SELECT kind, id, title, body, CASE WHEN instr(lower(title), lower(?)) > 0 "
            f"THEN -10.0 ELSE 0.0 END AS r FROM {table} "
            f"WHERE instr(lower(title), lower(?)) > 0 OR instr(lower(body), lower(?)) > 0 "
            f"ORDER BY r LIMIT ?", (word, word, word, CANDIDATES)).fetchall()


def _phrase(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _snippet(body: str, words: list[str], width: int = 90) -> str:
    """A window of `body` around the first word found, for the result tile."""
    lowered = body.lower()
    at = min((i for i in (lowered.find(w.lower()) for w in words) if i >= 0), default=0)
    start = max(0, at - width // 3)
    piece = body[start : start + width].strip()
    return ("…" if start else "") + piece + ("…" if start + width < len(body) else "")
