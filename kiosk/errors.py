"""The one error type a visitor or an operator may see.

Everything that can go wrong for a reason outside the code (bad content, bad facts, a failed
sync, a missing printer) raises `KioskError` with a catalog message: the English msgid and the
values of its fields, `KioskError("cannot read {path}: {reason}", path=p, reason=why)`. The
`kiosk` command prints it in English (or in the language its environment asks for); a screen
shows it in the visitor's language through `message(locale)` (kiosk/locale/*/messages.po).
Anything else is a bug: it is logged, and the kiosk goes back to its first screen.
"""
from __future__ import annotations

from kiosk.i18n import Literal, Msg


class KioskError(Exception):
    """A problem with a message fit to show, in every language of the catalogs."""

    def __init__(self, msgid: str | Msg, km: str | None = None, /, **args: object) -> None:
        if isinstance(msgid, Msg) and (args or km is not None):
            raise TypeError("a KioskError takes a Msg or a msgid with its values, not both")
        if km is not None:
            # the older form, English and Khmer written out (a branch from before the catalogs):
            # still shown right; tests/core/test_no_khmer_in_code.py names the file to convert
            self.msg: Msg = Literal(str(msgid), km)
        else:
            self.msg = msgid if isinstance(msgid, Msg) else Msg(msgid, **args)
        super().__init__(self.msg.text("en"))

    def message(self, locale: str = "en") -> str:
        return self.msg.text(locale)

    @property
    def en(self) -> str:
        """The message in English: logs, files only IT reads, the `kiosk` command."""
        return self.msg.text("en")

    @property
    def km(self) -> str:
        """The message in Khmer (a staff panel's record of a printer problem keeps both)."""
        return self.msg.text("km")


class ContentError(KioskError):
    """Content that does not validate: every problem with its `path:line`. The problems are
    for the content team, in English (`kiosk content validate` prints each); the message says
    in the reader's language that the content is not valid, with the first of them."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        first = problems[0] if problems else "content is invalid"
        if len(problems) > 1:
            super().__init__(Msg("the content is not valid: {problem} (and {count} more)",
                                 problem=first, count=len(problems) - 1))
        else:
            super().__init__(Msg("the content is not valid: {problem}", problem=first))
