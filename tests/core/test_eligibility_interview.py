"""Interviews: every answer path enumerated, skip logic, back and change, taps not typing."""
from __future__ import annotations

import random
from typing import Any

import pytest

from kiosk.content.model import BENEFIT_IDS
from kiosk.eligibility import Decision, FactError, Interview, Question, load_rules


def answer_values(question: Question) -> list[Any]:
    """Every answer a visitor can give; for long number ranges, every value that can matter:
    the ends, and each parameter value and its neighbours."""
    if question.kind in ("yes_no", "choice"):
        return [value for value, _ in question.choices]
    low, high = question.min, question.max
    assert low is not None and high is not None
    if high - low <= 50:
        return list(range(low, high + 1))
    values = {low, high}
    for param in load_rules().values.values():
        for v in (int(param) - 1, int(param), int(param) + 1):
            if low <= v <= high:
                values.add(v)
    return sorted(values)


def walk(interview: Interview, depth: int = 0) -> tuple[set[tuple[str, str | None]], int]:
    """Depth-first over every path using answer() and back(); returns the set of results
    (outcome, deciding id) reachable from here and the longest number of questions.
    Also checks, at every question, that its answer can change the result."""
    current = interview.current()
    if isinstance(current, Decision):
        return {(current.outcome, current.decided_by)}, 0
    assert isinstance(current, Question)
    assert current.fact not in interview.answers, "a fact asked twice"
    results: set[tuple[str, str | None]] = set()
    longest = 0
    for value in answer_values(current):
        interview.answer(value)
        below, length = walk(interview, depth + 1)
        results |= below
        longest = max(longest, length + 1)
        interview.back()
        assert interview.current() == current.__class__(**{**current.__dict__, "default": value})
    assert len(results) >= 2, f"{current.fact} asked but no answer changes the result"
    return results, longest


def test_maternity_asks_at_most_five_questions_on_any_path() -> None:
    interview = load_rules().interview("maternity-allowance", "en")
    results, longest = walk(interview)
    assert longest <= 5
    assert ("eligible", "maternity-paid") in results
    assert ("not_eligible", "employer-registered") in results
    assert ("ask_staff", "not-civil-servant") in results


@pytest.mark.parametrize("benefit", BENEFIT_IDS)
def test_every_benefit_interview_ends_and_asks_only_what_matters(benefit: str) -> None:
    results, longest = walk(load_rules().interview(benefit, "en"))
    assert 1 <= longest <= 7
    assert all(outcome != "unknown" for outcome, _ in results)


def test_employer_not_registered_stops_the_interview() -> None:
    interview = load_rules().interview("maternity-allowance", "en")
    interview.answer("worker")
    decision = interview.answer(False)
    assert isinstance(decision, Decision)
    assert decision.outcome == "not_eligible" and decision.decided_by == "employer-registered"
    assert "Workers cannot register alone" in decision.next_step["en"]
    assert "1286" in decision.next_step["en"]
    assert interview.progress() == (2, 2)


def test_two_months_in_a_row_skips_the_last_12_question() -> None:
    interview = load_rules().interview("medical-care", "en")
    for value in ("worker", True, 2):
        interview.answer(value)
    assert isinstance(interview.current(), Decision)
    assert "months_contributed_last_12" not in interview.answers


def test_questions_are_taps_with_texts_in_both_languages() -> None:
    book = load_rules()
    for question in book.questions.values():
        assert question.text["km"] and question.text["en"]
        assert question.kind in ("yes_no", "choice", "number")
        if question.kind == "number":
            assert question.min is not None and question.max is not None and question.step
            assert question.unit and question.unit["km"]
        else:
            assert question.choices and all(t["km"] and t["en"] for _, t in question.choices)
    assert [v for v, _ in book.question("employer_registered").choices] == [True, False]


def test_back_and_change() -> None:
    interview = load_rules().interview("maternity-allowance", "km")
    assert not interview.can_go_back
    with pytest.raises(RuntimeError):
        interview.back()
    for value in ("worker", True, True, 38):
        interview.answer(value)
    assert interview.current().fact == "consecutive_months_contributed"
    assert interview.can_go_back
    question = interview.back()
    assert question.fact == "weeks_pregnant" and question.default == 38
    assert "weeks_pregnant" not in interview.answers
    interview.answer(40)
    interview.answer(12)
    assert interview.current().outcome == "eligible"
    # Change an earlier answer: later answers are undone, kept only as preselections.
    question = interview.change("gave_birth")
    assert question.fact == "gave_birth" and question.default is True
    assert interview.answers == {"role": "worker", "employer_registered": True}
    decision = interview.answer(False)
    assert decision.outcome == "not_eligible" and decision.decided_by == "gave-birth"
    interview.change("gave_birth")
    interview.answer(True)
    assert interview.current().default == 40  # the earlier answer, offered again
    with pytest.raises(KeyError):
        interview.change("age")


def test_answers_are_checked() -> None:
    interview = load_rules().interview("maternity-allowance", "en")
    with pytest.raises(FactError):
        interview.answer("boss")
    interview.answer("worker")
    with pytest.raises(FactError):
        interview.answer("yes")  # a yes/no takes True or False
    interview.answer(True)
    interview.answer(True)
    with pytest.raises(FactError) as info:
        interview.answer(46)
    assert "weeks_pregnant" in str(info.value)
    with pytest.raises(FactError):
        interview.answer(-1)
    assert interview.current().fact == "weeks_pregnant"


def test_answering_a_finished_interview_is_an_error() -> None:
    interview = load_rules().interview("survivors-pension", "en")
    interview.answer(False)
    assert interview.finished
    with pytest.raises(RuntimeError):
        interview.answer(True)


def test_known_facts_are_not_asked() -> None:
    interview = load_rules().interview("maternity-allowance", "en",
                                       known={"role": "worker", "employer_registered": True})
    assert interview.current().fact == "gave_birth"
    assert interview.progress() == (0, 3)
    assert not interview.can_go_back


def test_progress_never_promises_less_than_is_asked() -> None:
    book = load_rules()
    rng = random.Random(7)
    for _ in range(60):
        interview = book.interview(rng.choice([None, *BENEFIT_IDS]), "en")
        bounds = []
        while isinstance(interview.current(), Question):
            bounds.append(interview.progress()[1])
            interview.answer(rng.choice(answer_values(interview.current())))
        asked, upper = interview.progress()
        assert asked == upper == len(interview.asked)
        assert all(bound >= asked for bound in bounds)
        assert bounds == sorted(bounds, reverse=True)  # the bar never jumps back


def test_what_can_i_get_interview() -> None:
    book = load_rules()
    rng = random.Random(1286)
    for _ in range(150):
        interview = book.interview(None, rng.choice(["km", "en"]))
        while isinstance(interview.current(), Question):
            question = interview.current()
            assert question.fact not in interview.answers
            interview.answer(rng.choice(answer_values(question)))
        decisions = interview.current()
        assert isinstance(decisions, list) and len(decisions) == len(BENEFIT_IDS)
        assert all(d.outcome != "unknown" for d in decisions)
        assert len(interview.asked) <= len(book.questions)
        again = book.decide_all(interview.answers, "en")
        assert [d.outcome for d in decisions] == [d.outcome for d in again]


def test_what_can_i_get_stops_early_when_employer_not_registered() -> None:
    interview = load_rules().interview(None, "en")
    interview.answer("worker")
    interview.answer(False)
    # Only the survivors' question is left: the visitor is not the member who died.
    assert interview.current().fact == "member_died"
    decisions = interview.answer(False)
    assert {d.outcome for d in decisions} == {"not_eligible"}
    assert interview.asked == ["role", "employer_registered", "member_died"]


def test_interview_decision_follows_the_language() -> None:
    interview = load_rules().interview("survivors-pension", "km")
    interview.answer(True)
    km = interview.current()
    en = interview.current("en")
    assert km.outcome == en.outcome == "ask_staff"
    assert "៤៥%" in km.headline and "45%" in en.headline
    assert km.in_locale("en").headline == en.headline
