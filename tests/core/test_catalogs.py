"""Every interface string in the code has a Khmer translation, and the compiled catalog is current."""
from __future__ import annotations

from io import BytesIO
from string import Formatter

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from kiosk.paths import LOCALE_DIR, ROOT

# as the Makefile's CATALOG_KEYWORDS: tr/N_, a message (Msg) and the errors made from one
KEYWORDS = {"tr": None, "N_": None, "Msg": None, "KioskError": None, "SyncError": None,
            "PrintError": None, "UnsafePath": None, "SyncTimedOut": None, "FactError": (2,)}
PO = LOCALE_DIR / "km" / "LC_MESSAGES" / "messages.po"
MO = LOCALE_DIR / "km" / "LC_MESSAGES" / "messages.mo"


def code_strings() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("kiosk", "ui"):
        for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            text = message[0] if isinstance(message, tuple) else message
            if text:
                found.setdefault(text, f"{folder}/{filename}:{lineno}")
    return found


def test_every_interface_string_has_khmer() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="km")
    missing = [f"{where}: {text!r}" for text, where in sorted(code_strings().items())
               if not (catalog.get(text) and catalog.get(text).string)]
    assert not missing, "no Khmer in kiosk/locale/km/LC_MESSAGES/messages.po for:\n" + "\n".join(missing)


def test_compiled_catalog_matches_po() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="km")
    with MO.open("rb") as fh:
        compiled = read_mo(fh)
    want = {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}
    have = {m.id: m.string for m in compiled if m.id}
    assert have == want, "messages.mo is out of date: run `make catalogs` (pybabel compile)"
    buf = BytesIO()
    write_mo(buf, catalog)  # the .po itself must compile


def _fields(text: str) -> list[tuple[str, str, str | None]]:
    return sorted((name, spec, conversion) for _lit, name, spec, conversion
                  in Formatter().parse(text) if name is not None)


def test_translations_keep_the_fields_of_their_english() -> None:
    """A message's values are put into its translation by name ({path}, {seconds:g}): a
    translation that drops, renames or reformats one would say something else, or nothing."""
    with PO.open("rb") as fh:
        catalog = read_po(fh, locale="km")
    wrong = []
    for text in sorted(code_strings()):
        message = catalog.get(text)
        if message is None or not message.string or "{" not in text:
            continue
        try:
            if _fields(message.string) != _fields(text):
                wrong.append(f"{text!r} -> {message.string!r}")
        except ValueError as exc:  # an unbalanced brace
            wrong.append(f"{text!r} -> {message.string!r} ({exc})")
    assert not wrong, "translations whose {fields} differ from the English:\n" + "\n".join(wrong)
