"""App updates through the content's own TUF repository.

Head office publishes the Debian package as signed targets (`kiosk publish --app FILE`): the
package without its wheelhouse, `app/nssf-kiosk-without-wheels_amd64.deb`, with its version and
the wheelhouse's names and sha256 in the target's custom field, and each wheel as
`app/wheelhouse/NAME.whl` (kiosk/sync/app_pieces.py: only changed wheels travel); versions only
go up. Three parts take it from there:

1. The kiosk's own sync (unprivileged, `fetch_app`) downloads a newer package and the wheels
   its installed wheelhouse lacks, verified like every piece, into its repository copy
   (`repo/targets/app/`), next to the metadata it mirrors.
2. `kiosk app update`, run as root by nssf-kiosk-update.timer, verifies them again from that
   copy with root's own trusted metadata (a kiosk user who wrote into its data dir gains
   nothing), checks the installed wheels it reuses against the signed sha256, puts the package
   back together, waits until the kiosk is idle, installs it with dpkg, restarts the kiosk and
   waits for the new version to report its first screen (`mark_started`).
3. If it does not in time, the kiosk goes back by itself: the version it had, kept as a
   package before the install (kiosk/sync/app_fallback.py), is installed again with dpkg, so
   dpkg's record, the files and the running app agree (`dpkg -l nssf-kiosk`, `kiosk status`);
   the kiosk is restarted, and the failed version is held so it is never tried again. Versions
   only go up: the held version stays refused, and the next newer release installs as usual.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import logging
import os
import re
import shutil
import subprocess
import tarfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.device import Device, write_atomic
from kiosk.errors import KioskError

if TYPE_CHECKING:  # python-tuf loads only where a package is published or checked: the app
    # calls mark_started() at every start, and tuf would then stay in its memory all day
    from tuf.api.metadata import TargetFile
    from tuf.ngclient import Updater

    from kiosk.sync.app_fallback import Fallback
    from kiosk.sync.layout import SyncPaths

log = logging.getLogger(__name__)

APP_TARGET = "app/nssf-kiosk-without-wheels_amd64.deb"
WHEEL_TARGETS = "app/wheelhouse/"
PACKAGE = "nssf-kiosk"
STARTED = "app-started.json"  # in the data dir: the app reached its first screen
APP_DIR = Path("/opt/nssf-kiosk")
STATE_DIR = Path("/var/lib/nssf-kiosk-update")
RESTART = ("systemctl", "restart", "nssf-kiosk.service")
_VERSION = re.compile(r"^\d+(\.\d+){0,3}$")


# --- versions and packages -------------------------------------------------------------------

def version_key(version: str) -> tuple[int, ...]:
    """0.10.1 > 0.9.9. Only plain dotted numbers: the kiosk's versions need nothing else."""
    if not isinstance(version, str) or not _VERSION.match(version):
        raise KioskError("app version {version} is not a dotted number such as 0.2.0",
                         version=repr(version))
    return tuple(int(part) for part in version.split("."))


def running_version() -> str:
    return metadata.version(PACKAGE)


def app_version_lines(dpkg_admin: Path = Path("/var/lib/dpkg")) -> list[str]:
    """The app version this command runs, and what dpkg records where they differ (they
    never should: an update that goes back reinstalls with dpkg)."""
    from kiosk.sync.app_fallback import recorded_version

    lines = [f"app version: {running_version()}"]
    recorded = recorded_version(dpkg_admin)
    if recorded is not None and recorded != running_version():
        lines.append(f"dpkg records nssf-kiosk {recorded}, which is not the app that runs")
    return lines


def deb_fields(path: Path) -> dict[str, str]:
    """The control fields of a .deb (an ar archive holding control.tar.*), without dpkg, so head
    office can publish from any machine."""
    from kiosk.sync.app_pieces import ar_members

    with open(path, "rb") as fh:
        for name, offset, size in ar_members(Path(path)):
            if not name.startswith("control.tar"):
                continue
            fh.seek(offset)
            with tarfile.open(fileobj=io.BytesIO(fh.read(size))) as tar:
                member = next((m for m in tar.getmembers()
                               if m.name.lstrip("./") == "control"), None)
                if member is None:
                    break
                text = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
            fields: dict[str, str] = {}
            for line in text.splitlines():
                if line and not line[0].isspace() and ":" in line:
                    key, _, value = line.partition(":")
                    fields[key.strip()] = value.strip()
            return fields
    raise KioskError("{path} has no control file", path=path)


def package_version(path: Path) -> str:
    fields = deb_fields(path)
    if fields.get("Package") != PACKAGE:
        raise KioskError("{path} is the package {name}, not {package}", path=path,
                         name=repr(fields.get("Package")), package=PACKAGE)
    version = fields.get("Version", "")
    version_key(version)
    return version


def app_target_version(info: TargetFile) -> str:
    custom = info.unrecognized_fields.get("custom") or {}
    version = custom.get("version") if isinstance(custom, dict) else None
    version_key(version)  # type: ignore[arg-type]
    return str(version)


# --- head office: publish ----------------------------------------------------------------------

def publish_app(deb: Path, keys_dir: Path, repo: Path) -> str:
    """Publish the package in pieces (replacing an older app); re-sign targets, snapshot and
    timestamp. The version it published."""
    from tuf.api.metadata import MetaFile, Snapshot, TargetFile, Targets

    from kiosk.sync.app_pieces import split
    from kiosk.sync.keys import load_online_signers, utcnow
    from kiosk.sync.layout import hashed_name
    from kiosk.sync.publish import (
        LONG_EXPIRES_DAYS,
        TIMESTAMP_EXPIRES_DAYS,
        RepoState,
        _sign_timestamp,
        _Writer,
    )

    version = package_version(deb)
    state = RepoState.load(repo)
    if state.targets is None or state.snapshot is None:
        raise KioskError("nothing published in {repo} yet; publish the content first", repo=repo)
    old = state.targets.signed.targets.get(APP_TARGET)
    if old is not None and version_key(app_target_version(old)) >= version_key(version):
        raise KioskError("the repository already has app version {old}; {version} is not newer "
                         "(versions only go up)", old=app_target_version(old), version=version)
    now = utcnow()
    signers = load_online_signers(keys_dir, state.root.signed)
    writer = _Writer(Path(repo), now)
    pieces = split(Path(deb))
    try:
        app: dict[str, TargetFile] = {}
        for name, path in sorted(pieces.wheels.items()):
            data = path.read_bytes()
            info = TargetFile.from_data(WHEEL_TARGETS + name, data, ["sha256"])
            # same wheel, same file: an unchanged one is already in the repository
            writer.write(f"targets/{hashed_name(info.path, info.hashes['sha256'])}", data,
                         overwrite=False)
            app[info.path] = info
        target = TargetFile.from_data(APP_TARGET, pieces.without_wheels, ["sha256"])
        target.unrecognized_fields["custom"] = {
            "version": version,
            "wheelhouse": {p.removeprefix(WHEEL_TARGETS): i.hashes["sha256"] for p, i in app.items()}}
        writer.write(f"targets/{hashed_name(APP_TARGET, target.hashes['sha256'])}",
                     pieces.without_wheels, overwrite=False)
        app[APP_TARGET] = target
    finally:
        pieces.close()
    signed = state.targets.signed
    kept = {p: i for p, i in signed.targets.items() if not p.startswith("app/")}
    targets = Targets(version=signed.version + 1, expires=now + dt.timedelta(days=LONG_EXPIRES_DAYS),
                      targets={**kept, **app}, delegations=signed.delegations)
    writer.sign(Targets.type, targets, signers["targets"])
    meta = dict(state.snapshot.signed.meta)
    meta["targets.json"] = MetaFile(targets.version)
    snapshot = Snapshot(version=state.snapshot.signed.version + 1,
                        expires=now + dt.timedelta(days=LONG_EXPIRES_DAYS), meta=meta)
    writer.sign(Snapshot.type, snapshot, signers["snapshot"])
    _sign_timestamp(writer, state, snapshot.version, signers["timestamp"],
                    now + dt.timedelta(days=TIMESTAMP_EXPIRES_DAYS))
    return version


def keep_app_targets(targets: dict[str, TargetFile]) -> dict[str, TargetFile]:
    """The app target a content publish must carry over into its new targets.json."""
    return {path: info for path, info in targets.items() if path.startswith("app/")}


# --- the kiosk's sync: fetch --------------------------------------------------------------------

def fetch_app(updater: Updater, paths: SyncPaths, app_dir: Path | None = None) -> str | None:
    """Download a newer app into the repository copy: the package without wheels and the wheels
    the installed wheelhouse does not hold with the same sha256. Its version, or None."""
    from kiosk.sync.app_pieces import iter_wheels, local_wheels
    from kiosk.sync.fetch import fetch_target

    info = updater.get_targetinfo(APP_TARGET)
    if info is None:
        return None
    version = app_target_version(info)
    if version_key(version) <= version_key(running_version()):
        return None
    if "sha256" not in info.hashes:
        raise KioskError("app {version} is signed without a sha256; refused", version=version)
    wheels = dict(iter_wheels(info.unrecognized_fields.get("custom")))
    have = local_wheels((app_dir or APP_DIR) / "wheelhouse", paths.root / "app-wheelhouse.json")
    needed = [info]
    for name, digest in wheels.items():
        if have.get(name) == digest:
            continue
        piece = updater.get_targetinfo(WHEEL_TARGETS + name)
        if piece is None or piece.hashes.get("sha256") != digest:
            raise KioskError("app {version}: the wheel {name} is not signed as its package says",
                             version=version, name=name)
        needed.append(piece)
    keep = {paths.cached(piece.path, piece.hashes["sha256"]).name for piece in needed}
    app_cache = paths.repo_targets / "app"
    for stale in app_cache.rglob("*") if app_cache.is_dir() else []:
        if stale.is_file() and stale.name not in keep:  # an older release's pieces
            stale.unlink(missing_ok=True)
    for piece in needed:
        fetch_target(updater, piece, paths)
    return version


def mark_started(device: Device) -> None:
    """The app reached its first screen: what `kiosk app update` waits for after an install."""
    data = {"version": running_version(), "pid": os.getpid(), "at": time.time()}
    write_atomic(device.root / STARTED, json.dumps(data).encode())


def started_version(device: Device) -> str | None:
    try:
        return str(json.loads((device.root / STARTED).read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


# --- root: install, watch, roll back -------------------------------------------------------------

@dataclass
class UpdateState:
    """Root's own record (STATE_DIR/state.json)."""

    installed: str = ""
    held: list[str] = field(default_factory=list)  # versions that failed: never tried again
    last_result: str = ""
    last_try: str = ""

    @classmethod
    def load(cls, state_dir: Path) -> UpdateState:
        try:
            data = json.loads((state_dir / "state.json").read_text(encoding="utf-8"))
            return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})
        except (OSError, ValueError, TypeError):
            return cls()

    def save(self, state_dir: Path) -> None:
        write_atomic(state_dir / "state.json", json.dumps(self.__dict__, indent=2).encode())


@contextlib.contextmanager
def _locked(state_dir: Path) -> Iterator[None]:
    import fcntl

    state_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(state_dir / "lock", "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise KioskError("another app update is running") from None
        yield


def kiosk_idle(device: Device, idle_s: float, now: float | None = None) -> bool:
    """No visitor step logged for `idle_s` seconds (the journey log's files were not written)."""
    now = time.time() if now is None else now
    times = [p.stat().st_mtime for p in device.root.glob("journey.db*") if p.is_file()]
    return not times or now - max(times) >= idle_s


def _root_updater(state_dir: Path, mirror: Path, root_file: Path) -> Updater:
    """Root's own TUF client, reading the kiosk's repository copy."""
    from tuf.ngclient import Updater

    from kiosk.sync.fetch import FolderFetcher

    meta = state_dir / "metadata"
    meta.mkdir(parents=True, exist_ok=True)
    trusted = meta / "root.json"
    bootstrap = None if trusted.is_file() else root_file.read_bytes()
    base = mirror.resolve().as_uri()
    updater = Updater(str(meta), base + "/metadata/", str(state_dir), base + "/targets/",
                      FolderFetcher(), bootstrap=bootstrap)
    updater.refresh()
    return updater


def _assemble(updater: Updater, info: TargetFile, state_dir: Path, app_dir: Path) -> Path | list[str]:
    """The whole package, put back together from pieces verified by root's own client (the
    installed wheels it reuses checked against the signed sha256); or the names of the pieces
    the kiosk has not fetched yet."""
    from tuf.api import exceptions

    from kiosk.sync.app_pieces import assemble, iter_wheels, sha256_file

    work = state_dir / "pieces"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    version = app_target_version(info)
    wheels: dict[str, Path] = {}
    missing: list[str] = []
    for name, digest in iter_wheels(info.unrecognized_fields.get("custom")):
        local = app_dir / "wheelhouse" / name
        if local.is_file() and sha256_file(local) == digest:
            wheels[name] = local
            continue
        piece = updater.get_targetinfo(WHEEL_TARGETS + name)
        if piece is None or piece.hashes.get("sha256") != digest:
            raise KioskError("app {version}: the wheel {name} is not signed as its package says",
                             version=version, name=name)
        try:
            wheels[name] = Path(updater.download_target(piece, filepath=str(work / name)))
        except exceptions.DownloadHTTPError:
            missing.append(name)
    try:
        thin = Path(updater.download_target(info, filepath=str(work / "without-wheels.deb")))
    except exceptions.DownloadHTTPError:
        missing.append(APP_TARGET)
    if missing:
        return missing
    deb = work / f"nssf-kiosk_{version}_amd64.deb"
    assemble(thin, wheels, deb)
    return deb


def _switch_venv(app_dir: Path, target: str) -> None:
    tmp = app_dir / "venv.rollback"
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, app_dir / "venv")


def _start_and_wait(device: Device, version: str, restart: Sequence[str], wait_s: float) -> bool:
    (device.root / STARTED).unlink(missing_ok=True)
    try:
        subprocess.run(list(restart), timeout=wait_s, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        log.warning("restart command %s did not end in %s s", restart, wait_s)
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if started_version(device) == version:
            return True
        time.sleep(0.5)
    return started_version(device) == version


@dataclass(frozen=True)
class Install:
    """How root installs a package: dpkg on the system, or one rooted elsewhere (tests)."""

    command: tuple[str, ...] = ("dpkg", "-i")
    root: Path = Path("/")  # where dpkg's database and the installed files are


def update(device: Device, *, state_dir: Path = STATE_DIR, app_dir: Path = APP_DIR,
           root_file: Path | None = None, restart: Sequence[str] = RESTART, wait_s: float = 120,
           idle_s: float = 180, installer: Sequence[str] = ("dpkg", "-i"),
           dpkg_root: Path = Path("/")) -> str:
    """One look for a newer app; what happened, in one line."""
    from kiosk.paths import SHIPPED_ROOT

    with _locked(state_dir):
        state = UpdateState.load(state_dir)
        state.last_try = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        result = _update(device, state, state_dir, app_dir, root_file or SHIPPED_ROOT, restart,
                         wait_s, idle_s, Install(tuple(installer), Path(dpkg_root)))
        state.last_result = result
        state.save(state_dir)
        return result


def _update(device: Device, state: UpdateState, state_dir: Path, app_dir: Path, root_file: Path,
            restart: Sequence[str], wait_s: float, idle_s: float, installer: Install) -> str:
    current = state.installed or running_version()
    mirror = device.root / "repo"
    if not (mirror / "metadata" / "timestamp.json").is_file():
        return "no repository copy yet (the kiosk has not synced)"
    updater = _root_updater(state_dir, mirror, root_file)
    info = updater.get_targetinfo(APP_TARGET)
    if info is None:
        return f"up to date ({current}; no app published)"
    version = app_target_version(info)
    if version_key(version) <= version_key(current):
        return f"up to date ({current})"
    if version in state.held:
        return f"up to date ({current}; {version} failed here before and is held)"
    if not kiosk_idle(device, idle_s):
        return f"{version} waits: a visitor is using the kiosk"
    try:
        deb = _assemble(updater, info, state_dir, app_dir)
        if isinstance(deb, list):
            return (f"{version} waits: the kiosk has not fetched {len(deb)} of its pieces yet "
                    f"({', '.join(deb[:3])})")
        if package_version(deb) != version:
            raise KioskError("the signed app {version} is a package of version {found}; refused",
                             version=version, found=package_version(deb))
        from kiosk.sync.app_fallback import keep_installed
        from kiosk.sync.app_pieces import iter_wheels

        # the way back, kept before anything changes (a changed installed file: no update)
        fallback = keep_installed(state_dir, dict(iter_wheels(info.unrecognized_fields.get("custom"))),
                                  root=installer.root, app_dir=app_dir)
        try:
            return _install(device, state, deb, version, current, app_dir, restart, wait_s,
                            installer, fallback)
        finally:
            if fallback is not None:
                shutil.rmtree(fallback.folder, ignore_errors=True)
    finally:
        shutil.rmtree(state_dir / "pieces", ignore_errors=True)  # up to ~600 MB: never kept


def _dpkg(installer: Install, deb: Path) -> str | None:
    """Install `deb`; None, or dpkg's last line when it failed."""
    env = dict(os.environ, NSSF_KIOSK_NO_RESTART="1", DEBIAN_FRONTEND="noninteractive")
    done = subprocess.run([*installer.command, str(deb)], env=env, capture_output=True, text=True,
                          check=False)
    if done.returncode == 0:
        return None
    return ((done.stderr or done.stdout).strip().splitlines()[-1:] or ["dpkg failed"])[0]


def _install(device: Device, state: UpdateState, deb: Path, version: str, current: str,
             app_dir: Path, restart: Sequence[str], wait_s: float, installer: Install,
             fallback: Fallback | None) -> str:
    previous_env = os.readlink(app_dir / "venv") if (app_dir / "venv").is_symlink() else ""
    problem = _dpkg(installer, deb)
    if problem is None and _start_and_wait(device, version, restart, wait_s):
        state.installed = version
        return f"updated to {version}"
    state.held.append(version)
    record = _go_back(installer, fallback, app_dir, previous_env)
    if problem is not None:
        return f"{version} did not install ({problem}); stayed on {current}{record}"
    back = _start_and_wait(device, current, restart, wait_s)
    return (f"{version} did not reach its first screen in {wait_s:g} s; rolled back to {current}"
            + ("" if back else " (which has not reported its first screen either)") + record)


def _go_back(installer: Install, fallback: Fallback | None, app_dir: Path,
             previous_env: str) -> str:
    """Install the kept version again with dpkg (its postinst switches its environment back
    in); where that cannot be, switch the environment back by hand and say what dpkg records.
    What dpkg records afterwards, as the end of the result line."""
    from kiosk.sync.app_fallback import recorded_version
    from kiosk.sync.app_pieces import assemble

    why = "no package of it was kept"
    if fallback is not None:
        try:
            deb = fallback.folder / f"nssf-kiosk_{fallback.version}_amd64.deb"
            assemble(fallback.thin, fallback.wheel_files(app_dir), deb)
            why = _dpkg(installer, deb) or ""
        except (KioskError, OSError) as exc:
            why = str(exc)
    if why and previous_env:
        _switch_venv(app_dir, previous_env)
    recorded = recorded_version(installer.root / "var/lib/dpkg")
    if not why:
        return f" (reinstalled with dpkg: dpkg records {recorded})"
    if recorded is None:
        return ""  # no dpkg here (a checkout): the environment switch is all there is
    log.error("going back with dpkg failed: %s", why)
    return f" (dpkg could not reinstall it: {why}; dpkg records {recorded})"
