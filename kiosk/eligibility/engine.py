"""Deciding one benefit for a set of facts on a day, with the trace of why.

Facts that follow from others are derived first (derive.py). Conditions are then tried in
order. The first that fails decides (its outcome: not_eligible, not_yet with the condition to
meet, or ask_staff where the rules cannot decide), unless an earlier one is still unknown and
could fail with a different outcome: then the answer is `unknown`, naming the facts to ask. When
every condition holds, the first result that applies says what the visitor gets; a result whose
test is unknown makes the whole answer unknown, since its text (pension or lump sum) is the
point. When what is still unknown can only be known from facts the visitor answered "I don't
know", the answer is `ask_staff`, naming those facts for the officer.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from kiosk.eligibility.dated import ParamsOn
from kiosk.eligibility.decision import Decision, Reason
from kiosk.eligibility.derive import derive, sources_of
from kiosk.eligibility.estimate import Estimate, allowance, contributions
from kiosk.eligibility.expr import Missing
from kiosk.eligibility.facts import split_dont_know
from kiosk.eligibility.model import (
    CONTRIBUTIONS,
    OUTCOME_GROUP,
    Bilingual,
    Condition,
    Result,
    Rules,
    RuleSet,
)
from kiosk.eligibility.reach import still_decidable
from kiosk.eligibility.wording import Wording

DONT_KNOW_ID = "dont-know"  # decided_by of an ask_staff that unanswered facts caused
_DEFAULT_NEXT = {"eligible": "claim", "not_eligible": "not-eligible", "ask_staff": "ask-staff",
                 "unknown": "answer", "not_yet": "not-yet"}


class _Deciding:
    """One decision in the making: the facts known (given and derived), and the words."""

    def __init__(self, rules: Rules, ruleset: RuleSet, facts: dict[str, Any], locale: str,
                 values: ParamsOn) -> None:
        self.rules, self.ruleset, self.locale, self.values = rules, ruleset, locale, values
        given, self.dont_know = split_dont_know(facts)
        self.facts, self.derived = derive(rules, given, values)
        self.dont_know -= set(self.derived)
        self.shown = {**self.facts, **{f: v for f, v in facts.items() if f in self.dont_know}}
        self.words = Wording(rules, values)
        self.reasons: list[Reason] = []

    def reason(self, item: Condition | Result, text: Bilingual, held: bool | None,
               until: Bilingual | None = None) -> Reason:
        names = [*(item.when.params if item.when else ()), *self.words.params_of(text, until)]
        return Reason(item.id, held, self.words.fill(text, self.shown), item.source, item.since,
                      self.locale, self.values.uses(names))

    def held(self, condition: Condition) -> None:
        via = [self.derived[f] for f in condition.when.facts if f in self.derived]
        if via:  # said by the fact it followed from, not by a question never asked
            d = via[0]
            names = [*condition.when.params, *d.when.params, *self.words.params_of(d.text)]
            self.reasons.append(Reason(condition.id, True, self.words.fill(d.text, self.shown),
                                       d.source, d.since, self.locale, self.values.uses(names),
                                       d.id))
        elif condition.held:
            self.reasons.append(self.reason(condition, condition.held, True))

    # --- the answer --------------------------------------------------------------------------
    def decision(self, outcome: str, decided_by: Condition | Result | None,
                 next_text: Bilingual | None, until: Bilingual | None = None,
                 group: str | None = None, decided_id: str | None = None) -> Decision:
        rules, ruleset = self.rules, self.ruleset
        text = next_text or rules.next_steps[_DEFAULT_NEXT[outcome]]
        next_step: dict[str, Any] = {**self.words.fill(text, self.shown), "checklist": None}
        if outcome in ("eligible", "not_yet"):  # not yet: what to bring when it happens
            next_step["checklist"] = ruleset.checklist
        sources = list(dict.fromkeys([*(r.source for r in self.reasons), *ruleset.sources]))
        return Decision(
            benefit=ruleset.benefit,
            outcome=outcome,
            reasons=list(self.reasons),
            missing=[],
            next_step=next_step,
            title=ruleset.title,
            outcome_text=rules.outcomes[outcome],
            decided_by=decided_id or (decided_by.id if decided_by else None),
            sources=sources,
            locale=self.locale,
            estimate=self.estimate(outcome, decided_by),
            notes=ruleset.notes,
            until=self.words.fill(until, self.shown) if until else None,
            group=group or (decided_by.group if decided_by and decided_by.group else None)
            or OUTCOME_GROUP[outcome],
            on=self.values.on.isoformat(),
            unanswered=sorted(self.dont_know, key=self.order),
        )

    def estimate(self, outcome: str, decided_by: Condition | Result | None) -> Estimate | None:
        wage = self.facts.get("monthly_wage_riel")
        if wage is None:
            return None
        if outcome == "eligible" and self.ruleset.estimate is not None:
            return allowance(self.rules, self.values, self.ruleset.benefit, self.ruleset.estimate,
                             wage, self.facts.get("unable_to_work_days"), self.locale)
        if isinstance(decided_by, Condition) and decided_by.estimate == CONTRIBUTIONS:
            # an employer's: the same for every benefit their workers get, so computed once
            key = (CONTRIBUTIONS, wage, self.locale)
            if len(self.values.estimates) > 64:  # a kiosk runs all day: keep it small
                self.values.estimates.clear()
            if key not in self.values.estimates:
                self.values.estimates[key] = contributions(self.rules, self.values, wage,
                                                           self.locale)
            return self.values.estimates[key]
        return None

    def order(self, fact: str) -> int:
        facts = self.ruleset.facts
        return facts.index(fact) if fact in facts else len(facts)

    def open(self, items: list[tuple[Condition, Missing]] | list[tuple[Result, Missing]]
             ) -> Decision:
        first_needed: dict[str, Condition | Result] = {}
        for item, missing in items:
            for fact in missing:
                first_needed.setdefault(fact, item)
        needed = sorted(first_needed, key=self.order)
        unanswered = [f for f in needed if f in self.dont_know]
        # a fact the visitor does not know may still follow from one they can answer
        sources = [s for fact in unanswered for s in sources_of(self.rules, fact)
                   if s not in self.facts and s not in self.dont_know]
        for source in sources:
            first_needed.setdefault(source, first_needed[self._unanswered_of(source, unanswered)])
        derivable = {d.fact: d.value for d in self.rules.derivations if d.fact in self.dont_know
                     and any(s in sources for s in d.when.facts)}
        stuck = self.dont_know - set(derivable)
        if unanswered and not still_decidable(self.ruleset, self.facts, stuck, derivable,
                                              self.values):
            askable = []  # whatever else is answered, staff must look at what is not known
        else:
            askable = [f for f in dict.fromkeys([*needed, *sources]) if f not in self.dont_know]
        if not askable:
            ask = Reason(DONT_KNOW_ID, None, self.rules.texts["ask_about"], self.ruleset.sources[0],
                         "", self.locale)
            self.reasons.append(ask)
        for fact in askable:
            self.reasons.append(self._open_reason("still_to_answer", fact, first_needed[fact]))
        for fact in unanswered:
            self.reasons.append(self._open_reason("not_known", fact, first_needed[fact]))
        if not askable:
            decision = self.decision("ask_staff", None, self.rules.next_steps["dont-know"],
                                     decided_id=DONT_KNOW_ID)
            return _with_missing(decision, unanswered)
        return _with_missing(self.decision("unknown", None, None), askable)

    def _unanswered_of(self, source: str, unanswered: list[str]) -> str:
        return next(f for f in unanswered if source in sources_of(self.rules, f))

    def _open_reason(self, template_id: str, fact: str, item: Condition | Result) -> Reason:
        question = self.rules.questions.get(fact)
        asked = question.text if question else {"km": fact, "en": fact}
        template = self.rules.texts[template_id]
        texts = {loc: template[loc].replace("{question}", asked[loc]) for loc in template}
        return Reason(item.id, None, texts, item.source, item.since, self.locale)


def _with_missing(decision: Decision, missing: list[str]) -> Decision:
    return replace(decision, missing=list(missing))


def decide(rules: Rules, ruleset: RuleSet, facts: dict[str, Any], locale: str,
           values: ParamsOn) -> Decision:
    """`facts` must already be validated (RuleBook.decide does it)."""
    d = _Deciding(rules, ruleset, facts, locale, values)
    unknown: list[tuple[Condition, Missing]] = []
    for condition in ruleset.conditions:
        if condition.applies is not None:  # tried only where it applies
            applies, missing = condition.applies.evaluate(d.facts, values)
            if applies is False:
                continue
            if applies is not True:
                unknown.append((condition, missing))
                continue
        value, missing = condition.when.evaluate(d.facts, values)
        if value is True:
            d.held(condition)
        elif value is False:
            # Settled, unless an earlier open condition could fail with another outcome.
            if all(c.otherwise == condition.otherwise for c, _ in unknown):
                d.reasons.append(d.reason(condition, condition.failed, False, condition.until))
                return d.decision(condition.otherwise, condition, condition.next, condition.until)
            break
        else:
            unknown.append((condition, missing))
    if unknown:
        return d.open(list(unknown))
    for result in ruleset.results:
        value, missing = (True, ()) if result.when is None else result.when.evaluate(d.facts,
                                                                                      values)
        if value is True:
            d.reasons.append(d.reason(result, result.text, True, result.until))
            return d.decision(result.outcome, result, result.next, result.until)
        if value is not False:
            return d.open([(result, missing)])
    raise AssertionError("the last result has no test, so one always applies")


def open_facts(rules: Rules, ruleset: RuleSet, facts: dict[str, Any], values: ParamsOn
               ) -> list[str]:
    """Facts not given that could still be asked: those of every condition not yet known to
    hold, and of the results. An upper bound for the interview's progress bar."""
    given, dont_know = split_dont_know(facts)
    known, _ = derive(rules, given, values)
    out: dict[str, None] = {}
    for condition in ruleset.conditions:
        if condition.applies is not None:
            applies, _ = condition.applies.evaluate(known, values)
            if applies is False:
                continue
            if applies is not True:
                out.update(dict.fromkeys(f for f in condition.applies.facts if f not in known))
        value, _ = condition.when.evaluate(known, values)
        if value is not True:
            out.update(dict.fromkeys(f for f in condition.when.facts if f not in known))
    for result in ruleset.results:
        if result.when is not None:
            out.update(dict.fromkeys(f for f in result.when.facts if f not in known))
    return [f for f in out if f not in dont_know]
