"""Named checkpoints in a sync, for the power-cut test.

`KIOSK_SYNC_STEP_DELAY` (seconds) sleeps at each checkpoint so that a test killing the process
at random instants lands in every phase; `KIOSK_SYNC_TRACE` (a file) records which checkpoint
was reached last. Both are unset on a real kiosk, where a checkpoint costs one dict look-up.
"""
from __future__ import annotations

import os
import time


def checkpoint(name: str) -> None:
    trace = os.environ.get("KIOSK_SYNC_TRACE")
    if trace:
        with open(trace, "a", encoding="utf-8") as fh:
            fh.write(f"{time.monotonic():.4f} {name}\n")
    delay = os.environ.get("KIOSK_SYNC_STEP_DELAY")
    if delay:
        time.sleep(float(delay))
