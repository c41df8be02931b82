"""Locales, interface strings and the formatting of numbers, money and dates.

Interface strings live in gettext catalogs under `kiosk/locale/` (extracted and compiled with
pybabel: `make catalogs`); content texts carry both languages themselves. Numbers and dates come
from babel's CLDR data, taken from babel once into kiosk/locale/formats.json (kiosk/locale_formats
.py; a test checks every format against babel's own), so the kiosk does not hold babel's whole
locale data in memory. Khmer text uses the native numbering system `khmr`, whose CLDR symbols
group with "." and mark decimals with "," (១.២០០.០០០ រៀល), written with Khmer digits.
"""
from __future__ import annotations

import datetime as dt
import gettext as _gettext
import json
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
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


@cache
def _formats(locale: str) -> dict:
    """The CLDR symbols, patterns and month names of `locale`, as babel gives them
    (kiosk/locale_formats.py writes them to kiosk/locale/formats.json)."""
    data = json.loads((LOCALE_DIR / "formats.json").read_text(encoding="utf-8"))
    return data[locale] if locale in data else data["en"]


def _digits(number: Decimal, locale: str) -> str:
    """`number` (already rounded) with the locale's grouping and decimal marks, Latin digits:
    CLDR's `#,##0` grouping (threes), which both languages use."""
    f = _formats(locale)
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = f["group"].join([whole, *groups]) + (f["decimal"] + fraction if fraction else "")
    return (f["minus"] if number.is_signed() else "") + text


def _rounded(value: float | int | Decimal, decimals: int) -> Decimal:
    # as babel: a float by its shortest repr, rounded half to even
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)


def format_number(value: float | int | Decimal, locale: str, *, decimals: int = 0) -> str:
    """`value` as CLDR writes it in `locale` (babel's `#,##0[.00]`), in the locale's digits."""
    return native_digits(_digits(_rounded(value, decimals), locale), locale)


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
    """Dollars in the locale's currency pattern (`¤#,##0.00`: $12.50; `#,##0.00¤`: ១២,៥០$)."""
    f = _formats(locale)
    number = _rounded(Decimal(str(amount)), 2)
    sign = f["minus"] if number.is_signed() else ""
    shown = f["currency_pattern"].split(";")[0].replace("#,##0.00", _digits(abs(number), locale))
    return native_digits(sign + shown.replace("¤", f["usd"]), locale)


def format_date(day: dt.date, locale: str) -> str:
    """A date as people write it (CLDR `d MMMM y`): `26 វិច្ឆិកា ២០២៦` or `26 November 2026`."""
    month = _formats(locale)["months"][day.month - 1]
    return native_digits(f"{day.day} {month} {day.year}", locale)


def format_month(day: dt.date, locale: str) -> str:
    """A month of a year (CLDR `MMMM y`): `មករា ២០២៧` or `January 2027`."""
    month = _formats(locale)["months"][day.month - 1]
    return native_digits(f"{month} {day.year}", locale)


def format_datetime(moment: dt.datetime, locale: str) -> str:
    """CLDR `d MMMM y HH:mm`."""
    return format_date(moment, locale) + native_digits(f" {moment:%H:%M}", locale)


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
