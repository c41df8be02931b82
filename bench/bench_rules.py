"""Eligibility: what the rules cost a kiosk now that they come from its bundle.

- loading the rules a bundle carries (what the app does at start, off the GUI thread, and when
  it swaps to a synced bundle): parsed and checked, without the Khmer shaping checks the bundle
  already passed; against loading the checkout's folder with them;
- one answer of the "what can I get?" interview (every benefit decided again, both the
  interview's and the decision screen's work): CPU time per answer, p50 and p95;
- an employer's "what can I get?" with a wage (the contributions estimate on each decision).

CPU time (time.process_time) is the honest figure on this shared machine; wall time beside it.

    .venv/bin/python bench/bench_rules.py [--runs 30]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, machine, now, percentile


def cpu_ms(fn, runs: int) -> tuple[list[float], list[float]]:  # noqa: ANN001
    cpu, wall = [], []
    for _ in range(runs):
        c, w = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - c) * 1000)
        wall.append((time.perf_counter() - w) * 1000)
    return cpu, wall


def stats(values: list[float]) -> dict[str, float]:
    return {"n": len(values), "p50": round(percentile(values, 50), 2),
            "p95": round(percentile(values, 95), 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    from kiosk.content.bundle import build_bundle
    from kiosk.content.library import Library
    from kiosk.eligibility import DONT_KNOW, RULES_DIR, Question, RuleFiles, load_rule_files
    from kiosk.eligibility.loader import load
    from kiosk.paths import CONTENT_DIR
    from kiosk.source import load_source

    results: dict[str, object] = {"when": now(), "machine": machine()}
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "content.db"
        build_bundle(load_source(CONTENT_DIR, RULES_DIR), bundle)
        with Library(bundle) as library:
            files = library.rule_files()

            def from_bundle() -> None:
                load_rule_files(RuleFiles.from_texts(files, "bundle"), check_khmer=False)

            results["load_bundle_ms"] = stats(cpu_ms(from_bundle, args.runs)[0])
        results["load_folder_checked_ms"] = stats(cpu_ms(lambda: load(RULES_DIR),
                                                         max(5, args.runs // 3))[0])
    from kiosk.eligibility import load_rules

    book = load_rules()
    rng = random.Random(1286)
    answer_cpu: list[float] = []
    answer_wall: list[float] = []
    for _ in range(args.runs):
        interview = book.interview(None, rng.choice(["km", "en"]))
        while isinstance(interview.current(), Question):
            question = interview.current()
            choices = [v for v, _ in question.choices] or [question.min, question.max,
                                                           question.start or question.min]
            value = rng.choice([*choices, DONT_KNOW] if rng.random() < 0.1 else choices)
            c, w = time.process_time(), time.perf_counter()
            interview.answer(value)
            current = interview.current()  # what the next screen shows
            if not isinstance(current, Question):
                interview.groups()
            answer_cpu.append((time.process_time() - c) * 1000)
            answer_wall.append((time.perf_counter() - w) * 1000)
    results["answer_cpu_ms"] = stats(answer_cpu)
    results["answer_wall_ms"] = stats(answer_wall)
    wages = [rng.randrange(0, 3_000_000, 10_000) for _ in range(args.runs)]
    employer = iter(wages)
    results["employer_all_cpu_ms"] = stats(cpu_ms(
        lambda: book.decide_all({"role": "employer", "monthly_wage_riel": next(employer),
                                 "member_died": False}, "km"), args.runs)[0])
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "rules.json").write_text(json.dumps(results, indent=2))
    for key in ("load_bundle_ms", "load_folder_checked_ms", "answer_cpu_ms", "answer_wall_ms",
                "employer_all_cpu_ms"):
        value = results[key]
        print(f"{key}: p50 {value['p50']:.1f} ms, p95 {value['p95']:.1f} ms (n={value['n']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
