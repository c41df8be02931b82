"""One pull (`kiosk sync`): refresh the trusted metadata, fetch the changed pieces, rebuild,
check and switch the bundle. A failure at any point leaves the current content as it was,
and its reason in the sync state (`kiosk status`, the staff panel).
"""
from __future__ import annotations

import contextlib
import errno
import logging
import sqlite3
from pathlib import Path

from tuf.api import exceptions
from tuf.ngclient import UpdaterConfig

from kiosk.content.health import bundle_problem
from kiosk.device import Device, make_dirs
from kiosk.errors import KioskError
from kiosk.i18n import Literal, Msg
from kiosk.safepath import UnsafePath, check_sha256
from kiosk.sync.apply import (
    build_candidate,
    bundle_pieces,
    bundle_state,
    held_version,
    switch,
)
from kiosk.sync.errors import SyncBusy, SyncCancelled, SyncError
from kiosk.sync.fetch import (
    DEFAULT_TIMEOUT,
    RATE_WINDOW_S,
    Budget,
    Cancel,
    MeteredFetcher,
    SyncTimedOut,
    base_url,
    fetch_by_patch,
    fetch_target,
)
from kiosk.sync.layout import INDEX_PATH, SyncPaths
from kiosk.sync.mirror import collect_garbage, update_mirror
from kiosk.sync.pieces import Index, Release
from kiosk.sync.report import SyncReport
from kiosk.sync.running import exclusive, now_text
from kiosk.sync.steps import checkpoint
from kiosk.sync.trust import SHIPPED_ROOT, KioskUpdater, anchor_bytes

__all__ = ["SHIPPED_ROOT", "SyncReport", "describe", "media_file", "sync"]

log = logging.getLogger(__name__)




def _cleanup(paths: SyncPaths) -> None:
    """Leftovers of a sync that was killed: never used, only removed."""
    for leftover in paths.candidate.parent.glob("next.db*"):
        leftover.unlink(missing_ok=True)
    for part in paths.repo_targets.rglob("*.part") if paths.repo_targets.is_dir() else []:
        part.unlink(missing_ok=True)
    for tmp in paths.repo_targets.rglob(".*.tmp") if paths.repo_targets.is_dir() else []:
        tmp.unlink(missing_ok=True)
    for folder in (paths.metadata, paths.metadata / "root_history", paths.repo_metadata):
        for tmp in folder.glob(".*.tmp") if folder.is_dir() else []:
            tmp.unlink(missing_ok=True)  # temporary files of durable writes


def describe(exc: BaseException) -> str:
    """A reason a person can act on, from whatever stopped the sync."""
    chain: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in chain:
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for err in chain:
        if isinstance(err, SyncCancelled | SyncTimedOut):  # ngclient may wrap them
            return err.en
    for err in chain:
        if isinstance(err, OSError) and err.errno == errno.ENOSPC or (
                isinstance(err, sqlite3.OperationalError) and "full" in str(err)):
            return "the disk is full (no space left on device); free some space and sync again"
    first = chain[0]
    if isinstance(first, KioskError):
        return first.en
    if isinstance(first, exceptions.ExpiredMetadataError):
        return (f"the server's signed metadata has expired ({first}): the copy is stale or frozen; "
                "head office must publish (or run `kiosk publish --refresh`)")
    if isinstance(first, exceptions.BadVersionNumberError):
        return (f"the server offers older metadata than this kiosk already trusts ({first}): "
                "refused as a rollback")
    if isinstance(first, exceptions.UnsignedMetadataError):
        return f"metadata not signed by the trusted keys, refused ({first})"
    if isinstance(first, exceptions.LengthOrHashMismatchError):
        return f"a downloaded file does not match its signed hash, refused ({first})"
    if isinstance(first, exceptions.DownloadLengthMismatchError):
        return f"a downloaded file is longer than signed, refused ({first})"
    if isinstance(first, exceptions.DownloadHTTPError):
        return str(first)
    if isinstance(first, exceptions.SlowRetrievalError):
        return f"the server is too slow or stalled: {first}"
    if isinstance(first, exceptions.DownloadError):
        detail = next((str(e) for e in chain[1:] if str(e)), "")
        return f"download failed: {first}" + (f" ({detail})" if detail and detail not in str(first) else "")
    if isinstance(first, exceptions.RepositoryError):
        return f"the repository's metadata is invalid: {first}"
    if isinstance(first, OSError):
        return f"cannot read or write {first.filename or 'a file'}: {first.strerror or first}"
    return f"{type(first).__name__}: {first}"


def sync(
    device: Device,
    server: str,
    *,
    root: Path | None = None,
    cancel: Cancel | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    deadline_s: float | None = None,
    min_rate_bps: float | None = None,
    rate_window_s: float = RATE_WINDOW_S,
    require_benefits: bool = True,
    gc: bool = True,
) -> SyncReport:
    """One pull from `server` (URL or folder) into `device`; SyncError with the reason if not.
    It ends within `deadline_s` (default: the sync_deadline_s setting) however the server or
    the folder behaves, and gives up on a transfer slower than `min_rate_bps`."""
    paths = SyncPaths(device.root)
    started = now_text()
    settings = device.settings
    budget = Budget(settings.sync_deadline_s if deadline_s is None else deadline_s,
                    min_rate=settings.sync_min_rate_bps if min_rate_bps is None else min_rate_bps,
                    window_s=rate_window_s, cancel=cancel)
    metered: MeteredFetcher | None = None
    try:
        with exclusive(paths, started):
            _cleanup(paths)
            base, fetcher = base_url(server, timeout, budget)
            metered = MeteredFetcher(fetcher, budget=budget)
            report = _pull(device, paths, base, metered, root, require_benefits, gc)
    except SyncBusy:
        raise  # the sync that holds the lock records its own outcome
    except BaseException as exc:
        if not isinstance(exc, KioskError | exceptions.RepositoryError | exceptions.DownloadError
                          | OSError | sqlite3.Error | KeyboardInterrupt | SystemExit):
            log.exception("sync failed unexpectedly")  # a bug: keep its traceback in the log
        if metered is not None:  # a failed try leaves nothing behind but its reason
            with contextlib.suppress(OSError):
                _cleanup(paths)
        reason = describe(exc)
        with contextlib.suppress(OSError, KioskError):  # a full disk: keep the reason anyway
            _record(device, last_try=started, last_result="failed", last_error=reason,
                    bytes_fetched=metered.bytes if metered else 0)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        if isinstance(exc, SyncError) and exc.en == reason:
            raise
        if isinstance(exc, KioskError) and exc.en == reason:
            raise SyncError(exc.msg) from exc
        # a network's, a signature's or a disk's own words (for IT, in English), said to be a
        # failed sync in the reader's language
        failed = Msg("the sync failed: {reason}", reason=reason)
        raise SyncError(Literal(reason, failed.text("km"))) from exc
    _record(device, last_try=started, last_success=started, last_result=report.message,
            last_error="", bytes_fetched=report.bytes_fetched)
    return report


def _record(device: Device, **fields: object) -> None:
    """Update the sync's own fields of the state, read afresh: the app may have changed
    pending_version while this sync ran."""
    state = device.sync_state()
    for name, value in fields.items():
        setattr(state, name, value)
    device.save_sync_state(state)


def _step(fetcher: MeteredFetcher, name: str) -> None:
    """A named point of the sync: where the deadline and a cancel are looked at between
    downloads (and where the power-cut test may pause)."""
    checkpoint(name)
    fetcher.budget.check()


def _pull(device: Device, paths: SyncPaths, base: str, fetcher: MeteredFetcher, root: Path | None,
          require_benefits: bool, gc: bool) -> SyncReport:
    make_dirs(paths.metadata)
    config = UpdaterConfig(app_user_agent="nssf-kiosk")
    # the anchor every time, never a root found on disk: ngclient verifies the chain from it
    updater = KioskUpdater(str(paths.metadata), base + "metadata/", None, base + "targets/",
                           fetcher, config, bootstrap=anchor_bytes(device, root))
    _step(fetcher, "refresh")
    updater.refresh()
    index_info = updater.get_targetinfo(INDEX_PATH)
    if index_info is None:
        raise SyncError("the repository has no content index (nothing published?)")
    release = Release.of(index_info)
    _step(fetcher, "index")
    current = bundle_state(device.bundle_path)
    damage = bundle_problem(device.bundle_path) if current is not None else None
    if damage is not None:  # never "up to date" on a damaged bundle: rebuild it, keep none of it
        log.warning("the current bundle is damaged (%s): rebuilding it", damage)
        current = None
    if current is not None and release.version < current.version:
        raise SyncError("the server offers content version {version}, older than the version "
                        "{current} this kiosk has; refused", version=release.version,
                        current=current.version)
    up_to_date = current is not None and release.version == current.version
    if up_to_date and current.content_hash != release.content_hash:
        raise SyncError("the server's version {version} differs from this kiosk's version of the "
                        "same number; refused", version=release.version)
    held = held_version(paths)
    if held is not None and release.version <= held and not up_to_date:
        return SyncReport(f"up to date (version {held} was rolled back here; waiting for a newer one)",
                          current.version if current else 0, False, fetcher.bytes, 0)
    index = Index.from_bytes(fetch_target(updater, index_info, paths).read_bytes())

    # each piece's hash comes from its signed bin (ngclient loads a bin again only when the
    # snapshot says it changed); a piece is downloaded only if the cache lacks that hash
    hashes = {INDEX_PATH: check_sha256(index_info.hashes.get("sha256"),
                                           Msg("the sha256 of the index"))}
    files: dict[str, Path] = {}
    fetched = 0
    shown = bundle_pieces(device.bundle_path)  # what the cache holds for a patch to start from
    for path in index.paths():
        info = updater.get_targetinfo(path)
        if info is None:
            raise SyncError("the index lists {path}, which no signed metadata covers; refused",
                            path=path)
        digest = hashes[path] = check_sha256(info.hashes.get("sha256"),
                                                    Msg("the sha256 of {path}", path=path))
        before = fetcher.files
        _step(fetcher, f"piece {path}")
        old = shown.get(path)
        patched = None
        if old and old != digest and not paths.cached(path, digest).is_file():
            patched = fetch_by_patch(fetcher, base + "targets/", info, old, paths)
        files[path] = patched or fetch_target(updater, info, paths)
        fetched += fetcher.files != before
    _fetch_app(updater, paths)
    _step(fetcher, "mirror")
    update_mirror(paths, range(updater.anchor_version, updater.trusted_root_version + 1))
    if up_to_date:
        return SyncReport("up to date", release.version, False, fetcher.bytes, fetched)

    _step(fetcher, "build")  # the last point where the deadline may stop it
    candidate = build_candidate(paths, index, release, hashes, files.__getitem__,
                                require_benefits=require_benefits)
    switch(device, candidate, keep_previous=damage is None)
    paths.held.unlink(missing_ok=True)
    if damage is not None or device.sync_state().content_note:
        device.note_content("")  # what was damaged is replaced by the content now current
    if gc:
        checkpoint("gc")
        collect_garbage(paths, [device.bundle_path, device.previous_bundle_path])
    checkpoint("done")
    return SyncReport(f"updated to {release.version}", release.version, True, fetcher.bytes, fetched)


def _fetch_app(updater: KioskUpdater, paths: SyncPaths) -> None:
    """A newer app package, if head office published one (kiosk/sync/app_update.py); its
    failure is logged and never fails the content sync."""
    from kiosk.sync.app_update import fetch_app

    try:
        version = fetch_app(updater, paths)
    except (KioskError, exceptions.RepositoryError, exceptions.DownloadError, OSError) as exc:
        log.warning("app package not fetched: %s", describe(exc))
        return
    if version:
        log.info("app %s fetched and verified; root's nssf-kiosk-update installs it", version)


def media_file(device: Device, relpath: str) -> Path | None:
    """The cached file of a media path (under assets/) of the current synced content."""
    digest = bundle_pieces(device.bundle_path).get(f"media/{relpath}")
    if digest is None:
        return None
    try:
        path = SyncPaths(device.root).cached(f"media/{relpath}", digest)
    except UnsafePath:
        return None
    return path if path.is_file() else None
