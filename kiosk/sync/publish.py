"""`kiosk publish`: content into a static, signed TUF repository that any web server can serve.

Layout and signing follow python-tuf's metadata API: consistent snapshots (every file carries
its version or hash in its name, so a kiosk never reads a mix of two publishes), and the
pieces are delegated to succinct hash bins (TAP 15), so a one-record change re-signs one small
bin, targets.json (which signs the index), snapshot and timestamp. The repository describes
itself (timestamp -> snapshot -> targets -> bins -> index), so publishing reads its last state
back from OUT and versions only go up.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from securesystemslib.signer import Signer
from tuf.api.metadata import (
    Delegations,
    Metadata,
    MetaFile,
    Root,
    Signed,
    Snapshot,
    SuccinctRoles,
    TargetFile,
    Targets,
    Timestamp,
)

from kiosk.content.loader import ContentSet
from kiosk.device import PUBLIC_DIR, make_dirs
from kiosk.errors import ContentError, KioskError
from kiosk.paths import ASSETS, RULES_DIR
from kiosk.sync.errors import SyncError
from kiosk.sync.keys import SERIALIZER, load_online_signers, load_root, root_history_file, utcnow
from kiosk.sync.layout import BIN_PREFIX, INDEX_PATH, hashed_name, patch_name, write_durable
from kiosk.sync.pieces import Index, Release, make_pieces, record_patch, sha256, text_patch

if TYPE_CHECKING:
    from kiosk.site.build import SiteReport

TIMESTAMP_EXPIRES_DAYS = 7
LONG_EXPIRES_DAYS = 365  # targets, bins, snapshot: re-signed on every change anyway
RENEW_MARGIN = dt.timedelta(days=60)  # any publish renews metadata this close to expiry
SITE_DIR = "site"  # the phone site, beside metadata/ and targets/: one server serves both


def choose_bin_bits(pieces: int) -> int:
    """Bins so that a bin and the snapshot cost about the same bytes (both grow with a change):
    a bin holds pieces/2**b entries of ~150 bytes, the snapshot 2**b entries of ~30."""
    return max(1, min(10, round(math.log2(math.sqrt(10 * max(pieces, 1))))))


@dataclass
class RepoState:
    """The latest published metadata, read back from the repository."""

    root: Metadata[Root]
    root_version_files: list[int]
    timestamp: Metadata[Timestamp] | None = None
    snapshot: Metadata[Snapshot] | None = None
    targets: Metadata[Targets] | None = None
    bins: dict[str, Metadata[Targets]] = field(default_factory=dict)
    index: Index | None = None
    release: Release | None = None

    def piece_hashes(self) -> dict[str, str]:
        """Target path -> sha256 of every published piece."""
        return {path: info.hashes["sha256"] for md in self.bins.values()
                for path, info in md.signed.targets.items()}

    @property
    def bin_bits(self) -> int | None:
        if self.targets and self.targets.signed.delegations:
            succinct = self.targets.signed.delegations.succinct_roles
            return succinct.bit_length if succinct else None
        return None

    @classmethod
    def load(cls, repo: Path, keys_root: Metadata[Root] | None = None) -> RepoState:
        meta = repo / "metadata"
        versions = sorted(int(p.name.split(".")[0]) for p in meta.glob("*.root.json")
                          if p.name.split(".")[0].isdigit())
        if versions:
            root = load_root(meta / f"{versions[-1]}.root.json")
        elif keys_root is not None:
            root = keys_root
        else:
            raise KioskError("{path} is not a repository (no metadata/N.root.json)", path=repo)
        state = cls(root, versions)
        if not (meta / "timestamp.json").is_file():
            return state
        try:
            state.timestamp = Metadata[Timestamp].from_bytes((meta / "timestamp.json").read_bytes())
            snap_v = state.timestamp.signed.snapshot_meta.version
            state.snapshot = Metadata[Snapshot].from_bytes((meta / f"{snap_v}.snapshot.json").read_bytes())
            for name, info in state.snapshot.signed.meta.items():
                role = name.removesuffix(".json")
                md = Metadata[Targets].from_bytes((meta / f"{info.version}.{name}").read_bytes())
                if role == Targets.type:
                    state.targets = md
                else:
                    state.bins[role] = md
            if state.targets and INDEX_PATH in state.targets.signed.targets:
                info = state.targets.signed.targets[INDEX_PATH]
                path = repo / "targets" / hashed_name(INDEX_PATH, info.hashes["sha256"])
                state.index = Index.from_bytes(path.read_bytes())
                state.release = Release.of(info)
        except (OSError, ValueError, KeyError, SyncError) as exc:
            raise KioskError("the repository in {path} is damaged: {reason}", path=repo,
                             reason=exc) from None
        return state


@dataclass
class PublishReport:
    version: int
    changed: bool
    records: int
    media: int
    timestamp_version: int
    files: list[str] = field(default_factory=list)  # repository-relative paths written
    site: SiteReport | None = None  # the phone site written into SITE_DIR, if any
    site_url: str = ""


class _Writer:
    """Writes repository files durably. The temporary files live beside the repository, not
    in it (`.OUT.publishing/`, same file system, so each rename stays atomic): a publish
    killed at any instant leaves nothing stray in the public folder a web server or a CDN
    copy serves. Leftovers of a killed publish are removed by the next one."""

    def __init__(self, repo: Path, now: dt.datetime) -> None:
        self.repo, self.now, self.files = repo, now, []
        make_dirs(repo, PUBLIC_DIR)
        self.tmp_dir: Path | None = repo.parent / f".{repo.name}.publishing"
        try:
            self.tmp_dir.mkdir(mode=0o700, exist_ok=True)
            if self.tmp_dir.stat().st_dev != repo.stat().st_dev:
                raise OSError("another file system")
            for leftover in self.tmp_dir.iterdir():
                if leftover.is_dir() and not leftover.is_symlink():  # a site being written
                    shutil.rmtree(leftover)
                else:
                    leftover.unlink()
        except OSError:  # a repository at the root of a stick: temporary files inside it
            self.tmp_dir = None
        for leftover in repo.rglob(".*.tmp"):  # an older version's, or the fallback's
            leftover.unlink(missing_ok=True)

    def write(self, rel: str, data: bytes, *, overwrite: bool = True) -> None:
        path = self.repo / rel
        if not overwrite and path.is_file():
            return
        write_durable(path, data, tmp_dir=self.tmp_dir, public=True)
        self.files.append(rel)

    def close(self) -> None:
        if self.tmp_dir is not None:
            with contextlib.suppress(OSError):
                self.tmp_dir.rmdir()

    def sign(self, role: str, signed: Signed, signer: Signer, *, versioned: bool = True) -> None:
        md = Metadata(signed)
        md.sign(signer)
        name = f"{signed.version}.{role}.json" if versioned else f"{role}.json"
        self.write(f"metadata/{name}", md.to_bytes(SERIALIZER))


def _stale(md: Metadata | None, now: dt.datetime) -> bool:
    return md is None or md.signed.expires < now + RENEW_MARGIN


def _install_root(keys_dir: Path, repo: Path, writer: _Writer) -> Metadata[Root]:
    """The root the repository runs on: the keys dir's root.json when it is newer, with every
    root version in between (`kiosk keys rotate` keeps them): a kiosk walks the chain one
    version at a time, each signed by the one before."""
    keys_root = load_root(Path(keys_dir) / "root.json")
    keys_root.signed.verify_delegate(Root.type, keys_root.signed_bytes, keys_root.signatures)
    state = RepoState.load(repo, keys_root)
    newest = keys_root.signed.version
    if state.root_version_files and newest <= state.root.signed.version:
        return state.root
    first = state.root.signed.version + 1 if state.root_version_files else newest
    for version in range(first, newest + 1):
        source = (Path(keys_dir) / "root.json" if version == newest
                  else root_history_file(keys_dir, version))
        if not source.is_file():
            raise KioskError("root version {version} is not in {path} (history/); the repository "
                             "needs every version between its root and the new one",
                             version=version, path=keys_dir)
        writer.write(f"metadata/{version}.root.json", source.read_bytes())
    return keys_root


def _signed_by(md: Metadata, signer: Signer) -> bool:
    """Whether `md` carries a signature of `signer`'s key (after a key rotation, the old
    metadata must be signed again with the new key even when nothing else changed)."""
    return signer.public_key.keyid in md.signatures


def publish(
    content: ContentSet,
    keys_dir: Path,
    repo: Path,
    *,
    assets: Path = ASSETS,
    expires_days: float = TIMESTAMP_EXPIRES_DAYS,
    bin_bits: int | None = None,
    now: dt.datetime | None = None,
    site_url: str | None = None,
) -> PublishReport:
    """Publish `content` into `repo`; the content version goes up only if something changed
    (the site's address is part of a release: a new one is a new version).

    `site_url` (else the one published last): the phone site's address, signed with the
    content; the site itself is rendered from the bundle this release makes before anything is
    written, and swapped into `repo/site/` after the timestamp, so a failed publish leaves the
    old site and the old repository."""
    now = now or utcnow()
    repo = Path(repo)
    if site_url is not None:
        from kiosk.site.address import normal_site_url, site_url_problem

        problem = site_url_problem(site_url)
        if problem:
            raise KioskError("--site-url {url} {problem}", url=repr(site_url), problem=problem)
        site_url = normal_site_url(site_url)
    writer = _Writer(repo, now)
    root = _install_root(keys_dir, repo, writer).signed
    signers = load_online_signers(keys_dir, root)
    state = RepoState.load(repo)
    pieces, index, digest = make_pieces(content, assets)
    hashes = {path: sha256(data) for path, data in pieces.items()}
    index_bytes = index.to_bytes()
    previous = state.release
    site = site_url if site_url is not None else (previous.site_url if previous else "")
    changed = (previous is None or hashes != state.piece_hashes()
               or state.index is None or index_bytes != state.index.to_bytes()
               or previous.site_url != site)
    if changed:
        release = Release((previous.version if previous else 0) + 1, digest,
                          now.strftime("%Y-%m-%dT%H:%M:%SZ"), site)
        old_hashes = state.piece_hashes()
        for path, data in sorted(pieces.items()):
            writer.write(f"targets/{hashed_name(path, hashes[path])}", data, overwrite=False)
            _write_patch(writer, path, old_hashes.get(path), hashes[path], data)
        writer.write(f"targets/{hashed_name(INDEX_PATH, sha256(index_bytes))}", index_bytes,
                     overwrite=False)
        index_target = release.target(index_bytes)
    else:
        assert previous is not None and state.targets is not None
        release = previous
        index_target = state.targets.signed.targets[INDEX_PATH]
    # the site, in memory, before the repository changes: a content or rules problem the
    # pages meet refuses the publish with nothing written
    site_files = _render_site(content, release, assets) if release.site_url else None

    long_expiry = now + dt.timedelta(days=LONG_EXPIRES_DAYS)
    targets_key = signers["targets"].public_key
    bits = state.bin_bits or bin_bits or choose_bin_bits(len(pieces))
    succinct = SuccinctRoles([targets_key.keyid], 1, bits, BIN_PREFIX)

    # hash bins: re-signed only when their targets change (or they near expiry)
    by_bin: dict[str, dict[str, TargetFile]] = {name: {} for name in succinct.get_roles()}
    for path, data in pieces.items():
        by_bin[succinct.get_role_for_target(path)][path] = TargetFile.from_data(path, data, ["sha256"])
    bin_versions: dict[str, int] = {}
    for name, entries in by_bin.items():
        old = state.bins.get(name)
        if (old is not None and old.signed.targets == entries and not _stale(old, now)
                and _signed_by(old, signers["targets"])):
            bin_versions[name] = old.signed.version
            continue
        signed = Targets(version=old.signed.version + 1 if old else 1, expires=long_expiry,
                         targets=entries)
        writer.sign(name, signed, signers["targets"])
        bin_versions[name] = signed.version

    delegations = Delegations(keys={targets_key.keyid: targets_key}, succinct_roles=succinct)
    old_targets = state.targets
    targets_version = old_targets.signed.version if old_targets else 0
    own_targets = {INDEX_PATH: index_target}
    if old_targets is not None:  # the app package (kiosk publish --app) stays published
        from kiosk.sync.app_update import keep_app_targets

        own_targets.update(keep_app_targets(old_targets.signed.targets))
    if (old_targets is None or _stale(old_targets, now)
            or not _signed_by(old_targets, signers["targets"])
            or old_targets.signed.targets != own_targets
            or old_targets.signed.delegations != delegations):
        targets_version += 1
        writer.sign(Targets.type, Targets(version=targets_version, expires=long_expiry,
                                          targets=own_targets,
                                          delegations=delegations), signers["targets"])

    meta = {"targets.json": MetaFile(targets_version)}
    meta.update({f"{name}.json": MetaFile(v) for name, v in bin_versions.items()})
    old_snapshot = state.snapshot
    snapshot_version = old_snapshot.signed.version if old_snapshot else 0
    if (old_snapshot is None or _stale(old_snapshot, now) or old_snapshot.signed.meta != meta
            or not _signed_by(old_snapshot, signers["snapshot"])):
        snapshot_version += 1
        writer.sign(Snapshot.type, Snapshot(version=snapshot_version, expires=long_expiry,
                                            meta=meta), signers["snapshot"])

    # the timestamp goes last: until it is replaced, clients see the previous publish whole
    timestamp_version = _sign_timestamp(writer, state, snapshot_version, signers["timestamp"],
                                        now + dt.timedelta(days=expires_days))
    site_report = None
    if site_files is not None:
        from kiosk.site.build import put_site

        site_report = put_site(site_files, repo / SITE_DIR, writer.tmp_dir or repo)
    writer.close()
    return PublishReport(release.version, changed, sum(len(v) for v in index.records.values()),
                         len(index.media), timestamp_version, writer.files, site_report,
                         release.site_url)


def _render_site(content: ContentSet, release: Release, assets: Path) -> dict[str, bytes]:
    """The phone site of this release, from the very bundle a kiosk will build from it."""
    import tempfile

    from kiosk.content.bundle import build_bundle
    from kiosk.content.library import Library
    from kiosk.eligibility import rules_of_library
    from kiosk.site.build import render_site

    with tempfile.TemporaryDirectory(prefix="nssf-site-") as tmp:
        bundle = Path(tmp) / "site.db"
        build_bundle(content, bundle, version=release.version, built_at=release.built_at,
                     site_url=release.site_url)
        with Library(bundle) as library:
            return render_site(library, rules_of_library(library, fallback=False),
                               assets_dir=assets)


def _write_patch(writer: _Writer, path: str, old_sha: str | None, new_sha: str, data: bytes) -> None:
    """A patch from the previous version of a changed record or rule piece (see
    pieces.record_patch and text_patch): a changed parameter costs a line, not its file."""
    if old_sha is None or old_sha == new_sha or not path.startswith(("records/", "rules/")):
        return
    old_file = writer.repo / "targets" / hashed_name(path, old_sha)
    if not old_file.is_file():
        return
    make = text_patch if path.startswith("rules/") else record_patch
    patch = make(old_file.read_bytes(), data)
    if patch is not None:
        writer.write(f"targets/{patch_name(old_sha, new_sha)}", patch, overwrite=False)


def _sign_timestamp(writer: _Writer, state: RepoState, snapshot_version: int, signer: Signer,
                    expires: dt.datetime) -> int:
    version = state.timestamp.signed.version + 1 if state.timestamp else 1
    writer.sign(Timestamp.type, Timestamp(version=version, expires=expires,
                                          snapshot_meta=MetaFile(snapshot_version)),
                signer, versioned=False)
    return version


def refresh_timestamp(keys_dir: Path, repo: Path, *, expires_days: float = TIMESTAMP_EXPIRES_DAYS,
                      now: dt.datetime | None = None) -> PublishReport:
    """Re-sign the timestamp only, with a new expiry: what a daily job does between publishes."""
    now = now or utcnow()
    repo = Path(repo)
    state = RepoState.load(repo)
    if state.timestamp is None or state.index is None or state.release is None:
        raise KioskError("nothing published in {repo} yet; run `kiosk publish` first", repo=repo)
    signers = load_online_signers(keys_dir, state.root.signed)
    writer = _Writer(repo, now)
    version = _sign_timestamp(writer, state, state.timestamp.signed.snapshot_meta.version,
                              signers["timestamp"], now + dt.timedelta(days=expires_days))
    writer.close()
    index = state.index
    return PublishReport(state.release.version, False, sum(len(v) for v in index.records.values()),
                         len(index.media), version, writer.files)


def load_for_publish(content_dir: Path, *, assets: Path = ASSETS,
                     require_benefits: bool = True, rules: Path | None = RULES_DIR,
                     cases: Path | None = None) -> ContentSet:
    """Validate the content source and its rules (default: the checkout's; None: content
    alone, for test repositories) as `kiosk content validate` does, then run the cases
    (`cases`) against the rules about to be signed: any failing case refuses the publish
    (ContentError naming each case `file:line`), before anything is written."""
    from kiosk.source import load_source

    content = load_source(Path(content_dir), rules, assets=assets,
                          require_benefits=require_benefits)
    if rules is not None and cases is not None:
        from kiosk.eligibility import RuleFiles, load_rule_files
        from kiosk.eligibility.cases import case_problems

        book = load_rule_files(RuleFiles.from_texts(content.rules, str(rules)))
        problems = case_problems(book, Path(cases))
        if problems:
            failing = len({line.split(": ", 1)[0] for line in problems})
            raise ContentError([*problems, f"publish refused: {failing} case(s) in {cases} do "
                                           f"not hold for the rules in {rules}; the repository "
                                           "is unchanged"])
    return content
