"""Where the phone site is, and the address of one of its pages.

Head office publishes the site's address with the content (`kiosk publish --site-url URL`): it
travels in the signed release and lands in each kiosk's bundle (meta `site_url`), so every kiosk
prints the right link after its next sync. A device setting (`site_url`) overrides it: a factory
HR corner whose kiosk feeds phones on its own Wi-Fi (`kiosk serve`). Before either exists (the
content shipped with the app, never published) the default below is printed.

This module is imported by every printout and by the device settings: no heavy imports.
"""
from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from kiosk.i18n import Msg

if TYPE_CHECKING:
    from kiosk.content.library import Library
    from kiosk.device import Settings

DEFAULT_SITE_URL = "https://www.nssf.gov.kh/kiosk"
MAX_URL = 200  # a longer base leaves too little of a QR code for the visit itself


def site_url_problem(value: str) -> Msg | None:
    """Why `value` cannot be the site's address, or None. An http(s) URL with a host, no
    query, fragment, spaces or control characters (it is printed in every QR code)."""
    if not value.startswith(("https://", "http://")):
        return Msg("must start with https:// (or http:// on a local network)")
    if len(value) > MAX_URL:
        return Msg("must be at most {most} characters", most=MAX_URL)
    if any(ord(ch) <= 32 or ord(ch) == 127 for ch in value):
        return Msg("must not hold spaces or control characters")
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError as exc:
        return Msg("is not a URL ({reason})", reason=exc)
    if not parts.hostname:
        return Msg("has no host")
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return Msg("must not carry a query or a fragment (the visit goes there)")
    return None


def normal_site_url(value: str) -> str:
    return value.rstrip("/")


def site_url_for(library: Library | None, settings: Settings | None = None) -> str:
    """The address printed in QR codes: the device's setting, else the bundle's, else the
    default."""
    if settings is not None and settings.site_url:
        return normal_site_url(settings.site_url)
    published = getattr(getattr(library, "meta", None), "site_url", "") if library else ""
    if published and site_url_problem(published) is None:
        return normal_site_url(published)
    return DEFAULT_SITE_URL


def page_url(site: str, locale: str, page: str) -> str:
    """`{site}/{locale}/{page}.html` (page: a record id, or a page of the site's own)."""
    return f"{normal_site_url(site)}/{quote(locale, safe='')}/{quote(page, safe='')}.html"
