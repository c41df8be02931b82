"""The README's "What leaves a kiosk" lists every metric and heartbeat field the code can send."""
from __future__ import annotations

from kiosk.counts.contract import HEARTBEAT, VERSION
from kiosk.counts.vocabulary import FUNNEL, METRICS
from kiosk.paths import ROOT


def section() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("## What leaves a kiosk")
    return text[start:text.index("\n## ", start + 1)]


def test_every_field_that_leaves_a_kiosk_is_in_the_readme() -> None:
    doc = section()
    assert f"version {VERSION}" in doc
    missing = [f"metric {m}" for m in METRICS if f"`{m}`" not in doc]
    missing += [f"heartbeat field {f}" for f in HEARTBEAT if f"`{f}`" not in doc]
    missing += [f"funnel step {s}" for s in FUNNEL if f"`{s}`" not in doc]
    assert not missing, "README.md does not list: " + ", ".join(missing)
