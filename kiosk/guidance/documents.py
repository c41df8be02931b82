"""What a printout says, before any page exists: a `Document` of plain blocks.

The same document is laid out on A4 or on an 80 mm receipt (layout.py), so the two formats never
drift apart in content. Texts are final here: in the print's language, digits in Khmer for km.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

Mark = Literal["have", "need", "held", "failed", "open"]
BlockKind = Literal["lead", "body", "small", "staff"]

# a line of the paper's Khmer (stacked consonants, vowels, Khmer digits): the test page prints
# it and the print warm-up shapes it, so the first print finds the shaper and its caches ready
KHMER_SAMPLE = "ប្រាក់បំណាច់មាតុភាព ស្ត្រី ទៅ អត្តសញ្ញាណប័ណ្ណ ៧០% ១២៨៦"


@dataclass(frozen=True)
class Heading:
    text: str
    icon: str | None = None


@dataclass(frozen=True)
class Para:
    text: str
    kind: BlockKind = "body"  # "staff": detail for front-office staff, printed on A4 only


@dataclass(frozen=True)
class Item:
    """A document to bring or a reason: a mark (tick box, check), a picture, a name, details."""

    title: str
    icon: str | None = None
    details: tuple[str, ...] = ()
    mark: Mark | None = None


@dataclass(frozen=True)
class StepItem:
    number: str  # already in the print's digits
    text: str
    icon: str | None = None
    details: tuple[tuple[str, str], ...] = ()  # (icon, "Who: employer")


@dataclass(frozen=True)
class Callout:
    """The boxed answer of a decision."""

    icon: str
    title: str
    text: str = ""


Block = Heading | Para | Item | StepItem | Callout


@dataclass(frozen=True)
class Footer:
    """What every printout ends with, in its own language."""

    not_a_decision: str  # "this is guidance, not a decision"
    check: str  # "check with NSSF staff or call 1286"
    hotline: str
    meta: tuple[str, ...]  # content version and review date, print date, sample status
    page: str = "Page {page} of {pages}"  # already translated; filled in per page


@dataclass(frozen=True)
class Document:
    locale: str
    kind: str  # benefit, checklist, decision, test
    id: str
    title: str
    icon: str
    label: str  # what kind of paper this is ("Claim checklist")
    institution: str  # NSSF's name, as the heading of every print
    blocks: tuple[Block, ...]
    url: str  # what the QR code holds
    qr_caption: str
    footer: Footer
    content_version: int = 0
    reviewed_on: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)
