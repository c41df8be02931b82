"""Money as visitors think of it: wages in dollars or riel, rounded amounts, worked examples from
the rules' estimates, and an employer's monthly total with its due date (no Qt)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kiosk.eligibility import employer_contribution, estimate_allowance, load_rules
from kiosk.errors import KioskError
from kiosk.money import (
    about,
    due_date,
    monthly_total,
    monthly_total_typical,
    next_payment,
    parse_count,
    parse_wage,
    riel_per_usd,
    round_for_reading,
    worked_example,
    worked_examples,
)

RATE = 4000  # the rules' riel_per_usd today


def test_the_rate_is_the_rules_parameter() -> None:
    assert riel_per_usd() == load_rules().param("riel_per_usd") == RATE


@pytest.mark.parametrize(("typed", "currency", "riel"), [
    ("$200", "usd", 800_000),
    ("US$ 200", "usd", 800_000),
    ("២០០ ដុល្លារ", "usd", 800_000),
    ("200 USD", "usd", 800_000),
    ("$200.50", "usd", 802_000),
    ("800000", "riel", 800_000),
    ("800,000 riel", "riel", 800_000),
    ("៨០០.០០០ រៀល", "riel", 800_000),  # Khmer digits group with "."
    ("១ ០០០ ០០០៛", "riel", 1_000_000),
    ("1.000.000", "riel", 1_000_000),
])
def test_a_wage_typed_in_dollars_or_riel_with_either_digits(typed: str, currency: str,
                                                             riel: int) -> None:
    wage = parse_wage(typed)
    assert (wage.currency, wage.riel, wage.guessed) == (currency, riel, typed in {
        "800000", "1.000.000"})


def test_the_screen_switch_decides_when_nothing_is_written_and_size_guesses_last() -> None:
    assert parse_wage("200", "riel").riel == 200  # the visitor said riel: taken as riel
    assert parse_wage("200").currency == "usd" and parse_wage("200").guessed
    assert parse_wage("250000").currency == "riel"
    assert parse_wage("$200", "riel").currency == "usd"  # what is written wins


@pytest.mark.parametrize("typed", ["", "abc", "$200 riel", "-5", "0", "1,2,3.4.5x",
                                   "99999999999999"])
def test_a_wrong_wage_gets_one_clear_bilingual_line(typed: str) -> None:
    with pytest.raises(KioskError) as caught:
        parse_wage(typed)
    assert "\n" not in caught.value.en and caught.value.km != caught.value.en
    assert any("\u1780" <= ch <= "\u17ff" for ch in caught.value.km)


def test_worker_counts() -> None:
    assert parse_count("១០") == 10 and parse_count(" 10 ") == 10
    for bad in ("0", "2.5", "ten", "1000000"):
        with pytest.raises(KioskError):
            parse_count(bad)


def test_amounts_are_rounded_for_reading() -> None:
    assert round_for_reading(1_680_030) == 1_680_000
    assert round_for_reading(18_667) == 18_700
    assert round_for_reading(9_600) == 9_600
    assert round_for_reading(149) == 100
    assert about(1_680_030, "en") == "about 1,680,000 riel (US$420)"
    assert about(1_680_030, "km") == "ប្រហែល ១.៦៨០.០០០ រៀល (៤២០ ដុល្លារ)"
    assert about(9_600, "en") == "about 9,600 riel (US$2.40)"


def test_the_maternity_example_for_bopha_comes_from_the_rules_estimate() -> None:
    wage = parse_wage("$200")
    example = worked_example("maternity-allowance", wage, "en")
    estimate = estimate_allowance("maternity-allowance", 800_000, None, "en")
    assert example.estimate.parts == estimate.parts
    assert estimate.parts == {"nssf": 1_680_030, "employer": 1_199_970}
    assert example.text == ("If you earn US$200 a month: about 1,680,000 riel (US$420) for 90 days "
                            "from NSSF, and about 1,200,000 riel (US$300) from your employer.")
    khmer = worked_example("maternity-allowance", wage, "km").text
    assert khmer == ("បើប្រាក់ឈ្នួលរបស់អ្នក ២០០ ដុល្លារ ក្នុងមួយខែ៖ អ្នកបានប្រហែល ១.៦៨០.០០០ រៀល "
                     "(៤២០ ដុល្លារ) សម្រាប់ ៩០ ថ្ងៃ ពី ប.ស.ស. និងប្រហែល ១.២០០.០០០ រៀល "
                     "(៣០០ ដុល្លារ) ពីនិយោជករបស់អ្នក។")


def test_every_allowance_has_a_worked_example_in_both_languages() -> None:
    wage = parse_wage("800000 riel")
    for locale in ("en", "km"):
        examples = worked_examples(wage, locale)
        assert [e.benefit for e in examples] == ["sickness-allowance", "maternity-allowance",
                                                 "injury-daily-allowance"]
        for example in examples:
            assert "{" not in example.text
    sick, _, injury = worked_examples(wage, "en")
    assert sick.estimate.parts["nssf"] == 18_667 * 10  # 70% of 26,667 a day, 10 days
    assert "about 187,000 riel (US$47) from NSSF (18,700 riel a day)" in sick.text
    assert injury.estimate.days == 9 and "for 9 of those days" in injury.text  # day 1: employer
    with pytest.raises(KioskError):
        worked_example("medical-care", wage, "en")


def test_the_due_date_is_the_15th_of_the_next_month() -> None:
    assert due_date(dt.date(2026, 11, 30)) == dt.date(2026, 12, 15)
    assert due_date(dt.date(2026, 12, 1)) == dt.date(2027, 1, 15)
    assert next_payment(dt.date(2026, 12, 15)) == (dt.date(2026, 11, 1), dt.date(2026, 12, 15))
    assert next_payment(dt.date(2026, 12, 16)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 15))
    assert next_payment(dt.date(2027, 1, 3)) == (dt.date(2026, 12, 1), dt.date(2027, 1, 15))


def test_kosal_ten_workers_at_a_million_riel() -> None:
    total = monthly_total_typical(10, 1_000_000, "en", today=dt.date(2026, 12, 20))
    one = employer_contribution(1_000_000, "en", on=dt.date(2026, 12, 1)).parts
    assert [(s.part, s.employer_riel, s.withheld_riel) for s in total.shares] == [
        ("occupational_risk", 82_000, 0),  # 0.8% of the band's middle, 1,025,000
        ("health_care", 266_500, 0),  # 2.6%
        ("pension", 205_000, 205_000),  # 2% employer, 2% taken from the wages
    ]
    assert total.employer_riel == 10 * one["employer"] == 553_500
    assert total.withheld_riel == 10 * one["worker"] == 205_000
    assert total.total_riel == 758_500 and total.workers == 10
    assert total.wages_riel == 10_000_000
    assert total.due == dt.date(2027, 1, 15)
    assert total.due_text() == "by 15 January 2027"
    assert total.due_text("km") == "យ៉ាងយូរត្រឹម ១៥ មករា ២០២៧"
    assert total.month_text() == "December 2026" and total.month_text("km") == "ធ្នូ ២០២៦"
    assert [s.label for s in monthly_total([1_000_000], "km").shares] == [
        "ហានិភ័យការងារ", "ថែទាំសុខភាព", "សោធន"]


def test_each_wage_counts_in_its_own_band_and_the_floor_and_cap_apply() -> None:
    total = monthly_total([150_000, 1_000_000, 5_000_000], "en",
                          wage_month=dt.date(2026, 10, 9))
    expected = [employer_contribution(w, "en", on=dt.date(2026, 10, 1)).parts
                for w in (150_000, 1_000_000, 5_000_000)]
    assert total.employer_riel == sum(p["employer"] for p in expected)
    assert total.withheld_riel == sum(p["worker"] for p in expected)
    assert total.wage_month == dt.date(2026, 10, 1) and total.due == dt.date(2026, 11, 15)
    with pytest.raises(KioskError):
        monthly_total([], "en")


def test_the_rates_in_force_for_the_wage_month() -> None:
    before = monthly_total([1_000_000], "en", wage_month=dt.date(2027, 9, 1))
    after = monthly_total([1_000_000], "en", wage_month=dt.date(2027, 10, 1))
    pension = {t: next(s for s in t.shares if s.part == "pension") for t in (before, after)}
    assert pension[after].total_riel == 2 * pension[before].total_riel == 82_000  # 4%, then 8%


def test_dollars_round_to_whole_dollars_and_dimes_below_ten() -> None:
    from kiosk.money import dollars_for_reading

    assert dollars_for_reading(1_680_030) == Decimal(420)
    assert dollars_for_reading(9_600) == Decimal("2.4")
