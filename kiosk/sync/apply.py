"""Build the new bundle beside the current one, check it, and switch with one rename.

At every instant `content/current.db` is a complete bundle, the old one or the new one: the
new bundle is written and fsynced under another name, checked, and only then renamed over it
(`os.replace` is atomic). The old bundle stays as `previous.db` (a hard link, so keeping it
costs no copy) for `kiosk rollback`.
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import ContentSet, check_records
from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.i18n import LOCALES, Msg
from kiosk.safepath import contained
from kiosk.sync.errors import SyncError
from kiosk.sync.layout import SyncPaths, fsync_dir, write_durable
from kiosk.sync.pieces import Index, Release, raw_records, rule_texts
from kiosk.sync.steps import checkpoint

PIECES_TABLE = "sync_pieces"  # target path -> sha256 of what a bundle was built from


@dataclass(frozen=True)
class BundleState:
    version: int
    content_hash: str


def bundle_state(path: Path) -> BundleState | None:
    if not path.is_file():
        return None
    try:
        with Library(path) as library:
            return BundleState(library.meta.content_version, library.meta.content_hash)
    except KioskError:
        return None


def build_candidate(
    paths: SyncPaths,
    index: Index,
    release: Release,
    hashes: dict[str, str],
    piece_file: Callable[[str], Path],
    *,
    require_benefits: bool,
) -> Path:
    """Rebuild the content from verified pieces into content/next.db and check it.
    `hashes` maps the target path of every piece (and of the index) to its sha256."""
    out = paths.candidate
    staging_assets = paths.staging / "assets"
    shutil.rmtree(paths.staging, ignore_errors=True)
    try:
        # the validator looks for media under an assets folder: lay the cached files out there
        for rel in index.media:
            target = contained(staging_assets, rel, Msg("media path"))
            target.parent.mkdir(parents=True, exist_ok=True)
            source = piece_file(f"media/{rel}")
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        raws = raw_records(index, lambda path: piece_file(path).read_bytes())
        content, problems = check_records(raws, assets=staging_assets,
                                          require_benefits=require_benefits)
        problems += _rule_problems(content, index, piece_file, require_benefits)
    finally:
        shutil.rmtree(paths.staging, ignore_errors=True)
    if problems:
        if len(problems) > 1:
            raise SyncError("the published content does not validate on this kiosk: {problem} "
                            "(and {count} more)", problem=problems[0], count=len(problems) - 1)
        raise SyncError("the published content does not validate on this kiosk: {problem}",
                        problem=problems[0])
    checkpoint("apply:build")
    info = build_bundle(content, out, version=release.version, built_at=release.built_at,
                        site_url=release.site_url)
    if info.content_hash != release.content_hash:
        raise SyncError("the rebuilt content differs from what head office published (hash "
                        "{hash}, signed {signed})", hash=info.content_hash[:12],
                        signed=release.content_hash[:12])
    _record_pieces(out, hashes)
    checkpoint("apply:check")
    check_bundle(out, version=release.version, require_benefits=require_benefits)
    return out


def _rule_problems(content: ContentSet, index: Index, piece_file: Callable[[str], Path],
                   require_benefits: bool) -> list[str]:
    """The published rules, attached to the content and checked as head office checked them:
    the kiosk will evaluate exactly these."""
    content.rules = rule_texts(index, lambda path: piece_file(path).read_bytes())
    if not content.rules:
        return ["the published content carries no eligibility rules"] if require_benefits else []
    from kiosk.eligibility.source import RuleFiles
    from kiosk.source import rule_problems

    files = RuleFiles.from_texts(content.rules, "published rules")
    return list(files.problems) + rule_problems(content, files, require_benefits=require_benefits)


def _record_pieces(bundle: Path, hashes: dict[str, str]) -> None:
    """Note in the bundle which pieces it came from: the cache keeps those (and media lookups
    find their files) for as long as the bundle is current or previous."""
    rows = sorted(hashes.items())
    conn = sqlite3.connect(bundle)
    try:
        conn.execute(f"CREATE TABLE {PIECES_TABLE} (path TEXT PRIMARY KEY, sha256 TEXT NOT NULL)")
        conn.executemany(f"INSERT INTO {PIECES_TABLE} VALUES (?, ?)", rows)
        conn.commit()
    finally:
        conn.close()
    with open(bundle, "rb+") as fh:
        os.fsync(fh.fileno())


def bundle_pieces(bundle: Path) -> dict[str, str]:
    """Target path -> sha256 of the pieces `bundle` was built from ({} if not from a sync)."""
    if not bundle.is_file():
        return {}
    try:
        conn = sqlite3.connect(f"file:{bundle}?mode=ro", uri=True)
        try:
            return dict(conn.execute(f"SELECT path, sha256 FROM {PIECES_TABLE}").fetchall())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {}


def check_bundle(path: Path, *, version: int | None = None, require_benefits: bool = True) -> None:
    """The checks a bundle passes before it may become current."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise SyncError("the new bundle cannot be read: {reason}", reason=exc) from None
    if result != ["ok"]:
        raise SyncError("the new bundle is damaged: {reason}", reason="; ".join(result[:3]))
    try:
        with Library(path) as library:
            meta = library.meta
            benefits = set(library.ids("benefits"))
            rules = library.rule_files()
    except (KioskError, sqlite3.DatabaseError) as exc:
        raise SyncError("the new bundle does not open: {reason}", reason=exc) from None
    missing_locales = [loc for loc in LOCALES if loc not in meta.locales]
    if missing_locales:
        raise SyncError("the new bundle lacks the languages {languages}",
                        languages=", ".join(missing_locales))
    if version is not None and meta.content_version != version:
        raise SyncError("the new bundle says version {version}, expected {expected}",
                        version=meta.content_version, expected=version)
    if require_benefits:
        decided = {name.removesuffix(".yaml") for name in rules}
        missing = sorted(b for b in benefits if b not in decided)
        if not benefits or missing:
            if not missing:
                raise SyncError("the new bundle has no benefits")
            raise SyncError("the new bundle has no rules for the benefits {benefits}",
                            benefits=", ".join(missing))


def switch(device: Device, candidate: Path, *, keep_previous: bool = True) -> None:
    """previous.db <- current.db, then current.db <- candidate: each step one atomic rename.
    A damaged current bundle (`keep_previous=False`) is not kept as the previous one."""
    content = device.content_dir
    current, previous = device.bundle_path, device.previous_bundle_path
    if current.is_file() and keep_previous:
        checkpoint("apply:keep-previous")
        _link_or_copy(current, content / ".previous.db.new")
        os.replace(content / ".previous.db.new", previous)
    checkpoint("apply:switch")
    os.replace(candidate, current)
    fsync_dir(content)


def _link_or_copy(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:  # no hard links (FAT, some shares): a copy, made durable
        shutil.copyfile(source, target)
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())


def rollback(device: Device) -> int:
    """Swap the current and previous bundles; returns the version now current. Sync will not
    re-apply the version rolled back from: only a newer one. Holds the sync lock meanwhile
    (SyncBusy while a sync runs: its apply and this swap must not interleave)."""
    from kiosk.sync.running import exclusive

    with exclusive(SyncPaths(device.root)):
        return _rollback(device)


def _rollback(device: Device) -> int:
    current, previous = device.bundle_path, device.previous_bundle_path
    if not previous.is_file():
        raise KioskError("there is no previous content to go back to")
    check_bundle(previous, require_benefits=False)
    now = bundle_state(current)
    back = bundle_state(previous)
    assert back is not None
    content = device.content_dir
    if current.is_file():
        _link_or_copy(current, content / ".rollback.db")
    os.replace(previous, current)  # the one rename that changes what the kiosk shows
    if (content / ".rollback.db").is_file():
        os.replace(content / ".rollback.db", previous)
    fsync_dir(content)
    paths = SyncPaths(device.root)
    if now is not None and now.version > back.version:
        write_durable(paths.held, json.dumps({"version": now.version}).encode())
    else:
        paths.held.unlink(missing_ok=True)
    return back.version


def held_version(paths: SyncPaths) -> int | None:
    try:
        return int(json.loads(paths.held.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
