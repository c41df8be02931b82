"""Numbers, money and dates come from babel's km and en locales, with Khmer digits in Khmer."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from kiosk import i18n
from kiosk.errors import KioskError


def test_khmer_digits() -> None:
    assert i18n.format_number(1286, "km") == "១.២៨៦"
    assert i18n.format_number(1286, "en") == "1,286"
    assert i18n.native_digits("1286", "km") == "១២៨៦"
    assert i18n.latin_digits("១២៨៦") == "1286"
    assert i18n.parse_number("១.២០០.០០០") == 1_200_000
    assert i18n.parse_number("1,200,000") == 1_200_000
    assert i18n.parse_number("០,៨", "km") == 0.8


def test_money() -> None:
    assert i18n.format_riel(9600, "km") == "៩.៦០០ រៀល"
    assert i18n.format_riel(Decimal("18666.5"), "en") == "18,667 riel"
    assert i18n.format_usd(Decimal("12.5"), "en") == "$12.50"
    assert i18n.format_usd(Decimal("12.5"), "km") == "១២,៥០$"


def test_percent() -> None:
    assert i18n.format_percent(70, "km") == "៧០%"
    assert i18n.format_percent(0.8, "km") == "០,៨%"
    assert i18n.format_percent(0.8, "en") == "0.8%"


def test_dates_from_babel_km_locale() -> None:
    day = dt.date(2026, 11, 26)
    assert i18n.format_date(day, "en") == "26 November 2026"
    assert i18n.format_date(day, "km") == "២៦ វិច្ឆិកា ២០២៦"


def test_unknown_locale() -> None:
    with pytest.raises(KioskError, match="unknown language"):
        i18n.check_locale("fr")


def test_interface_strings_in_khmer() -> None:
    assert i18n.tr("Touch to start", "en") == "Touch to start"
    assert i18n.tr("Touch to start", "km") != "Touch to start"
