"""Contacts and offices: the hotline big, then the website and the offices, all from content.
The first office (in content order) with a phone number is the hotline: 1286 today, and
whatever the content team sets tomorrow."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library
from kiosk.i18n import native_digits, tr
from kiosk.pages import icons
from kiosk.pages.parts import Line


def phone_text(number: str, locale: str) -> str:
    """A phone number as people read it: Khmer digits, and the Latin ones a phone keypad shows."""
    native = native_digits(number, locale)
    return f"{native} ({number})" if native != number else number


@dataclass(frozen=True)
class Hotline:
    id: str
    call: str  # "Questions? Call NSSF"
    number: str
    name: str
    hours: str | None
    icon: str


@dataclass(frozen=True)
class OfficeCard:
    id: str
    name: str
    icon: str
    lines: tuple[Line, ...]  # address, phone, website, hours: those it has


@dataclass(frozen=True)
class ContactsPage:
    title: str
    hotline: Hotline | None
    offices: tuple[OfficeCard, ...]  # the rest, in content order


def contacts_page(library: Library, locale: str) -> ContactsPage:
    offices = library.offices()
    hot = next((o for o in offices if o.phone), None)
    open_text = tr("Open: {hours}", locale)
    hotline = None
    if hot is not None:
        hotline = Hotline(hot.id, tr("Questions? Call NSSF", locale),
                          phone_text(hot.phone or "", locale), hot.name.get(locale),
                          open_text.format(hours=hot.hours.get(locale)) if hot.hours else None,
                          hot.icon)
    cards = []
    for office in offices:
        if office is hot:
            continue
        lines = [
            (icons.WHERE, office.address.get(locale) if office.address else None),
            (icons.PHONE, phone_text(office.phone, locale) if office.phone else None),
            (icons.WEB, office.website.removeprefix("https://") if office.website else None),
            (icons.HOURS, open_text.format(hours=office.hours.get(locale))
             if office.hours else None),
        ]
        cards.append(OfficeCard(office.id, office.name.get(locale), office.icon,
                                tuple(Line(icon, text) for icon, text in lines if text)))
    return ContactsPage(tr("Contacts and offices", locale), hotline, tuple(cards))
