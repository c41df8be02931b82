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

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Audience = Literal["worker", "employer", "both"]
Actor = Literal["worker", "employer", "nssf", "facility", "family", "staff"]

# The benefit ids other tools rely on (DESIGN.md); the content must define every one.
BENEFIT_IDS: tuple[str, ...] = (
    "medical-care",
    "sickness-allowance",
    "maternity-allowance",
    "injury-care",
    "injury-daily-allowance",
    "injury-disability",
    "old-age-pension",
    "invalidity-pension",
    "survivors-pension",
)


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
        return self.km if locale == "km" else self.en

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
    icon: str
    checklist: Slug
    stories: list[Slug] = []
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


class Office(Record):
    name: Text
    address: Text | None = None
    phone: str | None = None
    website: str | None = None
    hours: Text | None = None
    icon: str
    order: int = 0


class Term(Record):
    """A glossary term."""

    term: Text
    definition: Text


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
    "offices": "office",
    "glossary": "term",
    "messages": "message",
}
