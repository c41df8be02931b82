"""Start-up probe: one cold start of the real kiosk, up to the attract screen painted, then exit.

Runs `ui.app.main` itself (argument parsing, the device in `--data-dir`, logging, the
QApplication with the bundled fonts and the stylesheet, the AppContext on `--bundle`, then
`run_kiosk`: the Shell, shown in a 1280x800 window), so the probe starts exactly what
`nssf-kiosk --windowed` starts. Two hooks, both outside the measured work:
- `AttractScreen.paintEvent` is wrapped: once the attract screen has painted, a zero timer
  fires after the whole paint (its children, the flush) and the probe prints
  `painted <CLOCK_MONOTONIC>` and leaves the event loop;
- `ui.app.run_kiosk` is wrapped only to note the instant the shell starts to be built.
Every phase is printed as `NAME <monotonic seconds>` for bench_startup.py to subtract from the
spawn instant. `--grab FILE.png` also saves what was painted (for a look, never when timed).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/startup_probe.py --bundle B --data-dir D
"""
from __future__ import annotations

import time

STARTED = time.monotonic()  # first: the interpreter and site are up
STARTED_CPU = time.process_time()

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser(description="one measured start of the kiosk")
    parser.add_argument("--bundle", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--grab", type=Path, default=None)
    args = parser.parse_args()
    marks = {"interpreter": STARTED}
    cpu = {"interpreter": STARTED_CPU}

    def mark(name: str) -> None:
        marks[name] = time.monotonic()
        cpu[name] = time.process_time()

    import ui.app as app_module

    mark("ui_app_imported")
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    mark("pyside_imported")
    from ui.screens.attract import AttractScreen

    mark("attract_imported")
    real_run_kiosk = app_module.run_kiosk
    real_paint = AttractScreen.paintEvent
    done = {"scheduled": False}

    def finished() -> None:
        mark("painted")
        app = QApplication.instance()
        if args.grab is not None:
            for widget in app.topLevelWidgets():
                if widget.objectName() == "shell":
                    widget.grab().save(str(args.grab))
        for name, value in marks.items():  # monotonic instants, then CPU seconds so far
            print(f"{name} {value:.6f}")
        print(" ".join(f"cpu.{name}={value:.4f}" for name, value in cpu.items()))
        sys.stdout.flush()
        for widget in app.topLevelWidgets():  # the shell refuses to close otherwise
            widget.leave_kiosk = True
        app.exit(0)

    def paint_event(self, event) -> None:  # noqa: ANN001
        real_paint(self, event)
        if not done["scheduled"]:
            done["scheduled"] = True
            mark("attract_paint")
            QTimer.singleShot(0, finished)

    def run_kiosk(app, ctx, kiosk_args, started):  # noqa: ANN001, ANN202
        mark("shell_start")
        return real_run_kiosk(app, ctx, kiosk_args, started)

    AttractScreen.paintEvent = paint_event
    app_module.run_kiosk = run_kiosk
    mark("main_start")
    return app_module.main(["--windowed", "--data-dir", str(args.data_dir),
                            "--bundle", str(args.bundle)])


if __name__ == "__main__":
    sys.exit(main())
