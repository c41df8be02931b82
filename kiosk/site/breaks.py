"""Where the phone site lets a Khmer line break: the one breaker the screen and paper use.

Browsers break Khmer badly or not at all (no spaces between words), so the site marks each
break opportunity of the core's breaker (kiosk.text.breaks: ICU's dictionary, corrected by the
kiosk's lexicon) with <wbr>: a phone wraps at the same words as the kiosk. This is the one
place the site calls the breaker.
"""
from __future__ import annotations

from kiosk.text.breaks import break_opportunities


def break_points(text: str) -> list[int]:
    """Offsets in `text` where a line may break inside a run without spaces."""
    return [p for p in break_opportunities(text, "km") if 0 < p < len(text)]
