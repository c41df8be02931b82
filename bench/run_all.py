"""Every quality bar of DESIGN.md, measured: runs each benchmark in its own process, prints each
figure with its bar and meets/MISSES, and writes bench/results.md.

Each benchmark runs as a subprocess with a timeout (and all of them within a total budget of
14 minutes), so one that fails, hangs or is missing is reported as such and the rest still run.
The figures come from the JSON each script writes to bench/out/ (only if written by this run)
or, for scripts that only print, from their printed lines. Every script's full output is kept
in bench/out/NAME.log.

    make bench        # = QT_QPA_PLATFORM=offscreen .venv/bin/python bench/run_all.py
    .venv/bin/python bench/run_all.py --only startup,taps --quick
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, ROOT, git_rev, load_average, machine, now

BUDGET_S = 14 * 60
RESULTS = ROOT / "bench" / "results.md"


@dataclass
class Row:
    bar: str  # the quality bar (DESIGN.md)
    figure: str
    value: str
    target: str  # the bar's threshold as written beside the figure ("" for context only)
    verdict: str  # meets | MISSES | info | not measured (...)


@dataclass
class Run:
    name: str
    script: str
    args: list[str]
    timeout_s: int
    quick_args: list[str] = field(default_factory=list)
    json_name: str = ""
    returncode: int | None = None
    seconds: float = 0.0
    stdout: str = ""
    stderr: str = ""
    note: str = ""
    data: dict | None = None


def judge(value: float, limit: float) -> str:
    return "meets" if value < limit else "MISSES"


def number(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text)
    return float(found.group(1).replace(",", "")) if found else None


def not_measured(bar: str, figure: str, target: str, run: Run) -> list[Row]:
    return [Row(bar, figure, "-", target, f"not measured ({run.note or 'no figure found'})")]


# --- figures per benchmark ----------------------------------------------------------------

def startup_rows(run: Run) -> list[Row]:
    bar = "Cold start to the first screen"
    d = run.data
    if not d or "kiosk" not in d or not d["kiosk"].get("painted_s"):
        return not_measured(bar, "kiosk start to attract painted (median)", "< 1 s", run)
    k = d["kiosk"]
    rows = [Row(bar, f"kiosk: start to the attract screen's first frame painted, median of "
                     f"{len(k['painted_s'])}",
                f"{k['median_painted_s']:.3f} s", "< 1 s", judge(k["median_painted_s"], 1.0)),
            Row(bar, "kiosk: CPU time until painted (all threads; the wall time also waits "
                     "for a core and the disk)",
                f"{k.get('cpu_phases_s', {}).get('painted', float('nan')):.2f} s", "", "info"),
            Row(bar, "kiosk: peak memory (RSS, kernel high-water mark, worst run)",
                f"{k['max_peak_rss_mib']:.1f} MiB", "< 150 MiB", judge(k["max_peak_rss_mib"], 150))]
    c = d.get("chromium_runs")
    if c and c.get("screenshot_s"):
        ratio = k["median_painted_s"] / c["median_screenshot_s"]
        same = d.get("same_page", True)
        rows += [Row(bar, "Chromium kiosk: same page, spawn to its screenshot written (median; "
                          f"exited at {c['median_exit_s']:.2f} s)",
                     f"{c['median_screenshot_s']:.3f} s", "", "info"),
                 Row(bar, "kiosk first frame / Chromium screenshot (pixels against pixels, "
                          "no memory polling in the timed runs)", f"{ratio:.2f}", "< 0.5",
                     judge(ratio, 0.5) if same else "not measured (the frames differ)"),
                 Row(bar, "peak memory (separate polled runs): kiosk PSS vs Chromium PSS summed "
                          f"over its {c['max_processes']} processes",
                     f"{k['median_peak_pss_mib']:.0f} vs {c['median_peak_pss_mib']:.0f} MiB",
                     "", "info")]
    else:
        rows.append(Row(bar, "kiosk time / Chromium time", "-", "< 0.5",
                        f"not measured ({d.get('chromium_note') or 'Chromium failed'})"))
    return rows


def taps_rows(run: Run) -> list[Row]:
    bar = "A tap to the next screen painted"
    d = run.data
    if not d or not d.get("all", {}).get("n"):
        return not_measured(bar, "p95 of all taps", "< 50 ms", run)
    a = d["all"]
    n, i = d.get("navigation", a), d.get("in_place", {})
    rows = [Row(bar, f"p95 of {n['n']} taps to another screen or page, to the last frame",
                f"{n['p95']:.1f} ms", "< 50 ms", judge(n["p95"], 50)),
            Row(bar, "p50 of the same taps", f"{n['p50']:.1f} ms", "", "info"),
            Row(bar, "p95 of the GUI thread's CPU time over the same taps (load-independent)",
                f"{n['cpu_p95']:.1f} ms", "", "info")]
    if i.get("n"):
        rows += [Row(bar, f"p95 of {i['n']} in-place updates (tick, key, stepper, language), "
                     "to the last frame", f"{i['p95']:.1f} ms", "< 16 ms", judge(i["p95"], 16)),
                 Row(bar, "p95 of the GUI thread's CPU time over the same updates",
                     f"{i['cpu_p95']:.1f} ms", "", "info")]
    return rows


def print_rows(run: Run) -> list[Row]:
    bar = "A guidance PDF with its QR code"
    d, out = run.data or {}, run.stdout
    worst = d.get("worst_p95_ms", number(r"worst p95 ([\d.]+) ms", out))
    cold = d.get("cold_first_pdf_ms", number(r"fresh process, after the imports: ([\d.]+) ms", out))
    if worst is None:
        return not_measured(bar, "worst p95 per PDF", "< 200 ms", run)
    rows = [Row(bar, "worst p95 over kinds, formats and languages (warm process)",
                f"{worst:.1f} ms", "< 200 ms", judge(worst, 200))]
    if cold is not None:
        rows.append(Row(bar, "first PDF of a fresh process (reads the fonts once)",
                        f"{cold:.0f} ms", "< 200 ms", judge(cold, 200)))
    jobs = {(j["printer"], j["where"]): j for j in d.get("jobs", [])}
    spare, cold_job = jobs.get(("escpos", "spare process")), jobs.get(("escpos", "print process"))
    if spare is not None:  # what a visitor's print is: the PDF made and sent, in the spare
        rows.append(Row(bar, "a whole receipt print (PDF made and sent to an ESC/POS printer) in "
                        f"the spare print process: p95 (median {spare['median']:.0f} ms)",
                        f"{spare['p95']:.0f} ms", "< 200 ms", judge(spare["p95"], 200)))
    if cold_job is not None:
        rows.append(Row(bar, "the same in a print process started for it (no spare ready): median",
                        f"{cold_job['median']:.0f} ms", "", "info"))
    peaks = d.get("print_process_peak_mib") or {}
    if isinstance(peaks, dict) and peaks.get("escpos"):
        rows.append(Row(bar, "a print process's peak memory, beside the kiosk's while it lives: "
                        f"receipt printer (QPrinter, pdf: {peaks.get('pdf', 0):.0f} MiB)",
                        f"{peaks['escpos']:.1f} MiB", "", "info"))
    return rows


def search_rows(run: Run) -> list[Row]:
    bar = "Search over 10,000 records"
    rows = []
    for script in ("khmer", "latin"):
        p95 = number(rf"search {script}: p50 [\d.]+ ms, p95 ([\d.]+) ms", run.stdout)
        if p95 is None:
            return not_measured(bar, "p95 per query", "< 20 ms", run)
        p50 = number(rf"search {script}: p50 ([\d.]+) ms", run.stdout)
        rows.append(Row(bar, f"{script.capitalize()} queries as typed, key by key: p95 "
                             f"(p50 {p50:.1f} ms)", f"{p95:.1f} ms", "< 20 ms", judge(p95, 20)))
    for script in ("khmer", "latin"):
        found = re.search(rf"search {script} (\d+)k: p50 ([\d.]+) ms, p95 ([\d.]+) ms", run.stdout)
        if found:
            rows.append(Row(bar, f"{script.capitalize()} as typed over {found.group(1)},000 "
                                 f"records: p95 (p50 {float(found.group(2)):.1f} ms)",
                            f"{float(found.group(3)):.1f} ms", "", "info"))
    return rows


def sync_rows(run: Run) -> list[Row]:
    bar = "Sync of a one-record change"
    d = run.data or {}
    ratios = [row[name]["ratio"] for row in d.get("runs", [])
              for name in ("small record", "large record", "one parameter") if name in row]
    worst = max(ratios) if ratios else None
    if worst is None:
        pct = number(r"worst one-record change ([\d.]+)%", run.stdout)
        worst = None if pct is None else pct / 100
    if worst is None:
        return not_measured(bar, "bytes of a one-record change / full download", "< 5%", run)
    rows = [Row(bar, "bytes of a one-record or one-parameter change / bytes of a full download "
                     "(worst)", f"{worst:.1%}", "< 5%", judge(worst, 0.05))]
    param = (d.get("runs") or [{}])[0].get("one parameter")
    if param:
        rows.append(Row(bar, "a changed eligibility parameter (a line of a rule file)",
                        f"{param['bytes']:,} bytes ({param['ratio']:.1%})", "", "info"))
    first = (d.get("runs") or [{}])[0].get("first")
    if first:
        rows.append(Row(bar, "full download", f"{first['bytes']:,} bytes", "", "info"))
    return rows


def soak_rows(run: Run) -> list[Row]:
    bar = "Eight simulated hours of random taps"
    d = run.data
    if run.returncode is None:  # missing, or stopped by its timeout
        return not_measured(bar, "crash; RSS growth after warm-up", "no crash; < 10 MiB", run)
    if run.returncode != 0 or not d:  # a negative code is the signal that killed it
        return [Row(bar, "crash", f"exit {run.returncode}", "no crash", "MISSES")]
    rows = [Row(bar, f"crash (the soak finished its {d['hours']:g} simulated hours)", "none",
                "no crash", "meets")]
    growth = max(d["growth_mib"], d["fit_growth_mib"])
    rows += [Row(bar, f"RSS growth after warm-up ({d['visits']} visits, {d['prints']} prints, "
                      f"{len(d['syncs'])} syncs; larger of measured and fitted)",
                 f"{growth:+.1f} MiB", "< 10 MiB", judge(growth, 10)),
             Row(bar, "steady-state RSS: the largest sample after warm-up (median "
                      f"{d.get('steady_median_mib', float('nan')):.0f} MiB)",
                 f"{d.get('steady_max_mib', float('nan')):.1f} MiB", "< 150 MiB",
                 judge(d.get("steady_max_mib", 1e9), 150)),
             Row(bar, "RSS after warm-up -> at the end; peak", f"{d['rss_warm_mib']:.0f} -> "
                 f"{d['rss_end_mib']:.0f} MiB; {d['peak_rss_mib']:.0f} MiB", "", "info"),
             Row(bar, "errors logged by the kiosk; idle resets that did not happen",
                 f"{d['log_counts'].get('ERROR', 0)}; {d.get('failed_resets', 0)}", "", "info")]
    return rows


def rules_rows(run: Run) -> list[Row]:
    bar = "Eligibility rules from the bundle"
    d = run.data
    if not d:
        return not_measured(bar, "CPU time to load a bundle's rules", "", run)
    return [Row(bar, "CPU time to load a bundle's rules (start-up, off the GUI thread; a swap)",
                f"p50 {d['load_bundle_ms']['p50']:.0f} ms", "", "info"),
            Row(bar, "CPU time of one interview answer, every benefit decided again",
                f"p50 {d['answer_cpu_ms']['p50']:.1f} / p95 {d['answer_cpu_ms']['p95']:.1f} ms",
                "", "info")]


def site_rows(run: Run) -> list[Row]:
    bar = "Phone site on a poor connection (issue 13)"
    d = run.data
    if not d:
        return not_measured(bar, "bytes a phone page loads", "< 100 KB", run)
    return [Row(bar, f"bytes a page loads, first visit, no font ({d['pages']} pages; median "
                     f"{d['page_load_median_bytes']:,.0f})",
                f"max {d['page_load_max_bytes']:,}", "< 100,000",
                judge(d["page_load_max_bytes"], 100_000)),
            Row(bar, "Khmer font subset, regular + bold WOFF2 (loaded once)",
                f"{d['font_bytes']:,} bytes", "", "info"),
            Row(bar, "publish with the site, whole content (median; without the site: "
                     f"{d['publish_without_site_s']:.2f} s; render alone CPU "
                     f"{d['render_cpu_s']:.2f} s)",
                f"{d['publish_with_site_s']:.2f} s", "", "info")]


RUNS: list[tuple[Run, Callable[[Run], list[Row]]]] = [
    (Run("startup", "bench_startup.py", ["--runs", "7", "--explain"], 300,
         ["--runs", "3", "--memory-runs", "1"], "startup.json"), startup_rows),
    (Run("taps", "bench_taps.py", ["--taps", "500"], 300, ["--taps", "150"], "taps.json"),
     taps_rows),
    (Run("print", "bench_print.py", [], 300, ["--runs", "5"], "print.json"), print_rows),
    (Run("search", "bench_search.py", [], 300, ["--rounds", "5", "--scale", "0"]), search_rows),
    (Run("sync", "bench_sync.py", [], 300, ["--no-slow"], "sync.json"), sync_rows),
    (Run("soak", "bench_soak.py", [], 600, ["--hours", "2"], "soak.json"), soak_rows),
    (Run("rules", "bench_rules.py", [], 120, ["--runs", "10"], "rules.json"), rules_rows),
    (Run("site", "bench_site.py", [], 180, ["--runs", "2"], "site.json"), site_rows),
]


def execute(run: Run, deadline: float, quick: bool) -> None:
    script = ROOT / "bench" / run.script
    if not script.is_file():
        run.note = f"bench/{run.script} is missing"
        return
    timeout = max(10.0, min(run.timeout_s, deadline - time.monotonic()))
    args = run.quick_args if quick else run.args
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONUNBUFFERED="1")
    started = time.monotonic()
    wall_started = time.time()
    try:
        done = subprocess.run([sys.executable, str(script), *args], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)
        run.returncode, run.stdout, run.stderr = done.returncode, done.stdout, done.stderr
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["?"])[-1]
            run.note = f"bench/{run.script} failed with exit {done.returncode}: {last[:200]}"
    except subprocess.TimeoutExpired as exc:
        run.stdout = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        run.stderr = exc.stderr.decode() if isinstance(exc.stderr, bytes) else (exc.stderr or "")
        run.note = f"bench/{run.script} did not finish within {timeout:.0f} s"
    run.seconds = time.monotonic() - started
    if run.json_name:
        path = OUT / run.json_name
        if path.is_file() and path.stat().st_mtime >= wall_started:  # written by this run
            try:
                run.data = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                run.note = run.note or f"bench/out/{run.json_name} is not valid JSON"
    (OUT / f"{run.name}.log").write_text(
        f"$ {' '.join([Path(sys.executable).name, 'bench/' + run.script, *args])}\n"
        f"exit {run.returncode}, {run.seconds:.0f} s\n--- stdout\n{run.stdout}\n--- stderr\n"
        f"{run.stderr}", encoding="utf-8")


def table(rows: list[Row]) -> list[str]:
    lines = ["| quality bar | figure | value | bar | verdict |", "| --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r.bar} | {r.figure} | {r.value} | {r.target} | {r.verdict} |")
    return lines


def revision() -> str:
    rev = git_rev() or "unknown"
    try:
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        dirty = ""
    return f"{rev} (with uncommitted changes)" if dirty else rev


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default="", help="comma-separated: " +
                        ",".join(run.name for run, _ in RUNS))
    parser.add_argument("--quick", action="store_true",
                        help="fewer runs and a 2-hour soak (a check, not the figures)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    chosen = [(run, rows) for run, rows in RUNS
              if not args.only or run.name in args.only.split(",")]
    command = "make bench" if not (args.only or args.quick) else " ".join(
        ["bench/run_all.py", *sys.argv[1:]])
    header = {"date": now(), "machine": machine(), "revision": revision(),
              "load_before": load_average(), "command": command}
    started = time.monotonic()
    deadline = started + BUDGET_S
    print(f"{header['date']} on {header['machine']}, revision {header['revision']}, "
          f"load {header['load_before']}", flush=True)
    all_rows: list[Row] = []
    for i, (run, to_rows) in enumerate(chosen, 1):
        print(f"\n[{i}/{len(chosen)}] {run.name}: bench/{run.script} "
              f"{' '.join(run.quick_args if args.quick else run.args)}", flush=True)
        if time.monotonic() > deadline - 10:
            run.note = "skipped: the 14-minute budget was used up"
        else:
            execute(run, deadline, args.quick)
            print(run.stdout.rstrip())
        if run.note:
            print(f"NOTE: {run.note}")
        print(f"({run.seconds:.0f} s)", flush=True)
        all_rows += to_rows(run)
    total = time.monotonic() - started
    header["load_after"] = load_average()
    print(f"\nAll figures ({total / 60:.1f} min in all):")
    width = max(len(r.figure) for r in all_rows)
    for r in all_rows:
        target = f"bar {r.target}" if r.target else ""
        print(f"  {r.figure:<{width}}  {r.value:>22}  {target:<16} {r.verdict}")
    write_results(header, all_rows, [run for run, _ in chosen], total)
    print(f"\nwritten: {RESULTS.relative_to(ROOT)}")
    return 0


def write_results(header: dict, rows: list[Row], runs: list[Run], total: float) -> None:
    misses = [r for r in rows if r.verdict == "MISSES"]
    unmeasured = [r for r in rows if r.verdict.startswith("not measured")]
    lines = [
        "# Quality bars: measured",
        "",
        f"- machine: {header['machine']}",
        f"- date: {header['date']}",
        f"- command: `{header['command']}` (offscreen Qt platform), {total / 60:.1f} min in all",
        f"- git revision: {header['revision']}",
        f"- machine load (1/5/15 min averages) before: {header['load_before']}, after: "
        f"{header['load_after']}; wall times include any other work on the machine, CPU "
        "times do not",
        "",
        f"{len(rows) - len(misses) - len(unmeasured)} rows meet their bar or are context, "
        f"{len(misses)} miss, {len(unmeasured)} not measured.",
        "",
        *table(rows),
        "",
        "How each figure is measured is in the docstring of its script (bench/*.py); the full "
        "output of each run is in bench/out/NAME.log (not committed).",
        "",
    ]
    for run in runs:
        lines += [f"## {run.name}: bench/{run.script}", ""]
        if run.note:
            lines += [f"**{run.note}**", ""]
        if run.stdout.strip():
            shown = run.stdout.rstrip().splitlines()
            if run.name == "search":  # it prints its JSON first: keep the lines with the figures
                shown = [line for line in shown if not line.startswith(("{", "}", " "))]
            lines += ["```", *shown[-40:], "```", ""]
        lines += [f"({run.seconds:.0f} s)", ""]
    lines += kept_sections()
    RESULTS.write_text("\n".join(lines), encoding="utf-8")


KEPT = "## Before and after"  # hand-written comparisons (with their commands): kept as they are


def kept_sections() -> list[str]:
    """The "## Before and after ..." sections of the results file as it is, to write again."""
    try:
        old = RESULTS.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    kept, keeping = [], False
    for line in old:
        if line.startswith("## "):
            keeping = line.startswith(KEPT)
        if keeping:
            kept.append(line)
    return kept


if __name__ == "__main__":
    sys.exit(main())
