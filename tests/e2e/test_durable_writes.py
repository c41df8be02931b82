"""Durable writes, audited from the system calls of a real sync and a real publish (strace):
SIGKILL keeps the page cache, so no kill test can see a missing fsync; the calls can.

The rules, for every rename into the kiosk's data dir (trusted metadata, pieces, bundles,
settings and state) or into the published repository:
1. the file renamed was fsynced after it was last written (by any descriptor);
2. the folder it was renamed into is fsynced after the rename;
3. a folder created for it is fsynced in its parent after the mkdir.
And a publish killed at random instants leaves no temporary file in the repository, which
stays a complete old or new release.
"""
from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer

STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is not installed (.ci/run installs it)")

CALLS = "openat,write,pwrite64,writev,fsync,fdatasync,rename,renameat,renameat2,mkdir,mkdirat"
_LINE = re.compile(r"^(\d+)\s+(\w+)\((.*)\)\s+=\s+(-?\d+)")
_FD = re.compile(r"^(\d+)<([^>]*)>")
_STR = re.compile(r'"((?:[^"\\]|\\.)*)"')


@dataclass
class Trace:
    """The file system calls of one process tree, in order."""

    events: list[tuple[int, str, list[str]]] = field(default_factory=list)  # (index, call, paths)

    @classmethod
    def parse(cls, text: str) -> Trace:
        trace = cls()
        for n, line in enumerate(text.splitlines()):
            m = _LINE.match(line)
            if not m or int(m.group(4)) < 0:
                continue
            call, args = m.group(2), m.group(3)
            paths = [f.group(2) for f in (_FD.match(a.strip()) for a in args.split(", ")) if f]
            paths += [bytes(s, "ascii").decode("unicode_escape") for s in _STR.findall(args)]
            trace.events.append((n, call, paths))
        return trace

    def problems(self, under: list[Path], ignore: tuple[str, ...] = ()) -> list[str]:
        roots = [str(p.resolve()) for p in under]
        inside = lambda p: any(p == r or p.startswith(r + "/") for r in roots)  # noqa: E731
        last_write: dict[str, int] = {}
        last_fsync: dict[str, int] = {}
        renames: list[tuple[int, str, str]] = []
        mkdirs: list[tuple[int, str]] = []
        for n, call, paths in self.events:
            if call in ("write", "pwrite64", "writev") and paths:
                last_write[paths[0]] = n
            elif call in ("fsync", "fdatasync") and paths:
                last_fsync[paths[0]] = n
            elif call.startswith("rename") and len(paths) >= 2:
                src, dst = paths[-2], paths[-1]
                if inside(dst):
                    renames.append((n, src, dst))
                # what was written under the old name counts for the new one
                for table in (last_write, last_fsync):
                    if src in table:
                        table[dst] = table.pop(src)
            elif call.startswith("mkdir") and paths and inside(paths[-1]):
                mkdirs.append((n, paths[-1]))
        fsyncs = [(n, paths[0]) for n, call, paths in self.events
                  if call in ("fsync", "fdatasync") and paths]
        out: list[str] = []
        for n, src, dst in renames:
            if any(part in dst for part in ignore):
                continue
            written = last_write.get(dst, -1)
            synced = max((m for m, p in fsyncs if p in (src, dst) and m < n), default=-1)
            if written > synced and written < n:
                out.append(f"rename {src} -> {dst}: not fsynced after its last write")
            folder = os.path.dirname(dst)
            if not any(m > n and p == folder for m, p in fsyncs):
                out.append(f"rename into {folder}: the folder is not fsynced afterwards")
        for n, made in mkdirs:
            parent = os.path.dirname(made)
            if not any(m > n and p == parent for m, p in fsyncs):
                out.append(f"mkdir {made}: its parent is not fsynced afterwards")
        return out

    def count(self, call: str) -> int:
        return sum(1 for _, c, _ in self.events if c == call)


def traced(cmd: list[str], out: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, Trace]:
    done = subprocess.run([STRACE, "-f", "-qq", "-y", "-s", "512", "-e", f"trace={CALLS}", "-o",
                           str(out), *cmd], capture_output=True, text=True, env=env, timeout=120)
    return done, Trace.parse(out.read_text())


def test_one_sync_fsyncs_before_and_after_every_rename(
        world: SampleWorld, server: RepoServer, tmp_path: Path, kiosk_env: dict[str, str]) -> None:
    data = tmp_path / "kiosk"
    cmd = [sys.executable, "-m", "kiosk.sync.cli", "sync", "--server", server.url, "--data-dir",
           str(data), "--root", str(world.root_file), "--allow-missing-benefits"]
    done, first = traced(cmd, tmp_path / "first.trace", kiosk_env)
    assert done.returncode == 0 and done.stdout.startswith("updated to 1"), done.stderr
    world.edit(1, 4)
    world.publish()
    done, second = traced(cmd, tmp_path / "second.trace", kiosk_env)
    assert done.returncode == 0 and done.stdout.startswith("updated to 2"), done.stderr
    for trace in (first, second):
        assert trace.count("rename") + trace.count("renameat") + trace.count("renameat2") > 10
        # the lock file is written in place and never renamed: nothing to audit there
        assert trace.problems([data]) == []
    # what the audit covers: trusted metadata, pieces, the bundle switch
    renamed = {p[-1] for _, c, p in second.events if c.startswith("rename")}
    assert any("/sync/metadata/timestamp.json" in p for p in renamed)
    assert any("/repo/targets/records/" in p for p in renamed)
    assert str((data / "content" / "current.db").resolve()) in renamed
    assert str((data / "content" / "previous.db").resolve()) in renamed


def test_one_publish_fsyncs_before_and_after_every_rename(tmp_path: Path,
                                                          kiosk_env: dict[str, str]) -> None:
    world = SampleWorld(tmp_path / "office", terms=4, offices=1)
    cmd = [sys.executable, "-m", "kiosk.cli", "publish", str(world.content), "--keys",
           str(world.keys), "--repo", str(world.repo), "--assets", str(world.assets),
           "--allow-missing-benefits"]
    done, trace = traced(cmd, tmp_path / "publish.trace", kiosk_env)
    assert done.returncode == 0, done.stderr
    assert trace.problems([world.repo]) == []
    mode = (world.repo / "metadata" / "timestamp.json").stat().st_mode & 0o777
    assert mode == 0o644  # a web server running as another user reads the repository


def test_the_audit_catches_a_missing_fsync(tmp_path: Path, kiosk_env: dict[str, str]) -> None:
    """The audit is not blind: a plain write-then-rename (no fsync) is reported."""
    target = tmp_path / "out"
    target.mkdir()
    script = (f"import os; open({str(target / 'a.tmp')!r}, 'w').write('x'); "
              f"os.replace({str(target / 'a.tmp')!r}, {str(target / 'a')!r})")
    done, trace = traced([sys.executable, "-c", script], tmp_path / "bad.trace", kiosk_env)
    assert done.returncode == 0
    problems = trace.problems([target])
    assert any("not fsynced after its last write" in p for p in problems), problems
    assert any("the folder is not fsynced" in p for p in problems), problems


def test_a_killed_publish_leaves_no_temporary_file_in_the_repository(
        tmp_path: Path, kiosk_env: dict[str, str], make_kiosk, start_server) -> None:
    world = SampleWorld(tmp_path / "office", terms=30, offices=2)
    world.publish()
    server = start_server(world.repo)
    rng = random.Random(10)
    env = kiosk_env | {"KIOSK_WRITE_DELAY": "0.02"}  # each file's temporary lives 20 ms
    cmd = [sys.executable, "-m", "kiosk.cli", "publish", str(world.content), "--keys",
           str(world.keys), "--repo", str(world.repo), "--assets", str(world.assets),
           "--allow-missing-benefits"]
    outside = tmp_path / "office" / ".repo.publishing"  # where its temporary files live
    stray_in_the_middle = 0
    for kill in range(6):
        world.edit(*range(kill % 3, 30, 3))
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ends = time.monotonic() + 30
        while proc.poll() is None and time.monotonic() < ends:  # into the writes, then a while
            if outside.is_dir() and any(outside.iterdir()):
                break
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        stray = [p for p in world.repo.rglob("*") if p.name.endswith((".tmp", ".part"))
                 or p.name.startswith((".", "tmp"))]
        assert stray == [], f"kill {kill}: {stray}"
        stray_in_the_middle += len(list(outside.glob("*"))) if outside.is_dir() else 0
        # the repository is a whole release, old or new: a kiosk syncs from it
        kiosk: Kiosk = make_kiosk(tmp_path / f"kiosk-{kill}", server.url, world.root_file)
        assert kiosk.sync().message.startswith("updated to")
    assert stray_in_the_middle > 0, "no kill landed while a temporary file existed"
    world.publish()  # a publish that finishes cleans up what killed ones left beside the repo
    assert not (tmp_path / "office" / ".repo.publishing").exists()
