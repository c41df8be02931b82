"""Memory the kiosk can hand back between visitors, so an 8-hour day stays small.

Found by bench/bench_soak.py (see bench/results.md):
- PySide6 reads the source of every module imported after it, to see whether it names PySide6
  (for its `__feature__` imports), through `inspect.getsource`, and Python's `linecache` keeps
  all of it: ~16 MiB of source lines that nothing needs, scattered through Python's memory so
  that little of it is ever given back. `configure()` makes that check read the file without
  keeping it (same answer); `trim()` empties linecache anyway (tracebacks read lines again).
- glibc keeps freed memory in its heaps; `malloc_trim` gives the free pages back to the system.
- Each thread that allocates gets its own glibc arena (background prints and syncs run in
  threads), and memory freed in one arena is never reused by another: two arenas are enough.

`configure()` runs once at start-up, `trim()` whenever a visitor has left (the attract loop is
showing, so the few milliseconds it takes are nobody's wait).
"""
from __future__ import annotations

import ctypes
import linecache
import logging
import sys

log = logging.getLogger(__name__)

# glibc's mallopt parameters
M_ARENA_MAX = -8
M_MMAP_THRESHOLD = -3
ARENAS = 2
# allocations from this size up get their own mapping, returned to the system when freed: the
# page images of a print are such buffers (without it an 8-hour soak grew by 54 MiB)
MMAP_THRESHOLD_BYTES = 1 << 20


def _libc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt  # noqa: B018 - glibc only (musl has no mallopt)
        return libc
    except (OSError, AttributeError):
        return None


def configure() -> None:
    libc = _libc()
    if libc is not None:
        libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
        libc.mallopt(M_ARENA_MAX, ARENAS)
    feature = sys.modules.get("shibokensupport.feature")
    if feature is not None and hasattr(feature, "_mod_uses_pyside"):
        # shiboken's own hook, with no public way to set it
        feature._mod_uses_pyside = _names_pyside  # noqa: SLF001
    linecache.clearcache()


def _names_pyside(module: object) -> bool:
    """PySide6's check (does the module's source say "PySide6"?) without keeping the source."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # no source: inspect.getsource fails too, and the check answers False
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return False


def trim() -> None:
    """Drop caches nothing needs between visitors and give free memory back to the system."""
    linecache.clearcache()
    libc = _libc()
    if libc is not None:
        try:
            libc.malloc_trim(0)
        except AttributeError:
            pass
