"""The interview: given the answers so far, the next question or the decision.

Plain Python with no idea of screens (the UI maps a `Question` to a card, as Electrum's wizard
maps a view name to a widget). Skip logic is not written anywhere: a question is asked only if
its fact is among the `missing` of a decision that is still `unknown`, and three-valued logic
keeps `missing` to the facts whose answer can still change a result. So when the employer is not
registered, nothing else is asked; when 2 months in a row already suffice, "6 of the last 12"
is not asked.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kiosk.eligibility import engine
from kiosk.eligibility.facts import FactError, validate_fact, validate_facts
from kiosk.eligibility.model import Question
from kiosk.i18n import DEFAULT_LOCALE, check_locale

if TYPE_CHECKING:
    from kiosk.eligibility.book import RuleBook
    from kiosk.eligibility.engine import Decision


class Interview:
    def __init__(self, book: RuleBook, benefit: str | None, locale: str = DEFAULT_LOCALE,
                 known: dict[str, Any] | None = None) -> None:
        self.book = book
        self.benefit = benefit
        self.locale = check_locale(locale)
        self.known = validate_facts(known or {})  # given beforehand; never asked, never undone
        self._history: list[tuple[str, Any]] = []  # (fact, value) in the order answered
        self._earlier: dict[str, Any] = {}  # answers undone by back/change: shown preselected
        self._memo: tuple[Any, list[Decision]] | None = None  # the UI asks current() often

    # --- state ---------------------------------------------------------------------------------
    @property
    def answers(self) -> dict[str, Any]:
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
            decided = [engine.decide(self.book, rs, facts, loc) for rs in self._rulesets()]
            self._memo = (key, decided)
        return list(self._memo[1])

    def _rulesets(self) -> list[Any]:
        if self.benefit is None:
            return list(self.book.rulesets.values())
        return [self.book.ruleset(self.benefit)]

    # --- the flow ------------------------------------------------------------------------------
    def current(self, locale: str | None = None) -> Question | Decision | list[Decision]:
        """The next question; or, when nothing left can change a result, the decision (a list
        of decisions for the "what can I get?" interview)."""
        decisions = self.decisions(locale)
        fact = self._next_fact(decisions)
        if fact is not None:
            question = self.book.questions[fact]
            if fact in self._earlier:
                return replace(question, default=self._earlier[fact])
            return question
        return decisions if self.benefit is None else decisions[0]

    def _next_fact(self, decisions: list[Decision]) -> str | None:
        wanted = {f for d in decisions if d.outcome == "unknown" for f in d.missing}
        if not wanted:
            return None
        if self.benefit is not None:
            # The benefit's own order: the order its conditions are written in.
            first = decisions[0].missing
            return next((f for f in first if f in self.book.questions), None)
        return next((f for f in self.book.questions if f in wanted), None)

    def answer(self, value: Any) -> Question | Decision | list[Decision]:
        """Answer the current question; returns what comes next."""
        question = self.current()
        if not isinstance(question, Question):
            raise RuntimeError("the interview is finished: there is no question to answer")
        value = check_answer(question, value)
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
                remaining.update(f for f in engine.open_facts(self.book, ruleset, facts)
                                 if f in self.book.questions)
        return asked, asked + len(remaining)


def check_answer(question: Question, value: Any) -> Any:
    """An answer as the question allows it (a choice offered, a number within min..max)."""
    value = validate_fact(question.fact, value)
    if question.kind == "number":
        low, high = question.min, question.max
        if (low is not None and value < low) or (high is not None and value > high):
            raise FactError(question.fact, f"the answer must be from {low} to {high}, not {value}",
                            f"ចម្លើយត្រូវនៅចន្លោះ {low} ដល់ {high} មិនមែន {value} ទេ")
    return value
