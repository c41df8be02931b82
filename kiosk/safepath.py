"""Paths that come from content, an index or signed metadata stay inside their folder.

Content and repositories may be hostile (an editor's mistake, a compromised online key, a USB
stick made by anyone), so every relative path they name is checked twice before it is used:
first its spelling (safe characters, no absolute path, no `..`, no empty or dot segments),
then where it lands once joined and resolved (no symlink leads out). Either check alone would
do for a well-behaved file system; both together also cover a symlink planted in a folder.
"""
from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.i18n import Msg

# one segment: letters, digits, '_', '-', '.', not starting with a dot (no '..', no hidden files)
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}"
SAFE_RELPATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT}){{0,15}}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # a record id (content/model.py's Slug)
MAX_RELPATH = 512


class UnsafePath(KioskError):
    """A path from content or a repository that would leave its folder."""


def unsafe_reason(relpath: object) -> Msg | None:
    """Why `relpath` is not a safe relative path, or None if it is."""
    if not isinstance(relpath, str) or not relpath:
        return Msg("it is empty or not text")
    if len(relpath) > MAX_RELPATH:
        return Msg("it is longer than {most} characters", most=MAX_RELPATH)
    if relpath.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", relpath):
        return Msg("it is an absolute path")
    if any(part in ("..", ".") for part in re.split(r"[/\\]", relpath)):
        return Msg("it has a '..' or '.' segment")
    if not SAFE_RELPATH.fullmatch(relpath):
        return Msg("it has characters other than letters, digits, '_', '-', '.' and '/' (or a "
                   "segment starting with '.')")
    return None


def check_relpath(relpath: object, what: Msg | None = None) -> str:
    """`relpath` itself if it is a safe relative path; UnsafePath otherwise. `what` names it
    in the message ("media path")."""
    reason = unsafe_reason(relpath)
    if reason is not None:
        raise UnsafePath("{what} {path} is refused: {reason}", what=what or Msg("path"),
                         path=repr(relpath), reason=reason)
    return relpath  # type: ignore[return-value]


def check_sha256(digest: object, what: Msg | None = None) -> str:
    if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest):
        raise UnsafePath("{what} {digest} is not a sha256 hex digest; refused",
                         what=what or Msg("hash"), digest=repr(str(digest)[:80]))
    return digest


def inside(base: Path, path: Path) -> bool:
    """Whether `path`, resolved (symlinks followed), is `base` or under it."""
    try:
        return path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def contained(base: Path, relpath: str, what: Msg | None = None) -> Path:
    """`base / relpath`, after checking the spelling and that it resolves inside `base`."""
    check_relpath(relpath, what)
    path = base / relpath
    if not inside(base, path):
        raise UnsafePath("{what} {path} leads outside {base} (a symlink?); refused",
                         what=what or Msg("path"), path=repr(relpath), base=base)
    return path


def read_regular(path: Path, max_bytes: int, what: Msg | None = None) -> bytes:
    """The bytes of a regular file of at most `max_bytes`: a FIFO, a device (`/dev/zero`) or
    a giant file is one clear error instead of a hang or all the memory. FileNotFoundError
    and other OSErrors pass through for the caller to word."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KioskError("{path} is not a regular file; refused", path=path)
        if info.st_size > max_bytes:
            raise _too_large(path, max_bytes, what)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise _too_large(path, max_bytes, what)
    return data


def _too_large(path: Path, max_bytes: int, what: Msg | None) -> KioskError:
    return KioskError("{path} is larger than {kb} kB; refused as a {what}", path=path,
                      kb=max_bytes // 1024, what=what or Msg("file"))
