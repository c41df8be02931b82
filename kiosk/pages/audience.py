"""Who sees what: the product's rules about audiences, in one place.

- A worker sees the benefits and checklists for workers; an employer, staff and a visitor who
  has not said who they are see every benefit (an employer needs to know what the workers get).
- Previous and Next on a benefit walk through the visitor's benefits.
- Claims are listed in the order of the benefits they claim; the employer's own lists last.
- The checklist of the first duty that has one is the business's registration.
- Staff see the staff view of a benefit (conditions, confidence, legal basis, sources, review).
"""
from __future__ import annotations

from kiosk.content.library import Library
from kiosk.content.model import Benefit, Checklist

STAFF = "staff"


def content_audience(audience: str | None) -> str | None:
    """The content audience a visitor's records are filtered by (None: everything)."""
    return "worker" if audience == "worker" else None


def benefits_for(library: Library, audience: str | None) -> list[Benefit]:
    return library.benefits(content_audience(audience))


def benefit_walk(library: Library, audience: str | None, current: str) -> list[str]:
    """The benefit ids Previous and Next go through: the visitor's benefits (and `current`,
    when a link led to one outside them)."""
    ids = [b.id for b in benefits_for(library, audience)]
    return ids if current in ids else [current]


def checklists_for(library: Library, audience: str | None) -> list[Checklist]:
    """The claim checklists a visitor can open from "Make a claim", in benefit order."""
    order = {b.id: i for i, b in enumerate(library.benefits())}
    return sorted(library.checklists(content_audience(audience)),
                  key=lambda c: order.get(c.benefit or "", len(order)))


def registration_checklist(library: Library) -> str | None:
    """The checklist of the first duty that has one: registering the business."""
    return next((d.checklist for d in library.duties() if d.checklist), None)


def sees_staff_detail(audience: str | None) -> bool:
    return audience == STAFF
