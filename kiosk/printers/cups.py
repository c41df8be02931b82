"""CUPS through its own commands (`lp`, `lpstat`, `cancel`, from cups-client), in the C locale.

Why `lp` with the PDF rather than QPrinter: CUPS takes PDF as it is, and its filters render it
for the printer at the printer's own resolution; text stays vector (crisp at 600 dpi, a job of
tens of kilobytes instead of a 9 MB page image), Khmer stays exactly as HarfBuzz shaped it (the
glyphs are placed in the PDF, nothing re-shapes them), and the same path serves any queue: an
A4 laser, a vendor's receipt raster driver, a raw ESC/POS queue. The server is libcups' own
choice (`CUPS_SERVER`, client.conf, else the local scheduler), so nothing here names one.

A job is watched until it leaves the queue: a queue that stops (out of paper, unplugged: CUPS
stops the printer) or a job that never starts is cancelled, so a visitor's paper never comes
out later for the next visitor, and the problem goes to the staff panel.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass

from kiosk.printers.base import PrintError

COMMAND_TIMEOUT_S = 20.0
JOB_DEADLINE_S = 60.0  # a laser's warm-up and a receipt's cut fit easily
POLL_S = 0.25
_JOB = re.compile(r"request id is (\S+)")


@dataclass(frozen=True)
class Queue:
    name: str
    is_default: bool = False
    enabled: bool = True
    printing: str = ""  # the job it is printing now
    reason: str = ""  # why it is stopped, as CUPS says


def available() -> bool:
    return bool(shutil.which("lp") and shutil.which("lpstat"))


def _run(args: list[str], data: bytes | None = None,
         timeout: float = COMMAND_TIMEOUT_S) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, LC_ALL="C", LANG="C")
    try:
        return subprocess.run(args, input=data, capture_output=True, timeout=timeout,
                              env=env, check=False)
    except FileNotFoundError:
        raise PrintError("The print system (CUPS) is not installed on this computer.") from None
    except subprocess.TimeoutExpired:
        raise PrintError("The print system (CUPS) did not answer in {seconds:g} s.",
                         seconds=timeout) from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    text = (done.stderr or done.stdout).decode("utf-8", "replace").strip()
    return text.splitlines()[-1] if text else f"exit {done.returncode}"


def _not_running(said: str) -> bool:
    return "not running" in said or "connect" in said.lower()


def queues() -> list[Queue]:
    """Every CUPS queue with its state; [] when there are none. PrintError when CUPS is down."""
    done = _run(["lpstat", "-d", "-p"])
    said = _said(done)
    if done.returncode != 0:
        if "No destinations" in said:
            return []
        if _not_running(said):
            raise PrintError("The print system (CUPS) is not running.")
        raise PrintError("The print system (CUPS) failed: {reason}", reason=said)
    default, found, reasons = "", [], {}
    current = ""
    for line in done.stdout.decode("utf-8", "replace").splitlines():
        if line.startswith("system default destination: "):
            default = line.split(": ", 1)[1].strip()
        elif line.startswith("printer "):
            words = line.split()
            current = words[1]
            printing = words[4].rstrip(".") if line.startswith(f"printer {current} now printing ") else ""
            found.append((current, " disabled since " not in line, printing))
        elif line.startswith(("\t", " ")) and current and line.strip():
            reasons.setdefault(current, line.strip())
    return [Queue(name, name == default, enabled, printing, reasons.get(name, ""))
            for name, enabled, printing in found]


def submit(data: bytes, queue: str, *, title: str, options: dict[str, str] | None = None,
           raw: bool = False) -> str:
    """Queue `data` (a PDF, or printer bytes with `raw`); the job id."""
    args = ["lp", "-d", queue, "-t", title[:120] or "NSSF"]
    for key, value in (options or {}).items():
        args += ["-o", f"{key}={value}"]
    if raw:
        args += ["-o", "raw"]
    done = _run(args, data)
    match = _JOB.search(done.stdout.decode("utf-8", "replace"))
    if done.returncode != 0 or not match:
        said = _said(done)
        raise PrintError("Printer {name} refused the job: {reason}", name=queue, reason=said)
    return match.group(1)


def pending(queue: str) -> set[str]:
    done = _run(["lpstat", "-W", "not-completed", "-o", queue])
    return {line.split()[0] for line in done.stdout.decode("utf-8", "replace").splitlines()
            if line.strip()}


def cancel(job: str) -> None:
    _run(["cancel", job])


def wait(job: str, queue: str, deadline_s: float = JOB_DEADLINE_S) -> None:
    """Until job `job` has left queue `queue`; PrintError (and the job cancelled) when the
    queue stops or the job has not started by the deadline."""
    end = time.monotonic() + deadline_s
    while True:
        if job not in pending(queue):
            return
        state = next((q for q in queues() if q.name == queue), None)
        if state is not None and not state.enabled:
            cancel(job)
            why = state.reason or "stopped"
            raise PrintError("Printer {name} stopped: {reason}", name=queue, reason=why)
        if time.monotonic() >= end:
            if state is not None and state.printing == job:
                return  # printing now, only slowly: the paper is coming
            cancel(job)
            raise PrintError("Printer {name} did not start the job in {seconds:g} s.", name=queue,
                             seconds=deadline_s)
        time.sleep(POLL_S)
