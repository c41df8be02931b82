"""The rule language: what it accepts, what it refuses (with a column), and three-valued logic."""
from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.eligibility.expr import UNKNOWN, ExprError, Scope, parse, tokenize
from kiosk.eligibility.facts import FACTS, fact_type

PARAMS = {"two": Decimal(2), "six": Decimal(6), "sixty": Decimal(60), "zero": Decimal(0)}
SCOPE = Scope(
    facts={name: fact_type(name) for name in FACTS},
    params=PARAMS,
    enums={name: spec.values for name, spec in FACTS.items() if spec.kind == "enum"},
)


def ev(text: str, **facts):
    return parse(text, SCOPE).evaluate(facts, PARAMS)


@pytest.mark.parametrize(
    ("text", "facts", "expected"),
    [
        ("age >= sixty", {"age": 60}, True),
        ("age >= sixty", {"age": 59}, False),
        ("age > 59 and age < 61", {"age": 60}, True),
        ("not gave_birth", {"gave_birth": False}, True),
        ("role == 'worker'", {"role": "worker"}, True),
        ("role != \"worker\"", {"role": "employer"}, True),
        ("injury in ['at_work', 'commuting']", {"injury": "commuting"}, True),
        ("injury not in ['at_work', 'commuting']", {"injury": "none"}, True),
        ("disability_percent * 2 - 10 >= 30", {"disability_percent": 20}, True),
        ("total_months_contributed / 12 >= 5", {"total_months_contributed": 60}, True),
        ("-age < 0", {"age": 3}, True),
        ("(age + 1) * 2 == 122", {"age": 60}, True),
        ("age == 60.0", {"age": 60}, True),
        ("gave_birth == true", {"gave_birth": True}, True),
        ("true", {}, True),
    ],
)
def test_accepted_expressions(text: str, facts: dict, expected: bool) -> None:
    value, missing = ev(text, **facts)
    assert value is expected and missing == ()


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("age.__class__", "attribute access is not allowed"),
        ("role.upper() == 'X'", "attribute access is not allowed"),
        ("'a'.join([]) == 'a'", "attribute access is not allowed"),
        ("len(role) > 1", "calls are not allowed"),
        ("age(1) > 1", "calls are not allowed"),
        ("age[0] > 1", "subscripts are not allowed"),
        ("[1, 2][0] == 1", "subscripts are not allowed"),
        ("lambda: true", "'lambda' is not part of the rule language"),
        ("__import__('os') == 1", "names starting with '_' are not allowed"),
        ("__builtins__ == 1", "names starting with '_' are not allowed"),
        ("_age > 1", "names starting with '_' are not allowed"),
        ("import os", "'import' is not part of the rule language"),
        ("age if true else 0", "'if' is not part of the rule language"),
        ("age ** 2 > 1", "operator '**' is not allowed"),
        ("age // 2 > 1", "operator '//' is not allowed"),
        ("age % 2 == 1", "character '%' is not allowed"),
        ("age = 3", "'=' is not allowed"),
        ("{'a': 1} == 1", "character '{' is not allowed"),
        ("age > 1; age < 2", "character ';' is not allowed"),
        ("f'{age}' == 'x'", "unknown name 'f'"),
        ("'\\x41' == 'A'", "backslashes are not allowed"),
        ("age > 1 > 0", "chained comparisons are not allowed"),
        ("ag > 3", "did you mean 'age'"),
        ("age == 'old'", "'==' compares a number with a str"),
        ("role > 3", "'>' compares numbers"),
        ("age and gave_birth", "'and' needs true/false"),
        ("not age", "'not' needs true/false"),
        ("injury == 'at_wrk'", "'at_wrk' is not a value of injury"),
        ("injury in ['at_work', 'fire']", "'fire' is not a value of injury"),
        ("injury in 'at_work'", "needs a list"),
        ("age in []", "an empty list matches nothing"),
        ("age", "gives a number, a bool is needed"),
        ("age >= ", "the expression ends too early"),
        ("age / 0 > 1", "division by zero"),
        ("age / zero > 1", "division by zero"),
        ("1.2.3 > 1", "malformed number"),
        ("'open", "string without its closing quote"),
        ("", "empty expression"),
        ("(" * 50 + "true" + ")" * 50, "nested deeper than"),
        ("true or " * 200 + "true", "longer than"),
    ],
)
def test_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text, SCOPE)
    assert says in info.value.message
    assert info.value.column >= 1


def test_error_column_points_at_the_problem() -> None:
    with pytest.raises(ExprError) as info:
        parse("age >= 60 and role.__class__", SCOPE)
    assert info.value.column == len("age >= 60 and role") + 1


def test_non_text_expressions_are_refused() -> None:
    with pytest.raises(ExprError):
        parse(["age > 1"], SCOPE)  # type: ignore[arg-type]
    assert parse(True, SCOPE).text == "true"  # YAML's `when: true`


def test_tokenizer_stops_at_the_first_bad_character() -> None:
    tokens = tokenize("age > 1 @ x")
    assert tokens[-1].kind == "error" and "'@'" in tokens[-1].text


def test_facts_in_reading_order_without_parameters() -> None:
    expr = parse("months_contributed_last_12 >= six or consecutive_months_contributed >= two "
                 "or months_contributed_last_12 > 11", SCOPE)
    assert expr.facts == ("months_contributed_last_12", "consecutive_months_contributed")


# --- three-valued logic ------------------------------------------------------------------------
def test_missing_fact_is_unknown_and_named() -> None:
    assert ev("age >= sixty") == (UNKNOWN, ("age",))


def test_or_with_a_true_side_is_decided_even_if_the_other_is_missing() -> None:
    assert ev("consecutive_months_contributed >= two or months_contributed_last_12 >= six",
              consecutive_months_contributed=2) == (True, ())
    assert ev("months_contributed_last_12 >= six or consecutive_months_contributed >= two",
              consecutive_months_contributed=2) == (True, ())


def test_or_with_a_false_side_waits_for_the_other() -> None:
    value, missing = ev("consecutive_months_contributed >= two or months_contributed_last_12 >= six",
                        consecutive_months_contributed=1)
    assert value is UNKNOWN and missing == ("months_contributed_last_12",)


def test_and_with_a_false_side_is_decided() -> None:
    assert ev("age >= sixty and total_months_contributed >= 12", age=30) == (False, ())
    value, missing = ev("age >= sixty and total_months_contributed >= 12", age=61)
    assert value is UNKNOWN and missing == ("total_months_contributed",)


def test_unknown_spreads_through_not_arithmetic_and_comparison() -> None:
    assert ev("not gave_birth") == (UNKNOWN, ("gave_birth",))
    assert ev("age + total_months_contributed > 1", age=3) == (UNKNOWN, ("total_months_contributed",))
    value, missing = ev("age + total_months_contributed > 1")
    assert value is UNKNOWN and missing == ("age", "total_months_contributed")


def test_membership_with_unknowns() -> None:
    assert ev("injury in ['at_work', 'commuting']") == (UNKNOWN, ("injury",))
    # A list element that is a missing fact: found elsewhere in the list is still decided.
    assert ev("age in [1, total_months_contributed]", age=1) == (True, ())
    assert ev("age in [1, total_months_contributed]", age=5) == (UNKNOWN, ("total_months_contributed",))
    assert ev("age not in [1, 2]", age=5) == (True, ())


def test_unknown_has_no_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)


def test_arithmetic_is_decimal() -> None:
    expr = parse("total_months_contributed * 0.1 == 0.3", SCOPE)
    assert expr.evaluate({"total_months_contributed": 3}, PARAMS) == (True, ())  # float: 0.30000000000000004
