"""Cold start to the first screen painted: the kiosk beside a Chromium kiosk showing the same page.

Bars (DESIGN.md): the kiosk under 1 s, and under half of Chromium's time; peak memory under
150 MiB.

Kiosk: a fresh Python process per run (`bench/startup_probe.py`: `ui.app.main` itself, on the
offscreen platform, with a new empty data dir and a prebuilt bundle), from spawn to the attract
screen painted (the probe prints the CLOCK_MONOTONIC instant after the paint; see its docstring).
Chromium: `chromium --headless --screenshot` of a static HTML export of the same attract screen
(its slides in Khmer and English from the content, the fonts the app registers (Noto Sans
Khmer, Noto Sans, the icon font) through @font-face from assets/, the stylesheet's colours and
sizes), with a new profile dir per run,
from spawn to the screenshot written and the process exited.

Both are measured the same way (bench/proctree.py): wall time from spawn, the peak over polls
(every few ms) of the PSS summed over the process tree, and the kernel's peak RSS of the main
process and the CPU time from wait4(). Runs alternate kiosk/Chromium after one discarded
warm-up of each (the OS file cache is warm, as on a kiosk that has booted before: "cold" is a new
process, not a cold disk). The median of the runs is reported. `--explain` adds one kiosk start
under `python -X importtime` and lists the imports that cost most.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_startup.py [--runs 7]
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import MIB, OUT, ROOT, load_average, machine, now, verdict  # noqa: E402
from bench.proctree import Measured, spawn_measured  # noqa: E402

BAR_S = 1.0
BAR_RATIO = 0.5
BAR_MIB = 150.0
PROBE = ROOT / "bench" / "startup_probe.py"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync")
WINDOW = (1280, 800)


def build_bundle_file(path: Path) -> None:
    """The shipped content as a bundle (the records that parse, while content is in progress)."""
    from kiosk.content.bundle import build_bundle
    from kiosk.content.loader import check_records, read_source
    from kiosk.eligibility import RULES_DIR, RuleFiles
    from kiosk.paths import CONTENT_DIR

    raws, _ = read_source(CONTENT_DIR)
    content, _ = check_records(raws, require_benefits=False)
    content.rules = RuleFiles.from_dir(RULES_DIR).files  # as a kiosk has it: rules in the bundle
    build_bundle(content, path, version=1)


def attract_html(bundle: Path) -> str:
    """The attract screen as one static page: the same slides, fonts, colours and sizes."""
    from kiosk import paths
    from kiosk.content.library import Library
    from kiosk.i18n import tr
    from kiosk.icons import glyph

    try:  # the texts the screen uses; the plain words if the module moved
        from ui.screens.attract import BRAND, SLIDE_MS, TOUCH
    except ImportError:
        BRAND, SLIDE_MS, TOUCH = "National Social Security Fund", 6000, "Touch to start"  # noqa: N806
    with Library(bundle) as lib:
        slides = [(m.icon, m.text.km, m.text.en) for m in lib.messages()]
        slides += [(s.icon, s.title.km, s.title.en) for s in lib.stories()]
    # the fonts the app registers: Noto Sans Khmer, Noto Sans for Latin (when bundled), icons
    faces = [(family, path, weight) for family, path, weight in (
        ("Noto Sans Khmer", paths.KHMER_FONT, 400), ("Noto Sans Khmer", paths.KHMER_FONT_BOLD, 700),
        ("Noto Sans", getattr(paths, "LATIN_FONT", None), 400),
        ("Noto Sans", getattr(paths, "LATIN_FONT_BOLD", None), 700),
        ("Material Design Icons", paths.ICON_FONT, 400)) if path is not None and path.is_file()]
    font_faces = "\n".join(f'@font-face {{ font-family: "{family}"; src: url("{path.as_uri()}"); '
                           f"font-weight: {weight}; }}" for family, path, weight in faces)
    e = html.escape
    divs = "\n".join(
        f'<div class="slide"{"" if i == 0 else " hidden"}><div class="icon">{e(glyph(icon))}</div>'
        f'<div class="km">{e(km)}</div><div class="en">{e(en)}</div></div>'
        for i, (icon, km, en) in enumerate(slides))
    return f"""<!doctype html>
<html lang="km"><head><meta charset="utf-8"><title>NSSF</title>
<style>
{font_faces}
html, body {{ margin: 0; height: 100%; }}
body {{ background: #0B3A6E; color: #FFFFFF; font-family: "Noto Sans Khmer", "Noto Sans", sans-serif;
  font-size: 20pt; display: flex; flex-direction: column; box-sizing: border-box;
  padding: 40px 64px 48px; text-align: center; }}
.brand {{ font-size: 22pt; font-weight: 700; color: #DCE8F7; }}
.middle {{ flex: 1; display: flex; flex-direction: column; justify-content: center; gap: 20px; }}
.icon {{ font-family: "Material Design Icons"; font-size: 180px; line-height: 1; color: #FFD23F; }}
.km {{ font-size: 34pt; font-weight: 700; }}
.en {{ font-size: 26pt; color: #DCE8F7; }}
.touch {{ background: #FFD23F; border-radius: 24px; padding: 16px 32px; color: #0B3A6E;
  font-size: 28pt; font-weight: 700; display: flex; justify-content: center; gap: 24px;
  align-items: center; }}
.touch .icon {{ font-size: 64px; color: #0B3A6E; }}
</style></head>
<body>
<div class="brand">{e(tr(BRAND, "km"))} &nbsp;·&nbsp; {e(BRAND)}</div>
<div class="middle">
{divs}
</div>
<div class="touch"><span class="icon">{e(glyph("gesture-tap"))}</span>
<span>{e(tr(TOUCH, "km"))}</span><span>{e(TOUCH)}</span></div>
<script>
let at = 0;
const slides = document.querySelectorAll(".slide");
setInterval(() => {{ slides[at].hidden = true; at = (at + 1) % slides.length;
  slides[at].hidden = false; }}, {SLIDE_MS});
</script>
</body></html>
"""


def find_chromium() -> tuple[str | None, str]:
    """The Chromium binary, installing Debian's package once if it is missing."""
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found, ""
    if shutil.which("apt-get") and os.geteuid() == 0:
        try:
            subprocess.run(["apt-get", "install", "-y", "chromium"], capture_output=True,
                           timeout=300, check=False)
        except (OSError, subprocess.TimeoutExpired):
            pass
        found = shutil.which("chromium")
        if found:
            return found, "chromium was installed by this run (apt-get install -y chromium)"
    return None, "chromium is not installed and `apt-get install -y chromium` did not work here"


def kiosk_run(bundle: Path, tmp: Path, n: int, interval_s: float, grab: Path | None = None) -> Measured:
    data = tmp / f"kiosk-data-{n}"
    cmd = [sys.executable, str(PROBE), "--bundle", str(bundle), "--data-dir", str(data)]
    if grab is not None:
        cmd += ["--grab", str(grab)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    m = spawn_measured(cmd, env=env, interval_s=interval_s, timeout_s=60)
    shutil.rmtree(data, ignore_errors=True)
    return m


def chromium_run(chromium: str, page: Path, tmp: Path, n: int, interval_s: float,
                 shot: Path) -> Measured:
    profile = tmp / f"chromium-profile-{n}"
    shot.unlink(missing_ok=True)
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
           f"--window-size={WINDOW[0]},{WINDOW[1]}", page.as_uri()]
    m = spawn_measured(cmd, interval_s=interval_s, watch=shot, timeout_s=60)
    shutil.rmtree(profile, ignore_errors=True)
    return m


def explain(bundle: Path, tmp: Path, top: int = 15) -> list[tuple[float, str]]:
    """One kiosk start under -X importtime: the imports with the largest cumulative time."""
    data = tmp / "kiosk-data-importtime"
    out = subprocess.run([sys.executable, "-X", "importtime", str(PROBE), "--bundle", str(bundle),
                          "--data-dir", str(data)], capture_output=True, text=True, timeout=120,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), check=False)
    rows: list[tuple[float, str, int]] = []
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _self_us, cumulative, name = line[len("import time:"):].split("|", 2)
        depth = (len(name) - len(name.lstrip())) // 2
        rows.append((int(cumulative) / 1000, name.strip(), depth))
    # the top-level imports of each chain (depth 0 and 1 below the probe) with the most time
    best = sorted(((ms, name) for ms, name, depth in rows if depth <= 1), reverse=True)
    return best[:top]


def cpu_marks(m: Measured) -> dict[str, float]:
    """The probe's CPU seconds at each phase (its `cpu.NAME=SECONDS` line)."""
    out: dict[str, float] = {}
    for token in m.stdout.split():
        if token.startswith("cpu.") and "=" in token:
            name, _, value = token[4:].partition("=")
            out[name] = float(value)
    return out


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--interval-ms", type=float, default=5.0, help="memory poll interval")
    parser.add_argument("--explain", action="store_true", help="also list the slowest imports")
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    interval = args.interval_ms / 1000
    results: dict = {"when": now(), "machine": machine(), "load_before": load_average(),
                     "runs": args.runs, "interval_ms": args.interval_ms}
    chromium, note = (None, "skipped (--no-chromium)") if args.no_chromium else find_chromium()
    results["chromium"] = chromium or ""
    results["chromium_note"] = note
    if chromium:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
        results["chromium_version"] = version
    kiosk: list[Measured] = []
    chrome: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="nssf-bench-startup-") as name:
        tmp = Path(name)
        bundle = tmp / "content.db"
        build_bundle_file(bundle)
        page = OUT / "attract.html"
        page.write_text(attract_html(bundle), encoding="utf-8")
        shot = OUT / "attract-chromium.png"
        # warm-ups (not counted): the file cache, Python's bytecode cache, fontconfig's cache
        kiosk_run(bundle, tmp, 0, interval, grab=OUT / "attract-kiosk.png")
        if chromium:
            chromium_run(chromium, page, tmp, 0, interval, shot)
        for n in range(1, args.runs + 1):
            kiosk.append(kiosk_run(bundle, tmp, n, interval))
            if chromium:
                chrome.append(chromium_run(chromium, page, tmp, n, interval, shot))
        if args.explain:
            results["imports"] = explain(bundle, tmp)
    bad = [m for m in kiosk if m.returncode != 0 or "painted" not in m.marks]
    if bad:
        print(f"kiosk probe failed ({bad[0].returncode}):\n{bad[0].stderr[-3000:]}", file=sys.stderr)
        results["error"] = f"kiosk probe failed: {bad[0].stderr[-500:]}"
    ok = [m for m in kiosk if m not in bad]
    phases = ("interpreter", "ui_app_imported", "pyside_imported", "attract_imported",
              "shell_start", "attract_paint", "painted")
    results["kiosk"] = {
        "painted_s": [round(m.marks["painted"], 3) for m in ok],
        "median_painted_s": round(med([m.marks["painted"] for m in ok]), 3),
        "median_exit_s": round(med([m.exit_s for m in ok]), 3),
        "median_cpu_s": round(med([m.cpu_s for m in ok]), 3),
        "median_peak_pss_mib": round(med([m.peak_pss / MIB for m in ok]), 1),
        "median_peak_rss_mib": round(med([m.peak_rss_main / MIB for m in ok]), 1),
        "max_peak_rss_mib": round(max((m.peak_rss_main / MIB for m in ok), default=0), 1),
        "phases_s": {p: round(med([m.marks[p] for m in ok if p in m.marks]), 3) for p in phases},
        "cpu_phases_s": {p: round(med([cpu_marks(m).get(p, float("nan")) for m in ok]), 3)
                         for p in phases},
        "samples": [m.samples for m in ok],
    }
    if chrome:
        good = [m for m in chrome if m.returncode == 0 and m.file_s is not None]
        results["chromium_runs"] = {
            "exit_s": [round(m.exit_s, 3) for m in good],
            "median_exit_s": round(med([m.exit_s for m in good]), 3),
            "median_screenshot_s": round(med([m.file_s for m in good]), 3),
            "median_cpu_s": round(med([m.cpu_s for m in good]), 3),
            "median_peak_pss_mib": round(med([m.peak_pss / MIB for m in good]), 1),
            "median_peak_rss_sum_mib": round(med([m.peak_rss_sum / MIB for m in good]), 1),
            "max_processes": max((m.processes for m in good), default=0),
            "failed": len(chrome) - len(good),
        }
    results["load_after"] = load_average()
    (OUT / "startup.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report(results)
    return results


def report(r: dict) -> None:
    k = r["kiosk"]
    print(f"machine load (1/5/15 min) before {r['load_before']}, after {r['load_after']}")
    print(f"kiosk, {len(k['painted_s'])} runs: painted at {k['painted_s']} s")
    print(f"kiosk start to attract painted: median {k['median_painted_s']:.3f} s (CPU until "
          f"painted {k['cpu_phases_s']['painted']:.2f} s; the process exited at "
          f"{k['median_exit_s']:.2f} s after {k['median_cpu_s']:.2f} s of CPU): "
          f"{verdict(k['median_painted_s'], BAR_S)} the bar of {BAR_S:.0f} s")
    print(f"kiosk peak memory: RSS {k['median_peak_rss_mib']:.1f} MiB (kernel peak, max "
          f"{k['max_peak_rss_mib']:.1f}), PSS {k['median_peak_pss_mib']:.1f} MiB: "
          f"{verdict(k['max_peak_rss_mib'], BAR_MIB)} the bar of {BAR_MIB:.0f} MiB")
    phases = k["phases_s"]
    print("kiosk phases, median wall s from spawn: "
          + ", ".join(f"{p} {v:.3f}" for p, v in phases.items()))
    print("kiosk phases, median CPU s of the probe so far: "
          + ", ".join(f"{p} {v:.3f}" for p, v in k["cpu_phases_s"].items()))
    c = r.get("chromium_runs")
    if not c:
        print(f"chromium: no figures ({r['chromium_note']})")
    else:
        ratio = k["median_painted_s"] / c["median_exit_s"]
        r["ratio"] = round(ratio, 3)
        print(f"{r.get('chromium_version', 'chromium')}: screenshot written at "
              f"{c['median_screenshot_s']:.3f} s, exited at {c['median_exit_s']:.3f} s "
              f"(CPU {c['median_cpu_s']:.2f} s), peak PSS {c['median_peak_pss_mib']:.1f} MiB over "
              f"{c['max_processes']} processes (RSS sum {c['median_peak_rss_sum_mib']:.1f} MiB)")
        print(f"kiosk / chromium time: {ratio:.2f} (vs the screenshot alone "
              f"{k['median_painted_s'] / c['median_screenshot_s']:.2f}): "
              f"{verdict(ratio, BAR_RATIO)} the bar of {BAR_RATIO}")
        print(f"kiosk / chromium peak PSS: "
              f"{k['median_peak_pss_mib'] / c['median_peak_pss_mib']:.2f}")
    print("what each painted: bench/out/attract-kiosk.png, bench/out/attract-chromium.png "
          "(the page: bench/out/attract.html)")
    for ms, name in r.get("imports", []):
        print(f"  import {name}: {ms:.0f} ms cumulative (under -X importtime)")
    (OUT / "startup.json").write_text(json.dumps(r, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
