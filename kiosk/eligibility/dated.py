"""Parameter values in force on a date, and the record of which ones an answer used.

Evaluation and estimates never read a parameter's value directly: they read it through
`ParamsOn(params, day)`, which picks the value whose date has come (the latest one on or before
the day), so `kiosk eligibility --on 2028-06-01` uses the 2027 pension rate and the decision can
name the value and the date it took effect.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from kiosk.eligibility.model import DatedValue, Parameter
from kiosk.eligibility.text import format_param
from kiosk.errors import KioskError


@dataclass(frozen=True)
class ParamUse:
    """A parameter as an answer used it: its value on the day, since when, and its source."""

    name: str
    value: Decimal
    unit: str
    since: str
    source: str

    def text(self, locale: str) -> str:
        return format_param(self.value, self.unit, locale)

    def to_json(self, locale: str) -> dict[str, Any]:
        number = int(self.value) if self.value == self.value.to_integral_value() else float(self.value)
        return {"name": self.name, "value": number, "unit": self.unit, "text": self.text(locale),
                "since": self.since, "source": self.source}


class ParamsOn(Mapping[str, Decimal]):
    """name -> the value in force on `on`. A parameter with no value yet on that day is a
    KioskError naming it (its first date), never a guess."""

    def __init__(self, params: Mapping[str, Parameter], on: dt.date) -> None:
        self.params = params
        self.on = on
        self._cache: dict[str, DatedValue] = {}
        self.estimates: dict[tuple[Any, ...], Any] = {}  # the same estimate, asked again

    def dated(self, name: str) -> DatedValue:
        found = self._cache.get(name)
        if found is None:
            param = self.params[name]
            found = param.at(self.on)
            if found is None:
                first = param.values[0].since
                raise KioskError("parameter {name} has no value on {day} (its first value takes "
                                 "effect {first})", name=name, day=self.on.isoformat(), first=first)
            self._cache[name] = found
        return found

    def use(self, name: str) -> ParamUse:
        dated = self.dated(name)
        return ParamUse(name, dated.value, self.params[name].unit, dated.since, dated.source)

    def uses(self, names: tuple[str, ...] | list[str]) -> tuple[ParamUse, ...]:
        return tuple(self.use(name) for name in dict.fromkeys(names) if name in self.params)

    def __getitem__(self, name: str) -> Decimal:
        return self.dated(name).value

    def __contains__(self, name: object) -> bool:
        return name in self.params

    def __iter__(self) -> Iterator[str]:
        return iter(self.params)

    def __len__(self) -> int:
        return len(self.params)


def parse_day(text: str) -> dt.date:
    """YYYY-MM-DD, or a KioskError saying so."""
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else _bad(text)
    except ValueError:
        return _bad(text)


def _bad(text: str) -> dt.date:
    raise KioskError("not a date: {text!r} (write YYYY-MM-DD, e.g. 2028-06-01)", text=text)
