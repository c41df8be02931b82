"""Estimates: Decimal arithmetic, each shown line checkable, riel and dollars, Khmer digits."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kiosk.eligibility import (
    FactError,
    employer_contribution,
    estimate_allowance,
    load_rules,
)
from kiosk.eligibility.estimate import contributory_wage
from kiosk.errors import KioskError
from kiosk.i18n import format_riel

LATIN_DIGITS = set("0123456789")


def test_maternity_for_800000_riel() -> None:
    est = estimate_allowance("maternity-allowance", 800_000, None, "en")
    # 800,000 / 30 = 26,666.67 -> 26,667; 70% -> 18,666.9 -> 18,667; x 90 days
    assert est.per_day_riel == 18_667 and est.days == 90
    assert est.amount_riel == 18_667 * 90 == 1_680_030
    assert est.amount_usd == Decimal("420.01") and isinstance(est.amount_usd, Decimal)
    assert est.parts["employer"] == 13_333 * 90  # 50% of the wage, from the employer
    text = est.text("en")
    assert "800,000 riel ÷ 30 = 26,667 riel" in text
    assert "70% × 26,667 riel = 18,667 riel" in text
    assert "18,667 riel × 90 = 1,680,030 riel (about $420.01)" in text
    assert "approximate" in text and "estimate" in text


def test_khmer_lines_use_khmer_digits() -> None:
    est = estimate_allowance("maternity-allowance", 800_000, None, "km")
    text = est.text()
    # Separators are the locale's (CLDR's khmr symbols), whatever i18n decides they are.
    assert format_riel(26_667, "km") in text and format_riel(1_680_030, "km") in text
    assert format_riel(26_667, "km").startswith("២៦") and "៧០%" in text
    assert not LATIN_DIGITS & set(text)
    assert est.lines == est.formula["km"] and est.text("en") != text


def test_sickness_pays_the_days_up_to_180() -> None:
    est = estimate_allowance("sickness-allowance", 800_000, 10, "en")
    assert est.amount_riel == 18_667 * 10
    capped = estimate_allowance("sickness-allowance", 800_000, 200, "en")
    assert capped.days == 180 and capped.amount_riel == 18_667 * 180
    assert "at most 180 days" in capped.text()


def test_injury_allowance_starts_on_day_two() -> None:
    est = estimate_allowance("injury-daily-allowance", 800_000, 5, "en")
    assert est.days == 4 and est.amount_riel == 18_667 * 4
    assert "NSSF pays from day 2: 4 days" in est.text()
    assert estimate_allowance("injury-daily-allowance", 800_000, 1, "en").amount_riel == 0


@pytest.mark.parametrize(
    ("wage", "per_day", "says"),
    [
        (2_000_000, 28_000, "at most 1,200,000 riel"),  # 1,200,000 / 30 = 40,000 -> 70%
        (100_000, 4_667, "at least 200,000 riel"),  # 200,000 / 30 = 6,667 -> 4,666.9
        (0, 4_667, "at least 200,000 riel"),
    ],
)
def test_allowance_wage_within_floor_and_cap(wage: int, per_day: int, says: str) -> None:
    est = estimate_allowance("sickness-allowance", wage, 1, "en")
    assert est.per_day_riel == per_day and says in est.text()


def test_employer_contribution_for_800000_riel() -> None:
    est = employer_contribution(800_000, "en", on=dt.date(2026, 6, 1))
    # band 800,000 to under 850,000 -> midpoint 825,000 for all schemes
    assert est.parts == {
        "occupational_risk": 6_600,  # 0.8%
        "health_care": 21_450,  # 2.6%
        "pension": 33_000,  # 4% in years 1-5 ...
        "pension_employer": 16_500,  # ... 2% employer
        "pension_worker": 16_500,  # ... and 2% taken from the wage
        "employer": 44_550,
        "worker": 16_500,
        "total": 61_050,
    }
    assert est.amount_riel == 44_550 and est.amount_usd == Decimal("11.14")
    text = est.text()
    assert "band 800,000 riel to under 850,000 riel" in text
    assert "0.8% × 825,000 riel = 6,600 riel" in text
    assert "61,050 riel in all to NSSF" in text


@pytest.mark.parametrize(("day", "rate", "pension"), [
    (dt.date(2022, 10, 1), "4%", 33_000),  # the first day contributions were paid
    (dt.date(2027, 9, 30), "4%", 33_000),
    (dt.date(2027, 10, 1), "8%", 66_000),  # years 6-10
    (dt.date(2028, 6, 1), "8%", 66_000),
])
def test_pension_rate_in_force_on_the_day(day: dt.date, rate: str, pension: int) -> None:
    est = employer_contribution(800_000, "en", on=day)
    assert est.parts["pension"] == pension
    assert est.parts["pension_worker"] == est.parts["pension_employer"] == pension // 2
    assert f"Pension (employer and worker): {rate} × 825,000 riel = {pension:,} riel" in est.text()
    used = {p.name: p for p in est.parameters}
    assert used["pension_contribution_rate"].text("en") == rate
    assert used["pension_contribution_rate"].since == ("2027-10-01" if rate == "8%"
                                                       else "2022-10-01")
    assert est.on == day.isoformat()


def test_before_the_pension_began_no_pension_is_paid() -> None:
    est = employer_contribution(800_000, "en", on=dt.date(2021, 1, 1))
    assert "pension" not in est.parts and est.parts["total"] == 6_600 + 21_450
    assert "Pension" not in est.text()


def test_a_day_before_a_rule_exists_is_one_clear_error() -> None:
    with pytest.raises(KioskError, match="pension_age has no value on 2021-01-01"):
        load_rules().decide("old-age-pension", {"role": "worker", "age": 70}, "en",
                            on=dt.date(2021, 1, 1))


def test_contribution_floor_and_cap() -> None:
    assert employer_contribution(5_000_000, "en").parts["occupational_risk"] == 9_600  # the brief
    low = employer_contribution(150_000, "en", on=dt.date(2026, 6, 1))
    assert low.parts["occupational_risk"] == 1_600  # 0.8% of 200,000
    assert low.parts["pension_employer"] == 8_000  # 2% of the pension floor, 400,000
    assert "under 200,000 riel counts as 200,000 riel" in low.text()


@pytest.mark.parametrize(
    ("wage", "floor", "base"),
    [
        (199_999, 200_000, 200_000),
        (200_000, 200_000, 225_000),
        (249_999, 200_000, 225_000),
        (250_000, 200_000, 275_000),
        (1_175_000, 200_000, 1_175_000),
        (1_199_999, 200_000, 1_175_000),
        (1_200_000, 200_000, 1_200_000),
        (399_999, 400_000, 400_000),
        (400_000, 400_000, 425_000),
    ],
)
def test_wage_bands(wage: int, floor: int, base: int) -> None:
    got = contributory_wage(Decimal(wage), Decimal(floor), Decimal(1_200_000), Decimal(50_000))
    assert got == base


def test_bad_estimate_input() -> None:
    with pytest.raises(FactError) as info:
        estimate_allowance("sickness-allowance", -5, 3, "en")
    assert "monthly_wage_riel" in str(info.value)
    with pytest.raises(KioskError):
        estimate_allowance("old-age-pension", 800_000, 3, "en")
    with pytest.raises(KioskError):
        estimate_allowance("sickness-allowance", 800_000, None, "en")
    with pytest.raises(FactError):
        employer_contribution(1.5, "en")  # type: ignore[arg-type]
    with pytest.raises(KioskError):
        employer_contribution(800_000, "fr")


def test_decision_carries_the_estimate_when_the_wage_is_given() -> None:
    facts = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 3,
             "unable_to_work_days": 10, "monthly_wage_riel": 800_000}
    decision = load_rules().decide("sickness-allowance", facts, "km")
    assert decision.estimate is not None and decision.estimate.amount_riel == 186_670
    assert decision.to_json("en")["estimate"]["lines"][0] == "Monthly wage: 800,000 riel"
    assert load_rules().decide("medical-care", facts, "en").estimate is None
