"""The one error type a visitor or an operator may see.

Everything that can go wrong for a reason outside the code (bad content, bad facts, a failed
sync, a missing printer) raises `KioskError` with a message in both languages. Anything else is
a bug: it is logged, and the kiosk goes back to its first screen.
"""
from __future__ import annotations


class KioskError(Exception):
    """A problem with a message fit to show, in Khmer and English."""

    def __init__(self, en: str, km: str | None = None) -> None:
        super().__init__(en)
        self.en = en
        self.km = km or en

    def message(self, locale: str = "en") -> str:
        return self.km if locale == "km" else self.en


class ContentError(KioskError):
    """Content that does not validate: every problem with its `path:line`."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        first = problems[0] if problems else "content is invalid"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{first}{more}", f"មាតិកាមិនត្រឹមត្រូវ: {first}{more}")
