"""Contacts and offices: the hotline big, then every other way to reach NSSF the content has,
grouped by kind (the website, the head office, branch offices), each with its province, its
hours (or "hours not known: call 1286"), its map picture when there is one, and "you are here"
on the office the kiosk's location setting names (`Library.office_here`).

The first office (in content order) with a phone number is the hotline: 1286 today, and
whatever the content team sets tomorrow. A search hit on an office opens this page at its card
(`card`: the office's id), which the screen scrolls to and marks."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.library import Library
from kiosk.content.model import Office
from kiosk.i18n import N_, native_digits, tr
from kiosk.pages import icons
from kiosk.pages.parts import Line
from kiosk.paths import ASSETS

# the kinds in the order people use them, with each group's heading and picture
KINDS: tuple[tuple[str, str, str], ...] = (
    ("hotline", N_("Call"), icons.PHONE),
    ("website", N_("On the internet"), icons.WEB),
    ("head-office", N_("Head office"), "office-building"),
    ("branch", N_("Branch offices"), icons.WHERE),
)
HERE = "map-marker-account"  # "you are here"
PROVINCE = "map-outline"


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
    lines: tuple[Line, ...]  # address, province, phone, website, hours: those it has
    map: str | None = None  # a picture of where it is, under assets/
    here: Line | None = None  # "You are here": the office this kiosk stands in
    marked: bool = False  # the card a search hit asked for

    @property
    def map_file(self) -> str | None:
        """The map picture's file on this machine (None: no map)."""
        return str(ASSETS / self.map) if self.map else None


@dataclass(frozen=True)
class OfficeGroup:
    key: str  # the offices' kind
    heading: str
    icon: str
    offices: tuple[OfficeCard, ...]


@dataclass(frozen=True)
class ContactsPage:
    title: str
    hotline: Hotline | None
    groups: tuple[OfficeGroup, ...]  # every other office, by kind, in content order within
    here: Line | None  # "This kiosk is at NSSF head office", when the location names one
    card: str | None  # the office a search hit opened this page at

    @property
    def offices(self) -> tuple[OfficeCard, ...]:
        return tuple(o for g in self.groups for o in g.offices)


def _card(office: Office, locale: str, here: Office | None, card: str | None) -> OfficeCard:
    open_text = tr("Open: {hours}", locale)
    hours = None
    if office.hours is not None:
        hours = open_text.format(hours=office.hours.get(locale))
    elif office.is_place:  # a place people walk to: say that its hours are not known here
        hours = tr("Hours not known: call 1286", locale)
    lines = [
        (icons.WHERE, office.address.get(locale) if office.address else None),
        (PROVINCE, tr("Province: {province}", locale).format(province=office.province.get(locale))
         if office.province else None),
        (icons.PHONE, phone_text(office.phone, locale) if office.phone else None),
        (icons.WEB, office.website.removeprefix("https://") if office.website else None),
        (icons.HOURS, hours),
    ]
    marker = None
    if here is not None and office.id == here.id:
        marker = Line(HERE, tr("You are here", locale))
    return OfficeCard(office.id, office.name.get(locale), office.icon,
                      tuple(Line(icon, text) for icon, text in lines if text), office.map,
                      marker, office.id == card)


def contacts_page(library: Library, locale: str, *, location: str = "",
                  card: str | None = None) -> ContactsPage:
    """`location`: the kiosk's location setting (marks "you are here"); `card`: an office id."""
    offices = library.offices()
    here = library.office_here(location) if location else None
    hot = next((o for o in offices if o.phone), None)
    hotline = None
    if hot is not None:
        open_text = tr("Open: {hours}", locale)
        hotline = Hotline(hot.id, tr("Questions? Call NSSF", locale),
                          phone_text(hot.phone or "", locale), hot.name.get(locale),
                          open_text.format(hours=hot.hours.get(locale)) if hot.hours else None,
                          hot.icon)
    rest = [o for o in offices if o is not hot]
    groups = []
    known = {kind for kind, _, _ in KINDS}
    for kind, heading, icon in KINDS:
        cards = tuple(_card(o, locale, here, card) for o in rest
                      if o.kind == kind or (kind == "branch" and o.kind not in known))
        if cards:
            groups.append(OfficeGroup(kind, tr(heading, locale), icon, cards))
    here_line = None
    if here is not None:
        here_line = Line(HERE, tr("This kiosk is at: {office}", locale).format(
            office=here.name.get(locale)))
    found = card if card is not None and any(o.id == card for o in offices) else None
    return ContactsPage(tr("Contacts and offices", locale), hotline, tuple(groups), here_line,
                        found)
