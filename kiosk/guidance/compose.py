"""Page models turned into a printable `Document`, in one language.

The printout of a benefit, a checklist or a decision is made from the same page model as its
screen (kiosk.pages), so the two say the same things with the same pictures; only the layout is
the paper's own. Every print carries the same ending: "this is guidance, not a decision", the
hotline 1286, the content version and the date the content was reviewed, and a QR code to the
same guidance online.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kiosk.content.library import Library
from kiosk.content.model import Record
from kiosk.guidance.documents import (
    KHMER_SAMPLE,
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
from kiosk.i18n import format_date, native_digits, tr
from kiosk.pages import icons
from kiosk.pages.benefit import BenefitPage, benefit_page
from kiosk.pages.checklist import ChecklistPage, PaperGroup, checklist_page
from kiosk.pages.employer import PRINT_ID as EMPLOYER_ID
from kiosk.pages.employer import EmployerPage
from kiosk.pages.guide import GuidePage
from kiosk.pages.monthly import PRINT_ID as MONTHLY_ID
from kiosk.pages.monthly import MonthlyPage
from kiosk.site.address import site_url_for
from kiosk.site.visit import encode_answers, encode_overview

if TYPE_CHECKING:
    from kiosk.eligibility import RuleBook
    from kiosk.pages.decision import DecisionPage
    from kiosk.pages.parts import Section

HOTLINE = "1286"
OVERVIEW_PAGE = "what-you-can-get"  # the phone site's page for "what can I get?"


def _site(library: Library, site_url: str | None) -> str:
    """The site a QR code opens: the one given (the device's setting), else the bundle's."""
    return site_url or site_url_for(library)


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


def qr_caption(locale: str, version: int) -> str:
    """Under the code: what it does, and the content version it was printed from (the phone
    page says so too, and whether it has newer content since)."""
    return tr("Scan to read this on your phone (content version {version})", locale).format(
        version=native_digits(str(version), locale))


def _document(library: Library, locale: str, kind: str, rid: str, title: str, icon: str,
              label: str, blocks: list[Block], record: Record | None, url: str,
              printed: dt.date | None) -> Document:
    """`record`: the content record it prints (its review date in the footer); None for a page
    worked out from the rules alone (an employer's monthly total)."""
    version = library.meta.content_version
    return Document(
        locale=locale, kind=kind, id=rid, title=title, icon=icon, label=label,
        institution=tr("National Social Security Fund (NSSF)", locale),
        blocks=tuple(blocks), url=url,
        qr_caption=qr_caption(locale, version),
        footer=footer(locale, record, version, printed or dt.date.today()),
        content_version=version, reviewed_on=record.reviewed_on if record else None,
    )


def answer_blocks(page: DecisionPage) -> list[Block]:
    """The visitor's answers, question by question: the officer who reads the slip sees what
    was answered without asking again."""
    if not page.answers:
        return []
    return [Heading(page.answers_heading, icons.CHANGE),
            *(Item(a.question, None, (a.answer,)) for a in page.answers)]


def _answers_code(page: DecisionPage) -> str:
    return encode_answers(page.facts, [a.fact for a in page.answers])


def section_blocks(section: Section) -> list[Block]:
    """A titled block of a page (what it is, the example, what is not known...): its heading with
    its icon, then its text."""
    return [Heading(section.heading, section.icon), Para(section.text)]


def paper_blocks(groups: Iterable[PaperGroup]) -> list[Block]:
    """The papers of a checklist under their headings, each with its mark and picture."""
    blocks: list[Block] = []
    for group in groups:
        blocks.append(Heading(group.heading, group.icon))
        blocks += [Item(p.name, p.icon, p.details, p.mark) for p in group.papers]  # type: ignore[arg-type]
    return blocks


def _held(groups: Iterable[PaperGroup]) -> list[str]:
    """The ticked papers, in the checklist's order (ids, never free text): for the QR link."""
    return [p.id for g in groups for p in g.papers if p.have]


# --- from a page -----------------------------------------------------------------------------

def benefit_document_from(page: BenefitPage, library: Library, *,
                          site_url: str | None = None,
                          printed: dt.date | None = None) -> Document:
    locale = page.locale
    blocks: list[Block] = [Para(page.summary, "lead")]
    for section in page.sections:
        blocks += section_blocks(section)
    if page.example is not None:  # the allowance at a typical wage, as the card shows it
        blocks += section_blocks(page.example)
    blocks += paper_blocks(page.paper_groups)
    if page.gaps is not None:
        blocks += section_blocks(page.gaps)
    if page.legal_basis:
        blocks.append(Para(page.legal_basis, "staff"))
    url = guidance_url(page.id, locale, library.meta.content_version, site=_site(library, site_url),
                       have=_held(page.paper_groups))
    return _document(library, locale, "benefit", page.id, page.title, page.icon, page.label,
                     blocks, library.benefit(page.id), url, printed)


def checklist_document_from(page: ChecklistPage, library: Library, *,
                            site_url: str | None = None,
                            printed: dt.date | None = None) -> Document:
    locale = page.locale
    blocks: list[Block] = []
    if page.intro:
        blocks.append(Para(page.intro, "lead"))
    blocks += paper_blocks(page.groups)
    blocks.append(Heading(page.steps_heading, page.steps_icon))
    blocks += [StepItem(s.number, s.text, s.icon, tuple((line.icon, line.text) for line in s.lines))
               for s in page.steps]
    for section in (page.penalty, page.gaps):
        if section is not None:
            blocks += section_blocks(section)
    url = guidance_url(page.id, locale, library.meta.content_version, site=_site(library, site_url),
                       have=list(page.ticks))
    return _document(library, locale, "checklist", page.id, page.title, page.icon, page.label,
                     blocks, library.checklist(page.id), url, printed)


def decision_document_from(page: DecisionPage, library: Library, *,
                           site_url: str | None = None,
                           printed: dt.date | None = None) -> Document:
    """The answer to "can I get it?" for one benefit: outcome, why, an estimate, what to do
    next, the papers to bring."""
    outcome, locale = page.outcome, page.locale
    if outcome is None:
        raise ValueError("only a decision on one benefit is printed")
    blocks: list[Block] = [Callout(outcome.icon, outcome.title, outcome.headline)]
    if page.until is not None:  # not yet: the condition still to meet
        blocks += section_blocks(page.until)
    # the reason that matters most (the deciding one, or the first open question) is the
    # callout's text already
    reasons = [r for r in page.reasons if r.text != outcome.headline]
    if reasons and page.why is not None:
        blocks.append(Heading(page.why.text, page.why.icon))
        blocks += [Item(r.text, None, (), r.mark) for r in reasons]  # type: ignore[arg-type]
    estimate = page.estimate
    if estimate is not None and estimate.amount is not None:
        blocks.append(Heading(estimate.title, icons.ESTIMATE))
        blocks += [Para(estimate.amount, "lead"), *(Para(line) for line in estimate.details)]
    if page.next_step is not None and page.next_step.text:
        blocks += section_blocks(page.next_step)
    blocks += paper_blocks(page.paper_groups)
    if page.gaps is not None:
        blocks += section_blocks(page.gaps)
    blocks += answer_blocks(page)
    if page.rule_source:
        blocks.append(Para(page.rule_source, "staff"))
    url = guidance_url(page.benefit, locale, library.meta.content_version,
                       site=_site(library, site_url), outcome=outcome.outcome,
                       answers=_answers_code(page))
    return _document(library, locale, "decision", page.benefit, page.title, page.icon,
                     page.label, blocks, library.benefit(page.benefit), url, printed)


def overview_document_from(page: DecisionPage, library: Library, *,
                           site_url: str | None = None,
                           printed: dt.date | None = None) -> Document:
    """"What can I get?": every benefit in the rules' groups, each with its outcome, and the
    answers. The QR opens the site's page for it with the same groups."""
    if page.kind != "all":
        raise ValueError("only the across-all answer is printed as an overview")
    locale = page.locale
    blocks: list[Block] = []
    shown: list[tuple[str, str, str]] = []
    for group in page.groups:
        blocks.append(Heading(group.heading, group.icon))
        for o in group.outcomes:
            detail = () if o.group == "workers" else (o.title,)
            blocks.append(Item(o.benefit_title, o.benefit_icon, detail))
            shown.append((o.benefit, o.group, o.outcome))
    blocks += answer_blocks(page)
    url = guidance_url(OVERVIEW_PAGE, locale, library.meta.content_version,
                       site=_site(library, site_url), overview=encode_overview(shown),
                       answers=_answers_code(page))
    return _document(library, locale, "overview", OVERVIEW_PAGE, page.title, page.icon,
                     page.label, blocks, None, url, printed)


def guide_document_from(page: GuidePage, library: Library, *,
                        site_url: str | None = None,
                        printed: dt.date | None = None) -> Document:
    """A guide ("Asked to pay?"): its sections with a picture on every point, the steps
    numbered, what is not known here, and how to check one's own case."""
    locale = page.locale
    blocks: list[Block] = [Para(page.intro, "lead")]
    for section in page.sections:
        blocks.append(Heading(section.heading, section.icon))
        for point in section.points:
            if point.number is not None:
                blocks.append(StepItem(point.number, point.text, point.icon))
            else:
                blocks.append(Item(point.text, point.icon))
    if page.gaps is not None:
        blocks += section_blocks(page.gaps)
    if page.check is not None:
        blocks += [Heading(page.check.text, page.check.icon),
                   Para(tr("Answer the questions at an NSSF kiosk, or ask NSSF staff.", locale))]
    url = guidance_url(page.id, locale, library.meta.content_version,
                       site=_site(library, site_url))
    return _document(library, locale, "guide", page.id, page.title, page.icon, page.label,
                     blocks, library.guide(page.id), url, printed)


def employer_document_from(page: EmployerPage, library: Library, *,
                           site_url: str | None = None,
                           printed: dt.date | None = None) -> Document:
    """What an employer must do: each duty with its deadline and penalty, then what is paid
    into each scheme."""
    locale = page.locale
    blocks: list[Block] = [Heading(page.duties_heading, page.icon)]
    for duty in page.duties:
        details = [duty.text, duty.deadline.text]
        if duty.penalty is not None:
            details.append(duty.penalty.text)
        blocks.append(Item(duty.title.text, duty.title.icon, tuple(details)))
    blocks.append(Heading(page.contributions_heading, icons.ESTIMATE))
    for card in page.contributions:
        blocks.append(Item(f"{card.title}: {card.rate}", icons.ESTIMATE,
                           (card.who_pays.text, card.wage_base.text)))
    duties = library.duties()
    url = guidance_url(EMPLOYER_ID, locale, library.meta.content_version,
                       site=_site(library, site_url))
    return _document(library, locale, "employer", EMPLOYER_ID, page.title, page.icon,
                     page.label, blocks, max(duties, key=lambda d: d.reviewed_on, default=None),
                     url, printed)


def monthly_document_from(page: MonthlyPage, library: Library, *,
                          site_url: str | None = None,
                          printed: dt.date | None = None) -> Document:
    """An employer's month: per scheme what he pays and takes from the wages, the total, and
    the due date. The QR link opens the general page: no number of his goes into it."""
    result, locale = page.result, page.locale
    if result is None:
        raise ValueError("a monthly total needs every wage")
    blocks: list[Block] = [Heading(result.heading, page.icon), Para(result.summary, "lead"),
                           Callout(result.due.icon, result.total.text, result.due.text)]
    columns = result.columns
    for share in result.shares:
        pair = tr("{label}: {amount}", locale)  # the amounts in riel, as the screen's table
        blocks.append(Item(share.scheme, icons.ESTIMATE, (
            pair.format(label=columns[1], amount=share.employer),
            pair.format(label=columns[2], amount=share.withheld),
            pair.format(label=columns[3], amount=share.total))))
    blocks += [Item(line.text, line.icon) for line in (result.employer, result.withheld)]
    blocks.append(Para(result.note, "small"))
    # the phone site's page of the same name: the rates, who pays, on what wage, and why his
    # total is only on his paper (his wages and amounts never go into a link)
    url = guidance_url(MONTHLY_ID, locale, library.meta.content_version,
                       site=_site(library, site_url))
    return _document(library, locale, "monthly", MONTHLY_ID, page.title, page.icon, page.label,
                     blocks, None, url, printed)


# --- from a request ---------------------------------------------------------------------------

def benefit_document(library: Library, benefit_id: str, locale: str, *,
                     ticks: Iterable[str] | None = None, site_url: str | None = None,
                     printed: dt.date | None = None, rules: RuleBook | None = None) -> Document:
    """`rules` add the worked example of an allowance (at a typical wage)."""
    page = benefit_page(library, benefit_id, locale, ticks=ticks or (), rules=rules)
    return benefit_document_from(page, library, site_url=site_url, printed=printed)


def guide_document(library: Library, guide_id: str, locale: str, *,
                   site_url: str | None = None, printed: dt.date | None = None) -> Document:
    from kiosk.pages.guide import guide_page

    return guide_document_from(guide_page(library, guide_id, locale), library,
                               site_url=site_url, printed=printed)


def employer_document(library: Library, locale: str, *, site_url: str | None = None,
                      printed: dt.date | None = None) -> Document:
    from kiosk.pages.employer import employer_page

    return employer_document_from(employer_page(library, locale), library,
                                  site_url=site_url, printed=printed)


def monthly_document(library: Library, wages: Iterable[int], locale: str, *,
                     rules: RuleBook | None = None, site_url: str | None = None,
                     printed: dt.date | None = None) -> Document:
    """The monthly total for these wages (riel, one per worker), due from `printed`'s day."""
    from kiosk.eligibility import rules_of_library
    from kiosk.pages.monthly import monthly_page_for_wages

    book = rules if rules is not None else rules_of_library(library)
    page = monthly_page_for_wages(book, list(wages), locale, today=printed)
    return monthly_document_from(page, library, site_url=site_url, printed=printed)


def checklist_document(library: Library, rid: str, locale: str, *,
                       ticks: Iterable[str] | None = None, site_url: str | None = None,
                       printed: dt.date | None = None) -> Document:
    """A claim checklist by its id, or the checklist of a benefit given the benefit id."""
    page = checklist_page(library, rid, locale, ticks=ticks or ())
    return checklist_document_from(page, library, site_url=site_url, printed=printed)


def decision_document(library: Library, benefit_id: str, facts: Mapping[str, Any], locale: str, *,
                      rules: RuleBook | None = None, site_url: str | None = None,
                      printed: dt.date | None = None) -> Document:
    """The decision on `benefit_id` for `facts`: the given RuleBook, else the rules the
    library's bundle carries (else the checkout's)."""
    from kiosk.eligibility import rules_of_library
    from kiosk.pages.decision import decision_page_for_facts

    book = rules if rules is not None else rules_of_library(library)
    page = decision_page_for_facts(library, book, benefit_id, facts, locale)
    return decision_document_from(page, library, site_url=site_url, printed=printed)


def overview_document(library: Library, facts: Mapping[str, Any], locale: str, *,
                      rules: RuleBook | None = None, site_url: str | None = None,
                      printed: dt.date | None = None) -> Document:
    """"What can I get?" for `facts`, with the rules given or the bundle's."""
    from kiosk.eligibility import rules_of_library
    from kiosk.pages.decision import all_page_for_facts

    book = rules if rules is not None else rules_of_library(library)
    page = all_page_for_facts(library, book, facts, locale)
    return overview_document_from(page, library, site_url=site_url, printed=printed)


def test_document(locale: str, *, kiosk_name: str = "", printer: str = "",
                  version: int = 0, site_url: str | None = None,
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
    url = guidance_url("index", locale, version, site=site_url or site_url_for(None))
    return Document(
        locale=locale, kind="test", id="test", title=tr("Printer test page", locale),
        icon="printer-check", label=tr("For NSSF staff", locale),
        institution=tr("National Social Security Fund (NSSF)", locale), blocks=tuple(blocks),
        url=url, qr_caption=qr_caption(locale, version),
        footer=footer(locale, None, version, printed), content_version=version,
    )
