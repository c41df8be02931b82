"""Which office this kiosk stands in: its location setting matched to an office of the content.

Staff type the location in the staff panel (or `kiosk settings location=...`). It marks "you are
here" on the contacts when it names a place of the content: its id (`head-office`), or its name
in either language, whatever the case and spacing. Anything else (a factory's HR corner) is a
location of its own and marks nothing.
"""
from __future__ import annotations

from collections.abc import Iterable

from kiosk.content.model import Office


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def office_for_location(offices: Iterable[Office], location: str) -> Office | None:
    wanted = _norm(location or "")
    if not wanted:
        return None
    places = [o for o in offices if o.is_place]
    for office in places:  # the id first: names may change, an id does not
        if office.id == wanted:
            return office
    for office in places:
        if wanted in (_norm(office.name.en), _norm(office.name.km)):
            return office
    return None
