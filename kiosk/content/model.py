"""The content schema: typed records, every visible text in Khmer and English.

A content source is a folder of YAML files; each file holds lists of records under a key naming
their kind (`benefits:`, `checklists:` ...). Every record carries its sources, its review status
(`sample` until an NSSF officer signs it off) and the date it was last reviewed.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kiosk.content import links

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Audience = Literal["worker", "employer", "both"]
Actor = Literal["worker", "employer", "nssf", "facility", "family", "staff"]
# Benefit ids are data, not code (DESIGN.md): a benefit is added by files alone, and the content
# and its rules are checked against each other (kiosk/eligibility/agree.py).


def source_hash(english: str) -> str:
    """Short hash of an English text, kept beside its translation to spot stale ones."""
    return hashlib.sha256(" ".join(english.split()).encode("utf-8")).hexdigest()[:8]


class _Frozen(BaseModel):
    # defer_build: the validators are built on first use, not at import (start-up time)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Text(_Frozen):
    """A visible text in both languages, with optional recorded audio per language."""

    en: Annotated[str, StringConstraints(min_length=1)]
    km: Annotated[str, StringConstraints(min_length=1)]
    km_src: str | None = None  # source_hash(en) of the English the Khmer was translated from
    audio_en: str | None = None  # path under assets/
    audio_km: str | None = None

    def get(self, locale: str) -> str:
        """The text as a reader sees it (a link shows its label: see kiosk/content/links.py)."""
        return links.plain(self.km if locale == "km" else self.en)

    def parts(self, locale: str) -> list[str | links.Link]:
        """The text in plain pieces and links to other records, for screens that draw links."""
        return links.parts(self.km if locale == "km" else self.en)

    def audio(self, locale: str) -> str | None:
        return self.audio_km if locale == "km" else self.audio_en

    @property
    def stale(self) -> bool:
        return self.km_src != source_hash(self.en)


class Record(_Frozen):
    id: Slug
    sources: list[Annotated[str, StringConstraints(min_length=3)]] = Field(min_length=1)
    review: Literal["sample", "approved"]
    reviewed_on: dt.date
    audience: Audience = "both"
    notes: str | None = None  # for the content team and staff: conflicts between sources etc.

    def for_audience(self, audience: str | None) -> bool:
        return audience is None or self.audience == "both" or self.audience == audience


class Scheme(Record):
    name: Text
    summary: Text
    since: Text
    icon: str
    order: int = 0


# How sure the sources are of a statement (the brief's H, M-H, M, L-M, L marks), or that
# they disagree (the brief then names the rule the kiosk encodes).
Confidence = Literal["high", "medium-high", "medium", "low-medium", "low", "disputed"]


class Certainty(_Frozen):
    """One statement of a benefit and how sure the sources are of it."""

    about: Text
    level: Confidence


class StaffDetail(_Frozen):
    """What front-office staff read about a benefit, in both languages: the rule as the sources
    state it, how sure they are, and where they disagree."""

    conditions: Text
    confidence: list[Certainty] = Field(min_length=1)
    conflicts: Text | None = None  # where two sources disagree, and which one the kiosk uses


class Benefit(Record):
    scheme: Slug
    title: Text
    summary: Text  # one line: what it gives
    what_you_get: Text
    who_can_get: Text
    how_to_claim: Text
    amount: Text | None = None
    gaps: Text | None = None  # what is not known: the kiosk says to ask NSSF staff or call 1286
    legal_basis: Text | None = None  # detail for front-office staff
    staff: StaffDetail | None = None  # the rest of it (kiosk/content/staff.py shows it)
    icon: str
    checklist: Slug
    stories: list[Slug] = []  # the first is the one the benefit shows
    order: int = 0


class Document(_Frozen):
    id: Slug
    name: Text
    where: Text  # where to get it
    icon: str
    note: Text | None = None


class Step(_Frozen):
    text: Text
    who: Actor
    where: Text | None = None
    deadline: Text | None = None
    icon: str | None = None


class Checklist(Record):
    title: Text
    benefit: Slug | None = None
    intro: Text | None = None
    documents: list[Document] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    penalty: Text | None = None  # what happens if it is not done
    gaps: Text | None = None  # what is not known here: the kiosk says to ask NSSF staff or 1286


class Duty(Record):
    """What an employer must do, and by when."""

    title: Text
    text: Text
    deadline: Text
    penalty: Text | None = None
    icon: str
    checklist: Slug | None = None
    order: int = 0


class Contribution(Record):
    """What is paid into a scheme, with the numbers the estimate calculator uses."""

    scheme: Slug
    title: Text
    rate: Text
    who_pays: Text
    wage_base: Text
    employer_percent: float = Field(ge=0, le=100)
    worker_percent: float = Field(ge=0, le=100)
    wage_floor_riel: int | None = Field(default=None, ge=0)
    wage_cap_riel: int | None = Field(default=None, ge=0)
    flat_riel: int | None = Field(default=None, ge=0)
    order: int = 0


class Story(Record):
    title: Text
    text: Text
    benefits: list[Slug] = []
    icon: str
    image: str | None = None  # path under assets/


# hotline and website are ways to reach NSSF; head-office and branch are places to go
OfficeKind = Literal["hotline", "website", "head-office", "branch"]
PLACES: tuple[str, ...] = ("head-office", "branch")


class Office(Record):
    """A way to reach NSSF: the hotline, the website, or an office people can walk into."""

    name: Text
    kind: OfficeKind = "branch"
    address: Text | None = None
    province: Text | None = None
    phone: str | None = None
    website: str | None = None
    hours: Text | None = None  # a place must say its hours, or that they are not known here
    map: str | None = None  # a picture of where it is, under assets/
    icon: str
    order: int = 0

    @property
    def is_place(self) -> bool:
        return self.kind in PLACES


class Term(Record):
    """A glossary term. Wherever its English (or one of `match_en`) appears in a text, the Khmer
    of that text must use the term's Khmer: one word for one thing (kiosk/content/terms.py)."""

    term: Text
    definition: Text
    match_en: list[Annotated[str, StringConstraints(min_length=2)]] = []  # other English forms
    km_avoid: list[Annotated[str, StringConstraints(min_length=2)]] = []  # spellings not to use


class GuidePoint(_Frozen):
    text: Text
    icon: str  # every point has a picture: people who read little recognise the step


class GuideSection(_Frozen):
    heading: Text
    icon: str
    points: list[GuidePoint] = Field(min_length=1)
    numbered: bool = False  # steps to take in order, rather than reasons


class Guide(Record):
    """A short path for one situation ("Asked to pay?"): why it happens, what to do, and the
    benefit whose questions check the visitor's own case."""

    title: Text
    intro: Text
    icon: str
    sections: list[GuideSection] = Field(min_length=1)
    check: Slug | None = None  # the benefit whose interview answers it ("Is my card working?")
    check_label: Text | None = None
    gaps: Text | None = None
    stories: list[Slug] = []
    order: int = 0


class Message(Record):
    """A short line for the attract loop."""

    text: Text
    icon: str
    benefit: Slug | None = None
    order: int = 0


# The YAML key of each kind, in the order the builder writes them.
KINDS: dict[str, type[Record]] = {
    "schemes": Scheme,
    "benefits": Benefit,
    "checklists": Checklist,
    "duties": Duty,
    "contributions": Contribution,
    "stories": Story,
    "guides": Guide,
    "offices": Office,
    "glossary": Term,
    "messages": Message,
}

# The singular of each kind, for messages ("story x", not "stories x").
SINGULAR: dict[str, str] = {
    "schemes": "scheme",
    "benefits": "benefit",
    "checklists": "checklist",
    "duties": "duty",
    "contributions": "contribution",
    "stories": "story",
    "guides": "guide",
    "offices": "office",
    "glossary": "term",
    "messages": "message",
}
