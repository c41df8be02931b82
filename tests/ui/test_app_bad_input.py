"""No traceback from `nssf-kiosk` either: each bad option or file is one line on stderr and a
non-zero exit (the real entry point, in a process of its own, offscreen). One row per case."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

CASES: dict[str, tuple[list[str], str, Callable[[Path], None] | None]] = {
    "unknown option": (["--colour"], "unrecognized arguments: --colour", None),
    "data dir is a file": (["--data-dir", "{tmp}/file"], "cannot use the data dir", None),
    "bundle missing": (["--bundle", "{tmp}/none.db"], "is not there", None),
    "bundle not a bundle": (["--bundle", "{tmp}/file"], "cannot be read", None),
    "shots into a file": (["--shots", "{tmp}/file"], "not a folder", None),
    "a size that is no size": (["--size", "1280*800"], "is not WIDTHxHEIGHT", None),
    "a window too small": (["--size", "100x100"], "each side must be from 240", None),
    "a text size unknown": (["--text", "huge"], "invalid choice: 'huge'", None),
    "a diagonal that is no number": (["--diagonal", "ten"], "must be a number", None),
    "a diagonal out of range": (["--diagonal", "1.5"], "from 3 to 100 inches", None),
    "screen_diagonal_in=2 in the settings": ([], "screen_diagonal_in must be 0",
                                             lambda d: (d / "data" / "settings.json").write_text(
                                                 json.dumps({"screen_diagonal_in": 2}))),
    "settings damaged": ([], "settings file is damaged",
                         lambda d: (d / "data" / "settings.json").write_text("{")),
    "idle_timeout_s=0 in the settings": ([], "idle_timeout_s must be from 30 to 3600",
                                         lambda d: (d / "data" / "settings.json").write_text(
                                             json.dumps({"idle_timeout_s": 0}))),
    "default_locale=fr in the settings": ([], "default_locale must be one of km, en",
                                          lambda d: (d / "data" / "settings.json").write_text(
                                              json.dumps({"default_locale": "fr"}))),
}


@pytest.mark.parametrize("name", list(CASES))
def test_nssf_kiosk_bad_input_is_one_line(name: str, tmp_path: Path) -> None:
    argv, says, setup = CASES[name]
    (tmp_path / "file").write_text("not a bundle")
    (tmp_path / "data").mkdir()
    if setup:
        setup(tmp_path)
    args = [a.format(tmp=tmp_path) for a in argv]
    if "--data-dir" not in args:
        args += ["--data-dir", str(tmp_path / "data")]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", "import sys; from ui.app import main; "
                           "sys.exit(main())", *args, "--windowed", "--exit-after-start"],
                          capture_output=True, text=True, env=env, timeout=60)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0, done.stderr
    assert "Traceback" not in done.stderr and len(lines) == 1, done.stderr
    assert says in done.stderr
