"""`kiosk upload`: send the outbox's days to S3-compatible storage or a folder.

Each day whose counts changed since it was last sent goes as one object (contract.py), oldest
first; a day is marked sent only once the storage took it, so a failure (offline, a refused
key, the deadline) leaves it in the outbox for the next try, and a retry writes the same name.
A heartbeat is added to today before sending, so every upload says how the kiosk is.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from kiosk.counts import contract, heartbeat
from kiosk.counts import settings as counts_settings
from kiosk.counts.outbox import LastUpload, Outbox
from kiosk.counts.storage import (
    Credentials,
    DeadlineExceeded,
    Store,
    describe,
    error,
    open_store,
    within,
)
from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.i18n import N_

SECRET_FILE = "upload-secret"


@dataclass(frozen=True)
class UploadReport:
    objects: int
    bytes: int
    pending: int  # days still waiting in the outbox
    target: str


def secret_path(device: Device) -> Path:
    return device.root / SECRET_FILE


def save_secret(device: Device, key_id: str, secret: str) -> None:
    """The kiosk's write-only key: its id in settings, its secret in a file only we can read."""
    from kiosk.device import write_atomic

    if not key_id:
        raise error(N_("the upload key needs its id (--id)"))
    device.settings.set("upload_key_id", key_id)  # checked like any setting
    secret = secret.strip()
    if not secret or len(secret) > 256 or any(c.isspace() for c in secret):
        raise error(N_("the secret key must be one word of at most 256 characters"))
    write_atomic(secret_path(device), (secret + "\n").encode())  # 0600, like every device file
    device.save_settings()


def credentials_of(device: Device) -> Credentials | None:
    """The kiosk's key, or None (then boto3's own chain: environment, profile)."""
    key_id = device.settings.upload_key_id
    if not key_id:
        return None
    path = secret_path(device)
    try:
        if path.stat().st_mode & 0o077:
            raise error(N_("{path} can be read by others: set the key again (kiosk upload-key set)"),
                        path=path)
        secret = path.read_text(encoding="utf-8").strip()
    except OSError:
        raise error(N_("the upload key {key} has no secret here: kiosk upload-key set"),
                    key=key_id) from None
    return Credentials(key_id, secret)


def store_for(device: Device, to: str | None = None) -> Store:
    settings = device.settings
    counts_settings.check(settings)  # checked where they are used too
    target = (to or settings.upload_target or "").strip()
    return open_store(target, endpoint=settings.upload_endpoint,
                      credentials=credentials_of(device), region=settings.upload_region)


def upload(device: Device, to: str | None = None, *, store: Store | None = None,
           now: dt.datetime | None = None, deadline_s: float | None = None,
           content: tuple[int, str] | None = None) -> UploadReport:
    """Send every day not yet sent; KioskError (the reason, and how many days wait) if not all."""
    now = now or dt.datetime.now().astimezone()
    total = deadline_s if deadline_s is not None else device.settings.upload_deadline_s
    deadline = time.monotonic() + total
    with Outbox.of(device.root) as outbox:
        outbox.prune(now.date(), device.settings.retention_days)
        heartbeat.record(device, "upload", now, content, outbox)
        sent = size = 0
        where = ""
        try:
            store = store or store_for(device, to)
            where = store.where
            kiosk = outbox.kiosk_id
            for day in outbox.pending():
                obj = contract.build(kiosk, day.day, day.revision, outbox.day_counts(day.day),
                                     outbox.day_heartbeats(day.day))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise error(N_("the upload ran out of time ({seconds} s)"), seconds=round(total))
                try:
                    within(left, "upload", lambda o=obj: store.put(o.key, o.body))
                except DeadlineExceeded:
                    raise error(N_("the upload ran out of time ({seconds} s)"),
                                seconds=round(total)) from None
                outbox.mark_sent(day.day, day.revision, obj.key)
                sent += 1
                size += len(obj.body)
        except Exception as exc:  # any failure: the outbox keeps what is left
            reason = describe(exc)
            pending = len(outbox.pending())
            outbox.note_upload(LastUpload(_stamp(now), "failed", reason, where, sent, size))
            failed = error(N_("upload failed: {reason} (days kept to send later: {days})"),
                           reason=reason, days=pending)
            raise KioskError(failed.msg) from exc
        outbox.note_upload(LastUpload(_stamp(now), "ok", "", where, sent, size))
        return UploadReport(sent, size, len(outbox.pending()), where)


def _stamp(now: dt.datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M")  # for staff, on this kiosk only


def after_sync(device: Device) -> None:
    """A heartbeat after every sync (kiosk sync, the app's timer); it waits in the outbox for the
    next upload. Never fails the sync it follows."""
    import logging

    try:
        heartbeat.record(device, "sync")
    except Exception:
        logging.getLogger(__name__).exception("heartbeat after sync failed")


def due(device: Device, now: dt.datetime | None = None) -> bool:
    """Is an upload due (the app uploads after a sync at most every upload_interval_min)?"""
    settings = device.settings
    if not settings.upload_target:
        return False
    now = now or dt.datetime.now().astimezone()
    with Outbox.of(device.root) as outbox:
        last = outbox.last_upload()
    if last.result != "ok" or not last.at:
        return True
    try:
        at = dt.datetime.strptime(last.at, "%Y-%m-%dT%H:%M").replace(tzinfo=now.tzinfo)
    except ValueError:
        return True
    return now - at >= dt.timedelta(minutes=settings.upload_interval_min) or at.date() != now.date()
