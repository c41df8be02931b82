"""Today's counts on this kiosk and the last upload, for the staff panel, from the outbox of
anonymous daily counts (kiosk/counts/outbox.py): the visits added to the day so far (a visit is
added when it ends), those that reached an answer, the printouts and the QR codes given instead,
and what the last `kiosk upload` (or the app's own) did.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kiosk.counts.outbox import LastUpload, Outbox, day_text


@dataclass(frozen=True)
class TodayCounts:
    visits: int = 0
    answers: int = 0  # visits that reached an answer
    printed: int = 0
    qr_instead: int = 0  # prints that ended with the QR code instead of paper
    waiting_days: int = 0  # days whose counts are not sent yet
    last_upload: LastUpload = LastUpload()


def today_counts(root: Path, today: dt.date | None = None) -> TodayCounts | None:
    """What the outbox in data dir `root` holds for today; None if it cannot be read."""
    try:
        with Outbox.of(root) as outbox:
            totals = outbox.totals(day_text(today or dt.date.today()))
            last = outbox.last_upload()
            waiting = len(outbox.pending())
    except (sqlite3.Error, OSError):
        return None
    prints = totals.get("print", {})
    return TodayCounts(
        visits=totals.get("visits", {}).get("", 0),
        answers=totals.get("funnel", {}).get("decision", 0),
        printed=sum(n for key, n in prints.items() if key.endswith(":paper")),
        qr_instead=sum(n for key, n in prints.items() if key.endswith(":qr")),
        waiting_days=waiting, last_upload=last)
