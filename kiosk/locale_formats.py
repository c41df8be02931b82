"""The CLDR data the kiosk formats numbers, money and dates with, taken from babel once and kept
in `kiosk/locale/formats.json`.

At run time the kiosk formats with these few symbols and names (kiosk/i18n.py) instead of
loading babel's whole locale data (its km and en data stay in memory as ~4.6 MiB of Python
objects, all day, for a dozen symbols and twelve month names). The file is written from babel
by `make catalogs` (`python -m kiosk.locale_formats`), and a test checks both that it is what
babel says now and that every format agrees with babel's own.
"""
from __future__ import annotations

import json
import sys

from kiosk.paths import LOCALE_DIR

FORMATS_FILE = LOCALE_DIR / "formats.json"
NUMBERING = {"km": "khmr", "en": "latn"}


def from_babel(locales: tuple[str, ...] = ("km", "en")) -> dict[str, dict]:
    from babel import Locale
    from babel.numbers import get_currency_symbol

    out: dict[str, dict] = {}
    for code in locales:
        locale = Locale.parse(code)
        symbols = locale.number_symbols[NUMBERING[code]]
        out[code] = {
            "numbering": NUMBERING[code],
            "group": symbols["group"],
            "decimal": symbols["decimal"],
            "minus": symbols.get("minusSign", "-"),
            "currency_pattern": locale.currency_formats["standard"].pattern,
            "usd": get_currency_symbol("USD", code),
            "months": [locale.months["format"]["wide"][m] for m in range(1, 13)],
        }
    return out


def write() -> None:
    FORMATS_FILE.write_text(json.dumps(from_babel(), ensure_ascii=False, indent=1) + "\n",
                            encoding="utf-8")


if __name__ == "__main__":
    write()
    print(f"wrote {FORMATS_FILE}", file=sys.stderr)
