"""The staff view of a benefit: the detail front-office officers read, in their language.

Every line is content (conditions, legal basis, how sure the sources are, where they disagree)
or an interface word from the catalogs, so a Khmer-only officer reads it all in Khmer. The
sources stay as the content cites them: they name documents, which are not translated.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.content.model import Benefit
from kiosk.i18n import N_, format_date, tr

LEVELS: dict[str, str] = {
    "high": N_("high"),
    "medium-high": N_("medium to high"),
    "medium": N_("medium"),
    "low-medium": N_("low to medium"),
    "low": N_("low"),
    "disputed": N_("sources disagree"),
}
REVIEW: dict[str, str] = {
    "sample": N_("Sample text: not yet approved by NSSF."),
    "approved": N_("Approved by NSSF."),
}


@dataclass(frozen=True)
class StaffLine:
    """One labelled part of the staff view, with its picture."""

    key: str  # conditions, legal-basis, confidence, conflicts, sources, review
    label: str
    text: str
    icon: str


@dataclass(frozen=True)
class StaffView:
    heading: str
    lines: tuple[StaffLine, ...]

    def line(self, key: str) -> StaffLine | None:
        return next((line for line in self.lines if line.key == key), None)

    def text(self) -> str:
        """The whole view as plain text (a printout, a test)."""
        return "\n".join(f"{line.label}: {line.text}" for line in self.lines)


def confidence_text(benefit: Benefit, locale: str) -> str | None:
    """`The contribution condition: high. The list of services: medium.` in `locale`."""
    if benefit.staff is None:
        return None
    return " ".join(tr("{about}: {level}.", locale).format(
        about=item.about.get(locale), level=tr(LEVELS[item.level], locale))
        for item in benefit.staff.confidence)


def staff_view(benefit: Benefit, locale: str) -> StaffView:
    lines: list[StaffLine] = []

    def add(key: str, label: str, text: str | None, icon: str) -> None:
        if text:
            lines.append(StaffLine(key, tr(label, locale), text, icon))

    detail = benefit.staff
    add("conditions", N_("Conditions"),
        detail.conditions.get(locale) if detail else tr("Not written yet for this benefit.", locale),
        "format-list-checks")
    add("legal-basis", N_("Legal basis"),
        benefit.legal_basis.get(locale) if benefit.legal_basis else None, "scale-balance")
    add("confidence", N_("How sure the sources are"), confidence_text(benefit, locale),
        "gauge")
    add("conflicts", N_("Where sources disagree"),
        detail.conflicts.get(locale) if detail and detail.conflicts else None, "call-split")
    add("sources", N_("Sources"), "; ".join(benefit.sources), "book-open-variant")
    add("review", N_("Review status"), tr(REVIEW[benefit.review], locale) + " " + tr(
        "Checked on {date}.", locale).format(date=format_date(benefit.reviewed_on, locale)),
        "clipboard-check-outline")
    return StaffView(tr("For staff", locale), tuple(lines))
