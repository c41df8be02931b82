"""The benchmark scripts still run against the current app (a few taps, one start, a short
soak): they drive the real screens by objectName, so a renamed button shows up here first.
Slow (about a minute): `make test` skips it; run with `pytest -m slow tests/bench_smoke`."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"

pytestmark = pytest.mark.slow


def run(script: str, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads((OUT / script.replace("bench_", "").replace(".py", ".json")).read_text())


def test_startup_probe_paints_the_attract_screen() -> None:
    result = run("bench_startup.py", "--runs", "1", "--no-chromium")
    assert result["kiosk"]["painted_s"] and result["kiosk"]["max_peak_rss_mib"] > 0


def test_taps_reach_every_flow_without_missing_buttons() -> None:
    result = run("bench_taps.py", "--taps", "120")
    assert result["no_paint"] == 0
    assert not result["driver_problems"], result["driver_problems"]
    assert {"home tile", "checklist tick", "interview answer", "keyboard key",
            "language"} <= set(result["kinds"])


def test_a_short_soak_finishes() -> None:
    result = run("bench_soak.py", "--hours", "0.5", "--no-sync", "--warmup-hours", "0.1")
    assert result["visits"] > 0 and result["taps"] > 0
