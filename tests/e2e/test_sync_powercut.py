"""Power cut: `kiosk sync` killed (SIGKILL) at many random instants during download and apply.
After each kill the kiosk opens the old or the new content, complete; the next sync finishes
the job. A step delay (KIOSK_SYNC_STEP_DELAY) and server latency spread the kills over every
phase; the trace (KIOSK_SYNC_TRACE) says where each one landed. Two kiosks are killed side by
side (one per core) to keep the test near a minute."""
from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer

KILLS_PER_KIOSK = 26  # two kiosks: 52 kills
SEED = 20261126


def _phase(step: str) -> str:
    if step.startswith("piece "):
        return "download"
    if step.startswith(("apply:", "gc", "done")):
        return "apply"
    return step


class KilledKiosk:
    """One kiosk's data dir, synced again and again and killed at a random instant."""

    def __init__(self, root: Path, pristine: Path, server: RepoServer, world: SampleWorld,
                 seed: int, env: dict[str, str], make_kiosk: Callable[..., Kiosk]) -> None:
        self.data, self.trace, self.pristine = root / "data", root / "trace", pristine
        self.rng = random.Random(seed)
        self.server, self.world, self.make_kiosk = server, world, make_kiosk
        self.env = env | {"KIOSK_SYNC_STEP_DELAY": "0.008",
                                  "KIOSK_SYNC_TRACE": str(self.trace)}
        # `kiosk sync` through the sync commands' own entry point: same code, quicker start
        self.cmd = [sys.executable, "-m", "kiosk.sync.cli", "sync", "--server", server.url,
                    "--data-dir", str(self.data), "--timeout", "2", "--allow-missing-benefits",
                    "--root", str(world.root_file)]

    def reset(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)
        shutil.copytree(self.pristine, self.data, symlinks=True)

    def steps(self) -> list[tuple[float, str]]:
        if not self.trace.exists():
            return []
        out = []
        for line in self.trace.read_text().splitlines():
            at, _, name = line.partition(" ")
            out.append((float(at), name))
        return out

    def kiosk(self) -> Kiosk:
        return self.make_kiosk(self.data, self.server.url, self.world.root_file)

    def calibrate(self) -> tuple[float, tuple[int, str]]:
        """How long a sync runs from its first step (imports done) to its exit; the new content."""
        self.reset()
        self.trace.unlink(missing_ok=True)
        done = subprocess.run(self.cmd, env=self.env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0 and done.stdout.startswith("updated to 2"), done.stderr
        span = time.monotonic() - self.steps()[0][0]
        return span, self.kiosk().shown()

    def run(self, kills: int, span: float, old: tuple[int, str], new: tuple[int, str]) -> Counter[str]:
        seen: Counter[str] = Counter()
        self.reset()
        for kill in range(kills):
            self.trace.unlink(missing_ok=True)
            proc = subprocess.Popen(self.cmd, env=self.env, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            # the instant is drawn from the sync's own run, not the interpreter's start-up
            while not self.trace.exists() and proc.poll() is None:
                time.sleep(0.002)
            time.sleep(self.rng.uniform(0, span * 1.05))
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            reached = self.steps()
            seen["at " + _phase(reached[-1][1] if reached else "start-up")] += 1

            kiosk = self.kiosk()
            shown = kiosk.shown()  # integrity_check, every locale, Library opens
            assert shown in (old, new), f"kill {kill}: a bundle that is neither old nor new"
            seen["left new" if shown == new else "left old"] += 1
            if self.rng.random() < 0.15:  # the next sync finishes the job
                assert kiosk.sync().message in ("updated to 2", "up to date")
                assert kiosk.shown() == new
                seen["finished by the next sync"] += 1
            if kiosk.shown() == new:
                self.reset()
        final = self.kiosk()
        assert final.sync().message in ("updated to 2", "up to date")
        assert final.shown() == new
        return seen


def test_power_cut_at_random_points(tmp_path: Path, start_server: Callable[[Path], RepoServer],
                                    make_kiosk: Callable[..., Kiosk],
                                    kiosk_env: dict[str, str]) -> None:
    world = SampleWorld(tmp_path / "office", terms=24, offices=3)
    world.publish()
    server = start_server(world.repo)
    server.faults.delay = 0.003  # a little latency per request
    pristine = tmp_path / "pristine"
    first = make_kiosk(pristine, server.url, world.root_file)
    assert first.sync().message == "updated to 1"
    old = first.shown()
    world.edit(*range(0, 24, 2))  # half the records change
    world.publish()

    kiosks = [KilledKiosk(tmp_path / f"k{i}", pristine, server, world, SEED + i, kiosk_env,
                          make_kiosk) for i in (0, 1)]
    span, new = kiosks[0].calibrate()
    assert new != old
    with ThreadPoolExecutor(2) as pool:
        runs = [pool.submit(k.run, KILLS_PER_KIOSK, span, old, new) for k in kiosks]
        seen = sum((r.result() for r in runs), Counter())
    print(f"sync span {span:.2f}s", dict(seen))
    assert seen["at download"] >= 5 and seen["at apply"] >= 3, seen
    assert seen["left old"] >= 5 and seen["left new"] >= 1, seen
