"""Spawn a command and measure it from outside: wall time, peak memory of its process tree, CPU.

The command starts in a session of its own, so every process it starts (Chromium's zygote,
renderer, GPU and utility processes) shares its session id even if a parent exits first. With
`interval_s` set, a thread polls that session every `interval_s`: the sum of PSS (each shared
page divided among the processes sharing it, so a tree is not counted twice) and of RSS over its
processes, from /proc/PID/smaps_rollup, keeping the maximum. That polling costs CPU on a small
machine (reading smaps of ten Chromium processes every 5 ms slowed Chromium by ~150 ms), so runs
that are timed pass `interval_s=None`: then only a watched file is looked for (one stat() every
2 ms). The kernel adds the exact peak RSS of the main process and the CPU time of the tree (what
its processes reaped), from wait4(), at no cost.

Times are CLOCK_MONOTONIC (`time.monotonic()`), which is the same clock in every process, so a
child may print the instant something happened and the parent subtracts its own spawn instant.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.common import proc_memory

FILE_POLL_S = 0.002


def _stat(pid: int) -> tuple[int, int] | None:
    """(ppid, session id) of a process, None if it is gone."""
    try:
        data = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return None
    fields = data[data.rindex(b")") + 2:].split()
    return int(fields[1]), int(fields[3])


def tree(root: int) -> list[int]:
    """The processes of `root`'s session and its descendants (pids are handed out upwards, so
    only pids from `root` on are read)."""
    found = {root}
    stats = {}
    for name in os.listdir("/proc"):
        if name.isdigit() and int(name) >= root:
            st = _stat(int(name))
            if st is not None:
                stats[int(name)] = st
    grew = True
    while grew:
        grew = False
        for pid, (ppid, sid) in stats.items():
            if pid not in found and (sid == root or ppid in found):
                found.add(pid)
                grew = True
    return sorted(found)


class TreeSampler(threading.Thread):
    """Polls the memory of a process tree until stopped; optionally notes when a file appears."""

    def __init__(self, root: int, interval_s: float | None = 0.005,
                 watch: Path | None = None) -> None:
        super().__init__(daemon=True)
        self.memory = interval_s is not None  # None: watch the file only, read no memory
        self.root, self.watch = root, watch
        self.interval_s = interval_s if interval_s is not None else FILE_POLL_S
        self.peak_pss = self.peak_rss = 0
        self.max_processes = 0
        self.samples = 0
        self.file_seen: float | None = None
        self._halt = threading.Event()

    def run(self) -> None:
        n = 0
        members = [self.root]
        while not self._halt.is_set():
            if not self.memory:
                if self.watch is None or self.file_seen is not None:
                    return
                if self.watch.exists():
                    self.file_seen = time.monotonic()
                self._halt.wait(self.interval_s)
                continue
            if n % 4 == 0:  # new processes are found every fourth poll; memory every poll
                members = tree(self.root)
            n += 1
            pss = rss = 0
            for pid in members:
                p, r = proc_memory(pid)
                pss, rss = pss + p, rss + r
            if rss:
                self.samples += 1
                self.peak_pss, self.peak_rss = max(self.peak_pss, pss), max(self.peak_rss, rss)
                self.max_processes = max(self.max_processes, len(members))
            if self.watch is not None and self.file_seen is None and self.watch.exists():
                self.file_seen = time.monotonic()
            self._halt.wait(self.interval_s)

    def stop(self) -> None:
        self._halt.set()
        self.join()


@dataclass
class Measured:
    """One measured run; times in seconds from spawn, memory in bytes."""

    returncode: int
    exit_s: float  # spawn to the main process reaped
    marks: dict[str, float] = field(default_factory=dict)  # "name <monotonic>" lines printed
    file_s: float | None = None  # spawn to the watched file appearing
    peak_pss: int = 0  # max over samples of the sum over the tree
    peak_rss_sum: int = 0
    peak_rss_main: int = 0  # kernel: the main process's own peak RSS
    cpu_s: float = 0.0  # user + system of the main process and the children it reaped
    processes: int = 0
    samples: int = 0
    stdout: str = ""
    stderr: str = ""
    timed_out: bool = False


def spawn_measured(cmd: Sequence[str], *, env: dict[str, str] | None = None,
                   interval_s: float | None = 0.005, watch: Path | None = None,
                   timeout_s: float = 60.0, cwd: Path | None = None) -> Measured:
    """Run `cmd` to its end. Lines "MARK <monotonic seconds>" it prints become marks[MARK].
    `interval_s=None`: no memory polling (a timed run), only the watched file."""
    start = time.monotonic()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            cwd=cwd, start_new_session=True, text=True)
    sampler = TreeSampler(proc.pid, interval_s, watch)
    sampler.start()
    killed = threading.Event()

    def kill() -> None:
        killed.set()
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the session we started, nothing else
        except ProcessLookupError:
            pass

    timer = threading.Timer(timeout_s, kill)
    timer.start()
    # stderr in a thread so that a chatty child (Chromium) never blocks on a full pipe
    err_chunks: list[str] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()), daemon=True)
    reader.start()
    out_lines: list[str] = []
    marks: dict[str, float] = {}
    for line in proc.stdout:
        out_lines.append(line)
        parts = line.split()
        if len(parts) == 2:
            try:
                marks[parts[0]] = float(parts[1]) - start
            except ValueError:
                pass
    _, status, usage = os.wait4(proc.pid, 0)
    exit_s = time.monotonic() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    timer.cancel()
    sampler.stop()
    reader.join(5)
    try:  # anything of the session still alive (it should not be): end it
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    return Measured(
        returncode=proc.returncode, exit_s=exit_s, marks=marks,
        file_s=None if sampler.file_seen is None else sampler.file_seen - start,
        peak_pss=sampler.peak_pss, peak_rss_sum=sampler.peak_rss,
        peak_rss_main=usage.ru_maxrss * 1024, cpu_s=usage.ru_utime + usage.ru_stime,
        processes=sampler.max_processes, samples=sampler.samples, stdout="".join(out_lines),
        stderr="".join(err_chunks), timed_out=killed.is_set())


if __name__ == "__main__":  # a quick look: python bench/proctree.py CMD ...
    m = spawn_measured(sys.argv[1:])
    print(f"exit {m.exit_s:.3f} s, peak PSS {m.peak_pss / 2**20:.1f} MiB over {m.processes} "
          f"processes, CPU {m.cpu_s:.2f} s, rc {m.returncode}")
