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


def test_formats_file_is_what_babel_says() -> None:
    """kiosk/locale/formats.json is babel's CLDR data (rewrite it: python -m kiosk.locale_formats)."""
    import json

    from kiosk.locale_formats import FORMATS_FILE, from_babel

    assert json.loads(FORMATS_FILE.read_text(encoding="utf-8")) == from_babel()


@pytest.mark.parametrize("locale", ["km", "en"])
def test_every_format_agrees_with_babel(locale: str) -> None:
    """The kiosk formats from the extracted CLDR data, without loading babel: the same text as
    babel's own functions, digits aside (Khmer digits are mapped after babel)."""
    from babel import dates, numbers

    system = "khmr" if locale == "km" else "latn"
    values = [0, 1, 7, 12, 999, 1000, 1286, 12345, 999999, 1_200_000, 123456789, -5, -1234.5,
              0.5, 2.5, 3.5, -0.4, 0.8, 12.345, 70, Decimal("18666.5"), Decimal("0.125"),
              Decimal("1e3"), 1e-3]
    for value in values:
        for decimals in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            theirs = numbers.format_decimal(value, format=pattern, locale=locale,
                                            numbering_system=system)
            assert i18n.format_number(value, locale, decimals=decimals) == \
                i18n.native_digits(theirs, locale), (value, decimals)
        theirs = numbers.format_currency(Decimal(str(value)), "USD", locale=locale,
                                         numbering_system=system)
        assert i18n.format_usd(value, locale) == i18n.native_digits(theirs, locale), value
    for day in (dt.date(2026, 1, 5), dt.date(2026, 11, 26), dt.date(1999, 12, 31)):
        theirs = dates.format_date(day, format="d MMMM y", locale=locale)
        assert i18n.format_date(day, locale) == i18n.native_digits(theirs, locale)
        theirs = dates.format_date(day, format="MMMM y", locale=locale)
        assert i18n.format_month(day, locale) == i18n.native_digits(theirs, locale)
        moment = dt.datetime.combine(day, dt.time(7, 3))
        theirs = dates.format_datetime(moment, format="d MMMM y HH:mm", locale=locale)
        assert i18n.format_datetime(moment, locale) == i18n.native_digits(theirs, locale)


def test_formatting_loads_no_babel() -> None:
    import subprocess
    import sys

    code = ("import sys, datetime; from kiosk import i18n; i18n.format_riel(1200000, 'km'); "
            "i18n.format_usd(12.5, 'en'); i18n.format_date(datetime.date(2026, 1, 5), 'km'); "
            "print('babel' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout.strip() == "False"
