"""The heartbeat: how this kiosk is, in a few fields of the contract (contract.HEARTBEAT).

Made after every sync and with every upload, and kept in the outbox with the day's counts.
Times are days only: the hour the screen last painted would tell when the last visitor stood
there, so the heartbeat says the day and how long before the heartbeat it was (1h, 1d, older).
"""
from __future__ import annotations

import datetime as dt
import shutil
from importlib import metadata
from typing import Any

from kiosk.counts.outbox import Outbox
from kiosk.device import Device


def app_version() -> str:
    try:
        return metadata.version("nssf-kiosk")
    except metadata.PackageNotFoundError:
        return "0"


def _day(iso: str) -> str:
    """The day of an ISO time ("" stays ""), in the kiosk's own time zone."""
    if not iso:
        return ""
    try:
        moment = dt.datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.date().isoformat()


def sync_result(result: str) -> str:
    if result.startswith("updated"):
        return "updated"
    if result.startswith("up to date"):
        return "up to date"
    return result if result in ("failed", "never") else "failed"


def painted(outbox: Outbox, now: dt.datetime) -> tuple[str, str]:
    """(day, how long ago) of the last paint the app noted (outbox state painted_hour)."""
    hour = outbox.get("painted_hour")
    if not hour:
        return "", "never"
    try:
        at = dt.datetime.strptime(hour, "%Y-%m-%dT%H").replace(tzinfo=now.tzinfo)
    except ValueError:
        return "", "never"
    age = now - at
    within = "1h" if age <= dt.timedelta(hours=2) else "1d" if age <= dt.timedelta(days=1) else "older"
    return at.date().isoformat(), within


def content_of(device: Device) -> tuple[int, str]:
    from kiosk.content.library import Library
    from kiosk.errors import KioskError

    if not device.bundle_path.is_file():
        return 0, ""
    try:
        with Library(device.bundle_path) as library:
            return library.meta.content_version, library.meta.content_hash[:12]
    except KioskError:
        return 0, ""


def printer_state(device: Device) -> tuple[str, str]:
    from kiosk.guidance.state import load_status

    status = load_status(device)
    if not status.problem_at and not status.last_ok:
        return "unused", ""
    return ("ok" if status.working else "problem"), _day(status.problem_at)


def build(device: Device, outbox: Outbox, trigger: str, now: dt.datetime | None = None,
          content: tuple[int, str] | None = None) -> dict[str, Any]:
    now = now or dt.datetime.now().astimezone()
    version, digest = content if content is not None else content_of(device)
    sync = device.sync_state()
    printer, problem_day = printer_state(device)
    errors = outbox.take_errors()
    painted_day, within = painted(outbox, now)
    settings = device.settings
    return {
        "trigger": trigger,
        "app_version": app_version(),
        "content_version": int(version),
        "content_hash": digest,
        "pending_version": int(sync.pending_version or 0),
        "last_sync_day": _day(sync.last_try),
        "last_sync_result": sync_result(sync.last_result),
        "last_success_day": _day(sync.last_success),
        "printer": printer,
        "printer_problem_day": problem_day,
        "free_disk_mb": shutil.disk_usage(device.root).free // (1 << 20),
        "errors": sum(errors.values()),
        "error_sources": errors,
        "painted_day": painted_day,
        "painted_within": within,
        "kiosk_name": settings.kiosk_name,
        "location": settings.location,
    }


def record(device: Device, trigger: str, now: dt.datetime | None = None,
           content: tuple[int, str] | None = None, outbox: Outbox | None = None) -> int:
    """Make a heartbeat and keep it in the outbox, under today; its sequence number."""
    now = now or dt.datetime.now().astimezone()
    own = outbox is None
    box = outbox or Outbox.of(device.root)
    try:
        return box.add_heartbeat(now.date().isoformat(), build(device, box, trigger, now, content))
    finally:
        if own:
            box.close()
