"""What the staff panel knows about the kiosk, read from its data folder in one go.

`read_state(device, library)` gathers plain values: the settings (a copy), provisioning, the
app and content versions, the previous content kept for a rollback, the sync state and a sync
in progress, the printer's last outcome, today's counts and the last upload. The panel's page models are built
from it (kiosk/pages/staff/panel.py), so they can be tested from a state made by hand.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from kiosk.content.library import Library
from kiosk.device import Device, Settings, SyncState
from kiosk.guidance.state import PrinterStatus, load_status
from kiosk.i18n import format_date, format_datetime
from kiosk.pages.staff.today import TodayCounts, today_counts

APP_PACKAGE = "nssf-kiosk"


@dataclass(frozen=True)
class BundleInfo:
    version: int
    built_at: str  # ISO; "" when the bundle did not record it
    records: int = 0


@dataclass(frozen=True)
class FoundPrinter:
    """A printer the print system offers (Qt's QPrinterInfo on the kiosk)."""

    name: str
    default: bool = False


@dataclass(frozen=True)
class KioskState:
    settings: Settings  # a copy: the page never changes the device's own
    provisioned_at: str | None  # ISO time of provisioning; None: never provisioned
    app_version: str
    content: BundleInfo
    previous: BundleInfo | None  # the content a rollback goes back to
    sync: SyncState
    sync_since: str | None  # a sync holds the data dir's lock since then
    printer: PrinterStatus
    today: TodayCounts | None  # None: the outbox of counts could not be read


def app_version() -> str:
    try:
        return metadata.version(APP_PACKAGE)
    except metadata.PackageNotFoundError:
        return "?"


def bundle_info(path: Path) -> BundleInfo | None:
    """The version of the bundle at `path` (read only, without opening it as a Library), or
    None if there is none or it cannot be read."""
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
        return BundleInfo(int(rows["content_version"]), str(rows.get("built_at") or ""))
    except (sqlite3.Error, KeyError, ValueError, TypeError):
        return None


def read_state(device: Device, library: Library) -> KioskState:
    from kiosk.provision import provisioned
    from kiosk.sync.running import running_since

    done = provisioned(device)
    meta = library.meta
    return KioskState(
        settings=dataclasses.replace(device.settings),
        provisioned_at=str(done.get("at", "")) if done is not None else None,
        app_version=app_version(),
        content=BundleInfo(meta.content_version, meta.built_at, meta.records),
        previous=bundle_info(device.previous_bundle_path),
        sync=device.sync_state(),
        sync_since=running_since(device.root),
        printer=load_status(device),
        today=today_counts(device.root),
    )


def when(text: str, locale: str) -> str:
    """An ISO time from the device's files, in this kiosk's local time, as people read it
    ("" stays ""; a date alone is a date)."""
    if not text:
        return ""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) <= 10:
        return format_date(moment.date(), locale)
    if moment.tzinfo is not None:
        moment = moment.astimezone()  # stored in UTC; staff read the kiosk's clock
    return format_datetime(moment.replace(tzinfo=None), locale)
