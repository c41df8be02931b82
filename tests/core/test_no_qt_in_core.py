"""The core never imports Qt: every module under kiosk/ is imported in a fresh interpreter, and
neither PySide6 nor shiboken6 may end up loaded (the `kiosk` CLI runs on machines without a
display, and the UI is a thin shell over the core, never the other way round)."""
from __future__ import annotations

import subprocess
import sys

from kiosk.paths import ROOT

PROBE = r"""
import importlib, pkgutil, sys, kiosk
failed = []
names = ["kiosk"] + [m.name for m in pkgutil.walk_packages(kiosk.__path__, "kiosk.")]
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failed.append(f"{name}: {type(exc).__name__}: {exc}")
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len(names))
print("QT:" + ",".join(qt))
print("FAILED:" + " | ".join(failed))
"""


def test_no_module_of_the_core_imports_qt() -> None:
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    count, qt, failed = result.stdout.strip().splitlines()[-3:]
    assert int(count) > 10  # really walked the package
    assert qt == "QT:", f"the core loaded Qt or the UI: {qt[3:]}"
    assert failed == "FAILED:", f"core modules that do not even import: {failed[7:]}"
