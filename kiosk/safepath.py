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

# one segment: letters, digits, '_', '-', '.', not starting with a dot (no '..', no hidden files)
_SEGMENT = r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,199}"
SAFE_RELPATH = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT}){{0,15}}")
SHA256_HEX = re.compile(r"[0-9a-f]{64}")
SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")  # a record id (content/model.py's Slug)
MAX_RELPATH = 512


class UnsafePath(KioskError):
    """A path from content or a repository that would leave its folder."""


def unsafe_reason(relpath: object) -> str | None:
    """Why `relpath` is not a safe relative path, or None if it is."""
    if not isinstance(relpath, str) or not relpath:
        return "it is empty or not text"
    if len(relpath) > MAX_RELPATH:
        return f"it is longer than {MAX_RELPATH} characters"
    if relpath.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", relpath):
        return "it is an absolute path"
    if any(part in ("..", ".") for part in re.split(r"[/\\]", relpath)):
        return "it has a '..' or '.' segment"
    if not SAFE_RELPATH.fullmatch(relpath):
        return ("it has characters other than letters, digits, '_', '-', '.' and '/' "
                "(or a segment starting with '.')")
    return None


def check_relpath(relpath: object, what: str = "path") -> str:
    """`relpath` itself if it is a safe relative path; UnsafePath otherwise."""
    reason = unsafe_reason(relpath)
    if reason is not None:
        raise UnsafePath(f"{what} {relpath!r} is refused: {reason}",
                         f"{what} {relpath!r} ត្រូវបានបដិសេធ: ផ្លូវមិនមានសុវត្ថិភាព")
    return relpath  # type: ignore[return-value]


def check_sha256(digest: object, what: str = "hash") -> str:
    if not isinstance(digest, str) or not SHA256_HEX.fullmatch(digest):
        raise UnsafePath(f"{what} {str(digest)[:80]!r} is not a sha256 hex digest; refused",
                         f"{what} មិនមែនជា sha256 ទេ ត្រូវបានបដិសេធ")
    return digest


def inside(base: Path, path: Path) -> bool:
    """Whether `path`, resolved (symlinks followed), is `base` or under it."""
    try:
        return path.resolve().is_relative_to(base.resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def contained(base: Path, relpath: str, what: str = "path") -> Path:
    """`base / relpath`, after checking the spelling and that it resolves inside `base`."""
    check_relpath(relpath, what)
    path = base / relpath
    if not inside(base, path):
        raise UnsafePath(f"{what} {relpath!r} leads outside {base} (a symlink?); refused",
                         f"{what} {relpath!r} ចេញក្រៅថត ត្រូវបានបដិសេធ")
    return path


def read_regular(path: Path, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `max_bytes`: a FIFO, a device (`/dev/zero`) or
    a giant file is one clear error instead of a hang or all the memory. FileNotFoundError
    and other OSErrors pass through for the caller to word."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise KioskError(f"{path} is not a regular file; refused",
                             f"{path} មិនមែនជាឯកសារធម្មតាទេ")
        if info.st_size > max_bytes:
            raise KioskError(f"{path} is larger than {max_bytes // 1024} kB; refused as a {what}",
                             f"{path} ធំពេក")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(data) > max_bytes:
        raise KioskError(f"{path} is larger than {max_bytes // 1024} kB; refused as a {what}",
                         f"{path} ធំពេក")
    return data
