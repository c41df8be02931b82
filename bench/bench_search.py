"""Search over a 10,000-record bundle: query latency p50/p95, Khmer and Latin (bar: p95 < 20 ms).

The records are built from the real content, recombined: a title is one of the real titles
(benefit names, glossary terms ...), a body three of its running texts, so length and script
mix are those of real records, in both languages. Common words (employer, pension) still match
about half of the records, which is harsher than real content.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, summary_ms  # noqa: E402
from kiosk.content.bundle import build_bundle  # noqa: E402
from kiosk.content.library import Library  # noqa: E402
from kiosk.content.loader import load_content  # noqa: E402
from kiosk.content.model import Story, Term, Text, source_hash  # noqa: E402
from kiosk.paths import CONTENT_DIR  # noqa: E402

KHMER_QUERIES = ["មាតុភាព", "ប្រាក់បំណាច់", "គ្រោះថ្នាក់", "កាត", "សោធន", "ពេទ្យ", "និយោជក"]
LATIN_QUERIES = ["maternity", "allowance", "accident", "card", "pension", "employer", "hospital"]


TITLE_FIELDS = ("title", "term", "name")


def sentences(content) -> list[Text]:  # noqa: ANN001
    """Running texts (what you get, how to claim, definitions ...) of the real content."""
    out: list[Text] = []
    for _, record in content.all():
        for name in type(record).model_fields:
            value = getattr(record, name)
            if name not in TITLE_FIELDS and isinstance(value, Text) and len(value.en) > 20:
                out.append(value)
    return out


def titles(content) -> list[Text]:  # noqa: ANN001
    """The real content's titles: a record's title is a name, not a paragraph."""
    return [getattr(record, name) for _, record in content.all() for name in TITLE_FIELDS
            if isinstance(getattr(record, name, None), Text)]


def make_content(target: int, seed: int = 7):  # noqa: ANN201
    content = load_content(CONTENT_DIR)
    pool = sentences(content)
    names = titles(content)
    rng = random.Random(seed)
    base = dict(sources=["bench"], review="sample", reviewed_on="2026-11-26")
    made = 0
    while content.count() < target:
        parts = rng.sample(pool, 3)
        en = " ".join(p.en for p in parts)
        km = " ".join(p.km for p in parts)
        title = rng.choice(names)
        if made % 2:
            record = Story(id=f"bench-story-{made}", title=title, icon="book-open-variant",
                           text=Text(en=en, km=km, km_src=source_hash(en)), **base)
            content.records["stories"][record.id] = record
        else:
            record = Term(id=f"bench-term-{made}", term=title,
                          definition=Text(en=en, km=km, km_src=source_hash(en)), **base)
            content.records["glossary"][record.id] = record
        made += 1
    return content


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "search-10k.db"
    content = make_content(args.records)
    start = time.perf_counter()
    build_bundle(content, path)
    build_s = time.perf_counter() - start
    results = {"records": content.count(), "build_s": round(build_s, 2),
               "bundle_mib": round(path.stat().st_size / 2**20, 1)}
    with Library(path) as lib:
        rng = random.Random(1)
        for label, queries, locale in (("khmer", KHMER_QUERIES, "km"), ("latin", LATIN_QUERIES, "en")):
            for q in queries:  # warm the page cache and statement cache
                lib.search(q, locale)
            samples, hits = [], 0
            for _ in range(args.queries):
                q = rng.choice(queries)
                t0 = time.perf_counter()
                found = lib.search(q, locale)
                samples.append(time.perf_counter() - t0)
                hits += bool(found)
            results[label] = {**summary_ms(samples), "with_hits": hits}
    print(json.dumps(results, indent=2))
    for label in ("khmer", "latin"):
        r = results[label]
        print(f"search {label}: p50 {r['p50']:.2f} ms, p95 {r['p95']:.2f} ms (bar p95 < 20 ms)")
    return results


if __name__ == "__main__":
    main()
