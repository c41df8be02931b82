"""What the checks across records (links, one word for one thing, stories, offices) cost on top
of validating each record: CPU time, median of several runs, on the shipped content and on a
generated source of 10,000 glossary terms (the worst case for the term check: every word of
every generated text starts a term).

    .venv/bin/python bench/bench_content_checks.py

Not part of `make bench` (no DESIGN.md bar); the machine is shared, so CPU time, not wall time.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kiosk.content import crosscheck
from kiosk.content.loader import check_records, read_source
from kiosk.paths import ASSETS, CONTENT_DIR
from kiosk.sync.sample import write_sample


def cpu_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) * 1000)
    return statistics.median(times)


def measure(name: str, folder: Path, runs: int) -> None:
    raws, _ = read_source(folder)
    content, _ = check_records(raws, require_benefits=False)
    whole = cpu_ms(lambda: check_records(raws, require_benefits=False), runs)
    cross = cpu_ms(lambda: crosscheck.cross_problems(content, raws, ASSETS), runs)
    print(f"{name}: {content.count()} records; check_records {whole:.0f} ms CPU (median of "
          f"{runs}), of which the checks across records {cross:.1f} ms ({cross / whole:.0%})")


def main() -> None:
    measure("shipped content", CONTENT_DIR, 7)
    with tempfile.TemporaryDirectory() as tmp:
        write_sample(Path(tmp), terms=10_000, offices=50, words=24)
        measure("10,000 generated terms", Path(tmp), 3)


if __name__ == "__main__":
    main()
