"""Cold start to the first screen painted: the kiosk beside a Chromium kiosk showing the same page.

Bars (DESIGN.md): the kiosk under 1 s, and under half of Chromium's time; peak memory under
150 MiB.

Measured honestly, pixels against pixels:
- Kiosk: a fresh Python process per run (`bench/startup_probe.py`: `ui.app.main` itself, on the
  offscreen platform, with a new empty data dir and a prebuilt bundle), from spawn to its first
  frame painted: the attract screen and its children painted and the frame flushed (the probe
  prints the CLOCK_MONOTONIC instant after the paint; see its docstring).
- Chromium: `chromium --headless --screenshot` of a static HTML export of the same attract
  screen (its slides in Khmer and English from the content, the fonts the app registers (Noto
  Sans Khmer, Noto Sans, the icon font) through @font-face from assets/, the stylesheet's colours
  and sizes), with a new profile dir per run, from spawn to the screenshot written: its pixels.
  (Its exit, some 0.2 s later, is reported beside it, not compared.)
- Timed runs read no memory: polling the smaps of ten Chromium processes every few ms costs CPU
  on a 2-core machine (it added ~150 ms to Chromium). Only the screenshot file is looked for (a
  stat() every 2 ms), and the kernel gives the kiosk's peak RSS and each side's CPU time from
  wait4() for free. Peak memory comes from separate runs of each (`--memory-runs`), polled
  every `--interval-ms` (bench/proctree.py), whose times are not used.
- Runs alternate kiosk/Chromium after one discarded warm-up of each (the OS file cache is warm,
  as on a kiosk that has booted before: "cold" is a new process, not a cold disk); medians are
  reported. What each side painted is saved (bench/out/attract-kiosk.png, attract-chromium.png,
  from the warm-ups, never a timed run) and compared: both must show the page (same size, the
  same deep-blue ground over most of the frame, the yellow "touch" band), or the figure is void.
`--explain` adds one kiosk start under `python -X importtime` and lists the imports that cost
most before the first paint.

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

from bench.common import MIB, OUT, ROOT, load_average, machine, now, verdict
from bench.proctree import Measured, spawn_measured

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


def kiosk_run(bundle: Path, tmp: Path, n: int, interval_s: float | None,
              grab: Path | None = None) -> Measured:
    data = tmp / f"kiosk-data-{n}"
    cmd = [sys.executable, str(PROBE), "--bundle", str(bundle), "--data-dir", str(data)]
    if grab is not None:
        cmd += ["--grab", str(grab)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    m = spawn_measured(cmd, env=env, interval_s=interval_s, timeout_s=60)
    shutil.rmtree(data, ignore_errors=True)
    return m


def chromium_run(chromium: str, page: Path, tmp: Path, n: int, interval_s: float | None,
                 shot: Path) -> Measured:
    profile = tmp / f"chromium-profile-{n}"
    shot.unlink(missing_ok=True)
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--screenshot={shot}",
           f"--window-size={WINDOW[0]},{WINDOW[1]}", page.as_uri()]
    m = spawn_measured(cmd, interval_s=interval_s, watch=shot, timeout_s=60)
    shutil.rmtree(profile, ignore_errors=True)
    return m


GROUND = (0x0B, 0x3A, 0x6E)  # the attract screen's deep blue
BAND = (0xFF, 0xD2, 0x3F)  # its yellow "touch to start" band


def pixels(path: Path) -> dict:
    """What a frame shows: its size and the share of its pixels in the attract screen's colours
    (both sides must show the page for their times to be compared)."""
    try:
        from PIL import Image
    except ImportError:
        return {"error": "Pillow is missing"}
    if not path.is_file():
        return {"error": f"{path.name} was not written"}
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        small = rgb.resize((rgb.width // 4, rgb.height // 4))
        flat = getattr(small, "get_flattened_data", None) or small.getdata  # Pillow 12 renamed it
        colours = list(flat())
    def share(colour: tuple[int, int, int]) -> float:
        near = sum(1 for c in colours if max(abs(a - b) for a, b in zip(c, colour, strict=True)) < 24)
        return round(near / len(colours), 3)
    return {"size": list(rgb.size), "ground": share(GROUND), "band": share(BAND)}


def shows_the_page(frame: dict) -> bool:
    return (frame.get("size") == list(WINDOW) and frame.get("ground", 0) > 0.5
            and frame.get("band", 0) > 0.02)


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
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each side")
    parser.add_argument("--memory-runs", type=int, default=3,
                        help="separate runs of each side with memory polling (not timed)")
    parser.add_argument("--interval-ms", type=float, default=5.0, help="memory poll interval")
    parser.add_argument("--explain", action="store_true", help="also list the slowest imports")
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    interval = args.interval_ms / 1000
    results: dict = {"when": now(), "machine": machine(), "load_before": load_average(),
                     "runs": args.runs, "memory_runs": args.memory_runs,
                     "interval_ms": args.interval_ms}
    chromium, note = (None, "skipped (--no-chromium)") if args.no_chromium else find_chromium()
    results["chromium"] = chromium or ""
    results["chromium_note"] = note
    if chromium:
        version = subprocess.run([chromium, "--version"], capture_output=True, text=True,
                                 check=False).stdout.strip()
        results["chromium_version"] = version
    kiosk: list[Measured] = []
    chrome: list[Measured] = []
    kiosk_mem: list[Measured] = []
    chrome_mem: list[Measured] = []
    with tempfile.TemporaryDirectory(prefix="nssf-bench-startup-") as name:
        tmp = Path(name)
        bundle = tmp / "content.db"
        build_bundle_file(bundle)
        page = OUT / "attract.html"
        page.write_text(attract_html(bundle), encoding="utf-8")
        shot = OUT / "attract-chromium.png"
        kiosk_shot = OUT / "attract-kiosk.png"
        kiosk_shot.unlink(missing_ok=True)
        # warm-ups (not counted): the file cache, Python's bytecode cache, fontconfig's cache;
        # they also save what each side painted
        kiosk_run(bundle, tmp, 0, None, grab=kiosk_shot)
        if chromium:
            chromium_run(chromium, page, tmp, 0, None, shot)
        results["frames"] = {"kiosk": pixels(kiosk_shot),
                             "chromium": pixels(shot) if chromium else {}}
        tmp_shot = tmp / "shot.png"  # timed screenshots go here; the saved one stays
        for n in range(1, args.runs + 1):
            kiosk.append(kiosk_run(bundle, tmp, n, None))
            if chromium:
                chrome.append(chromium_run(chromium, page, tmp, n, None, tmp_shot))
        for n in range(1, args.memory_runs + 1):
            kiosk_mem.append(kiosk_run(bundle, tmp, 100 + n, interval))
            if chromium:
                chrome_mem.append(chromium_run(chromium, page, tmp, 100 + n, interval, tmp_shot))
        if args.explain:
            results["imports"] = explain(bundle, tmp)
    bad = [m for m in kiosk + kiosk_mem if m.returncode != 0 or "painted" not in m.marks]
    if bad:
        print(f"kiosk probe failed ({bad[0].returncode}):\n{bad[0].stderr[-3000:]}", file=sys.stderr)
        results["error"] = f"kiosk probe failed: {bad[0].stderr[-500:]}"
    ok = [m for m in kiosk if m not in bad]
    ok_mem = [m for m in kiosk_mem if m not in bad] or ok
    phases = ("interpreter", "ui_app_imported", "pyside_imported", "attract_imported",
              "shell_start", "attract_paint", "painted")
    results["kiosk"] = {
        "painted_s": [round(m.marks["painted"], 3) for m in ok],
        "median_painted_s": round(med([m.marks["painted"] for m in ok]), 3),
        "median_exit_s": round(med([m.exit_s for m in ok]), 3),
        "median_cpu_s": round(med([m.cpu_s for m in ok]), 3),
        "median_peak_pss_mib": round(med([m.peak_pss / MIB for m in ok_mem]), 1),
        "median_peak_rss_mib": round(med([m.peak_rss_main / MIB for m in ok]), 1),
        "max_peak_rss_mib": round(max((m.peak_rss_main / MIB for m in ok + ok_mem), default=0), 1),
        "phases_s": {p: round(med([m.marks[p] for m in ok if p in m.marks]), 3) for p in phases},
        "cpu_phases_s": {p: round(med([cpu_marks(m).get(p, float("nan")) for m in ok]), 3)
                         for p in phases},
        "memory_runs_painted_s": [round(m.marks.get("painted", float("nan")), 3) for m in ok_mem],
    }
    if chrome:
        good = [m for m in chrome if m.returncode == 0 and m.file_s is not None]
        good_mem = [m for m in chrome_mem if m.returncode == 0 and m.file_s is not None]
        results["chromium_runs"] = {
            "screenshot_s": [round(m.file_s, 3) for m in good],
            "exit_s": [round(m.exit_s, 3) for m in good],
            "median_screenshot_s": round(med([m.file_s for m in good]), 3),
            "median_exit_s": round(med([m.exit_s for m in good]), 3),
            "median_cpu_s": round(med([m.cpu_s for m in good]), 3),
            "median_peak_pss_mib": round(med([m.peak_pss / MIB for m in good_mem]), 1),
            "median_peak_rss_sum_mib": round(med([m.peak_rss_sum / MIB for m in good_mem]), 1),
            "max_processes": max((m.processes for m in good_mem), default=0),
            "memory_runs_screenshot_s": [round(m.file_s, 3) for m in good_mem],
            "failed": len(chrome) - len(good),
        }
    results["load_after"] = load_average()
    (OUT / "startup.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    report(results)
    return results


def report(r: dict) -> None:
    k = r["kiosk"]
    print(f"machine load (1/5/15 min) before {r['load_before']}, after {r['load_after']}")
    print(f"kiosk, {len(k['painted_s'])} timed runs: first frame painted at {k['painted_s']} s")
    print(f"kiosk start to first frame painted: median {k['median_painted_s']:.3f} s (CPU until "
          f"painted {k['cpu_phases_s']['painted']:.2f} s; the process exited at "
          f"{k['median_exit_s']:.2f} s after {k['median_cpu_s']:.2f} s of CPU): "
          f"{verdict(k['median_painted_s'], BAR_S)} the bar of {BAR_S:.0f} s")
    print(f"kiosk peak memory: RSS {k['median_peak_rss_mib']:.1f} MiB (kernel peak, max "
          f"{k['max_peak_rss_mib']:.1f}), PSS {k['median_peak_pss_mib']:.1f} MiB (polled in "
          f"{r['memory_runs']} separate runs): "
          f"{verdict(k['max_peak_rss_mib'], BAR_MIB)} the bar of {BAR_MIB:.0f} MiB")
    phases = k["phases_s"]
    print("kiosk phases, median wall s from spawn: "
          + ", ".join(f"{p} {v:.3f}" for p, v in phases.items()))
    print("kiosk phases, median CPU s of the probe so far: "
          + ", ".join(f"{p} {v:.3f}" for p, v in k["cpu_phases_s"].items()))
    c = r.get("chromium_runs")
    frames = r.get("frames", {})
    same_page = shows_the_page(frames.get("kiosk", {})) and shows_the_page(frames.get("chromium", {}))
    print(f"frames: kiosk {frames.get('kiosk')}, chromium {frames.get('chromium')} "
          f"(size, share of deep-blue ground, share of yellow band): "
          f"{'both show the attract page' if same_page else 'NOT the same page'}")
    if not c:
        print(f"chromium: no figures ({r['chromium_note']})")
    else:
        ratio = k["median_painted_s"] / c["median_screenshot_s"]
        r["ratio"] = round(ratio, 3)
        r["same_page"] = same_page
        print(f"{r.get('chromium_version', 'chromium')}, {len(c['screenshot_s'])} timed runs: "
              f"screenshot written at {c['screenshot_s']} s")
        print(f"chromium start to screenshot written: median {c['median_screenshot_s']:.3f} s "
              f"(exited at {c['median_exit_s']:.3f} s, CPU {c['median_cpu_s']:.2f} s); peak PSS "
              f"{c['median_peak_pss_mib']:.1f} MiB over {c['max_processes']} processes (RSS sum "
              f"{c['median_peak_rss_sum_mib']:.1f} MiB), polled in separate runs (their "
              f"screenshots at {c['memory_runs_screenshot_s']} s)")
        print(f"kiosk first frame / chromium screenshot: {ratio:.2f}"
              f"{'' if same_page else ' (void: the frames differ)'}: "
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
