"""The counts upload as the package runs it: nssf-kiosk-upload.service's own command lines
(ExecCondition, then ExecStart) run against a data dir, its timer and the sync's OnSuccess=,
and its sandbox measured as the package test measures it (`systemd-analyze security
--offline`). The same units on a fresh Debian 12 root: packaging/package-test.sh."""
from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

UNITS = Path(__file__).resolve().parents[2] / "packaging" / "linux"


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys as systemd spells them
    parser.read(UNITS / name)
    return parser


def command(line: str, data: Path) -> list[str]:
    """The unit's command, with this checkout's kiosk and a data dir of the test's own."""
    words = shlex.split(line)
    assert words[0] == "/usr/bin/kiosk", line
    words = [data.as_posix() if w == "/var/lib/nssf-kiosk" else w for w in words[1:]]
    return [sys.executable, "-m", "kiosk.cli", *words]


def run(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, timeout=120)


def test_the_upload_runs_only_where_a_target_is_set_and_an_upload_is_due(tmp_path: Path) -> None:
    service = unit("nssf-kiosk-upload.service")["Service"]
    assert service["User"] == "kiosk"
    data = tmp_path / "kiosk"
    condition = command(service["ExecCondition"], data)
    start = command(service["ExecStart"], data)

    never = run(condition)
    assert never.returncode == 1 and "no upload target set" in never.stdout, never
    stick = tmp_path / "stick"
    stick.mkdir()
    run([sys.executable, "-m", "kiosk.cli", "settings", "--data-dir", str(data),
         f"upload_target={stick}"]).check_returncode()
    due = run(condition)
    assert due.returncode == 0 and "is due" in due.stdout, due
    sent = run(start)
    assert sent.returncode == 0 and "uploaded 1 objects" in sent.stdout, sent
    assert len(list(stick.rglob("*.ndjson.gz"))) == 1
    after = run(condition)
    assert after.returncode == 1 and "not due" in after.stdout, after


def test_daily_with_a_random_delay_and_after_each_sync() -> None:
    timer = unit("nssf-kiosk-upload.timer")
    assert timer["Timer"]["OnCalendar"] == "daily"
    assert timer["Timer"]["RandomizedDelaySec"] and timer["Timer"]["Persistent"] == "yes"
    assert timer["Install"]["WantedBy"] == "timers.target"
    assert unit("nssf-kiosk-sync.service")["Unit"]["OnSuccess"] == "nssf-kiosk-upload.service"
    postinst = (UNITS.parent / "debian" / "postinst").read_text()
    assert "nssf-kiosk-upload.timer" in postinst.split("systemctl enable", 1)[1].split("||")[0]


@pytest.mark.parametrize("name", ["nssf-kiosk-upload", "nssf-kiosk-sync", "nssf-kiosk"])
def test_sandboxed_exposure_under_3(tmp_path: Path, name: str) -> None:
    if not shutil.which("systemd-analyze"):
        pytest.skip("systemd-analyze is not installed (.ci/run installs systemd)")
    system = tmp_path / "lib" / "systemd" / "system"
    system.mkdir(parents=True)
    for path in UNITS.iterdir():
        shutil.copy(path, system / path.name)
    done = run(["systemd-analyze", "security", "--offline=true", f"--root={tmp_path}",
                f"{name}.service"])
    last = done.stdout.strip().splitlines()[-1]
    score = float(last.split(":")[1].split()[0])
    assert score < 3.0, last
