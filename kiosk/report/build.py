"""From a store to the page: load (load.py), ask (queries.py), write (page.py)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from kiosk.counts.storage import Store
from kiosk.report.load import Loaded, load
from kiosk.report.names import Names
from kiosk.report.page import render
from kiosk.report.queries import ReportData, query


def build_report(store: Store, locale: str, as_of: dt.date | None = None,
                 content_dir: Path | None = None,
                 cache: Path | None = None) -> tuple[str, ReportData, Loaded]:
    loaded = load(store, cache=cache)
    try:
        data = query(loaded.db, as_of or dt.date.today())
    finally:
        loaded.db.close()
    return render(data, Names(locale, content_dir), loaded), data, loaded
