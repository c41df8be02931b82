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
import logging
import string
from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import cache
from typing import Any

from kiosk.paths import LOCALE_DIR

_log = logging.getLogger(__name__)

LOCALES: tuple[str, ...] = ("km", "en")
DEFAULT_LOCALE = "km"
LOCALE_NAMES = {"km": "ខ្មែរ", "en": "English"}
DOMAIN = "messages"

_KHMER_DIGITS = str.maketrans("0123456789", "០១២៣៤៥៦៧៨៩")
_LATIN_DIGITS = str.maketrans("០១២៣៤៥៦៧៨៩", "0123456789")


def check_locale(locale: str) -> str:
    if locale not in LOCALES:
        from kiosk.errors import KioskError

        raise KioskError("unknown language {locale!r}: use one of {known}", locale=locale,
                         known=", ".join(LOCALES))
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


class Msg:
    """An interface text in no language yet: its catalog msgid (the English, with `{name}`
    fields) and the values of those fields. Made where a problem is found, put into words where
    a person reads it (`text(locale)`): a screen in the visitor's language, the `kiosk` command
    in English. A value that is itself a Msg is put into the same language; a number is written
    with the language's digits. `make catalogs` extracts the msgid of every `Msg(...)` (and of
    `KioskError(...)` and its kinds: see the Makefile's keywords)."""

    __slots__ = ("args", "msgid")

    def __init__(self, msgid: str, /, **args: object) -> None:
        missing = [name for name in field_names(msgid) if name not in args]
        if missing:  # a bug at the place that made it: found by the test that raises it
            raise TypeError(f"the message {msgid!r} needs {', '.join(missing)}")
        self.msgid = msgid
        self.args: dict[str, Any] = {key: _plain(value) for key, value in args.items()}

    def text(self, locale: str = "en") -> str:
        translated = tr(self.msgid, locale)
        try:
            return _Filler(locale).vformat(translated, (), self.args)
        except (KeyError, IndexError, ValueError, AttributeError):
            if translated == self.msgid:
                raise
            # a translation naming a field its English does not have (the catalog test
            # prevents it): the English, rather than no message at all
            _log.warning("the %s translation of %r does not fit its values", locale, self.msgid)
            return _Filler(locale).vformat(self.msgid, (), self.args)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Msg({self.msgid!r}, {self.args!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.msgid, self.args) == (other.msgid, other.args)

    __hash__ = None  # equal by value: not a dictionary key

    def to_json(self) -> dict[str, Any]:
        """The message as JSON (a sync process tells the app why it failed this way)."""
        return {"msgid": self.msgid,
                "args": {key: value.to_json() if isinstance(value, Msg)
                         else float(value) if isinstance(value, Decimal) else value
                         for key, value in self.args.items()}}

    @classmethod
    def from_json(cls, data: object) -> Msg:
        """A message from `to_json`'s JSON; ValueError for anything else."""
        if isinstance(data, Mapping) and isinstance(data.get("literal"), Mapping):
            texts = data["literal"]
            if not all(isinstance(texts.get(k), str) for k in ("en", "km")):
                raise ValueError("not a message")
            return Literal(texts["en"], texts["km"])
        if not (isinstance(data, Mapping) and isinstance(data.get("msgid"), str)
                and isinstance(data.get("args", {}), Mapping)):
            raise ValueError("not a message")
        args: dict[str, object] = {}
        for key, value in data.get("args", {}).items():
            if isinstance(value, Mapping):
                args[str(key)] = cls.from_json(value)
            elif isinstance(value, str | int | float) and not isinstance(value, bool):
                args[str(key)] = value
            else:
                raise ValueError(f"not a message value: {value!r}")
        try:
            return cls(data["msgid"], **args)
        except TypeError as exc:
            raise ValueError(str(exc)) from None


class Literal(Msg):
    """A text already in words, one per language (a value from outside, or the older
    KioskError(en, km) form): no catalog, no fields."""

    __slots__ = ("texts",)

    def __init__(self, en: str, km: str | None = None) -> None:
        self.msgid, self.args = en, {}
        self.texts = {"en": en, "km": km or en}

    def text(self, locale: str = "en") -> str:
        return self.texts.get(locale, self.texts["en"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Literal) and self.texts == other.texts

    __hash__ = None

    def to_json(self) -> dict[str, Any]:
        return {"literal": dict(self.texts)}


def field_names(msgid: str) -> list[str]:
    """The names of the `{fields}` in a message (`{path}`, `{seconds:g}`, `{value!r}`)."""
    names = []
    for _text, field, _spec, _conversion in string.Formatter().parse(msgid):
        if field is not None:
            name = field.split(".", 1)[0].split("[", 1)[0]
            if not name or name.isdigit():
                raise TypeError(f"the message {msgid!r} has a field without a name")
            names.append(name)
    return names


def _plain(value: object) -> object:
    """What a message keeps of a value: a message, a number or text (so it goes into JSON)."""
    if isinstance(value, Msg):
        return value
    message = getattr(value, "msg", None)
    if isinstance(message, Msg):  # a KioskError inside another message
        return message
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    return str(value)


class _Filler(string.Formatter):
    """`str.format` that puts message values into the message's language."""

    def __init__(self, locale: str) -> None:
        self.locale = locale

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Msg):
            return format(value.text(self.locale), format_spec)
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return native_digits(format(value, format_spec), self.locale)
        return format(value, format_spec)


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
    return tr("{amount} riel", locale).format(amount=number)


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
