"""The test cases in data/cases/*.yaml: one pytest test per case, named file:case."""
from __future__ import annotations

from collections import Counter

import pytest

from kiosk.content.model import BENEFIT_IDS
from kiosk.eligibility import CASES_DIR, load_rules
from kiosk.eligibility.cases import Case, check_case, load_cases

CASES = load_cases(CASES_DIR)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_case(case: Case) -> None:
    _, wrong = check_case(load_rules(), case)
    assert not wrong, "\n".join(wrong)


def test_cases_cover_every_benefit_and_outcome() -> None:
    assert len(CASES) >= 40
    per_benefit = Counter(case.benefit for case in CASES)
    assert set(per_benefit) == set(BENEFIT_IDS)
    assert {case.outcome for case in CASES} == {"eligible", "not_eligible", "unknown", "ask_staff"}
    assert any(case.reason == "employer-registered" for case in CASES)


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
