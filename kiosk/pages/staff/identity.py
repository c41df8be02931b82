"""The panel's "Name and location" page: the kiosk's name and where it stands, typed on the
on-screen keyboard, checked, then saved to the device settings.

The checks are the settings' own (kiosk/device.py: a name of 1 to 80 characters, a location of
up to 120, no control characters), worded here for staff in their language; spaces at either
end are dropped, and runs of spaces made one, as a keyboard leaves them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.device import Device, Settings
from kiosk.i18n import format_number, tr
from kiosk.pages.parts import Button, Link, route

NAME_MAX, LOCATION_MAX = 80, 120  # kiosk/device.py checks the same (a test holds them together)
FIELDS = ("kiosk_name", "location")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Field:
    key: str  # a setting: kiosk_name, location
    label: str
    max_length: int
    active: bool  # the field the keyboard types into


@dataclass(frozen=True)
class IdentityPage:
    title: str
    intro: str
    fields: tuple[Field, ...]
    problem: str  # why the last Save was refused ("" if it was not)
    save: Button
    back: Link


def tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def identity_problem(name: str, location: str, locale: str) -> str:
    """Why these cannot be saved, in one line ("" if they can)."""
    name, location = tidy(name), tidy(location)
    n = lambda value: format_number(value, locale)  # noqa: E731
    if not name:
        return tr("The kiosk needs a name: type one.", locale)
    if len(name) > NAME_MAX:
        return tr("The name is too long: at most {count} letters.", locale).format(
            count=n(NAME_MAX))
    if len(location) > LOCATION_MAX:
        return tr("The location is too long: at most {count} letters.", locale).format(
            count=n(LOCATION_MAX))
    if Settings.problem("kiosk_name", name) or Settings.problem("location", location):
        return tr("Use letters, digits, spaces and punctuation only.", locale)
    return ""


def save_identity(device: Device, name: str, location: str) -> None:
    """Check and save (KioskError, nothing changed, if the settings refuse them)."""
    name, location = tidy(name), tidy(location)
    saved = device.settings.kiosk_name, device.settings.location
    try:
        device.settings.set("kiosk_name", name)
        device.settings.set("location", location)
        device.save_settings()
    except Exception:
        device.settings.kiosk_name, device.settings.location = saved
        raise


def identity_page(locale: str, *, active: str = "kiosk_name", problem: str = "") -> IdentityPage:
    n = lambda value: format_number(value, locale)  # noqa: E731
    return IdentityPage(
        title=tr("Name and location", locale),
        intro=tr("Tap a line, then type. The name has 1 to {name} letters; the location up to "
                 "{location}, or none.", locale).format(name=n(NAME_MAX), location=n(LOCATION_MAX)),
        fields=(
            Field("kiosk_name", tr("Name of this kiosk", locale), NAME_MAX, active == "kiosk_name"),
            Field("location", tr("Where it stands (office, factory, floor)", locale),
                  LOCATION_MAX, active == "location"),
        ),
        problem=problem,
        save=Button(tr("Save", locale), "content-save"),
        back=Link(tr("Back to the staff panel", locale), "arrow-left", route("staff")),
    )
