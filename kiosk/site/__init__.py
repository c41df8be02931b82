"""The phone site ("Digital Info Pack"): the kiosk's guidance as static pages for a phone,
built from the same bundle and page models as the screens and the paper, published with the
content (`kiosk publish --site-url URL`) and served by any web server, a CDN, or a kiosk on its
LAN (`kiosk serve`).

    address.py   where the site is (bundle meta, device setting, default) and page addresses
    visit.py     the visit in a QR code's fragment: ticks, outcome, answers (versioned, compact)
    breaks.py    the one call into the Khmer word breaker
    icons.py     the icon font's glyphs as SVG paths
    webfont.py   the Khmer font subset (WOFF2) for exactly the characters the site uses
    html.py      HTML from page-model parts; pages.py one page per kind
    build.py     the whole site in memory, written beside the live one and swapped in
    local.py     a kiosk's own copy, kept in step with its bundle for `kiosk serve`

No Qt here (the core never imports it).
"""
from __future__ import annotations
