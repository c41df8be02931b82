"""What deciding a benefit gives back: the outcome, the trace of why, and what to do next."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.eligibility.dated import ParamUse
from kiosk.eligibility.estimate import Estimate
from kiosk.eligibility.model import Bilingual


@dataclass(frozen=True)
class Reason:
    """One line of the trace: a condition that held (True), failed (False) or is open (None)."""

    condition: str
    held: bool | None
    texts: Bilingual
    source: str
    since: str
    locale: str
    parameters: tuple[ParamUse, ...] = ()  # the values in force it used, with their dates
    derived: str | None = None  # the derived fact that answered it (never asked)

    @property
    def text(self) -> str:
        return self.texts[self.locale]

    def to_json(self, locale: str | None = None) -> dict[str, Any]:
        locale = locale or self.locale
        out: dict[str, Any] = {
            "condition": self.condition,
            "held": self.held,
            "text": self.texts[locale],
            "source": self.source,
            "since": self.since,
            "parameters": [p.to_json(locale) for p in self.parameters],
        }
        if self.derived:
            out["derived"] = self.derived
        return out


@dataclass(frozen=True)
class Decision:
    benefit: str
    outcome: str  # eligible, not_eligible, not_yet, unknown, ask_staff
    reasons: list[Reason]
    missing: list[str]  # unknown: facts still to ask; ask_staff: facts the visitor did not know
    next_step: dict[str, Any]  # km, en, and checklist (an id, or None)
    title: Bilingual
    outcome_text: Bilingual
    decided_by: str | None  # the failed condition or the result; "dont-know"; None if unknown
    sources: list[str]
    locale: str
    estimate: Estimate | None = None
    notes: str | None = field(default=None, compare=False)
    until: Bilingual | None = None  # not_yet: the condition still to meet
    group: str = "open"  # where "what can I get?" lists it (model.GROUPS)
    on: str = ""  # the day whose rules and values decided it (YYYY-MM-DD)
    unanswered: list[str] = field(default_factory=list)  # answered "I don't know"

    @property
    def headline(self) -> str:
        """The one reason that matters most: the deciding one, or the first open question."""
        if self.decided_by is not None:
            for reason in self.reasons:
                if reason.condition == self.decided_by:
                    return reason.text
        open_ = [r for r in self.reasons if r.held is None]
        return open_[0].text if open_ else (self.reasons[-1].text if self.reasons else "")

    @property
    def parameters(self) -> list[ParamUse]:
        """Every parameter value the decision (and its estimate) used, once each."""
        seen: dict[str, ParamUse] = {}
        for reason in self.reasons:
            for param in reason.parameters:
                seen.setdefault(param.name, param)
        for param in self.estimate.parameters if self.estimate else ():
            seen.setdefault(param.name, param)
        return list(seen.values())

    def in_locale(self, locale: str) -> Decision:
        reasons = [replace(r, locale=locale) for r in self.reasons]
        estimate = replace(self.estimate, locale=locale) if self.estimate else None
        return replace(self, reasons=reasons, locale=locale, estimate=estimate)

    def to_json(self, locale: str | None = None) -> dict[str, Any]:
        locale = locale or self.locale
        return {
            "benefit": self.benefit,
            "title": self.title[locale],
            "outcome": self.outcome,
            "outcome_text": self.outcome_text[locale],
            "group": self.group,
            "decided_by": self.decided_by,
            "reasons": [r.to_json(locale) for r in self.reasons],
            "missing": list(self.missing),
            "unanswered": list(self.unanswered),
            "until": self.until[locale] if self.until else None,
            "next_step": {"text": self.next_step[locale],
                          "checklist": self.next_step.get("checklist")},
            "sources": list(self.sources),
            "estimate": self.estimate.to_json(locale) if self.estimate else None,
            "on": self.on,
            "parameters": [p.to_json(locale) for p in self.parameters],
        }
