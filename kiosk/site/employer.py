"""An employer on the phone, from the kiosk's employer page model (kiosk.pages.employer): the
duties and what is paid into each scheme (`employer.html`, what the employer slip's QR code
opens), each duty on a page of its own (`duty-<id>.html`: a link in a text or a search names
one duty), and what is paid each month (`monthly-total.html`, what the monthly slip opens).

The phone does not work out a monthly total. A form would send the wages to a server, and a
script would be a second copy of the rules' sums (rates dated by law, rounding) outside the
engine the kiosk and its cases check; the employer's own total is on his paper, and its link
carries no wage and no amount. The page gives the rates and the way to the kiosk instead.
"""
from __future__ import annotations

from kiosk.content.library import Library
from kiosk.i18n import tr
from kiosk.pages import icons
from kiosk.pages.employer import DutyCard, EmployerPage, employer_page
from kiosk.site.html import Writer, attr, item_page, join
from kiosk.site.pages import SitePage, kind_line, printed_note, title_line

MONTHLY_PAGE = "monthly-total"  # kiosk.pages.monthly.PRINT_ID: the slip's own name


def _duty_record(library: Library, duty_id: str):  # noqa: ANN202 - a content Duty
    return next(d for d in library.duties() if d.id == duty_id)


def _duty_body(w: Writer, library: Library, duty: DutyCard) -> str:
    record = _duty_record(library, duty.id)
    return (f"{w.rich(record.text, duty.text)}{w.line(duty.deadline)}"
            f'{w.line(duty.penalty) if duty.penalty else ""}')


def _contributions(w: Writer, page: EmployerPage) -> str:
    cards = join(f'<article class="card" id="{attr(c.id)}"><h3><span>{w.words(c.title)}</span></h3>'
                 f'<p class="lead">{w.words(c.rate)}</p>{w.line(c.who_pays)}{w.line(c.wage_base)}'
                 "</article>" for c in page.contributions)
    return (f'<section class="sec" id="contributions">'
            f"{w.heading(2, icons.ESTIMATE, page.contributions_heading)}{cards}</section>")


def _monthly_title(locale: str) -> str:
    return tr("What I pay each month", locale)  # the monthly screen's and slip's title


def employer_site_page(library: Library, rules, locale: str) -> SitePage:  # noqa: ANN001 - RuleBook
    w = Writer(locale)
    page = employer_page(library, locale)
    parts = [kind_line(w, page.icon, page.label), title_line(w, page.icon, page.title),
             printed_note(w), f'<section class="sec">{w.heading(2, icons.EMPLOYER, page.duties_heading)}']
    for duty in page.duties:
        # the card as the screen has it; its title opens the duty's own page
        parts.append(f'<article class="card" id="{attr(duty.id)}">'
                     f"{w.item_heading(3, 'duties', duty.id, duty.title.icon, duty.title.text)}"
                     f"{_duty_body(w, library, duty)}{w.button(duty.checklist)}</article>")
    parts.append("</section>")
    parts.append(f'<p class="actions">{w.button(page.register, "btn primary")}</p>')
    parts.append(_contributions(w, page))
    # not the screen's "work out what I pay": the phone gives the rates, the kiosk the sums
    parts.append(f'<nav class="actions">'
                 f"{w.tile(f'{MONTHLY_PAGE}.html', icons.CALCULATOR, _monthly_title(locale))}</nav>")
    newest = max(library.duties(), key=lambda d: d.reviewed_on, default=None)
    return SitePage("employer", page.title, join(parts), w.icons, "employer", newest)


def duty_site_page(library: Library, duty_id: str, locale: str) -> SitePage:
    """One duty: its text, by when, what happens if not, its papers and steps."""
    w = Writer(locale)
    page = employer_page(library, locale, card=duty_id)
    duty = next(d for d in page.duties if d.id == duty_id)
    record = _duty_record(library, duty_id)
    papers = w.button(duty.checklist, "btn primary")
    if not papers and record.checklist and page.register is not None:
        papers = w.button(page.register, "btn primary")  # its papers are the registration's
    parts = [kind_line(w, page.icon, page.label), title_line(w, duty.title.icon, duty.title.text),
             _duty_body(w, library, duty), f'<p class="actions">{papers}</p>',
             f'<nav class="actions">{w.tile("employer.html", page.icon, page.duties_heading)}'
             f"{w.tile(f'{MONTHLY_PAGE}.html', icons.CALCULATOR, _monthly_title(locale))}</nav>"]
    return SitePage(item_page("duties", duty_id), duty.title.text, join(parts), w.icons, "duty",
                    record)


def monthly_site_page(library: Library, rules, locale: str) -> SitePage:  # noqa: ANN001 - RuleBook
    """What is paid each month: the rates of each scheme, who pays, on what wage; the
    employer's own total is on his paper (no wage or amount ever reaches this page)."""
    w = Writer(locale)
    page = employer_page(library, locale)
    title = _monthly_title(locale)
    here = tr("Your own total is on your paper from the kiosk. This page does not work it out: "
              "the wages you type stay at the kiosk and never go into this page's address. "
              "For another month, use an NSSF kiosk or ask NSSF staff.", locale)
    parts = [kind_line(w, icons.CALCULATOR, tr("Monthly contributions", locale)),
             title_line(w, icons.CALCULATOR, title), printed_note(w),
             f'<p class="lead">{w.words(here)}</p>', _contributions(w, page),
             f'<nav class="actions">{w.tile("employer.html", page.icon, page.duties_heading)}</nav>']
    contributions = library.contributions()
    newest = max(contributions, key=lambda c: c.reviewed_on, default=None)
    return SitePage(MONTHLY_PAGE, title, join(parts), w.icons, "monthly", newest)
