"""The interview: given the answers so far, the next question or the decision.

Plain Python with no idea of screens (the UI maps a `Question` to a card, as Electrum's wizard
maps a view name to a widget). Skip logic is not written anywhere: a question is asked only if
its fact is among the `missing` of a decision that is still `unknown`, and three-valued logic
keeps `missing` to the facts whose answer can still change a result. So when the employer is not
registered, nothing else is asked; when 2 months in a row already suffice, "6 of the last 12"
is not asked. A fact that could follow from another fact still to ask is asked after that one
(months paid for you up to now tell whether your employer registered you), and a fact derived
is never asked. Every question takes "I don't know" (DONT_KNOW): never asked again; if the
answer needs it, the decision is ask_staff with it named.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from kiosk.eligibility import engine
from kiosk.eligibility.dated import ParamsOn
from kiosk.eligibility.decision import Decision
from kiosk.eligibility.derive import sources_of
from kiosk.eligibility.facts import DONT_KNOW, FACTS, FactError, validate_fact, validate_facts
from kiosk.eligibility.model import Question, Rules, RuleSet
from kiosk.eligibility.overview import Group, group_decisions
from kiosk.i18n import DEFAULT_LOCALE, check_locale


class Interview:
    def __init__(self, rules: Rules, benefit: str | None, locale: str = DEFAULT_LOCALE,
                 known: dict[str, Any] | None = None, *, on: dt.date | None = None) -> None:
        self.rules = rules
        self.benefit = benefit
        self.locale = check_locale(locale)
        self.values = ParamsOn(rules.params, on or dt.date.today())
        # given beforehand; never asked, never undone
        self.known = validate_facts(known or {}, rules.facts)
        self._history: list[tuple[str, Any]] = []  # (fact, value) in the order answered
        self._earlier: dict[str, Any] = {}  # answers undone by back/change: shown preselected
        self._memo: tuple[Any, list[Decision]] | None = None  # the UI asks current() often

    # --- state ---------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
        """Every answer, "I don't know" (DONT_KNOW) included."""
        return {**self.known, **dict(self._history)}

    @property
    def asked(self) -> list[str]:
        """The facts answered in this interview, in order."""
        return [fact for fact, _ in self._history]

    @property
    def can_go_back(self) -> bool:
        return bool(self._history)

    @property
    def finished(self) -> bool:
        return not isinstance(self.current(), Question)

    def decisions(self, locale: str | None = None) -> list[Decision]:
        loc = locale or self.locale
        key = (tuple(self._history), loc)
        if self._memo is None or self._memo[0] != key:
            facts = self.answers
            decided = [engine.decide(self.rules, rs, facts, loc, self.values)
                       for rs in self._rulesets()]
            self._memo = (key, decided)
        return list(self._memo[1])

    def groups(self, locale: str | None = None) -> list[Group]:
        """The decisions in their groups: what the "what can I get?" answer shows."""
        return group_decisions(self.rules, self.decisions(locale))

    def _rulesets(self) -> list[RuleSet]:
        if self.benefit is None:
            return list(self.rules.rulesets.values())
        return [self.rules.rulesets[self.benefit]]

    # --- the flow ------------------------------------------------------------------------------
    def current(self, locale: str | None = None) -> Question | Decision | list[Decision]:
        """The next question; or, when nothing left can change a result, the decision (a list
        of decisions for the "what can I get?" interview)."""
        decisions = self.decisions(locale)
        fact = self._next_fact(decisions)
        if fact is not None:
            question = self.rules.questions[fact]
            if fact in self._earlier:
                return replace(question, default=self._earlier[fact])
            return question
        return decisions if self.benefit is None else decisions[0]

    def _next_fact(self, decisions: list[Decision]) -> str | None:
        wanted = [f for d in decisions if d.outcome == "unknown" for f in d.missing
                  if f in self.rules.questions]
        if not wanted:
            return None
        if self.benefit is not None:
            order = decisions[0].missing  # the benefit's own order: its conditions' order
        else:
            order = [f for f in self.rules.questions if f in wanted]
        fact = next(f for f in order if f in wanted)
        # a fact another wanted answer may give is asked after it (it may never be asked)
        source = next((s for s in sources_of(self.rules, fact) if s in wanted), None)
        return source or fact

    def answer(self, value: Any) -> Question | Decision | list[Decision]:
        """Answer the current question (DONT_KNOW: "I don't know"); returns what comes next."""
        question = self.current()
        if not isinstance(question, Question):
            raise RuntimeError("the interview is finished: there is no question to answer")
        value = check_answer(question, value, self.rules)
        self._history.append((question.fact, value))
        self._earlier.pop(question.fact, None)
        return self.current()

    def back(self) -> Question | Decision | list[Decision]:
        """Undo the last answer: that question again, its answer preselected."""
        if not self._history:
            raise RuntimeError("nothing to go back to")
        fact, value = self._history.pop()
        self._earlier[fact] = value
        return self.current()

    def change(self, fact: str) -> Question | Decision | list[Decision]:
        """Go back to the question of `fact`; every answer after it is undone (and kept as the
        preselected choice, should the same question come again)."""
        facts = self.asked
        if fact not in facts:
            raise KeyError(f"{fact!r} was not answered in this interview")
        index = facts.index(fact)
        for earlier_fact, value in self._history[index:]:
            self._earlier[earlier_fact] = value
        del self._history[index:]
        return self.current()

    def restart(self) -> None:
        self._history.clear()
        self._earlier.clear()

    def progress(self) -> tuple[int, int]:
        """(questions answered, most questions there can be in all): for a progress bar."""
        asked = len(self._history)
        facts = self.answers
        remaining: set[str] = set()
        for decision, ruleset in zip(self.decisions(), self._rulesets(), strict=True):
            if decision.outcome == "unknown":
                remaining.update(f for f in engine.open_facts(self.rules, ruleset, facts,
                                                              self.values)
                                 if f in self.rules.questions)
        return asked, asked + len(remaining)


def check_answer(question: Question, value: Any, rules: Rules | None = None) -> Any:
    """An answer as the question allows it (a choice offered, a number within min..max), or
    DONT_KNOW."""
    value = validate_fact(question.fact, value, rules.facts if rules is not None else FACTS)
    if value == DONT_KNOW:
        return DONT_KNOW
    if question.kind == "number":
        low, high = question.min, question.max
        if (low is not None and value < low) or (high is not None and value > high):
            raise FactError(question.fact, "the answer must be from {low} to {high}, not {value}",
                            low=low if low is not None else "", high=high if high is not None else "",
                            value=value)
    return value
