"""Where sync keeps things: target paths in a repository, and folders in a kiosk's data dir.

A repository (`kiosk publish --repo OUT`, or a kiosk's own copy) is plain files:
    metadata/1.root.json, timestamp.json, N.snapshot.json, N.targets.json, N.bins-XX.json
    targets/<sha256>.index.json, targets/records/<kind>/<sha256>.<id>.json, targets/media/...,
    targets/rules/<sha256>.<name>.yaml (the eligibility rules, one piece per rule file)
Consistent snapshots put the hash in each target's file name, so a file never changes once
written and a client mid-download never sees a mix of two publishes.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.device import fsync_dir, write_atomic
from kiosk.i18n import Msg
from kiosk.safepath import check_sha256, contained

INDEX_PATH = "index.json"
BIN_PREFIX = "bins"


def record_path(kind: str, rid: str) -> str:
    return f"records/{kind}/{rid}.json"


def media_path(relpath: str) -> str:
    return f"media/{relpath}"


def rule_path(name: str) -> str:
    return f"rules/{name}"


def patch_name(old_sha: str, new_sha: str) -> str:
    """Where a patch from one version of a record piece to the next is (under targets/)."""
    return f"patches/{old_sha}.{new_sha}.json"


def hashed_name(target_path: str, sha256: str) -> str:
    """The file name a target has on the server with consistent snapshots (as ngclient asks)."""
    dirname, sep, basename = target_path.rpartition("/")
    return f"{dirname}{sep}{sha256}.{basename}"


@dataclass(frozen=True)
class SyncPaths:
    """The sync part of a kiosk's data dir."""

    root: Path

    @property
    def sync_dir(self) -> Path:
        return self.root / "sync"

    @property
    def metadata(self) -> Path:
        """Trusted TUF metadata, as ngclient keeps it (unversioned names, root_history/)."""
        return self.sync_dir / "metadata"

    @property
    def lock(self) -> Path:
        return self.sync_dir / "lock"

    @property
    def held(self) -> Path:
        """The version rolled back from, which sync must not re-apply."""
        return self.sync_dir / "held.json"

    @property
    def staging(self) -> Path:
        return self.sync_dir / "staging"

    @property
    def repo(self) -> Path:
        """The servable copy of the repository: `kiosk serve --data-dir` serves this."""
        return self.root / "repo"

    @property
    def repo_metadata(self) -> Path:
        return self.repo / "metadata"

    @property
    def repo_targets(self) -> Path:
        """Also the piece cache: every file is named by its sha256 and only lands verified."""
        return self.repo / "targets"

    @property
    def candidate(self) -> Path:
        """The new bundle, built beside the current one (same file system: rename is atomic)."""
        return self.root / "content" / "next.db"

    def cached(self, target_path: str, sha256: str) -> Path:
        """Where a verified piece lives; UnsafePath if the (signed, but perhaps hostile) path
        or hash would put it anywhere but under repo/targets/."""
        check_sha256(sha256, Msg("the sha256 of {path}", path=repr(target_path[:80])))
        return contained(self.repo_targets, hashed_name(target_path, sha256), Msg("target path"))


def write_durable(path: Path, data: bytes, *, tmp_dir: Path | None = None,
                  public: bool = False) -> None:
    """Temp file, fsync, rename, fsync the folder: the old file or the new, even on power
    loss. `tmp_dir` keeps the temporary file out of a folder others read (a public
    repository), on the same file system so the rename stays atomic; `public` makes the file
    world-readable (a published repository), else it is private."""
    write_atomic(path, data, tmp_dir=tmp_dir, public=public)


__all__ = ["INDEX_PATH", "SyncPaths", "fsync_dir", "hashed_name", "write_durable"]
