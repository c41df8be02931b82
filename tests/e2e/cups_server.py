"""A real CUPS scheduler of the test's own: Debian's cupsd with a configuration, spool and
socket in a temporary folder (never the machine's CUPS, never a TCP port), a cups-pdf queue
`KioskPDF` (every job lands as a PDF in the job owner's ~/PDF) and raw queues pointed at test
printers on 127.0.0.1. libcups' clients (lp, lpstat, ...) reach it through CUPS_SERVER.

Why not the machine's own cupsd: other test runs on the same machine would share its queues
and jobs; a private one is started, checked and stopped by the fixture itself, whether or not
a system cupsd runs. Its folder lives in /tmp rather than pytest's tmp_path because cupsd runs
filters as the `lp` user, which must reach the spool, and pytest's folder is private to root.
"""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
CUPS_PDF = Path("/usr/lib/cups/backend/cups-pdf")
START_DEADLINE_S = 20


def missing() -> str | None:
    """Why a private CUPS cannot run here, or None."""
    for tool in ("cupsd", "lpadmin", "lp", "lpstat", "cupsenable"):
        if not shutil.which(tool):
            return f"{tool} is not installed (apt-get install cups cups-client)"
    if not CUPS_PDF.exists() or not PPD.exists():
        return "cups-pdf is not installed (apt-get install printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "cupsd runs its backends as root: run these tests as root"
    return None


class PrivateCups:
    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
        os.chmod(self.dir, 0o711)  # lp (the filters' user) passes through, lists nothing
        self.socket = self.dir / "run" / "cups.sock"
        self.env = dict(os.environ, CUPS_SERVER=str(self.socket), LC_ALL="C")
        self.pdf_dir = Path(pwd.getpwuid(os.geteuid()).pw_dir) / "PDF"  # cups-pdf: ~/PDF
        self._write_config()
        log = open(self.dir / "log" / "stdout", "wb")  # noqa: SIM115 - kept for the process
        self.process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(self.dir / "conf" / "cupsd.conf"),
             "-s", str(self.dir / "conf" / "cups-files.conf")],
            stdout=log, stderr=subprocess.STDOUT, env=self.env)
        log.close()
        deadline = time.monotonic() + START_DEADLINE_S
        while not self.socket.exists() or self.run("lpstat", "-r", check=False).returncode:
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"cupsd did not start: {self.log_tail()}")
            time.sleep(0.1)

    def _write_config(self) -> None:
        d = self.dir
        for sub, mode, group in (("conf", 0o755, "lp"), ("log", 0o755, "root"),
                                 ("run", 0o755, "root"), ("spool", 0o710, "lp"),
                                 ("spool/tmp", 0o1770, "lp"), ("cache", 0o770, "lp"),
                                 ("state", 0o755, "lp")):
            (d / sub).mkdir(parents=True, exist_ok=True)
            shutil.chown(d / sub, "root", group)
            os.chmod(d / sub, mode)
        (d / "conf" / "cups-files.conf").write_text(
            f"ServerRoot {d}/conf\nRequestRoot {d}/spool\nTempDir {d}/spool/tmp\n"
            f"CacheDir {d}/cache\nStateDir {d}/state\nPrintcap {d}/state/printcap\n"
            f"ErrorLog {d}/log/error_log\nAccessLog {d}/log/access_log\n"
            f"PageLog {d}/log/page_log\nUser lp\nGroup lp\nSystemGroup root\n")
        (d / "conf" / "cupsd.conf").write_text(
            f"Listen {self.socket}\nLogLevel debug\nWebInterface No\nBrowsing No\n"
            "ErrorPolicy stop-printer\nMaxJobTime 60\n"
            "<Location />\nOrder allow,deny\nAllow all\n</Location>\n"
            "<Policy default>\n<Limit All>\nOrder deny,allow\n</Limit>\n</Policy>\n")

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(list(args), env=self.env, capture_output=True, text=True,
                              timeout=30, check=False)
        if check and done.returncode:
            raise RuntimeError(f"{' '.join(args)}: {done.stderr.strip()}")
        return done

    def add_pdf_queue(self, name: str = "KioskPDF") -> str:
        self.run("lpadmin", "-p", name, "-v", "cups-pdf:/", "-E", "-P", str(PPD))
        self.run("lpadmin", "-d", name)
        return name

    def add_raw_queue(self, name: str, uri: str) -> str:
        self.run("lpadmin", "-p", name, "-v", uri, "-E", "-m", "raw")
        return name

    def log_tail(self, lines: int = 20) -> str:
        try:
            text = (self.dir / "log" / "error_log").read_text(errors="replace")
        except OSError:
            text = (self.dir / "log" / "stdout").read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        shutil.rmtree(self.dir, ignore_errors=True)
