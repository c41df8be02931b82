"""The test cases in data/cases/*.yaml: one pytest test per case, named file:case."""
from __future__ import annotations

from collections import Counter

import pytest

from kiosk.eligibility import CASES_DIR, DONT_KNOW, load_rules
from kiosk.eligibility.cases import Case, check_case, load_cases

CASES = load_cases(CASES_DIR)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    _, wrong = check_case(load_rules(), case)
    assert not wrong, "\n".join(wrong)


def test_cases_cover_every_benefit_and_outcome() -> None:
    book = load_rules()
    assert len(CASES) >= 100
    per_benefit = Counter(case.benefit for case in CASES)
    assert set(per_benefit) == set(book.benefits)
    assert {case.outcome for case in CASES} == {"eligible", "not_eligible", "not_yet", "unknown",
                                                "ask_staff"}
    assert any(case.reason == "employer-registered" for case in CASES)


def test_every_benefit_has_cases_for_dont_know_not_yet_and_derived_facts() -> None:
    book = load_rules()
    for benefit in book.benefits:
        mine = [case for case in CASES if case.benefit == benefit]
        # "I don't know" that leads to staff, with the unanswered facts named
        assert any(DONT_KNOW in case.facts.values() and case.outcome == "ask_staff"
                   and case.missing for case in mine), benefit
        outcomes_possible = {c.otherwise for c in book.ruleset(benefit).conditions} | {
            r.outcome for r in book.ruleset(benefit).results}
        if "not_yet" in outcomes_possible:
            assert any(case.outcome == "not_yet" and case.reason for case in mine), benefit
    derived = {d for case in CASES for d in case.derived or ()}
    assert derived == {d.id for d in book.data.derivations}


@pytest.mark.parametrize(
    ("benefit", "fact", "threshold"),
    [
        ("medical-care", "consecutive_months_contributed", 2),
        ("medical-care", "months_contributed_last_12", 6),
        ("maternity-allowance", "consecutive_months_contributed", 9),
        ("maternity-allowance", "weeks_pregnant", 26),
        ("injury-daily-allowance", "unable_to_work_days", 2),
        ("injury-disability", "disability_percent", 20),
        ("old-age-pension", "age", 60),
        ("old-age-pension", "total_months_contributed", 12),
        ("invalidity-pension", "total_months_contributed", 60),
        ("invalidity-pension", "age", 60),
    ],
)
def test_each_threshold_has_cases_one_below_at_and_above(benefit: str, fact: str,
                                                         threshold: int) -> None:
    values = {case.facts.get(fact) for case in CASES if case.benefit == benefit}
    assert {threshold - 1, threshold, threshold + 1} <= values


def test_a_broken_case_file_names_its_line(tmp_path) -> None:
    (tmp_path / "bad.yaml").write_text("cases:\n  - name: x\n    benefit: medical-care\n", "utf-8")
    from kiosk.errors import ContentError

    with pytest.raises(ContentError) as info:
        load_cases(tmp_path)
    assert info.value.problems[0].startswith(f"{tmp_path / 'bad.yaml'}:2: ")
