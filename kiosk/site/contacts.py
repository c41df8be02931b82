"""Contacts on the phone, from the kiosk's contacts page model (kiosk.pages.contacts): the
hotline to call with one tap, then every other office by kind (`contacts.html`), and each on a
page of its own (`office-<id>.html`: what a link to an office, and the index, open). A phone
site is the same for everyone, so no office is "you are here".
"""
from __future__ import annotations

from kiosk.content.library import Library
from kiosk.pages import icons
from kiosk.pages.contacts import ContactsPage, Hotline, OfficeCard, contacts_page
from kiosk.site.html import Writer, attr, item_page, join
from kiosk.site.pages import SitePage, kind_line, title_line


def _office_record(library: Library, office_id: str):  # noqa: ANN202 - a content Office
    return next(o for o in library.offices() if o.id == office_id)


def _hotline(w: Writer, library: Library, hot: Hotline) -> str:
    number = _office_record(library, hot.id).phone or ""
    hours = f"<small>{w.words(hot.hours)}</small>" if hot.hours else ""
    return (f'<a class="hotline" id="{attr(hot.id)}" href="tel:{attr(number)}">'
            f'{w.icon(hot.icon, "i big")}<span><small>{w.words(hot.call)}</small>'
            f"<strong>{w.words(hot.number)}</strong>{w.words(hot.name)}{hours}</span></a>")


def _lines(w: Writer, office: OfficeCard) -> str:
    return join(w.line(line) for line in office.lines)


def contacts_site_page(library: Library, locale: str) -> SitePage:
    w = Writer(locale)
    page = contacts_page(library, locale)
    parts = [title_line(w, icons.PHONE, page.title)]
    if page.hotline is not None:
        parts.append(_hotline(w, library, page.hotline))
    for office in page.offices:
        parts.append(f'<article class="card" id="{attr(office.id)}">'
                     f"{w.item_heading(2, 'offices', office.id, office.icon, office.name)}"
                     f"{_lines(w, office)}</article>")
    return SitePage("contacts", page.title, join(parts), w.icons, "contacts")


def office_site_page(library: Library, office_id: str, locale: str) -> SitePage:
    """One office (the hotline too): its address, province, phone, website and hours."""
    w = Writer(locale)
    page: ContactsPage = contacts_page(library, locale, card=office_id)
    record = _office_record(library, office_id)
    if page.hotline is not None and page.hotline.id == office_id:
        title, icon = page.hotline.name, page.hotline.icon
        body = _hotline(w, library, page.hotline)
    else:
        office = next(o for o in page.offices if o.id == office_id)
        title, icon, body = office.name, office.icon, _lines(w, office)
    parts = [kind_line(w, icons.PHONE, page.title), title_line(w, icon, title), body,
             f'<nav class="actions">{w.tile("contacts.html", icons.PHONE, page.title)}</nav>']
    return SitePage(item_page("offices", office_id), title, join(parts), w.icons, "office", record)
