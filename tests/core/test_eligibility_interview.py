"""Interviews: every answer path enumerated, skip logic, back and change, taps not typing."""
from __future__ import annotations

import random
from typing import Any

import pytest

from kiosk.eligibility import DONT_KNOW, Decision, FactError, Interview, Question, load_rules
from kiosk.eligibility.derive import derive

BENEFITS = load_rules().benefits  # data: the rule files say which benefits there are


def answer_values(question: Question, dont_know: bool = False) -> list[Any]:
    """Every answer a visitor can give; for long number ranges, every value that can matter:
    the ends, and each parameter value and its neighbours; and "I don't know"."""
    if question.kind in ("yes_no", "choice"):
        return [value for value, _ in question.choices] + ([DONT_KNOW] if dont_know else [])
    low, high = question.min, question.max
    assert low is not None and high is not None
    if high - low <= 50:
        return list(range(low, high + 1))
    values = {low, high}
    for param in load_rules().values.values():
        for v in (int(param) - 1, int(param), int(param) + 1):
            if low <= v <= high:
                values.add(v)
    return sorted(values) + ([DONT_KNOW] if dont_know else [])


def walk(interview: Interview, depth: int = 0, dont_know: int = 1
         ) -> tuple[set[tuple[str, str | None]], int]:
    """Depth-first over every path using answer() and back(); returns the set of results
    (outcome, deciding id) reachable from here and the longest number of questions.
    Also checks, at every question, that its answer can change the result, and that no fact
    that follows from the answers given is asked. `dont_know`: how many "I don't know" answers
    a path may still take (every question offers it; one per path keeps the walk quick)."""
    current = interview.current()
    if isinstance(current, Decision):
        return {(current.outcome, current.decided_by)}, 0
    assert isinstance(current, Question)
    assert current.fact not in interview.answers, "a fact asked twice"
    derived = derive(interview.rules, {k: v for k, v in interview.answers.items()
                                       if v != DONT_KNOW}, interview.values)[1]
    assert current.fact not in derived, f"{current.fact} asked, but it follows from the answers"
    results: set[tuple[str, str | None]] = set()
    longest = 0
    for value in answer_values(current, dont_know > 0):
        interview.answer(value)
        below, length = walk(interview, depth + 1, dont_know - (value == DONT_KNOW))
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
    assert ("not_yet", "claim-after-birth") in results  # pregnant, with enough months
    assert ("not_yet", "claim-after-birth-if-months") in results
    assert ("ask_staff", "dont-know") in results


@pytest.mark.parametrize("benefit", BENEFITS)
def test_every_benefit_interview_ends_and_asks_only_what_matters(benefit: str) -> None:
    results, longest = walk(load_rules().interview(benefit, "en"))
    assert 1 <= longest <= 7
    assert all(outcome != "unknown" for outcome, _ in results)
    assert ("ask_staff", "dont-know") in results  # "I don't know" leads to staff


def test_employer_not_registered_stops_the_interview() -> None:
    interview = load_rules().interview("maternity-allowance", "en")
    interview.answer("worker")
    decision = interview.answer(False)
    assert isinstance(decision, Decision)
    assert decision.outcome == "not_eligible" and decision.decided_by == "employer-registered"
    assert "Workers cannot register alone" in decision.next_step["en"]
    assert "1286" in decision.next_step["en"]
    assert interview.progress() == (2, 2)


def test_two_months_in_a_row_skips_the_last_12_question_and_the_registration() -> None:
    interview = load_rules().interview("medical-care", "en")
    interview.answer("worker")
    # the months come first: paid for you up to now means your employer registered you
    assert interview.current().fact == "consecutive_months_contributed"
    decision = interview.answer(2)
    assert isinstance(decision, Decision) and decision.outcome == "eligible"
    assert interview.asked == ["role", "consecutive_months_contributed"]
    assert [r.derived for r in decision.reasons if r.derived] == ["paid-up-to-now-means-registered"]


def test_no_months_in_a_row_then_asks_the_registration() -> None:
    interview = load_rules().interview("medical-care", "en")
    interview.answer("worker")
    assert interview.answer(0).fact == "employer_registered"


def test_a_retired_worker_is_never_asked_about_a_current_employer() -> None:
    interview = load_rules().interview("old-age-pension", "en")
    asked = []
    answers = {"role": "worker", "age": 64, "total_months_contributed": 40}
    while isinstance(interview.current(), Question):
        fact = interview.current().fact
        asked.append(fact)
        interview.answer(answers[fact])
    assert interview.current().outcome == "eligible"
    assert "employer_registered" not in asked


def test_total_disability_answers_whether_you_can_work() -> None:
    interview = load_rules().interview(None, "en")
    answers = {"role": "worker", "consecutive_months_contributed": 24, "unable_to_work_days": 30,
               "injury": "at_work", "disability_percent": 100, "age": 40, "gave_birth": False,
               "pregnant": False, "total_months_contributed": 30, "member_died": False}
    while isinstance(interview.current(), Question):
        fact = interview.current().fact
        assert fact != "cannot_work_long_term", "asked after a 100% loss"
        interview.answer(answers[fact])
    invalidity = next(d for d in interview.current() if d.benefit == "invalidity-pension")
    assert any(r.derived == "total-loss-means-cannot-work" for r in invalidity.reasons)


def test_a_pregnant_worker_is_asked_her_months_and_told_not_yet() -> None:
    interview = load_rules().interview("maternity-allowance", "en")
    for value in ("worker", True, False, True):  # role, registered, gave birth, pregnant
        interview.answer(value)
    assert interview.current().fact == "consecutive_months_contributed"
    decision = interview.answer(5)
    assert decision.outcome == "not_yet" and decision.group == "later"
    assert "9 months in a row" in decision.until["en"]
    assert decision.next_step["checklist"] == "claim-maternity-allowance"  # what to bring then


def test_i_dont_know_is_never_asked_again_and_names_the_fact_for_staff() -> None:
    interview = load_rules().interview("old-age-pension", "en")
    interview.answer("worker")
    assert interview.current().fact == "age"
    interview.answer(62)
    decision = interview.answer(DONT_KNOW)  # total months
    assert decision.outcome == "ask_staff" and decision.decided_by == "dont-know"
    assert decision.missing == ["total_months_contributed"]
    assert any("Not known yet" in r.text and "pension contribution" in r.text
               for r in decision.reasons)
    assert interview.answers["total_months_contributed"] == DONT_KNOW
    question = interview.back()
    assert question.fact == "total_months_contributed" and question.default == DONT_KNOW


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
    assert interview.asked == ["role", "employer_registered", "gave_birth", "weeks_pregnant"]
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
    assert interview.answer(False).fact == "pregnant"
    decision = interview.answer(False)
    assert decision.outcome == "not_eligible" and decision.decided_by == "birth-or-pregnancy"
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
    assert interview.progress() == (0, 4)  # gave birth, pregnant, weeks, months
    assert not interview.can_go_back


def test_progress_never_promises_less_than_is_asked() -> None:
    book = load_rules()
    rng = random.Random(7)
    for _ in range(60):
        interview = book.interview(rng.choice([None, *BENEFITS]), "en")
        bounds = []
        while isinstance(interview.current(), Question):
            bounds.append(interview.progress()[1])
            interview.answer(rng.choice(answer_values(interview.current(), dont_know=True)))
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
        assert isinstance(decisions, list) and len(decisions) == len(BENEFITS)
        assert all(d.outcome != "unknown" for d in decisions)
        assert len(interview.asked) <= len(book.questions)
        again = book.decide_all(interview.answers, "en")
        assert [d.outcome for d in decisions] == [d.outcome for d in again]


def test_what_can_i_get_when_the_employer_has_not_registered() -> None:
    interview = load_rules().interview(None, "en")
    interview.answer("worker")
    interview.answer(0)  # no months in a row: the registration is asked
    interview.answer(False)
    # what does not depend on today's employer is still asked: the pensions (the months paid
    # count, whoever paid them), and the family's questions
    answers = {"age": 30, "cannot_work_long_term": False, "total_months_contributed": 0,
               "member_died": False}
    while isinstance(interview.current(), Question):
        interview.answer(answers[interview.current().fact])
    decisions = interview.current()
    by_benefit = {d.benefit: d for d in decisions}
    assert by_benefit["medical-care"].decided_by == "employer-registered"
    assert by_benefit["old-age-pension"].outcome == "not_yet"
    groups = [g.id for g in interview.groups()]
    assert groups == ["later", "not_now"]
    assert interview.asked[:3] == ["role", "consecutive_months_contributed",
                                   "employer_registered"]


def test_an_employer_is_sent_to_what_the_workers_get() -> None:
    interview = load_rules().interview(None, "en", known={"monthly_wage_riel": 800_000})
    interview.answer("employer")
    assert interview.current().fact == "member_died"  # the family's benefits: anyone's
    interview.answer(False)
    groups = {g.id: g for g in interview.groups()}
    assert "not_now" not in groups  # not a column of refusals
    workers = groups["workers"]
    assert [d.benefit for d in workers.decisions][:2] == ["medical-care", "sickness-allowance"]
    assert workers.estimate is not None and workers.estimate.kind == "employer-contribution"


def test_interview_decision_follows_the_language() -> None:
    interview = load_rules().interview("survivors-pension", "km")
    interview.answer(True)
    km = interview.current()
    en = interview.current("en")
    assert km.outcome == en.outcome == "ask_staff"
    assert "៤៥%" in km.headline and "45%" in en.headline
    assert km.in_locale("en").headline == en.headline
