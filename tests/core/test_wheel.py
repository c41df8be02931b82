"""The wheel is complete: built from the checkout and installed into a fresh venv (its
dependencies borrowed from this one, so no download), `kiosk content validate` and
`kiosk status` work from a folder far from the checkout, reading content, rules, the trust
root, fonts and catalogs from inside the installed package. (The full offline install from the
hashed wheelhouse: packaging/package-test.sh.)"""
from __future__ import annotations

import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

from kiosk.paths import ROOT


def test_wheel_installs_and_runs_without_the_checkout(tmp_path: Path) -> None:
    # built as `make wheel` does (pip fetches the build backend if this venv lacks it)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w",
                    str(tmp_path / "wheel"), str(ROOT)], check=True, timeout=300, capture_output=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")} | {
        "PIP_CONFIG_FILE": os.devnull, "PIP_NO_INDEX": "1"}
    wheel = next((tmp_path / "wheel").glob("nssf_kiosk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kiosk/data/content/benefits.yaml", "kiosk/data/rules/parameters.yaml",
                   "kiosk/data/trust/root.json", "kiosk/assets/fonts/NotoSansKhmer-Regular.ttf",
                   "kiosk/assets/icons/materialdesignicons-webfont.ttf", "kiosk/assets/style.qss",
                   "kiosk/locale/km/LC_MESSAGES/messages.mo"):
        assert needed in names, needed
    assert not any(n.startswith(("tests/", "bench/")) for n in names)

    fresh = tmp_path / "venv"
    venv.create(fresh, with_pip=False)
    purelib = next(fresh.glob("lib/python*/site-packages"))
    # this venv's dependencies (not its editable kiosk: .pth files of an added dir are not run)
    (purelib / "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(fresh / "bin" / "python"),
                    "install", "-q", "--no-deps", str(wheel)], check=True, env=env, timeout=300,
                   capture_output=True)
    away = tmp_path / "elsewhere"
    away.mkdir()
    run_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    done = subprocess.run([str(fresh / "bin" / "kiosk"), "content", "validate"], cwd=away,
                          env=run_env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert str(purelib / "kiosk" / "data" / "content") in done.stdout
    status = subprocess.run([str(fresh / "bin" / "kiosk"), "status", "--data-dir", str(tmp_path / "d")],
                            cwd=away, env=run_env, capture_output=True, text=True, timeout=120)
    assert status.returncode == 0 and "content version" in status.stdout, status.stderr

