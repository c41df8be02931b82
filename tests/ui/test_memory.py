"""What the kiosk hands back between visitors (ui/memory.py): PySide6's check of each imported
module no longer leaves the module's source in linecache, and `trim` empties it."""
from __future__ import annotations

import importlib
import linecache
import sys
from pathlib import Path

import pytest

from ui import memory


def test_imports_after_pyside_leave_no_source_in_linecache(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not hasattr(feature, "_mod_uses_pyside"):
        pytest.skip("this PySide6 has no per-import feature check")
    memory.configure()
    assert feature._mod_uses_pyside is memory._names_pyside
    for name, body in (("kiosk_probe_plain", "X = 1\n"),
                       ("kiosk_probe_qt", "import PySide6.QtCore  # names PySide6\nX = 2\n")):
        (tmp_path / f"{name}.py").write_text(body * 2000, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    for name in ("kiosk_probe_plain", "kiosk_probe_qt"):
        importlib.import_module(name)
        monkeypatch.delitem(sys.modules, name)
    assert not [f for f in linecache.cache if "kiosk_probe" in f]
    # the check still answers as PySide6's own did
    assert memory._names_pyside(sys.modules["json"]) is False
    assert memory._names_pyside(sys.modules["ui.style"]) is True


def test_trim_empties_linecache() -> None:
    linecache.getline(memory.__file__, 1)
    assert memory.__file__ in linecache.cache
    memory.trim()
    assert memory.__file__ not in linecache.cache
