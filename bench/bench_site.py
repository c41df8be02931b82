"""The phone site on a poor connection, and what publishing it costs (issue 13).

- bytes each phone page loads on a first visit: the page, its style, its scripts (the answers
  table where the page reads a visit), without the font; max and median over every page in
  both languages (aim: under 100 KB);
- the Khmer font subset (regular and bold WOFF2), loaded once and kept;
- time to publish the site for the whole shipped content: rendering every page from the bundle
  (CPU and wall), and `kiosk publish --site-url` end to end (which also validates, runs the
  cases and signs), median of N runs, each a fresh process.

    .venv/bin/python bench/bench_site.py [--runs 5]

The machine is shared: wall times are noisy; the CPU time of the render is the steadier figure.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, ROOT, machine, now

BUDGET = 100_000


def render_once(bundle: Path) -> tuple[float, float, dict]:
    from kiosk.content.library import Library
    from kiosk.eligibility import rules_of_library
    from kiosk.site.build import render_site, report_of

    with Library(bundle) as library:
        rules = rules_of_library(library)
        cpu, wall = time.process_time(), time.perf_counter()
        files = render_site(library, rules)
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    report = report_of(files)
    return cpu, wall, {"loads": report.loads, "font": report.font_bytes, "total": report.total,
                       "pages": report.pages}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from kiosk.content.bundle import build_bundle
    from kiosk.paths import CONTENT_DIR, RULES_DIR
    from kiosk.source import load_source

    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "content.db"
        build_bundle(load_source(CONTENT_DIR, RULES_DIR), bundle, version=1)
        renders = [render_once(bundle) for _ in range(args.runs)]
        site = renders[-1][2]
        keys = Path(tmp) / "keys"
        kiosk = [sys.executable, "-m", "kiosk.cli"]
        subprocess.run([*kiosk, "keys", "init", str(keys)], cwd=ROOT, check=True,
                       capture_output=True)
        publishes = []
        for run in range(args.runs):
            repo = Path(tmp) / f"repo{run}"
            started = time.perf_counter()
            subprocess.run([*kiosk, "publish", "--keys", str(keys), "--repo", str(repo),
                            "--site-url", "https://www.nssf.gov.kh/kiosk"], cwd=ROOT, check=True,
                           capture_output=True, timeout=300)
            with_site = time.perf_counter() - started
            repo = Path(tmp) / f"bare{run}"
            started = time.perf_counter()
            subprocess.run([*kiosk, "publish", "--keys", str(keys), "--repo", str(repo)],
                           cwd=ROOT, check=True, capture_output=True, timeout=300)
            publishes.append((with_site, time.perf_counter() - started))

    loads = site["loads"]
    biggest = max(loads, key=loads.get)
    result = {
        "at": now(), "machine": machine(), "runs": args.runs, "pages": site["pages"],
        "page_load_max_bytes": loads[biggest], "page_load_max_page": biggest,
        "page_load_median_bytes": statistics.median(loads.values()),
        "font_bytes": site["font"], "site_bytes": site["total"],
        "render_cpu_s": statistics.median(r[0] for r in renders),
        "render_wall_s": statistics.median(r[1] for r in renders),
        "publish_with_site_s": statistics.median(p[0] for p in publishes),
        "publish_without_site_s": statistics.median(p[1] for p in publishes),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "site.json").write_text(json.dumps(result, indent=2))
    verdict = "meets" if result["page_load_max_bytes"] < BUDGET else "MISSES"
    print(f"phone site: {result['pages']} pages (km and en), {result['site_bytes']:,} bytes in all")
    print(f"bytes a page loads (first visit, no font): max {result['page_load_max_bytes']:,} "
          f"({biggest}), median {result['page_load_median_bytes']:,.0f}; aim < {BUDGET:,}: {verdict}")
    print(f"Khmer font subset (regular + bold WOFF2, loaded once): {result['font_bytes']:,} bytes")
    print(f"render the whole site from the bundle: median CPU {result['render_cpu_s']:.2f} s, "
          f"wall {result['render_wall_s']:.2f} s ({args.runs} runs)")
    print(f"kiosk publish with --site-url: median {result['publish_with_site_s']:.2f} s; without: "
          f"{result['publish_without_site_s']:.2f} s (fresh repositories, {args.runs} runs each)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
