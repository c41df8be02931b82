"""The app package in pieces, so an update carries only what changed.

The package is ~470 MB, nearly all of it the wheelhouse (PySide6 alone is ~250 MB), and the
wheels rarely change between versions: a release that changes only the kiosk's own code
changes one 1.8 MB wheel. So head office publishes the package as
- `app/nssf-kiosk-without-wheels_amd64.deb`: the package with its wheelhouse taken out (a few
  kilobytes: control files, units, scripts, requirements.txt with every wheel's sha256), its
  version and the wheelhouse's names and sha256 in the target's custom field, and
- `app/wheelhouse/NAME.whl`: each wheel, a target of its own.
All are TUF targets (signed lengths and hashes; the repository stores them by sha256), so an
unchanged wheel is the same file from one release to the next. A kiosk fetches the package and
only the wheels its installed wheelhouse (/opt/nssf-kiosk/wheelhouse) does not hold with the same
sha256; root puts the package back together from the verified pieces (the control part byte
for byte as signed, the wheels checked again) and installs it with dpkg as before.

No file of a piece is ever unpacked to disk by path: the data archive is copied member by
member from the verified package into the new one, and the wheels are added under the one
wheelhouse folder with names checked to be plain file names.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kiosk.errors import KioskError
from kiosk.i18n import Msg

WHEELHOUSE = "opt/nssf-kiosk/wheelhouse/"
WHEEL_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.+-]{0,200}\.whl$")
AR_MAGIC = b"!<arch>\n"


def _bad(path: Path, why: Msg) -> KioskError:
    return KioskError("{path}: {problem}", path=path, problem=why)


# --- ar, the .deb container --------------------------------------------------------------------

def ar_members(path: Path) -> list[tuple[str, int, int]]:
    """(name, offset, size) of each member of the ar archive at `path`."""
    members = []
    with open(path, "rb") as fh:
        if fh.read(8) != AR_MAGIC:
            raise _bad(path, Msg("not a Debian package"))
        while True:
            header = fh.read(60)
            if len(header) < 60:
                break
            name = header[:16].decode("ascii", "replace").strip().rstrip("/")
            try:
                size = int(header[48:58].decode("ascii").strip() or 0)
            except ValueError:
                raise _bad(path, Msg("damaged archive header")) from None
            members.append((name, fh.tell(), size))
            fh.seek(size + size % 2, os.SEEK_CUR)
    return members


def _write_ar(out: BinaryIO, name: str, size: int) -> None:
    out.write(name.encode().ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6)
              + b"100644".ljust(8) + str(size).encode().ljust(10) + b"`\n")


def _member_bytes(path: Path, offset: int, size: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(offset)
        return fh.read(size)


def _data_member(path: Path) -> tuple[str, int, int]:
    for name, offset, size in ar_members(path):
        if name.startswith("data.tar"):
            if name not in ("data.tar.gz", "data.tar.xz", "data.tar"):
                raise _bad(path, Msg("{name}: build it with make package (gzip)", name=name))
            return name, offset, size
    raise _bad(path, Msg("no data.tar member"))


class _Window(io.RawIOBase):
    """A read-only view of `size` bytes at `offset` of a file (an ar member, streamed)."""

    def __init__(self, fh: BinaryIO, offset: int, size: int) -> None:
        self.fh, self.start, self.left = fh, offset, size
        fh.seek(offset)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self.left <= 0:
            return 0
        data = self.fh.read(min(len(buffer), self.left))
        buffer[:len(data)] = data
        self.left -= len(data)
        return len(data)


def _data_tar(path: Path, fh: BinaryIO) -> tarfile.TarFile:
    name, offset, size = _data_member(path)
    stream = io.BufferedReader(_Window(fh, offset, size), 1 << 20)
    return tarfile.open(fileobj=stream, mode="r|*")


def _is_wheel(member: tarfile.TarInfo) -> bool:
    name = member.name.removeprefix("./")
    return member.isfile() and name.startswith(WHEELHOUSE) and name.endswith(".whl")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- head office: split -------------------------------------------------------------------------

@dataclass
class Split:
    """A package taken apart: the package without its wheels, and the wheels (in `folder`)."""

    without_wheels: bytes
    wheels: dict[str, Path]  # name -> file
    folder: Path

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def split(deb: Path) -> Split:
    """The package at `deb` as a package without its wheelhouse files, plus those files."""
    deb = Path(deb)
    folder = Path(tempfile.mkdtemp(prefix="nssf-app-split-"))
    wheels: dict[str, Path] = {}
    data = io.BytesIO()
    try:
        with open(deb, "rb") as fh, _data_tar(deb, fh) as source, \
                tarfile.open(fileobj=data, mode="w:gz", compresslevel=9,
                             format=tarfile.GNU_FORMAT) as thin:
            for member in source:
                if _is_wheel(member):
                    name = member.name.rsplit("/", 1)[-1]
                    if not WHEEL_NAME.match(name) or name in wheels:
                        raise _bad(deb, Msg("odd wheel name {name}", name=repr(name)))
                    extracted = source.extractfile(member)
                    assert extracted is not None
                    with open(folder / name, "wb") as out:
                        shutil.copyfileobj(extracted, out, 1 << 20)
                    wheels[name] = folder / name
                elif member.isfile():
                    thin.addfile(member, source.extractfile(member))
                else:
                    thin.addfile(member)
        if not wheels:
            raise _bad(deb, Msg("no wheelhouse in it (build it with make package)"))
        out = io.BytesIO()
        out.write(AR_MAGIC)
        for name, offset, size in ar_members(deb):
            if name.startswith("data.tar"):
                name, body = "data.tar.gz", data.getvalue()
            else:
                body = _member_bytes(deb, offset, size)
            _write_ar(out, name, len(body))
            out.write(body + (b"\n" if len(body) % 2 else b""))
        return Split(out.getvalue(), wheels, folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


# --- root on the kiosk: assemble ------------------------------------------------------------------

def assemble(without_wheels: Path, wheels: dict[str, Path], out: Path) -> None:
    """The whole package again: the verified package without wheels, member by member, with
    the verified wheels added to its wheelhouse folder. Written beside `out`, then renamed."""
    for name in wheels:
        if not WHEEL_NAME.match(name):
            raise _bad(without_wheels, Msg("odd wheel name {name}", name=repr(name)))
    tmp_data = out.with_name(out.name + ".data.part")
    tmp_deb = out.with_name(out.name + ".part")
    try:
        with open(without_wheels, "rb") as fh, _data_tar(without_wheels, fh) as source, \
                open(tmp_data, "wb") as raw, \
                tarfile.open(fileobj=raw, mode="w:gz", compresslevel=1,
                             format=tarfile.GNU_FORMAT) as whole:
            folder: tarfile.TarInfo | None = None
            for member in source:
                if _is_wheel(member):
                    raise _bad(without_wheels, Msg("it already holds wheels"))
                if member.isdir() and member.name.removeprefix("./").rstrip("/") + "/" == WHEELHOUSE:
                    folder = member
                whole.addfile(member, source.extractfile(member) if member.isfile() else None)
            if folder is None:
                raise _bad(without_wheels, Msg("no wheelhouse folder in it"))
            for name, path in sorted(wheels.items()):
                info = tarfile.TarInfo(f"./{WHEELHOUSE}{name}")
                info.size, info.mode, info.mtime = path.stat().st_size, 0o644, folder.mtime
                info.uname = info.gname = "root"
                with open(path, "rb") as wheel:
                    whole.addfile(info, wheel)
        with open(tmp_deb, "wb") as deb:
            deb.write(AR_MAGIC)
            for name, offset, size in ar_members(without_wheels):
                if name.startswith("data.tar"):
                    _write_ar(deb, "data.tar.gz", tmp_data.stat().st_size)
                    with open(tmp_data, "rb") as data:
                        shutil.copyfileobj(data, deb, 1 << 20)
                    size = tmp_data.stat().st_size
                else:
                    _write_ar(deb, name, size)
                    deb.write(_member_bytes(without_wheels, offset, size))
                if size % 2:
                    deb.write(b"\n")
            deb.flush()
            os.fsync(deb.fileno())
        os.replace(tmp_deb, out)
    finally:
        tmp_data.unlink(missing_ok=True)
        tmp_deb.unlink(missing_ok=True)


# --- what a kiosk already has ---------------------------------------------------------------------

def local_wheels(wheelhouse: Path, cache: Path | None = None) -> dict[str, str]:
    """name -> sha256 of the wheels installed in `wheelhouse`, hashed once per file (the hashes
    are kept in `cache`, keyed by size and modification time)."""
    try:
        known = json.loads(cache.read_text(encoding="utf-8")) if cache else {}
    except (OSError, ValueError):
        known = {}
    found: dict[str, str] = {}
    fresh: dict[str, list] = {}
    for path in sorted(wheelhouse.glob("*.whl")) if wheelhouse.is_dir() else []:
        try:
            info = path.stat()
        except OSError:
            continue
        key = [info.st_size, info.st_mtime_ns]
        entry = known.get(path.name)
        digest = entry[2] if isinstance(entry, list) and entry[:2] == key else sha256_file(path)
        found[path.name] = digest
        fresh[path.name] = [*key, digest]
    if cache is not None and fresh != known:
        try:
            from kiosk.device import write_atomic

            write_atomic(cache, json.dumps(fresh).encode())
        except OSError:
            pass  # only a speed-up
    return found


def iter_wheels(custom: object) -> Iterator[tuple[str, str]]:
    """(name, sha256) of each wheel a package target's custom field names; KioskError when it
    names none or something that is not a wheel."""
    wheels = custom.get("wheelhouse") if isinstance(custom, dict) else None
    if not isinstance(wheels, dict) or not wheels:
        raise KioskError("the signed app target names no wheelhouse; refused")
    for name, digest in wheels.items():
        if not (isinstance(name, str) and WHEEL_NAME.match(name) and isinstance(digest, str)
                and re.fullmatch(r"[0-9a-f]{64}", digest)):
            raise KioskError("the signed app target names an odd wheel {name}; refused",
                             name=repr(name))
        yield name, digest
