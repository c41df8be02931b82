"""The outbox: the day's anonymous counts and heartbeats, waiting to be uploaded.

One SQLite file (`outbox.db`) next to the journey log. Every change to a day bumps its
`revision`; an upload sends each day whose revision it has not sent yet, as one object with the
day's counts so far (contract.py), and notes the revision it sent. A newer object for the same
day supersedes the older one at head office, so a kiosk can send today's counts at noon and
again at night, and a retry of the same revision writes the same object name again.

Each thread opens its own `Outbox` (SQLite connections stay in their thread); WAL lets the
screens add counts while an upload reads.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.counts.vocabulary import is_id, is_key

FILE = "outbox.db"
SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (day TEXT NOT NULL, metric TEXT NOT NULL, key TEXT NOT NULL,
    n INTEGER NOT NULL, PRIMARY KEY (day, metric, key)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS days (day TEXT PRIMARY KEY, revision INTEGER NOT NULL,
    sent_revision INTEGER NOT NULL DEFAULT 0, sent_key TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS heartbeats (seq INTEGER PRIMARY KEY AUTOINCREMENT, day TEXT NOT NULL,
    body TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS errors (source TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS state (name TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def day_text(day: dt.date) -> str:
    return day.isoformat()


def parse_day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@dataclass(frozen=True)
class PendingDay:
    day: str
    revision: int


@dataclass(frozen=True)
class LastUpload:
    at: str = ""  # local time, minutes: shown to staff, never uploaded
    result: str = "never"  # ok | failed | never
    error: str = ""
    target: str = ""
    objects: int = 0
    bytes: int = 0


class Outbox:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        from kiosk.device import private_file  # 0600, and so its WAL and shm files

        self._db = sqlite3.connect(private_file(self.path), timeout=10)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)
        self._batch = 0

    @classmethod
    def of(cls, root: Path) -> Outbox:
        """The outbox in a device's data folder."""
        return cls(Path(root) / FILE)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- transactions ------------------------------------------------------------------------
    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Many visits in one commit (the fleet simulator); the kiosk commits each visit."""
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1
            if not self._batch:
                self._db.commit()

    def _commit(self) -> None:
        if not self._batch:
            self._db.commit()

    def _bump(self, day: str) -> None:
        self._db.execute("INSERT INTO days (day, revision) VALUES (?, 1) ON CONFLICT(day) DO "
                         "UPDATE SET revision = revision + 1", (day,))

    # --- state -------------------------------------------------------------------------------
    def get(self, name: str, default: str = "") -> str:
        row = self._db.execute("SELECT value FROM state WHERE name = ?", (name,)).fetchone()
        return row[0] if row else default

    def set(self, name: str, value: str) -> None:
        self._db.execute("INSERT INTO state VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET "
                         "value = excluded.value", (name, value))
        self._commit()

    @property
    def kiosk_id(self) -> str:
        """This kiosk's name in the bucket: random, made once, tied to nothing else."""
        kiosk = self.get("kiosk_id")
        if not kiosk:
            kiosk = "k-" + secrets.token_hex(6)
            self._db.execute("INSERT OR IGNORE INTO state VALUES ('kiosk_id', ?)", (kiosk,))
            self._db.commit()
            kiosk = self.get("kiosk_id")
        return kiosk

    # --- counts ------------------------------------------------------------------------------
    def add(self, day: str, counts: Mapping[tuple[str, str], int]) -> None:
        """Add one visit's (or one event's) counts to `day`, in one transaction."""
        parse_day(day)
        rows = []
        for (metric, key), n in counts.items():
            if not is_id(metric) or not is_key(key) or not isinstance(n, int) or n < 0:
                raise ValueError(f"not a count: {metric!r} {key!r} {n!r}")
            if n:
                rows.append((day, metric, key, n))
        if not rows:
            return
        self._db.executemany("INSERT INTO counts VALUES (?, ?, ?, ?) ON CONFLICT(day, metric, key) "
                             "DO UPDATE SET n = n + excluded.n", rows)
        self._bump(day)
        self._commit()

    def day_counts(self, day: str) -> list[tuple[str, str, int]]:
        return [tuple(r) for r in self._db.execute(
            "SELECT metric, key, n FROM counts WHERE day = ? ORDER BY metric, key", (day,))]

    def totals(self, day: str) -> dict[str, dict[str, int]]:
        """metric -> key -> n for one day (the staff panel's "today")."""
        out: dict[str, dict[str, int]] = {}
        for metric, key, n in self.day_counts(day):
            out.setdefault(metric, {})[key] = n
        return out

    # --- errors and paint --------------------------------------------------------------------
    def count_error(self, source: str) -> None:
        source = source if is_id(source) else "other"
        self._db.execute("INSERT INTO errors VALUES (?, 1) ON CONFLICT(source) DO UPDATE SET "
                         "n = n + 1", (source,))
        self._commit()

    def take_errors(self) -> dict[str, int]:
        """The errors counted since the last heartbeat, and start counting afresh."""
        with self._db:
            rows = dict(self._db.execute("SELECT source, n FROM errors").fetchall())
            self._db.execute("DELETE FROM errors")
        return rows

    def painted(self, hour: str) -> None:
        """The screen painted during `hour` (local, "YYYY-MM-DDTHH"): at most one write an hour."""
        if self.get("painted_hour") != hour:
            self.set("painted_hour", hour)

    # --- heartbeats --------------------------------------------------------------------------
    def add_heartbeat(self, day: str, body: dict[str, Any]) -> int:
        parse_day(day)
        cur = self._db.execute("INSERT INTO heartbeats (day, body) VALUES (?, ?)",
                               (day, json.dumps(body, sort_keys=True)))
        self._bump(day)
        self._commit()
        return int(cur.lastrowid)

    def day_heartbeats(self, day: str) -> list[dict[str, Any]]:
        out = []
        for seq, body in self._db.execute("SELECT seq, body FROM heartbeats WHERE day = ? "
                                          "ORDER BY seq", (day,)):
            beat = json.loads(body)
            beat["seq"] = seq
            out.append(beat)
        return out

    # --- uploads -----------------------------------------------------------------------------
    def pending(self) -> list[PendingDay]:
        return [PendingDay(d, r) for d, r in self._db.execute(
            "SELECT day, revision FROM days WHERE revision > sent_revision ORDER BY day")]

    def mark_sent(self, day: str, revision: int, key: str) -> None:
        self._db.execute("UPDATE days SET sent_revision = max(sent_revision, ?), sent_key = ? "
                         "WHERE day = ?", (revision, key, day))
        self._commit()

    def sent_key(self, day: str) -> str:
        row = self._db.execute("SELECT sent_key FROM days WHERE day = ?", (day,)).fetchone()
        return row[0] if row else ""

    def note_upload(self, upload: LastUpload) -> None:
        self.set("last_upload", json.dumps(upload.__dict__))

    def last_upload(self) -> LastUpload:
        try:
            return LastUpload(**json.loads(self.get("last_upload", "{}")))
        except (TypeError, ValueError):
            return LastUpload()

    # --- retention ---------------------------------------------------------------------------
    def prune(self, today: dt.date, retention_days: int) -> int:
        """Forget days older than the retention, sent or not: counts are not kept for ever."""
        oldest = day_text(today - dt.timedelta(days=retention_days))
        with self._db:
            gone = self._db.execute("DELETE FROM counts WHERE day < ?", (oldest,)).rowcount
            self._db.execute("DELETE FROM heartbeats WHERE day < ?", (oldest,))
            self._db.execute("DELETE FROM days WHERE day < ?", (oldest,))
        return gone
