"""Eight simulated hours of visitors, compressed into minutes: no crash, memory growth under
10 MiB.

The real shell in this process on the offscreen platform (bench/driver.py). The clock is
simulated: visitors arrive as a Poisson process with a mean gap of `--minutes-between`
(4 min: about 120 visits in 8 h), and each visit runs as fast as the taps allow. A visitor
touches the attract loop, chooses a language and who they are, takes one to four random flows
(benefits, checklists with ticks, an interview to its decision, search on the on-screen
keyboard, the employer's stepper, stories, contacts), sometimes switches language, goes Back,
prints (to a PDF file, through the print screen and the real print path), and walks away: the
shell's own idle clock, with its timers shortened, warns and resets the kiosk (sometimes the
visitor taps "I am still here" first).

Every simulated hour, between visits, head office publishes a changed record (`kiosk publish`,
in a subprocess) and the kiosk syncs in-process through the app's SyncRunner from the local
repository folder, then swaps the new content in at once because it is idle (the first sync,
which installs the trusted root, is `kiosk sync --server DIR --root ...` before the kiosk
starts). Where kiosk.sync cannot be used, syncing is skipped with a note.

After every visit, with the kiosk back on the attract loop: RSS and PSS of this process, the
number of Python objects and of widgets under the shell. Growth = RSS at the end minus RSS after
warm-up (the first simulated hour, which includes the first sync and the first visit of every
screen), and a least-squares line over the samples after warm-up. Steady state = the median and
the maximum of the samples after warm-up (bar: under 150 MiB). Peak = the kernel's VmHWM.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_soak.py [--hours 8] [--minutes-between 4]
"""
from __future__ import annotations

import argparse
import faulthandler
import gc
import json
import logging
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    MIB,
    OUT,
    ROOT,
    linear_fit,
    load_average,
    machine,
    now,
    peak_rss_self,
    percentile,
    proc_memory,
    verdict,
)
from bench.driver import Kiosk, NoWidget, Visitor

BAR_MIB = 10.0
STEADY_BAR_MIB = 150.0  # DESIGN.md: steady state under 150 MiB
KIOSK = [sys.executable, "-m", "kiosk.cli"]


class Counter(logging.Handler):
    """Counts the warnings and errors the kiosk logs (and keeps the first few)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.counts = {"WARNING": 0, "ERROR": 0, "CRITICAL": 0}
        self.first: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.counts[record.levelname] = self.counts.get(record.levelname, 0) + 1
        if record.levelno >= logging.ERROR and len(self.first) < 10:
            self.first.append(f"{record.name}: {record.getMessage()[:200]}")


def kiosk_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*KIOSK, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=False)


class HeadOffice:
    """Keys, a content copy and a repository folder; `publish_change()` changes one record."""

    def __init__(self, tmp: Path) -> None:
        from kiosk.paths import CONTENT_DIR

        self.content, self.keys, self.repo = tmp / "content", tmp / "keys", tmp / "repo"
        shutil.copytree(CONTENT_DIR, self.content)
        self.changes = 0

    def run(self, *args: str) -> None:
        done = kiosk_cli(*args)
        if done.returncode != 0:
            raise RuntimeError(f"kiosk {' '.join(args)}: {(done.stderr or done.stdout).strip()[-400:]}")

    def setup(self, data_dir: Path) -> None:
        self.run("keys", "init", str(self.keys))
        self.publish()
        self.run("sync", "--server", str(self.repo), "--data-dir", str(data_dir),
                 "--root", str(self.keys / "root.json"))

    def publish(self) -> None:
        self.run("publish", str(self.content), "--keys", str(self.keys), "--repo", str(self.repo))

    def publish_change(self) -> None:
        """One record changes: the review date of the first glossary term."""
        self.changes += 1
        path = self.content / "glossary.yaml"
        text = path.read_text(encoding="utf-8")
        day = 1 + self.changes % 28
        path.write_text(re.sub(r"reviewed_on: \d{4}-\d\d-\d\d", f"reviewed_on: 2026-10-{day:02d}",
                               text, count=1), encoding="utf-8")
        self.publish()


def visit(v: Visitor, rng: random.Random, problems: list[str], print_chance: float) -> bool:
    """One visitor; False if the idle reset did not bring the attract loop back."""
    v.arrive()
    for name in rng.sample(Visitor.FLOWS, rng.randint(1, 4)):
        try:
            v.flow(name)
            if name == "benefits" and rng.random() < 0.3:
                v.interview(benefit=True)
            if rng.random() < print_chance:
                v.print_here()
            if rng.random() < 0.25:
                v.switch_language()
            if rng.random() < 0.3:
                v.back()
        except NoWidget as exc:
            problems.append(str(exc))
            v.home()
        except Exception as exc:  # noqa: BLE001 - the driver's own code met a changed screen
            problems.append(f"driver error in {name}: {type(exc).__name__}: {exc}")
            v.home()
    return v.k.leave(still_here=rng.random() < 0.1)


def sample(k: Kiosk, sim_h: float, visit_no: int) -> dict[str, float]:
    from PySide6.QtWidgets import QWidget

    pss, rss = proc_memory()
    return {"sim_h": round(sim_h, 3), "visit": visit_no, "rss_mib": round(rss / MIB, 2),
            "pss_mib": round(pss / MIB, 2), "py_objects": len(gc.get_objects()),
            "widgets": len(k.shell.findChildren(QWidget))}


def object_types() -> dict[str, int]:
    from collections import Counter as Tally

    return dict(Tally(type(o).__qualname__ for o in gc.get_objects()))


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hours", type=float, default=8.0)
    parser.add_argument("--minutes-between", type=float, default=4.0)
    parser.add_argument("--warmup-hours", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--no-sync", action="store_true")
    parser.add_argument("--print-chance", type=float, default=0.3,
                        help="chance that a visitor prints after a flow (0: never)")
    parser.add_argument("--what-if", default="", choices=["", "mmap-threshold"],
                        help="diagnosis only: mmap-threshold = glibc's mallopt(M_MMAP_THRESHOLD, "
                             "1 MiB) at start, so large buffers (page images) go back to the OS")
    args = parser.parse_args()
    faulthandler.enable()  # a crash in Qt still leaves a trace in the output
    if args.what_if == "mmap-threshold":
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-3, 1 << 20)  # M_MMAP_THRESHOLD
    OUT.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    # the simulated day: arrival instants, in hours
    arrivals, at = [], rng.expovariate(60 / args.minutes_between)
    while at < args.hours:
        arrivals.append(at)
        at += rng.expovariate(60 / args.minutes_between)
    results: dict = {"when": now(), "machine": machine(), "load_before": load_average(),
                     "hours": args.hours, "minutes_between": args.minutes_between,
                     "visits": len(arrivals), "bar_mib": BAR_MIB, "what_if": args.what_if,
                     "print_chance": args.print_chance}
    problems: list[str] = []
    counter = Counter()
    logging.getLogger().addHandler(counter)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="nssf-bench-soak-") as name:
        tmp = Path(name)
        data = tmp / "data"
        office: HeadOffice | None = None
        bundle = None
        sync_note = ""
        if not args.no_sync:
            try:
                office = HeadOffice(tmp)
                office.setup(data)
            except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
                office, sync_note = None, f"sync skipped: {exc}"
        else:
            sync_note = "sync skipped (--no-sync)"
        if office is None:
            from bench.bench_taps import build_bundle_file

            bundle = tmp / "content.db"
            build_bundle_file(bundle)
        kiosk = Kiosk(data, bundle, print_to=tmp / "print.pdf")
        if office is not None:  # as provisioning does: this office's root is the kiosk's anchor
            kiosk.ctx.device.settings.trusted_root = str(office.keys / "root.json")
            kiosk.ctx.device.save_settings()
        runner = None
        syncs: list[dict] = []
        if office is not None:
            try:
                from ui.sync_runner import SyncRunner

                runner = SyncRunner(kiosk.ctx, shell=kiosk.shell, server_url=str(office.repo),
                                    parent=kiosk.shell)
                kiosk.ctx.sync_runner = runner
                runner.finished.connect(lambda report: syncs.append(
                    {"result": report.message if isinstance(getattr(report, "message", None), str)
                     else f"failed: {report}",  # a failed sync hands over its exception
                     "bytes": getattr(report, "bytes_fetched", 0)}))
            except ImportError as exc:
                runner, sync_note = None, f"sync skipped: ui.sync_runner cannot be used ({exc})"
        v = Visitor(kiosk, rng)
        samples = [sample(kiosk, 0.0, 0)]
        tap_ms: list[float] = []
        next_sync_h = 1.0
        types_warm: dict[str, int] | None = None
        failed_resets = 0
        for n, arrive_h in enumerate(arrivals, start=1):
            while runner is not None and arrive_h >= next_sync_h:  # an hour passed, idle
                office.publish_change()
                count = len(syncs)
                if runner.sync_now():
                    kiosk.wait_until(lambda c=count: len(syncs) > c, 120)
                kiosk.spin(3)
                next_sync_h += 1.0
            if not visit(v, rng, problems, args.print_chance):
                failed_resets += 1
            tap_ms += [t.ms for t in kiosk.taps if t.ms is not None]
            kiosk.taps.clear()
            kiosk.spin(3)
            samples.append(sample(kiosk, arrive_h, n))
            if types_warm is None and arrive_h >= args.warmup_hours:
                types_warm = object_types()
        types_end = object_types()
        content_version = kiosk.ctx.library.meta.content_version
        kiosk.close()
        recovered = kiosk.recovered
    wall = time.perf_counter() - started
    warm = [s for s in samples if s["sim_h"] >= args.warmup_hours] or samples[-1:]
    xs, ys = [s["sim_h"] for s in warm], [s["rss_mib"] for s in warm]
    slope, _ = linear_fit(xs, ys)
    span = xs[-1] - xs[0] if len(xs) > 1 else 0.0
    growth = ys[-1] - ys[0]
    results.update({
        "load_after": load_average(), "wall_s": round(wall, 1), "taps": len(tap_ms),
        "tap_p50_ms": round(percentile(tap_ms, 50), 1), "tap_p95_ms": round(percentile(tap_ms, 95), 1),
        "prints": v.prints, "syncs": syncs, "content_version_at_end": content_version,
        "sync_note": sync_note, "recovered_errors": recovered[:20],
        "failed_resets": failed_resets,
        "log_counts": counter.counts, "log_first_errors": counter.first,
        "driver_problems": len(problems), "driver_problem_examples": problems[:5],
        "peak_rss_mib": round(peak_rss_self() / MIB, 1),
        "rss_start_mib": samples[0]["rss_mib"], "rss_warm_mib": ys[0], "rss_end_mib": ys[-1],
        "steady_median_mib": round(statistics.median(ys), 1), "steady_max_mib": round(max(ys), 1),
        "growth_mib": round(growth, 2), "slope_mib_per_h": round(slope, 3),
        "fit_growth_mib": round(slope * span, 2), "warm_from_h": xs[0],
        "widgets_warm": warm[0]["widgets"], "widgets_end": warm[-1]["widgets"],
        "py_objects_warm": warm[0]["py_objects"], "py_objects_end": warm[-1]["py_objects"],
        "object_growth": sorted(((name, count - (types_warm or {}).get(name, 0))
                                 for name, count in types_end.items()),
                                key=lambda item: -item[1])[:8],
        "samples": samples,
    })
    (OUT / "soak.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report(results)
    return results


def report(r: dict) -> None:
    print(f"machine load (1/5/15 min) before {r['load_before']}, after {r['load_after']}")
    print(f"{r['hours']:g} simulated hours: {r['visits']} visits, {r['taps']} taps "
          f"(p50 {r['tap_p50_ms']:.0f} ms, p95 {r['tap_p95_ms']:.0f} ms), {r['prints']} prints, "
          f"{len(r['syncs'])} syncs, in {r['wall_s']:.0f} s of wall time")
    if r["sync_note"]:
        print(r["sync_note"])
    for i, s in enumerate(r["syncs"], 1):
        print(f"  sync {i}: {s['result']} ({s['bytes']} bytes)")
    print(f"kiosk log: {r['log_counts']}; errors the shell recovered from: "
          f"{len(r['recovered_errors'])}; idle resets that did not happen: {r['failed_resets']}")
    for line in r["log_first_errors"][:5]:
        print(f"  logged: {line}")
    if r["driver_problems"]:
        print(f"driver: {r['driver_problems']} buttons not found, e.g. {r['driver_problem_examples'][:2]}")
    print(f"RSS: {r['rss_start_mib']:.1f} MiB at start, {r['rss_warm_mib']:.1f} MiB after warm-up "
          f"({r['warm_from_h']:.2f} h), {r['rss_end_mib']:.1f} MiB at the end; peak (VmHWM) "
          f"{r['peak_rss_mib']:.1f} MiB")
    print(f"steady state (every sample after warm-up): median {r['steady_median_mib']:.1f} MiB, "
          f"max {r['steady_max_mib']:.1f} MiB: {verdict(r['steady_max_mib'], STEADY_BAR_MIB)} the "
          f"bar of {STEADY_BAR_MIB:.0f} MiB")
    print(f"widgets under the shell {r['widgets_warm']} -> {r['widgets_end']}, Python objects "
          f"{r['py_objects_warm']} -> {r['py_objects_end']}")
    print("Python objects that grew most after warm-up: "
          + ", ".join(f"{name} {delta:+d}" for name, delta in r["object_growth"]))
    print(f"linear fit after warm-up: {r['slope_mib_per_h']:+.3f} MiB per simulated hour "
          f"({r['fit_growth_mib']:+.2f} MiB over the span)")
    worst = max(r["growth_mib"], r["fit_growth_mib"])
    print(f"memory growth after warm-up: {r['growth_mib']:+.2f} MiB measured, "
          f"{r['fit_growth_mib']:+.2f} MiB fitted: {verdict(worst, BAR_MIB)} the bar of "
          f"{BAR_MIB:.0f} MiB; no crash (the run finished)")


if __name__ == "__main__":
    main()
