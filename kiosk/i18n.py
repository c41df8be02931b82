"""Locales, interface strings and the formatting of numbers, money and dates.

Interface strings live in gettext catalogs under `kiosk/locale/` (extracted and compiled with
pybabel: `make catalogs`); content texts carry both languages themselves. Numbers and dates come
from babel's CLDR data. Khmer text uses the native numbering system `khmr`, whose CLDR symbols
group with "." and mark decimals with "," (១.២០០.០០០ រៀល); babel applies those symbols but still
writes Latin digits, so the Khmer side maps the digits after formatting.
"""
from __future__ import annotations

import datetime as dt
import gettext as _gettext
from decimal import ROUND_HALF_UP, Decimal
from functools import cache

from kiosk.paths import LOCALE_DIR

LOCALES: tuple[str, ...] = ("km", "en")
DEFAULT_LOCALE = "km"
LOCALE_NAMES = {"km": "ខ្មែរ", "en": "English"}
DOMAIN = "messages"

_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
_LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        from kiosk.errors import KioskError

        raise KioskError(f"unknown language {locale!r}: use one of {', '.join(LOCALES)}")
    return locale


@cache
def _catalog(locale: str) -> _gettext.NullTranslations:
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[locale], fallback=True)


def tr(message: str, locale: str) -> str:
    """The interface string `message` (its English text is the msgid) in `locale`."""
    if locale == "en":
        return message
    return _catalog(locale).gettext(message)


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Marks a string for extraction where it is translated later with `tr`."""
    return message


def native_digits(text: str, locale: str) -> str:
    """Latin digits to the locale's own digits (Khmer ០-៩ for km)."""
    return text.translate(_KHMER_DIGITS) if locale == "km" else text


def latin_digits(text: str) -> str:
    """Khmer digits back to Latin ones (for numbers typed on the Khmer keyboard)."""
    return text.translate(_LATIN_DIGITS)


def _numbering(locale: str) -> str:
    return "khmr" if locale == "km" else "latn"


def format_number(value: float | int | Decimal, locale: str, *, decimals: int = 0) -> str:
    from babel import numbers as babel_numbers  # babel loads on first use, after the first paint

    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = babel_numbers.format_decimal(value, format=pattern, locale=locale,
                                        numbering_system=_numbering(locale))
    return native_digits(text, locale)


def format_percent(value: float | Decimal, locale: str) -> str:
    """`value` in percent points (70 -> 70%)."""
    number = Decimal(str(value))
    decimals = 0 if number == number.to_integral() else 1
    return format_number(number, locale, decimals=decimals) + "%"


def round_riel(amount: float | Decimal) -> int:
    return int(Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_riel(amount: float | int | Decimal, locale: str) -> str:
    """Riel have no minor unit in daily use: whole riel, with the word people say."""
    number = format_number(round_riel(amount), locale)
    return f"{number} រៀល" if locale == "km" else f"{number} riel"


def format_usd(amount: float | int | Decimal, locale: str) -> str:
    from babel import numbers as babel_numbers

    text = babel_numbers.format_currency(Decimal(str(amount)), "USD", locale=locale,
                                         numbering_system=_numbering(locale))
    return native_digits(text, locale)


def format_date(day: dt.date, locale: str) -> str:
    """A date as people write it: `26 វិច្ឆិកា ២០២៦` or `26 November 2026`."""
    from babel import dates as babel_dates

    text = babel_dates.format_date(day, format="d MMMM y", locale=locale)
    return native_digits(text, locale)


def format_datetime(moment: dt.datetime, locale: str) -> str:
    from babel import dates as babel_dates

    text = babel_dates.format_datetime(moment, format="d MMMM y HH:mm", locale=locale)
    return native_digits(text, locale)


def parse_number(text: str, locale: str = "en") -> float:
    """A number typed with Khmer or Latin digits and the locale's grouping marks."""
    plain = latin_digits(text).strip()
    if locale == "km" or any(is_khmer_digit(ch) for ch in text):
        plain = plain.replace(".", "").replace(",", ".")
    else:
        plain = plain.replace(",", "")
    return float(plain)


def is_khmer_digit(ch: str) -> bool:
    return "០" <= ch <= "៩"


def khmer_break_points(text: str) -> str:
    """`text` with a zero-width space where a Khmer line may break: the one word breaker of
    screen and paper, `kiosk.text.breaks` (kept here for older callers)."""
    from kiosk.text.breaks import with_break_hints

    return with_break_hints(text)
