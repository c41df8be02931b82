"""What the printer last did, kept in the device's data folder for the staff panel.

`printer-state.json` beside the settings: the last good print and the last problem, with the
problem in both languages (staff read either). It is a file, not memory, so the staff panel
shows a problem from before a restart, and it is written with `write_atomic` like every
device file.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.device import Device, write_atomic

STATE_FILE = "printer-state.json"


def now_iso() -> str:
    # fixed width (always microseconds), so two times compare as strings
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class PrinterStatus:
    printer: str = ""  # the printer used last ("" = the system default)
    last_ok: str = ""  # ISO time of the last print that went out
    problem_en: str = ""  # the last problem, "" if none since the kiosk was installed
    problem_km: str = ""
    problem_at: str = ""
    fallbacks: int = 0  # visitors shown the QR code instead of paper

    def problem(self, locale: str) -> str:
        return (self.problem_km or self.problem_en) if locale == "km" else self.problem_en

    @property
    def working(self) -> bool:
        """True when the last thing that happened was a good print (or nothing at all)."""
        return not self.problem_at or (bool(self.last_ok) and self.last_ok >= self.problem_at)


def status_path(device: Device) -> Path:
    return device.root / STATE_FILE


def load_status(device: Device) -> PrinterStatus:
    try:
        data = json.loads(status_path(device).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return PrinterStatus()
    known = {f.name for f in dataclasses.fields(PrinterStatus)}
    return PrinterStatus(**{k: v for k, v in data.items() if k in known})


def save_status(device: Device, status: PrinterStatus) -> None:
    data = json.dumps(dataclasses.asdict(status), indent=2, ensure_ascii=False)
    write_atomic(status_path(device), data.encode("utf-8"))


def record_ok(device: Device, printer: str) -> PrinterStatus:
    status = load_status(device)
    status.printer, status.last_ok = printer, now_iso()
    save_status(device, status)
    return status


def record_problem(device: Device, printer: str, en: str, km: str, *,
                   fallback: bool = True) -> PrinterStatus:
    status = load_status(device)
    status.printer, status.problem_en, status.problem_km = printer, en, km
    status.problem_at = now_iso()
    status.fallbacks += int(fallback)
    save_status(device, status)
    return status
