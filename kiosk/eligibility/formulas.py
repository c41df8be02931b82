"""What the estimates need from the rule files: the formula texts and the parameters.

The arithmetic is in estimate.py; which benefit pays what share, for how many days, and which
schemes an employer pays are data (a benefit file's `estimate:`, the `contributions:` of
estimates.yaml). This module is only the contract the loader checks those files against.
"""
from __future__ import annotations

# Formula lines (estimates.yaml `texts:`) and the placeholders each may use.
TEXTS: dict[str, tuple[str, ...]] = {
    "wage": ("wage",),
    "wage_cap": ("cap", "counted"),
    "wage_floor": ("floor", "counted"),
    "daily_wage": ("counted", "days_per_month", "daily_wage"),
    "daily": ("rate", "daily_wage", "daily"),
    "days_cap": ("max_days", "days"),
    "from_day": ("first_day", "paid_days"),
    "total": ("days", "daily", "total", "total_usd"),
    "employer_share": ("rate", "days", "amount"),
    "band": ("scheme", "low", "high", "base"),
    "band_floor": ("scheme", "floor", "base"),
    "band_cap": ("scheme", "cap", "base"),
    "contribution": ("scheme", "rate", "base", "amount"),
    "contribution_split": ("scheme", "share", "worker", "employer"),
    "contribution_total": ("employer_total", "employer_usd", "worker_total", "total"),
    "exchange": ("riel_per_usd",),
    "note": (),
}
# Parameters every allowance estimate uses, whatever the benefit.
ALLOWANCE_PARAMS = ("days_per_month", "contribution_wage_floor", "contribution_wage_cap",
                    "riel_per_usd")
ALLOWANCE_KEYS = ("rate", "days", "max_days", "from_day", "employer_rate")
