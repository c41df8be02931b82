"""The parts every page model is made of: where a tap leads (`Route`), a button to another screen
(`Link`) or one acting on the page (`Button`), one of a few to choose from (`Choice`), an icon
with its words (`Line`), a titled block of text (`Section`), a text with links in it (`Pieces`)
and a number set by taps (`Stepper`).

All frozen: a page is a value computed from the content, the rules and what the visitor did,
in one language. Nothing here knows Qt, paper or HTML.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from kiosk.i18n import format_number


@dataclass(frozen=True)
class Route:
    """Where a tap leads: a screen name (the kiosk's `ui/navigation.py` maps names to screens; a
    phone site maps the same names to its pages) and that screen's params. Not hashable: params
    may hold lists (ticks) and dicts (facts)."""

    screen: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def args(self) -> tuple[str, dict[str, Any]]:
        """(screen, a fresh dict of params): what a screen's `go` signal carries."""
        return self.screen, dict(self.params)


def route(screen: str, **params: Any) -> Route:
    return Route(screen, params)


@dataclass(frozen=True)
class Link:
    """A button: its words, its picture, and where it leads (`route` None: shown, not usable)."""

    text: str
    icon: str
    route: Route | None = None

    @property
    def enabled(self) -> bool:
        return self.route is not None


@dataclass(frozen=True)
class Button:
    """A button that acts on the page itself (previous question, change an answer), not a way
    to another screen: its words, its picture, whether it can be used now."""

    text: str
    icon: str
    enabled: bool = True


@dataclass(frozen=True)
class Choice:
    """One of a few to choose from by a tap (a currency, a way of giving wages, a printer, a
    language): its key, its words, whether it is the one chosen, whether it can be chosen now."""

    key: str
    text: str
    chosen: bool
    enabled: bool = True


@dataclass(frozen=True)
class Line:
    """An icon and the words beside it ("map-marker", "Where: NSSF office")."""

    icon: str
    text: str


# A text with links to other records, in order: plain pieces and the `Link`s drawn in it (a
# content text's `[Medical care](benefit:medical-care)`, resolved to the route that opens it).
# Empty when the text has no link: then its plain text is all there is to draw.
Pieces = tuple[str | Link, ...]


def links_of(pieces: Pieces) -> tuple[Link, ...]:
    return tuple(p for p in pieces if isinstance(p, Link))


@dataclass(frozen=True)
class Section:
    """A titled block of text. `key` names it for screens, tests and paper ("what", "gaps");
    `tone` says how it stands out ("" plain, "gap" a warning, "staff", "story"): a kind, never
    a colour, which each medium decides. `pieces`: the text with its links, when it has any
    (`text` is what it reads as without them: paper prints that)."""

    key: str
    heading: str
    text: str
    icon: str
    tone: str = ""
    pieces: Pieces = ()

    @property
    def links(self) -> tuple[Link, ...]:
        return links_of(self.pieces)


@dataclass(frozen=True)
class Stepper:
    """A number set by taps (− / +), never typed: its range, step and value, the unit shown after
    it, and the locale whose digits it is written in (`text(value)`)."""

    minimum: int
    maximum: int
    step: int
    value: int
    unit: str
    locale: str
    big_step: int | None = None

    def number(self, value: int) -> str:
        return format_number(value, self.locale)

    def text(self, value: int | None = None) -> str:
        """The value as shown: "800,000 riel a month"."""
        return f"{self.number(self.value if value is None else value)} {self.unit}".strip()
