"""`nssf-kiosk` start-up: arguments, the plain message when no window can open, --shots."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from kiosk.paths import ROOT
from ui.app import XCB_PACKAGES, parse_args, use_offscreen, window_problem


def run_kiosk(args: list[str], env: dict[str, str], timeout: int = 120) -> subprocess.CompletedProcess:
    code = "import sys; from ui.app import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(extra)
    return env


def test_arguments() -> None:
    args = parse_args(["--windowed", "--data-dir", "/tmp/d", "--bundle", "b.db"])
    assert args.windowed and args.data_dir == Path("/tmp/d") and args.bundle == Path("b.db")
    assert parse_args([]).shots is None and not parse_args([]).windowed
    assert parse_args(["--shots", "d", "--size", "1280x720"]).size == [(1280, 720)]
    two = parse_args(["--shots", "d", "--size", "800x480", "--size", "1080x1920", "--large"])
    assert two.size == [(800, 480), (1080, 1920)] and two.text == "large"
    assert parse_args(["--shots", "d"]).size is None  # every kiosk screen
    for bad in ("1280", "x720", "10x10", "1280x720x3", "wide"):
        with pytest.raises(SystemExit):
            parse_args(["--shots", "d", "--size", bad])


def test_use_offscreen_sets_the_platform() -> None:
    env: dict[str, str] = {"QT_QPA_PLATFORM": "xcb"}
    use_offscreen(env)
    assert env == {"QT_QPA_PLATFORM": "offscreen"}


def test_window_problem_is_found_without_qt() -> None:
    assert "DISPLAY" in window_problem({}, "linux")
    assert window_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert window_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert window_problem({}, "win32") is None


def test_no_display_gives_a_plain_message_naming_the_packages(tmp_path, bundle_path) -> None:
    result = run_kiosk(["--windowed", "--data-dir", str(tmp_path), "--bundle", str(bundle_path)],
                       clean_env(QT_QPA_PLATFORM="xcb"))
    assert result.returncode == 2
    assert XCB_PACKAGES in result.stderr
    assert "Traceback" not in result.stderr


def test_when_qt_itself_cannot_open_a_window_the_message_replaces_its_abort(tmp_path, bundle_path) -> None:
    # Skip the cheap check, so Qt really tries X11 with no display and reports a fatal error.
    code = ("import sys; from ui import app; app.window_problem = lambda *a, **k: None; "
            "sys.exit(app.main(sys.argv[1:]))")
    result = subprocess.run(
        [sys.executable, "-c", code, "--windowed", "--data-dir", str(tmp_path), "--bundle",
         str(bundle_path)], cwd=ROOT, env=clean_env(QT_QPA_PLATFORM="xcb"), capture_output=True,
        text=True, timeout=120)
    assert result.returncode == 2, result.stderr  # not SIGABRT (-6)
    assert XCB_PACKAGES in result.stderr


def test_the_kiosk_starts_and_logs_its_start_up_time(tmp_path, bundle_path) -> None:
    result = run_kiosk(["--windowed", "--exit-after-start", "--data-dir", str(tmp_path),
                        "--bundle", str(bundle_path)], clean_env(QT_QPA_PLATFORM="offscreen"))
    assert result.returncode == 0, result.stderr
    log = (tmp_path / "kiosk.log").read_text(encoding="utf-8")
    assert "first screen painted" in log


def test_start_up_work_waits_for_the_first_frame(qtbot) -> None:
    """`--exit-after-start` and the work deferred at start-up run after the first paint, not
    at show() (a zero timer from show() fires before the window has painted)."""
    from PySide6.QtWidgets import QLabel

    from ui.app import after_first_paint

    painted: list[int] = []
    seen: list[int] = []

    class Probe(QLabel):
        def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
            super().paintEvent(event)
            painted.append(1)

    widget = Probe("ប.ស.ស.")
    qtbot.addWidget(widget)
    after_first_paint(widget, lambda: seen.append(len(painted)))
    widget.show()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen[0] >= 1
    widget.update()
    qtbot.waitUntil(lambda: len(painted) >= 2, timeout=5000)
    assert len(seen) == 1  # once


def test_shots_render_every_screen_in_both_languages(tmp_path, bundle_path) -> None:
    """Two of the kiosk screens (--size, repeated) in both text sizes: every screen in each
    language, named by size and text size, at the window's size."""
    out, scratch = tmp_path / "shots", tmp_path / "tmp"
    scratch.mkdir()
    result = run_kiosk(["--shots", str(out), "--bundle", str(bundle_path), "--size", "800x480",
                        "--size", "1080x1920", "--text", "both"],
                       clean_env(TMPDIR=str(scratch)), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    for size in ((800, 480), (1080, 1920)):
        for text in ("normal", "large"):
            for name in ("attract", "start", "home", "checklist", "search", "staff"):
                for locale in ("km", "en"):
                    path = out / f"{name}-{locale}-{size[0]}x{size[1]}-{text}.png"
                    image = QImage(str(path))
                    assert (image.width(), image.height()) == size, path.name
    assert len(list(out.glob("*.png"))) >= 2 * 2 * 2 * 15  # sizes, texts, languages, screens
    assert not list(scratch.iterdir())  # the scratch data dir (journey, log) is gone
