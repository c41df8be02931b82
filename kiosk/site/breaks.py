"""Where the phone site lets a Khmer line break: the one breaker the screen and paper use.

Browsers break Khmer badly or not at all (no spaces between words), so the site marks each
break opportunity of the core's breaker with <wbr>: a phone wraps at the same words as the
kiosk. This is the one place the site calls the breaker.
"""
from __future__ import annotations

from kiosk.i18n import ZWSP, khmer_break_points


def break_points(text: str) -> list[int]:
    """Offsets in `text` where a line may break inside a run without spaces."""
    marked = khmer_break_points(text)
    if marked == text:
        return []
    points, at = [], 0
    for ch in marked:
        if ch == ZWSP:
            points.append(at)
        else:
            at += 1
    if marked.replace(ZWSP, "") != text:  # a breaker that changed more than the breaks
        return []
    return [p for p in points if 0 < p < len(text)]
