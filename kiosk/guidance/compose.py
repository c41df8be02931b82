"""Content records (and a decision) turned into a printable `Document`, in one language.

Every print carries the same ending: "this is guidance, not a decision", the hotline 1286, the
content version and the date the content was reviewed, and a QR code to the same guidance online.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kiosk.content.library import Library
from kiosk.content.model import Benefit, Checklist, Record
from kiosk.device import DEFAULT_QR_URL
from kiosk.guidance.documents import (
    Block,
    Callout,
    Document,
    Footer,
    Heading,
    Item,
    Para,
    StepItem,
)
from kiosk.guidance.qr import guidance_url
from kiosk.i18n import N_, format_date, native_digits, tr

if TYPE_CHECKING:
    from kiosk.eligibility import Decision

HOTLINE = "1286"

ACTORS: dict[str, tuple[str, str]] = {  # actor -> (label, icon)
    "worker": (N_("Worker"), "account-hard-hat"),
    "employer": (N_("Employer"), "domain"),
    "nssf": (N_("NSSF"), "office-building"),
    "facility": (N_("Health facility"), "hospital-building"),
    "family": (N_("Family"), "account-group"),
    "staff": (N_("NSSF staff"), "account-tie"),
}

# The outcome's words come from the rules (Decision.outcome_text); the picture from here.
OUTCOME_ICONS: dict[str, str] = {
    "eligible": "check-circle",
    "not_eligible": "close-circle",
    "not_yet": "calendar-clock",
    "unknown": "help-circle",
    "ask_staff": "account-tie",
}


def footer(locale: str, record: Record | None, version: int, printed: dt.date) -> Footer:
    meta = []
    if record is not None:
        meta.append(tr("Content version {version}, reviewed {date}", locale).format(
            version=native_digits(str(version), locale), date=format_date(record.reviewed_on, locale)))
    meta.append(tr("Printed {date}", locale).format(date=format_date(printed, locale)))
    if record is not None and record.review == "sample":
        meta.append(tr("Sample text: not yet approved by NSSF.", locale))
    return Footer(
        not_a_decision=tr("This is guidance, not a decision.", locale),
        check=tr("Check with NSSF staff or call 1286.", locale),
        hotline=tr("NSSF hotline: 1286", locale),
        meta=tuple(meta),
        page=tr("Page {page} of {pages}", locale),
    )


def _document(library: Library, locale: str, kind: str, rid: str, title: str, icon: str,
              label: str, blocks: list[Block], record: Record, url: str,
              printed: dt.date | None) -> Document:
    version = library.meta.content_version
    return Document(
        locale=locale, kind=kind, id=rid, title=title, icon=icon, label=label,
        institution=tr("National Social Security Fund (NSSF)", locale),
        blocks=tuple(blocks), url=url,
        qr_caption=tr("Scan to read this on your phone", locale),
        footer=footer(locale, record, version, printed or dt.date.today()),
        content_version=version, reviewed_on=record.reviewed_on,
    )


def document_items(checklist: Checklist, locale: str, ticks: Iterable[str] | None) -> list[Block]:
    """The documents of a checklist: "you have" and "still to bring" when ticks were given."""
    def item(doc: Any, mark: str) -> Item:
        details = [doc.where.get(locale)]
        if doc.note:
            details.append(doc.note.get(locale))
        return Item(doc.name.get(locale), doc.icon, tuple(details), mark)  # type: ignore[arg-type]

    held = set(ticks or ())
    if not held:
        return [Heading(tr("Documents to bring", locale), "bag-personal"),
                *(item(doc, "need") for doc in checklist.documents)]
    blocks: list[Block] = []
    have = [doc for doc in checklist.documents if doc.id in held]
    need = [doc for doc in checklist.documents if doc.id not in held]
    if have:
        blocks.append(Heading(tr("You have", locale), "checkbox-marked-circle-outline"))
        blocks += [item(doc, "have") for doc in have]
    if need:
        blocks.append(Heading(tr("Still to bring", locale), "bag-personal"))
        blocks += [item(doc, "need") for doc in need]
    return blocks


def step_items(checklist: Checklist, locale: str) -> list[Block]:
    blocks: list[Block] = [Heading(tr("Steps", locale), "format-list-numbered")]
    for number, step in enumerate(checklist.steps, start=1):
        label, actor_icon = ACTORS.get(step.who, (step.who, "account"))
        details = [(actor_icon, tr("Who: {who}", locale).format(who=tr(label, locale)))]
        if step.where:
            details.append(("map-marker", tr("Where: {where}", locale).format(
                where=step.where.get(locale))))
        if step.deadline:
            details.append(("clock-outline", tr("By when: {deadline}", locale).format(
                deadline=step.deadline.get(locale))))
        blocks.append(StepItem(native_digits(str(number), locale), step.text.get(locale),
                               step.icon, tuple(details)))
    return blocks


def benefit_document(library: Library, benefit_id: str, locale: str, *,
                     ticks: Iterable[str] | None = None, qr_pattern: str = DEFAULT_QR_URL,
                     printed: dt.date | None = None) -> Document:
    benefit: Benefit = library.benefit(benefit_id)
    checklist = library.checklist(benefit.checklist)
    t = lambda text: text.get(locale)  # noqa: E731 - a local shorthand, read four times below
    blocks: list[Block] = [
        Para(t(benefit.summary), "lead"),
        Heading(tr("What you get", locale), "gift-outline"),
        Para(t(benefit.what_you_get)),
    ]
    if benefit.amount:
        blocks += [Heading(tr("How much", locale), "cash"), Para(t(benefit.amount))]
    blocks += [
        Heading(tr("Who can get it", locale), "account-check-outline"),
        Para(t(benefit.who_can_get)),
        Heading(tr("How to claim", locale), "clipboard-text-outline"),
        Para(t(benefit.how_to_claim)),
        *document_items(checklist, locale, ticks),
    ]
    if benefit.gaps:
        blocks += [Heading(tr("Ask to be sure", locale), "help-circle-outline"), Para(t(benefit.gaps))]
    if benefit.legal_basis:
        blocks.append(Para(tr("Legal basis", locale) + ": " + t(benefit.legal_basis), "staff"))
    url = guidance_url(benefit.id, locale, library.meta.content_version, pattern=qr_pattern,
                       have=_known(checklist, ticks))
    return _document(library, locale, "benefit", benefit.id, t(benefit.title), benefit.icon,
                     tr("Benefit", locale), blocks, benefit, url, printed)


def checklist_document(library: Library, rid: str, locale: str, *,
                       ticks: Iterable[str] | None = None, qr_pattern: str = DEFAULT_QR_URL,
                       printed: dt.date | None = None) -> Document:
    """A claim checklist by its id, or the checklist of a benefit given the benefit id."""
    checklist = library.checklist(rid)
    icon = "clipboard-check-outline"
    if checklist.benefit:
        icon = library.benefit(checklist.benefit).icon
    blocks: list[Block] = []
    if checklist.intro:
        blocks.append(Para(checklist.intro.get(locale), "lead"))
    blocks += document_items(checklist, locale, ticks)
    blocks += step_items(checklist, locale)
    if checklist.penalty:
        blocks += [Heading(tr("If it is not done", locale), "gavel"),
                   Para(checklist.penalty.get(locale))]
    if checklist.gaps:
        blocks += [Heading(tr("Ask to be sure", locale), "help-circle-outline"),
                   Para(checklist.gaps.get(locale))]
    url = guidance_url(checklist.id, locale, library.meta.content_version, pattern=qr_pattern,
                       have=_known(checklist, ticks))
    return _document(library, locale, "checklist", checklist.id, checklist.title.get(locale), icon,
                     tr("Claim checklist", locale), blocks, checklist, url, printed)


def _known(checklist: Checklist, ticks: Iterable[str] | None) -> list[str]:
    """The ticked documents that are in the checklist, in its order (never free text)."""
    held = set(ticks or ())
    return [doc.id for doc in checklist.documents if doc.id in held]


def decide(benefit_id: str, facts: Mapping[str, Any], locale: str, rules: Any = None,
           library: Library | None = None) -> Decision:
    """The rule book's decision: the given RuleBook, else the rules the library's bundle
    carries (else the checkout's)."""
    from kiosk.eligibility import load_rules, rules_of_library

    if rules is not None:
        book = rules
    else:
        book = rules_of_library(library) if library is not None else load_rules()
    return book.decide(benefit_id, dict(facts), locale)


def decision_document(library: Library, decision: Decision, locale: str, *,
                      qr_pattern: str = DEFAULT_QR_URL, printed: dt.date | None = None) -> Document:
    """The answer to "can I get it?": outcome, why, an estimate, what to do next."""
    decision = decision.in_locale(locale)
    benefit = library.benefit(decision.benefit)
    icon = OUTCOME_ICONS.get(decision.outcome, "account-tie")
    blocks: list[Block] = [Callout(icon, decision.outcome_text[locale], decision.headline)]
    if decision.until:  # not yet: the condition still to meet
        blocks += [Heading(tr("When you can get it", locale), "calendar-clock"),
                   Para(decision.until[locale])]
    # the reason that matters most (the deciding one, or the first open question) is the
    # callout's text already
    reasons = [r for r in decision.reasons if r.text != decision.headline]
    if reasons:
        blocks.append(Heading(tr("Why", locale), "comment-question-outline"))
        marks = {True: "held", False: "failed", None: "open"}
        blocks += [Item(r.text, None, (), marks[r.held]) for r in reasons]  # type: ignore
    if decision.estimate is not None:
        blocks.append(Heading(tr("How much you may get", locale), "cash"))
        blocks += [Para(line) for line in decision.estimate.text(locale).splitlines() if line]
    step = decision.next_step or {}
    if step.get(locale):
        blocks += [Heading(tr("What to do next", locale), "arrow-right-bold-circle-outline"),
                   Para(step[locale])]
    if step.get("checklist"):
        blocks += document_items(library.checklist(step["checklist"]), locale, None)
    if benefit.gaps:
        blocks += [Heading(tr("Ask to be sure", locale), "help-circle-outline"),
                   Para(benefit.gaps.get(locale))]
    sources = [r.source for r in decision.reasons if r.condition == decision.decided_by]
    if sources:
        blocks.append(Para(tr("Rule source", locale) + ": " + sources[0], "staff"))
    url = guidance_url(benefit.id, locale, library.meta.content_version, pattern=qr_pattern,
                       outcome=decision.outcome)
    return _document(library, locale, "decision", benefit.id, benefit.title.get(locale),
                     benefit.icon, tr("Can I get it?", locale), blocks, benefit, url, printed)


KHMER_SAMPLE = "ប្រាក់បំណាច់មាតុភាព ស្ត្រី ទៅ អត្តសញ្ញាណប័ណ្ណ ៧០% ១២៨៦"


def test_document(locale: str, *, kiosk_name: str = "", printer: str = "",
                  version: int = 0, qr_pattern: str = DEFAULT_QR_URL,
                  printed: dt.date | None = None) -> Document:
    """A page for staff to check a printer: Khmer shaping, icons, the QR code, the edges."""
    printed = printed or dt.date.today()
    blocks: list[Block] = [
        Para(tr("If the Khmer line below reads correctly and a phone can scan the code, "
                "the printer works.", locale), "lead"),
        Para(KHMER_SAMPLE),
        Para("Latin 0123456789 %"),
        Item(tr("Icons as on the screen", locale), "card-account-details",
             (tr("Kiosk: {name}", locale).format(name=kiosk_name or "-"),
              tr("Printer: {name}", locale).format(name=printer or tr("Default printer", locale))),
             "have"),
    ]
    url = guidance_url("home", locale, version, pattern=qr_pattern)
    return Document(
        locale=locale, kind="test", id="test", title=tr("Printer test page", locale),
        icon="printer-check", label=tr("For NSSF staff", locale),
        institution=tr("National Social Security Fund (NSSF)", locale), blocks=tuple(blocks),
        url=url, qr_caption=tr("Scan to read this on your phone", locale),
        footer=footer(locale, None, version, printed), content_version=version,
    )
