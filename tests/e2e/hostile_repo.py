"""A hostile head office for the attack tests: it holds the online keys (targets, snapshot,
timestamp; TUF promises these are not catastrophic) and signs whatever it likes into the
test repository: an index with ids and media paths of its choice, bin entries with any path or
"hash", snapshot entries with any name. Only the root key stays out of its reach.

And `Untouched`: what must be byte-identical after a refused attack (the current and previous
bundles, the trusted root chain, the anchor), and that nothing appeared outside the data dir.
"""
from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from tuf.api.metadata import Metadata, MetaFile, Snapshot, TargetFile, Targets, Timestamp

from kiosk.sync.keys import SERIALIZER, load_online_signers, utcnow
from kiosk.sync.layout import INDEX_PATH, hashed_name
from kiosk.sync.pieces import INDEX_FORMAT, Release
from kiosk.sync.publish import RepoState


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def index_bytes(records: dict[str, list[str]], media: list[str]) -> bytes:
    return json.dumps({"format": INDEX_FORMAT, "records": records, "media": media},
                      sort_keys=True, separators=(",", ":")).encode()


def sign_hostile(repo: Path, keys: Path, *, index: bytes, pieces: dict[str, bytes],
                 fake_hashes: dict[str, str] | None = None, extra_meta: dict[str, int] | None = None,
                 version: int = 99, area: Path | None = None) -> dict[str, bytes]:
    """Sign a new release into `repo` with the online keys of `keys`: the index and `pieces`
    (target path -> bytes, written under their hashed names, even where a '../' leads, as
    long as it stays inside `area`: a hostile stick holds them there), entries with
    `fake_hashes` (path -> any "sha256"), and snapshot entries named `extra_meta`. Returns what
    a hostile HTTP server answers for each piece's URL path (RepoServer faults.serve)."""
    state = RepoState.load(repo)
    signers = load_online_signers(keys, state.root.signed)
    now = utcnow()
    expires = now.replace(year=now.year + 1)
    assert state.targets is not None and state.targets.signed.delegations is not None
    succinct = state.targets.signed.delegations.succinct_roles
    assert succinct is not None

    served: dict[str, bytes] = {}
    inside = (area or repo).resolve()

    def write(rel: str, data: bytes) -> None:
        path = repo / rel
        served["/" + rel] = data
        if inside in path.resolve().parents:
            path.resolve().parent.mkdir(parents=True, exist_ok=True)
            path.resolve().write_bytes(data)

    bins = {name: dict(md.signed.targets) for name, md in state.bins.items()}
    for path, data in pieces.items():
        write(f"targets/{hashed_name(path, sha(data))}", data)
        bins.setdefault(succinct.get_role_for_target(path), {})[path] = TargetFile.from_data(
            path, data, ["sha256"])
    for path, digest in (fake_hashes or {}).items():
        bins.setdefault(succinct.get_role_for_target(path), {})[path] = TargetFile(
            8, {"sha256": digest}, path)
    write(f"targets/{hashed_name(INDEX_PATH, sha(index))}", index)

    meta: dict[str, MetaFile] = {}
    for name in succinct.get_roles():
        old = state.bins.get(name)
        md = Metadata(Targets(version=(old.signed.version if old else 0) + 1, expires=expires,
                              targets=bins.get(name, {})))
        md.sign(signers["targets"])
        write(f"metadata/{md.signed.version}.{name}.json", md.to_bytes(SERIALIZER))
        meta[f"{name}.json"] = MetaFile(md.signed.version)
    targets_version = state.targets.signed.version + 1
    release = Release(version, "0" * 64, now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    top = Metadata(Targets(version=targets_version, expires=expires,
                           targets={INDEX_PATH: release.target(index)},
                           delegations=state.targets.signed.delegations))
    top.sign(signers["targets"])
    write(f"metadata/{targets_version}.targets.json", top.to_bytes(SERIALIZER))
    meta["targets.json"] = MetaFile(targets_version)
    for name, v in (extra_meta or {}).items():
        meta[name] = MetaFile(v)
    assert state.snapshot is not None and state.timestamp is not None
    snap = Metadata(Snapshot(version=state.snapshot.signed.version + 1, expires=expires, meta=meta))
    snap.sign(signers["snapshot"])
    write(f"metadata/{snap.signed.version}.snapshot.json", snap.to_bytes(SERIALIZER))
    stamp = Metadata(Timestamp(version=state.timestamp.signed.version + 1, expires=expires,
                               snapshot_meta=MetaFile(snap.signed.version)))
    stamp.sign(signers["timestamp"])
    write("metadata/timestamp.json", stamp.to_bytes(SERIALIZER))
    # urllib3 removes dot segments from a URL before sending it (RFC 3986): answer both forms
    out = {path: data for path, data in served.items() if path.startswith("/targets/")}
    return out | {posixpath.normpath(path): data for path, data in out.items()}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()} if root.is_dir() else {}


@dataclass
class Untouched:
    """What a refused attack must leave exactly as it was."""

    data: Path  # the kiosk's data dir
    anchor: Path  # the root file the kiosk trusts
    world: Path  # the test's whole tmp folder: nothing may appear in it outside `data`
    before: dict[str, bytes] = field(default_factory=dict)
    outside: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.before = self._trusted()
        self.outside = self._outside()

    def _trusted(self) -> dict[str, bytes]:
        content = self.data / "content"
        out = {f"content/{name}": (content / name).read_bytes()
               for name in ("current.db", "previous.db") if (content / name).is_file()}
        for rel, data in _files(self.data / "sync" / "metadata" / "root_history").items():
            out[f"root_history/{rel}"] = data
        out["anchor"] = self.anchor.read_bytes()
        return out

    def _outside(self) -> set[str]:
        found = set()
        for path in self.world.rglob("*"):
            if self.data in path.parents or path == self.data:
                continue
            found.add(path.relative_to(self.world).as_posix())
        return found

    def check(self) -> None:
        after = self._trusted()
        assert after.keys() == self.before.keys(), (sorted(after), sorted(self.before))
        for name, data in self.before.items():
            assert after[name] == data, f"{name} changed"
        new = self._outside() - self.outside
        assert not new, f"files appeared outside the data dir: {sorted(new)}"
