"""The journey log keeps no time finer than the hour, no staff rows, and nothing past retention."""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from kiosk.counts.journey import JourneyLog
from kiosk.device import Device


def _times(path: Path) -> list[float]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT at FROM events")]


def test_times_to_the_hour_and_no_staff_rows(tmp_path: Path) -> None:
    device = Device.open(tmp_path)
    log = device.journey()
    now = time.time()
    log.record("v1", "home", "view", "km", now=now)
    log.record("v1", "staff", "unlocked", "km", now=now)
    log.record("v1", "benefit", "view", "km", now=now + 61)
    assert log.count() == 2
    log.close()
    assert all(at % 3600 == 0 for at in _times(device.journey_path))
    with sqlite3.connect(device.journey_path) as db:
        assert db.execute("SELECT count(*) FROM events WHERE screen = 'staff'").fetchone()[0] == 0


def test_an_older_log_is_cut_to_the_hour_and_pruned(tmp_path: Path) -> None:
    path = tmp_path / "journey.db"
    now = time.time()
    with sqlite3.connect(path) as db:  # a log as the earlier kiosk wrote it: seconds, staff rows
        db.execute("CREATE TABLE events (at REAL, visit TEXT, screen TEXT, action TEXT, locale TEXT)")
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?)", [
            (now - 12.345, "a", "home", "view", "km"),
            (now - 5, "a", "staff", "unlocked", "km"),
            (now - 100 * 86400, "b", "home", "view", "en"),
        ])
    log = JourneyLog(path, retention_days=90)
    assert log.count() == 1 and log.visits() == 1
    log.close()
    assert all(at % 3600 == 0 for at in _times(path))


def test_retention_setting_is_used(tmp_path: Path) -> None:
    device = Device.open(tmp_path)
    device.settings.retention_days = 7
    log = device.journey()
    log.record("old", "home", now=time.time() - 8 * 86400)
    log.record("new", "home")
    log.prune()
    assert log.visits() == 1
    log.close()
