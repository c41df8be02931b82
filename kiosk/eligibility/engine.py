"""Deciding one benefit for a set of facts, with the trace of why.

Conditions are tried in order. The first that fails decides (its outcome: not_eligible, or
ask_staff where the rules cannot decide), unless an earlier one is still unknown and could fail
with a different outcome: then the answer is `unknown`, naming the facts to ask. When every
condition holds, the first result that applies says what the visitor gets; a result whose test
is unknown makes the whole answer unknown, since its text (pension or lump sum) is the point.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kiosk.eligibility.estimate import Estimate, estimate_allowance
from kiosk.eligibility.expr import Missing
from kiosk.eligibility.model import Bilingual, Condition, Result, RuleSet

if TYPE_CHECKING:
    from kiosk.eligibility.book import RuleBook


@dataclass(frozen=True)
class Reason:
    """One line of the trace: a condition that held (True), failed (False) or is open (None)."""

    condition: str
    held: bool | None
    texts: Bilingual
    source: str
    since: str
    locale: str

    @property
    def text(self) -> str:
        return self.texts[self.locale]

    def to_json(self, locale: str | None = None) -> dict[str, Any]:
        return {
            "condition": self.condition,
            "held": self.held,
            "text": self.texts[locale or self.locale],
            "source": self.source,
            "since": self.since,
        }


@dataclass(frozen=True)
class Decision:
    benefit: str
    outcome: str  # eligible, not_eligible, unknown, ask_staff
    reasons: list[Reason]
    missing: list[str]
    next_step: dict[str, Any]  # km, en, and checklist (an id, or None)
    title: Bilingual
    outcome_text: Bilingual
    decided_by: str | None  # the failed condition or the result; None while unknown
    sources: list[str]
    locale: str
    estimate: Estimate | None = None
    notes: str | None = field(default=None, compare=False)

    @property
    def headline(self) -> str:
        """The one reason that matters most: the deciding one, or the first open question."""
        if self.decided_by is not None:
            for reason in self.reasons:
                if reason.condition == self.decided_by:
                    return reason.text
        open_ = [r for r in self.reasons if r.held is None]
        return open_[0].text if open_ else (self.reasons[-1].text if self.reasons else "")

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
            "decided_by": self.decided_by,
            "reasons": [r.to_json(locale) for r in self.reasons],
            "missing": list(self.missing),
            "next_step": {"text": self.next_step[locale],
                          "checklist": self.next_step.get("checklist")},
            "sources": list(self.sources),
            "estimate": self.estimate.to_json(locale) if self.estimate else None,
        }


def _reason(book: RuleBook, item: Condition | Result, text: Bilingual, held: bool | None,
            facts: dict[str, Any], locale: str) -> Reason:
    return Reason(item.id, held, book.fill(text, facts), item.source, item.since, locale)


def decide(book: RuleBook, ruleset: RuleSet, facts: dict[str, Any], locale: str) -> Decision:
    """`facts` must already be validated (RuleBook.decide does it)."""
    params = book.values
    reasons: list[Reason] = []
    unknown: list[tuple[Condition, Missing]] = []
    for condition in ruleset.conditions:
        value, missing = condition.when.evaluate(facts, params)
        if value is True:
            if condition.held:
                reasons.append(_reason(book, condition, condition.held, True, facts, locale))
        elif value is False:
            # Settled, unless an earlier open condition could fail with another outcome.
            if all(c.otherwise == condition.otherwise for c, _ in unknown):
                reasons.append(_reason(book, condition, condition.failed, False, facts, locale))
                return _decision(book, ruleset, facts, locale, condition.otherwise, reasons,
                                 condition, condition.next)
            break
        else:
            unknown.append((condition, missing))
    if unknown:
        return _unknown(book, ruleset, locale, reasons, unknown)
    for result in ruleset.results:
        if result.when is None:
            value, missing = True, ()
        else:
            value, missing = result.when.evaluate(facts, params)
        if value is True:
            reasons.append(_reason(book, result, result.text, True, facts, locale))
            return _decision(book, ruleset, facts, locale, result.outcome, reasons, result,
                             result.next)
        if value is not False:
            return _unknown(book, ruleset, locale, reasons, [(result, missing)])
    raise AssertionError("the last result has no test, so one always applies")


_DEFAULT_NEXT = {"eligible": "claim", "not_eligible": "not-eligible", "ask_staff": "ask-staff",
                 "unknown": "answer"}


def _decision(book: RuleBook, ruleset: RuleSet, facts: dict[str, Any], locale: str,
              outcome: str, reasons: list[Reason], decided_by: Condition | Result | None,
              next_text: Bilingual | None) -> Decision:
    text = next_text or book.next_steps[_DEFAULT_NEXT[outcome]]
    next_step: dict[str, Any] = {**book.fill(text, {}), "checklist": None}
    if outcome == "eligible":
        next_step["checklist"] = ruleset.checklist
    estimate = None
    wage = facts.get("monthly_wage_riel")
    if outcome == "eligible" and ruleset.estimate and wage is not None:
        estimate = estimate_allowance(ruleset.benefit, wage, facts.get("unable_to_work_days"),
                                      locale, book=book)
    sources = list(dict.fromkeys([*(r.source for r in reasons), *ruleset.sources]))
    return Decision(
        benefit=ruleset.benefit,
        outcome=outcome,
        reasons=reasons,
        missing=[],
        next_step=next_step,
        title=ruleset.title,
        outcome_text=book.outcomes[outcome],
        decided_by=decided_by.id if decided_by else None,
        sources=sources,
        locale=locale,
        estimate=estimate,
        notes=ruleset.notes,
    )


def _unknown(book: RuleBook, ruleset: RuleSet, locale: str, reasons: list[Reason],
             open_items: list[tuple[Condition, Missing]] | list[tuple[Result, Missing]]
             ) -> Decision:
    first_needed: dict[str, Condition | Result] = {}
    for item, missing in open_items:
        for fact in missing:
            first_needed.setdefault(fact, item)
    order = {fact: index for index, fact in enumerate(ruleset.facts)}
    missing_facts = sorted(first_needed, key=lambda fact: order.get(fact, len(order)))
    reasons = list(reasons)
    for fact in missing_facts:
        item = first_needed[fact]
        question = book.questions.get(fact)
        asked = question.text if question else {"km": fact, "en": fact}
        template = book.texts["still_to_answer"]
        texts = {loc: template[loc].replace("{question}", asked[loc]) for loc in template}
        reasons.append(Reason(item.id, None, texts, item.source, item.since, locale))
    decision = _decision(book, ruleset, {}, locale, "unknown", reasons, None, None)
    return replace(decision, missing=missing_facts)


def open_facts(book: RuleBook, ruleset: RuleSet, facts: dict[str, Any]) -> list[str]:
    """Facts not given that could still be asked: those of every condition not yet known to
    hold, and of the results. An upper bound for the interview's progress bar."""
    params = book.values
    out: dict[str, None] = {}
    for condition in ruleset.conditions:
        value, _ = condition.when.evaluate(facts, params)
        if value is not True:
            out.update(dict.fromkeys(f for f in condition.when.facts if f not in facts))
    for result in ruleset.results:
        if result.when is not None:
            out.update(dict.fromkeys(f for f in result.when.facts if f not in facts))
    return list(out)
