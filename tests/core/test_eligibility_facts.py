"""Bad facts: a clear error naming the fact, from the engine; never a decision."""
from __future__ import annotations

import pytest

from kiosk.eligibility import FactError, load_rules, validate_facts
from kiosk.errors import KioskError


@pytest.mark.parametrize(
    ("facts", "fact", "says"),
    [
        ({"age": -3}, "age", "from 0 to 120, not -3"),
        ({"months_contributed_last_12": 13}, "months_contributed_last_12", "from 0 to 12"),
        ({"role": "boss"}, "role", "must be one of worker, employer"),
        ({"agee": 30}, "agee", "did you mean 'age'"),
        ({"agee": None}, "agee", "unknown fact"),
        ({"employer_registered": "yes"}, "employer_registered", "true or false"),
        ({"employer_registered": 1}, "employer_registered", "true or false"),
        ({"age": True}, "age", "whole number"),
        ({"age": "30"}, "age", "whole number"),
        ({"age": 30.5}, "age", "whole number"),
        ({"disability_percent": 101}, "disability_percent", "from 0 to 100"),
    ],
)
def test_bad_fact_is_named(facts: dict, fact: str, says: str) -> None:
    with pytest.raises(FactError) as info:
        validate_facts(facts)
    assert info.value.fact == fact and fact in info.value.en and says in info.value.en
    assert info.value.km != info.value.en and fact in info.value.km
    with pytest.raises(FactError):
        load_rules().decide("medical-care", facts, "en")
    with pytest.raises(FactError):
        load_rules().decide_all(facts, "km")
    with pytest.raises(FactError):
        load_rules().interview(None, "en", known=facts)


def test_facts_are_normalised() -> None:
    assert validate_facts({"age": 30.0, "weeks_pregnant": None}) == {"age": 30}


def test_facts_must_be_an_object() -> None:
    with pytest.raises(KioskError):
        validate_facts([("age", 3)])  # type: ignore[arg-type]


def test_unknown_benefit_and_language() -> None:
    with pytest.raises(KioskError) as info:
        load_rules().decide("pension", {}, "en")
    assert "unknown benefit 'pension'" in str(info.value)
    with pytest.raises(KioskError):
        load_rules().decide("medical-care", {}, "fr")
