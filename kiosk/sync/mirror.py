"""The servable copy of the repository a kiosk keeps in its data dir (`repo/`).

Its targets folder is the piece cache itself; after a sync its metadata folder gets the trusted
metadata under the names a client asks for (N.snapshot.json, ...), the timestamp last, so
another kiosk (`kiosk sync --server http://this-kiosk:8080`) or a USB stick copy sees a
complete repository signed by head office. Nothing here is trusted by this kiosk itself.
"""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from pathlib import Path

from kiosk.device import make_dirs
from kiosk.sync.apply import bundle_pieces
from kiosk.sync.layout import SyncPaths, hashed_name, write_durable

log = logging.getLogger(__name__)


def _version(path: Path) -> int:
    return int(json.loads(path.read_bytes())["signed"]["version"])


# a metadata file name from the signed snapshot: it becomes a file name here
META_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}\.json")


def update_mirror(paths: SyncPaths, root_versions: Iterable[int]) -> None:
    """Copy the verified metadata into the servable copy. `root_versions`: the roots ngclient
    verified in this sync (from the anchor to the newest): any other file in root_history is
    not part of the chain and is never passed on."""
    src, out = paths.metadata, paths.repo_metadata
    make_dirs(out)
    keep: set[str] = set()
    for version in root_versions:
        root = src / "root_history" / f"{version}.root.json"
        keep.add(root.name)
        if not (out / root.name).is_file():
            write_durable(out / root.name, root.read_bytes())
    snapshot = json.loads((src / "snapshot.json").read_bytes())["signed"]
    for name, info in snapshot["meta"].items():
        if not META_NAME.fullmatch(name):
            # a compromised snapshot key may name anything; ngclient never loads such a role
            log.warning("not mirroring metadata named %r", name[:80])
            continue
        local = src / name
        # bins this kiosk never needed (empty ones) are not here; no client needs them either
        if local.is_file() and _version(local) == info["version"]:
            versioned = f"{info['version']}.{name}"
            keep.add(versioned)
            if not (out / versioned).is_file():
                write_durable(out / versioned, local.read_bytes())
    versioned = f"{snapshot['version']}.snapshot.json"
    keep.add(versioned)
    if not (out / versioned).is_file():
        write_durable(out / versioned, (src / "snapshot.json").read_bytes())
    write_durable(out / "timestamp.json", (src / "timestamp.json").read_bytes())
    keep.add("timestamp.json")
    for stale in out.iterdir():
        if stale.name not in keep:
            stale.unlink(missing_ok=True)


def collect_garbage(paths: SyncPaths, bundles: list[Path]) -> int:
    """Delete cached pieces that no kept bundle was built from; returns the count."""
    keep: set[str] = set()
    for bundle in bundles:
        keep.update(hashed_name(path, digest) for path, digest in bundle_pieces(bundle).items())
    removed = 0
    root = paths.repo_targets
    if not root.is_dir():
        return 0
    for file in root.rglob("*"):
        rel = file.relative_to(root).as_posix()
        if file.is_file() and rel not in keep and not rel.startswith("app/"):  # app_update's
            file.unlink(missing_ok=True)
            removed += 1
    return removed
