"""The journey log: the anonymous steps of each visit (screen, action), kept on the kiosk only.

A visit is a random id; no answers, names or numbers are kept. A step's time is kept to the
hour, never finer (one row per tap with its second would tell who stood there when); the staff
panel leaves no row; days older than the retention setting are deleted.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

HOUR = 3600
DAY = 86400
STAFF_SCREEN = "staff"


def hour_of(moment: float) -> int:
    return int(moment) - int(moment) % HOUR


class JourneyLog:
    def __init__(self, path: Path, retention_days: int = 90) -> None:
        self.path = path
        self.retention_days = retention_days
        from kiosk.device import private_file  # SQLite gives its WAL the file's own mode

        self._db = sqlite3.connect(private_file(path), check_same_thread=False)
        # one small write per tap: WAL with normal sync costs ~0.05 ms instead of ~1.5 ms a
        # commit, and a power cut loses at most the last steps, never the file
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS events (at REAL, visit TEXT, screen TEXT, "
                         "action TEXT, locale TEXT)")
        # a log written before these rules: its times to the hour, its staff rows gone
        with self._db:
            self._db.execute("UPDATE events SET at = CAST(at AS INTEGER) - CAST(at AS INTEGER) % ? "
                             "WHERE CAST(at AS INTEGER) % ? != 0 OR at != CAST(at AS INTEGER)",
                             (HOUR, HOUR))
            self._db.execute("DELETE FROM events WHERE screen = ?", (STAFF_SCREEN,))
        self._pruned_on = -1
        self.prune()

    def record(self, visit: str, screen: str, action: str = "view", locale: str = "",
               now: float | None = None) -> None:
        if screen == STAFF_SCREEN:
            return
        moment = time.time() if now is None else now
        if int(moment) // DAY != self._pruned_on:
            self.prune(moment)
        self._db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?)",
                         (hour_of(moment), visit, screen, action, locale))
        self._db.commit()

    def prune(self, now: float | None = None) -> int:
        """Delete what is older than the retention; once a day is enough."""
        moment = time.time() if now is None else now
        self._pruned_on = int(moment) // DAY
        with self._db:
            cur = self._db.execute("DELETE FROM events WHERE at < ?",
                                   (moment - self.retention_days * DAY,))
        return cur.rowcount

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])

    def visits(self) -> int:
        return int(self._db.execute("SELECT count(DISTINCT visit) FROM events").fetchone()[0])

    def close(self) -> None:
        self._db.close()
