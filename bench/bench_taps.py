"""A tap to the next screen painted: 500 taps through every flow (bar: p95 under 50 ms).

One process, the real shell on the offscreen platform (bench/driver.py: `Kiosk` and
`Visitor`). Visitors arrive on the attract loop, choose a language and who they are, and go
through every flow in turn, each a little differently (seeded): home tiles, benefits with
Next/Previous, checklist ticks, interviews answered to a decision (and an answer changed),
search typed key by key on the on-screen keyboard and a result opened, the employer's
contribution stepper, stories, contacts, a language switch and Back between flows, a print
(to a PDF file) every other visit; then they leave and the shell's idle clock resets the kiosk.
Taps come as fast as the kiosk allows, but for a language switch: before it the visitor reads
for 0.6-2.0 s (driver.THINK_BEFORE_SWITCH_S), time in which the kiosk lays the screen out in
the other language (how long each of those took is reported too: a tap landing in one waits).

Each tap is timed from a press on the real button (sent to the window) to the end of the LAST
frame of its update (no frame for 60 ms after it; see bench/driver.py), with the GUI thread's
CPU time over the same span. Figures: p50 and p95 over the taps that lead to another screen or page (bar:
p95 < 50 ms) and over the in-place updates, a checklist tick, a keyboard key, a stepper tap, a
language switch (bar: p95 < 16 ms, one frame at 60 Hz); the same without each screen's first
visit since start-up (when the screen is built and its module imported); per kind of tap; the
first frame (what earlier runs timed) beside the last; and the slowest taps.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_taps.py [--taps 500] [--profile FILE]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, load_average, machine, now, percentile, verdict
from bench.driver import Kiosk, NoWidget, Tap, Visitor

BAR_MS = 50.0
IN_PLACE_BAR_MS = 16.0


def build_bundle_file(path: Path) -> None:
    from kiosk.content.bundle import build_bundle
    from kiosk.content.loader import check_records, read_source
    from kiosk.eligibility import RULES_DIR, RuleFiles
    from kiosk.paths import CONTENT_DIR

    raws, _ = read_source(CONTENT_DIR)
    content, _ = check_records(raws, require_benefits=False)
    content.rules = RuleFiles.from_dir(RULES_DIR).files  # as a kiosk has it: rules in the bundle
    build_bundle(content, path, version=1)


def visit(v: Visitor, n: int, problems: list[str]) -> None:
    """One visitor: every flow, starting from a different one each visit."""
    rng = v.rng
    v.arrive(locale=("km", "en")[n % 2])
    flows = list(Visitor.FLOWS)
    start = n % len(flows)
    for name in flows[start:] + flows[:start]:
        try:
            v.flow(name)
            if name == "benefits" and rng.random() < 0.5:
                v.interview(benefit=True)
            if n % 2 == 0 and name in ("checklist", "interview") and v.prints < n // 2 + 1:
                v.print_here()
            if rng.random() < 0.4:
                v.switch_language()
            if rng.random() < 0.5:
                v.back()
        except NoWidget as exc:  # the driver's problem, not the kiosk's: note it, go on
            problems.append(str(exc))
            v.home()
        except Exception as exc:  # noqa: BLE001 - the driver's own code met a changed screen
            problems.append(f"driver error in {name}: {type(exc).__name__}: {exc}")
            v.home()
    if not v.k.leave():
        problems.append("the idle reset did not bring the attract loop back")


def what_if(kiosk: Kiosk, changes: set[str]) -> None:
    """Try a suggested fix from outside, to measure what it would give (never for the bars)."""
    if "journey-wal" in changes:
        ctx = kiosk.ctx
        ctx._journey = ctx._journey or ctx.device.journey()
        ctx._journey._db.execute("PRAGMA journal_mode=WAL")
        ctx._journey._db.execute("PRAGMA synchronous=NORMAL")
    if "no-idle-filter" in changes:
        kiosk.shell.watcher.stop()
    unknown = changes - {"journey-wal", "no-idle-filter"}
    if unknown:
        raise SystemExit(f"unknown --what-if {sorted(unknown)}")


def stats(taps: list[Tap]) -> dict[str, float]:
    done = [t for t in taps if t.ms is not None]
    ms = [t.ms for t in done]
    if not ms:
        return {"n": 0}
    handler = [t.handler_ms for t in done]
    cpu = [t.cpu_ms for t in done]
    paint = [t.paint_ms for t in done]
    first = [t.first_frame_ms for t in done if t.first_frame_ms is not None]
    between = [t.ms - t.handler_ms - t.paint_ms for t in done]
    return {"n": len(ms), "p50": round(percentile(ms, 50), 1), "p95": round(percentile(ms, 95), 1),
            "max": round(max(ms), 1), "handler_p50": round(percentile(handler, 50), 1),
            "handler_p95": round(percentile(handler, 95), 1),
            "cpu_p50": round(percentile(cpu, 50), 1), "cpu_p95": round(percentile(cpu, 95), 1),
            "first_frame_p50": round(percentile(first, 50), 1),
            "first_frame_p95": round(percentile(first, 95), 1),
            "frames_mean": round(sum(t.frames for t in done) / len(done), 2),
            "mean": round(sum(ms) / len(ms), 1),
            "mean_handler": round(sum(handler) / len(ms), 1),
            "mean_layout": round(sum(between) / len(ms), 1),
            "mean_paint": round(sum(paint) / len(ms), 1)}


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--taps", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--profile", type=Path, default=None,
                        help="write a cProfile of the taps (the tapping itself) to FILE")
    parser.add_argument("--what-if", default="", metavar="CHANGES",
                        help="diagnosis only, comma-separated: journey-wal (the journey log in "
                             "WAL mode with synchronous=NORMAL), no-idle-filter (without the "
                             "shell's application-wide input filter)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    load_before = load_average()
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="nssf-bench-taps-") as name:
        tmp = Path(name)
        bundle = tmp / "content.db"
        build_bundle_file(bundle)
        kiosk = Kiosk(tmp / "data", bundle, print_to=tmp / "print.pdf")
        what_if(kiosk, {w for w in args.what_if.split(",") if w})
        v = Visitor(kiosk, random.Random(args.seed))
        profiler = None
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        started = time.perf_counter()
        n = 0
        while len(kiosk.taps) < args.taps:
            visit(v, n, problems)
            n += 1
        wall = time.perf_counter() - started
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(str(args.profile))
        kiosk.close()
        recovered = kiosk.recovered
        other_language_ms = kiosk.other_language_ms
    taps = kiosk.taps
    measured = [t for t in taps if t.ms is not None]
    warm = [t for t in taps if not t.first]
    by_kind: dict[str, list[Tap]] = defaultdict(list)
    for t in taps:
        by_kind[t.kind].append(t)
    results = {
        "when": now(), "machine": machine(), "what_if": args.what_if, "load_before": load_before,
        "load_after": load_average(), "bar_ms": BAR_MS, "visits": n, "seconds": round(wall, 1),
        "prints": v.prints, "all": stats(taps), "warm": stats(warm),
        "bar_in_place_ms": IN_PLACE_BAR_MS,
        "navigation": stats([t for t in taps if not t.in_place]),
        "navigation_warm": stats([t for t in warm if not t.in_place]),
        "in_place": stats([t for t in taps if t.in_place]),
        "in_place_warm": stats([t for t in warm if t.in_place]),
        "first_visits": stats([t for t in taps if t.first]),
        "no_paint": len(taps) - len(measured),
        "kinds": {kind: stats(ts) for kind, ts in sorted(by_kind.items())},
        "slowest": [{"tap": t.name, "from": t.screen_from, "to": t.screen_to,
                     "ms": round(t.ms, 1), "handler_ms": round(t.handler_ms, 1),
                     "frames": t.frames,
                     "cpu_ms": round(t.cpu_ms, 1), "first": t.first}
                    for t in sorted(measured, key=lambda t: -t.ms)[:12]],
        "driver_problems": problems[:20], "recovered_errors": recovered[:20],
        "other_language": other_language_stats(other_language_ms),
    }
    (OUT / "taps.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report(results)
    return results


def other_language_stats(ms: list[float]) -> dict:
    """The shell laying the screen out in the other language while the visitor read (CPU ms
    each): a tap that lands in one waits for the rest of it."""
    if not ms:
        return {"n": 0}
    return {"n": len(ms), "p50": round(percentile(ms, 50), 1), "p95": round(percentile(ms, 95), 1),
            "max": round(max(ms), 1)}


def report(r: dict) -> None:
    a, w = r["all"], r["warm"]
    print(f"machine load (1/5/15 min) before {r['load_before']}, after {r['load_after']}")
    print(f"{a['n']} taps in {r['visits']} visits ({r['prints']} prints) in {r['seconds']:.0f} s; "
          f"{r['no_paint']} without a frame within the timeout")
    print("per kind, to the last frame | first frame | handler | GUI thread CPU (ms):")
    for kind, s in r["kinds"].items():
        if s["n"]:
            print(f"  {kind:<17} n={s['n']:<4} p50 {s['p50']:6.1f}  p95 {s['p95']:6.1f}  "
                  f"max {s['max']:6.1f} | first p95 {s['first_frame_p95']:6.1f} | handler p50 "
                  f"{s['handler_p50']:5.1f} p95 {s['handler_p95']:5.1f} | CPU p50 "
                  f"{s['cpu_p50']:5.1f} p95 {s['cpu_p95']:5.1f} | frames {s['frames_mean']:.1f}")
    f = r["first_visits"]
    if f.get("n"):
        print(f"first visit of a screen since start-up: n={f['n']} p50 {f['p50']:.1f} ms, "
              f"max {f['max']:.1f} ms")
    print("slowest: " + "; ".join(f"{s['tap']} ({s['from']}->{s['to']}"
                                  f"{', first' if s['first'] else ''}) {s['ms']:.0f} ms"
                                  for s in r["slowest"][:6]))
    if r["recovered_errors"]:
        print(f"errors the shell recovered from: {r['recovered_errors']}")
    if r["driver_problems"]:
        print(f"driver could not find {len(r['driver_problems'])} buttons, e.g. "
              f"{r['driver_problems'][0]}")
    print("(handler: the part of a tap spent inside the click, i.e. the screen's Python code; "
          "CPU: the GUI thread's CPU time, which other load on the machine does not inflate)")
    print(f"where a tap's time goes, mean over all taps: {a['mean']:.1f} ms = handler "
          f"{a['mean_handler']:.1f} + polish/layout/other events {a['mean_layout']:.1f} + frames "
          f"{a['mean_paint']:.1f}")
    print(f"tap to painted, warm screens: p50 {w['p50']:.1f} ms, p95 {w['p95']:.1f} ms "
          f"(GUI thread CPU p95 {w['cpu_p95']:.1f} ms)")
    print(f"GUI thread CPU per tap, all taps: p50 {a['cpu_p50']:.1f} ms, p95 {a['cpu_p95']:.1f} ms")
    n, i = r["navigation"], r["in_place"]
    print(f"tap to the next screen, last frame, all {n['n']} such taps: p50 {n['p50']:.1f} ms, "
          f"p95 {n['p95']:.1f} ms (CPU p95 {n['cpu_p95']:.1f} ms; first frame p95 "
          f"{n['first_frame_p95']:.1f} ms): {verdict(n['p95'], BAR_MS)} the bar of p95 < "
          f"{BAR_MS:.0f} ms")
    print(f"in-place updates (tick, key, stepper, language), last frame, all {i['n']}: p50 "
          f"{i['p50']:.1f} ms, p95 {i['p95']:.1f} ms (CPU p95 {i['cpu_p95']:.1f} ms): "
          f"{verdict(i['p95'], IN_PLACE_BAR_MS)} the bar of p95 < {IN_PLACE_BAR_MS:.0f} ms")
    print(f"tap to painted, all {a['n']} taps: p50 {a['p50']:.1f} ms, p95 {a['p95']:.1f} ms")
    o = r.get("other_language", {"n": 0})
    if o["n"]:
        print(f"laid out in the other language while the visitor read: {o['n']} times, CPU p50 "
              f"{o['p50']:.1f} ms, p95 {o['p95']:.1f} ms, max {o['max']:.1f} ms (a tap landing "
              "in one waits for the rest of it)")


if __name__ == "__main__":
    main()
