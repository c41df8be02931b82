"""The way back of an app update, as a package dpkg installs, so dpkg never lies.

Before `kiosk app update` installs a new version, it keeps the installed one as a package: made
from dpkg's own record of it (the control fields and maintainer scripts in /var/lib/dpkg, every
file its list names, each checked against dpkg's md5sums), without its wheelhouse, plus the
installed wheels the new version will not have (usually only the app's own, ~2 MB; all of
them are kept only where the new version replaces them). If the new version does not reach its
first screen, the kept package is put back together (kiosk/sync/app_pieces.py: assemble) and
installed with dpkg: the files, dpkg's database (`dpkg -l nssf-kiosk`) and the running app all
say the version the kiosk went back to. Its postinst finds that version's environment intact
(the same hashed wheels) and reuses it, so going back takes seconds, not a rebuild.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.i18n import Msg
from kiosk.sync.app_pieces import WHEEL_NAME, WHEELHOUSE, sha256_file

PACKAGE = "nssf-kiosk"
FALLBACK_DIR = "fallback"  # in root's state dir
# the control fields a package carries (dpkg's status adds Status, Config-Version, ...)
CONTROL_FIELDS = ("Package", "Version", "Architecture", "Maintainer", "Installed-Size",
                  "Pre-Depends", "Depends", "Recommends", "Suggests", "Breaks", "Conflicts",
                  "Replaces", "Provides", "Section", "Priority", "Homepage", "Description")
SCRIPTS = ("preinst", "postinst", "prerm", "postrm")


def _why(reason: Msg | str) -> KioskError:
    """`reason` a Msg, or a line of dpkg's own output (which has no translation)."""
    return KioskError("cannot keep the installed app as a way back: {reason}", reason=reason)


def _stanza(admin: Path, package: str = PACKAGE) -> list[str] | None:
    """dpkg's status lines of `package`, or None when dpkg has no record of it."""
    try:
        text = (admin / "status").read_text(encoding="utf-8")
    except OSError:
        return None
    for block in text.split("\n\n"):
        lines = block.strip("\n").splitlines()
        if f"Package: {package}" in lines:
            return lines
    return None


def recorded_version(admin: Path = Path("/var/lib/dpkg"), package: str = PACKAGE) -> str | None:
    """The version dpkg records as installed (`dpkg -l`), or None (not installed by dpkg)."""
    lines = _stanza(admin, package) or []
    fields = {k: v.strip() for k, _, v in (line.partition(":") for line in lines if line[:1] != " ")}
    if fields.get("Status", "").split()[-1:] != ["installed"]:
        return None
    return fields.get("Version") or None


@dataclass
class Fallback:
    """The installed version, kept: its package without wheels and the wheels it needs."""

    version: str
    folder: Path
    wheels: dict[str, str]  # name -> sha256, the whole wheelhouse of that version

    @property
    def thin(self) -> Path:
        return self.folder / "without-wheels.deb"

    def wheel_files(self, app_dir: Path) -> dict[str, Path]:
        """Each wheel of the kept version: from the installed wheelhouse where it is still the
        same file, else the copy kept; every one checked against its sha256."""
        found: dict[str, Path] = {}
        for name, digest in self.wheels.items():
            for path in (app_dir / "wheelhouse" / name, self.folder / "wheelhouse" / name):
                if path.is_file() and sha256_file(path) == digest:
                    found[name] = path
                    break
            else:
                raise KioskError("the wheel {name} of {version} is gone; cannot go back",
                                 name=name, version=self.version)
        return found

    @classmethod
    def load(cls, state_dir: Path) -> Fallback | None:
        folder = state_dir / FALLBACK_DIR
        try:
            data = json.loads((folder / "fallback.json").read_text(encoding="utf-8"))
            fallback = cls(str(data["version"]), folder, dict(data["wheels"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return fallback if fallback.thin.is_file() else None


def keep_installed(state_dir: Path, new_wheels: dict[str, str], *, root: Path = Path("/"),
                   app_dir: Path | None = None) -> Fallback | None:
    """Keep the version dpkg records installed under `root` as a package to go back to; None
    where dpkg has no record of the app (a checkout, not a package). `new_wheels`: the coming
    version's wheelhouse (name -> sha256); only installed wheels not among them are copied."""
    admin = root / "var/lib/dpkg"
    app_dir = app_dir or root / "opt/nssf-kiosk"
    version = recorded_version(admin)
    if version is None:
        return None
    folder = state_dir / FALLBACK_DIR
    shutil.rmtree(folder, ignore_errors=True)
    tree = folder / "tree"
    _folder(tree / "DEBIAN")
    (folder / "wheelhouse").mkdir()
    info = admin / "info"
    try:
        listed = [line for line in (info / f"{PACKAGE}.list").read_text(encoding="utf-8")
                  .splitlines() if line.startswith("/")]
        md5 = {}
        if (info / f"{PACKAGE}.md5sums").is_file():
            for line in (info / f"{PACKAGE}.md5sums").read_text(encoding="utf-8").splitlines():
                digest, _, path = line.partition("  ")
                md5["/" + path.strip()] = digest.strip()
        wheels = _copy_files(listed, md5, root, tree, folder / "wheelhouse", new_wheels)
        _control(admin, tree / "DEBIAN", info)
        done = subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z1", "--build",
                               str(tree), str(folder / "without-wheels.deb")],
                              capture_output=True, text=True, timeout=300, check=False)
        if done.returncode != 0:
            raise _why((done.stderr or done.stdout).strip().splitlines()[-1:][0]
                       if (done.stderr or done.stdout).strip() else "dpkg-deb failed")
    except OSError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise _why(str(exc)) from None
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    shutil.rmtree(tree)
    (folder / "fallback.json").write_text(json.dumps({"version": version, "wheels": wheels}))
    return Fallback(version, folder, wheels)


def _copy_files(listed: list[str], md5: dict[str, str], root: Path, tree: Path,
                kept: Path, new_wheels: dict[str, str]) -> dict[str, str]:
    """Every file dpkg lists for the package into `tree`, checked against its md5sums (a
    changed file means the installed version is not what dpkg recorded: no way back from
    it); the wheels are recorded instead, and copied to `kept` where the new version lacks them."""
    # a listed path another one lies under is a folder of the package, even where the system
    # made it a link (merged /usr: /lib -> usr/lib)
    parents = {str(Path(p).parent) for p in listed}
    wheels: dict[str, str] = {}
    for path in listed:
        source = root / path.lstrip("/")
        inside = tree / path.lstrip("/")
        if path == "/." or path in parents:
            _folder(inside)
            continue
        rel = path.lstrip("/")
        if rel.startswith(WHEELHOUSE) and rel.endswith(".whl"):
            name = rel.removeprefix(WHEELHOUSE)
            if not WHEEL_NAME.match(name):
                raise _why(Msg("odd wheel name {name!r}", name=name))
            digest = sha256_file(source)
            wheels[name] = digest
            if new_wheels.get(name) != digest:
                shutil.copy2(source, kept / name)
            continue
        _folder(inside.parent)
        if source.is_symlink():
            inside.symlink_to(os.readlink(source))
        elif source.is_file():
            if path in md5 and _md5(source) != md5[path]:
                raise _why(Msg("{path} is not the file the package installed", path=str(path)))
            shutil.copy2(source, inside)
        elif source.is_dir():
            _folder(inside)
        else:
            raise _why(Msg("{path} is missing", path=str(path)))
    if not wheels:
        raise _why(Msg("no wheelhouse installed"))
    return wheels


def _folder(path: Path) -> None:
    """A folder of the package, 0755 whatever the umask (`kiosk` runs under 077, and dpkg-deb
    refuses a control folder that others cannot read)."""
    missing = []
    while not path.is_dir():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir()
        folder.chmod(0o755)


def _control(admin: Path, debian: Path, info: Path) -> None:
    lines = _stanza(admin) or []
    out: list[str] = []
    keep = False
    for line in lines:
        if line[:1] != " ":
            keep = line.partition(":")[0] in CONTROL_FIELDS
        if keep:
            out.append(line)
    (debian / "control").write_text("\n".join(out) + "\n", encoding="utf-8")
    for script in SCRIPTS:
        source = info / f"{PACKAGE}.{script}"
        if source.is_file():
            shutil.copy2(source, debian / script)
            (debian / script).chmod(0o755)
    if (info / f"{PACKAGE}.conffiles").is_file():
        shutil.copy2(info / f"{PACKAGE}.conffiles", debian / "conffiles")


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
