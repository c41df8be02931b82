"""The phone site's pages, one function per kind, each drawing the kiosk's own page model
(kiosk.pages) in HTML: the same texts, in the same order, with the same pictures as the screen
and the paper. What only the kiosk can do (the interview, printing, a wage stepper) is left out;
what the visitor did at the kiosk comes in the address's fragment and is shown by site.js.

Each function returns a `SitePage`: its body and what the page around it needs. No I/O here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kiosk.content.library import Library
from kiosk.content.model import Record
from kiosk.i18n import tr
from kiosk.pages import icons
from kiosk.pages.benefit import PARTS, benefit_page
from kiosk.pages.benefits import benefits_page
from kiosk.pages.checklist import checklist_page
from kiosk.pages.claims import claims_page
from kiosk.pages.contacts import contacts_page
from kiosk.pages.employer import employer_page
from kiosk.pages.stories import stories_page
from kiosk.site.html import Writer, attr, hinted, item_href, join, route_href

if TYPE_CHECKING:
    from kiosk.eligibility.book import RuleBook
    from kiosk.pages.checklist import Paper


@dataclass
class SitePage:
    name: str  # the file name without .html
    title: str
    body: str
    icons: set[str]
    kind: str  # index, benefit, checklist, ... (site.js reads it)
    record: Record | None = None  # the record whose review date the footer gives
    visit: bool = False  # the page reads the visitor's answers (loads the answers table)
    extra_icons: set[str] = field(default_factory=set)  # drawn by site.js


def kind_line(w: Writer, icon: str, label: str) -> str:
    return f'<p class="kind">{w.icon(icon)}<span>{w.words(label)}</span></p>'


def title_line(w: Writer, icon: str, title: str) -> str:
    return f'<h1 id="title">{w.icon(icon, "i big")}<span>{w.words(title)}</span></h1>'


def printed_note(w: Writer) -> str:
    """Filled by site.js from `v=` of the fragment: the version the paper was printed from."""
    printed = tr("Printed from content version {version}", w.locale)
    newer = tr("This page has newer content (version {version}). Ask NSSF staff if "
               "something differs.", w.locale)
    # a copy kept on the phone (its HTTP cache, the service worker's) may predate the paper
    older = tr("This copy of the page is content version {version}, older than your paper. "
               "Open it again when you are connected to see the newest.", w.locale)
    return (f'<p id="printed" class="printed" hidden data-text="{attr(hinted(printed))}" '
            f'data-newer="{attr(hinted(newer))}" data-older="{attr(hinted(older))}"></p>')


# --- index -----------------------------------------------------------------------------------

def index_page(library: Library, locale: str) -> SitePage:
    w = Writer(locale)
    page = benefits_page(library, None, locale)
    parts = [title_line(w, icons.BENEFITS, page.title), w.paras(page.intro, "lead")]
    for scheme in page.schemes:
        parts.append(f'<section class="sec" id="{attr(scheme.id)}">'
                     f"{w.heading(2, scheme.icon, scheme.name)}{w.paras(scheme.summary)}"
                     f'<div class="tiles">'
                     + join(w.tile(route_href(b.route) or "#", b.icon, b.title, b.summary)
                            for b in scheme.benefits) + "</div></section>")
    claims = claims_page(library, None, locale)
    parts.append(f'<section class="sec" id="claims">{w.heading(2, icons.CHECKLIST, claims.title)}'
                 f'{w.paras(claims.intro)}<div class="tiles">'
                 + join(w.tile(route_href(c.route) or "#", c.icon, c.title) for c in claims.claims)
                 + "</div></section>")
    more = [(f"{g.id}.html", g.icon, g.title.get(locale)) for g in library.guides()]
    more.append(("glossary.html", icons.GLOSSARY, tr("Words and what they mean", locale)))
    parts.append('<section class="sec"><div class="tiles">'
                 + join(w.tile(href, icon, title) for href, icon, title in more)
                 + "</div></section>")
    parts += _index_items(w, library, locale)
    return SitePage("index", page.title, join(parts), w.icons, "index")


def _index_items(w: Writer, library: Library, locale: str) -> list[str]:
    """Every duty, story and office, each to its own page, under the page that has them all."""
    employer = employer_page(library, locale)
    duties = [(item_href("duties", d.id), d.title.icon, d.title.text)
              for d in employer.duties]
    duties.append(("monthly-total.html", icons.CALCULATOR, tr("What I pay each month", locale)))
    stories = [(item_href("stories", s.id), s.icon, s.title)
               for s in stories_page(library, locale).stories]
    contacts = contacts_page(library, locale)
    offices = [(item_href("offices", contacts.hotline.id), contacts.hotline.icon,
                contacts.hotline.name)] if contacts.hotline is not None else []
    offices += [(item_href("offices", o.id), o.icon, o.name) for o in contacts.offices]
    out = []
    for href, icon, title, items in (
            ("employer.html", icons.EMPLOYER, tr("Register and pay (employer)", locale), duties),
            ("stories.html", icons.STORY, tr("Real stories", locale), stories),
            ("contacts.html", icons.PHONE, contacts.title, offices)):
        out.append(f'<section class="sec"><h2>{w.icon(icon)}<a href="{attr(href)}">'
                   f'{w.words(title)}</a></h2><div class="tiles">'
                   + join(w.tile(h, i, t) for h, i, t in items) + "</div></section>")
    return out


# --- one benefit -------------------------------------------------------------------------------

def _visit_block(w: Writer) -> str:
    """The visitor's answer, hidden until site.js fills it from `#outcome=...&a=...`."""
    locale = w.locale
    return ('<section id="visit" class="sec visit" hidden>'
            '<div class="callout"><svg class="i big" aria-hidden="true"><use href=""/></svg>'
            '<strong id="outcome"></strong></div>'
            f'<h2>{w.icon(icons.CHANGE)}<span>{w.words(tr("Your answers", locale))}</span></h2>'
            '<dl id="answers" class="answers"></dl></section>')


def benefit_site_page(library: Library, benefit_id: str, locale: str) -> SitePage:
    w = Writer(locale)
    page = benefit_page(library, benefit_id, locale)
    record = library.benefit(benefit_id)
    sources = {key: getattr(record, attr_) for key, _, attr_ in PARTS}
    parts = [kind_line(w, icons.BENEFITS, page.scheme or page.label),
             title_line(w, page.icon, page.title), w.paras(page.summary, "lead"),
             _visit_block(w), printed_note(w)]
    parts += [w.section(s, w.rich(sources.get(s.key), s.text)) for s in page.sections]
    parts.append(f'<p class="actions">{w.button(page.checklist, "btn primary")}</p>')
    parts.append(w.section(page.gaps, w.rich(record.gaps, page.gaps.text) if page.gaps else None))
    if page.story is not None:
        story = library.story(page.story.id)
        parts.append(w.section(page.story.section, w.rich(story.text, page.story.section.text)
                               + f'<p class="actions">{w.button(page.story.more, href="stories.html")}</p>'))
    if page.legal_basis:
        parts.append(f'<p class="small">{w.words(page.legal_basis)}</p>')
    parts.append(f'<p class="small">{w.words(page.reviewed)}</p>')
    parts.append(f'<nav class="walk">{w.button(page.previous)}'
                 f'<span>{w.words(page.position)}</span>{w.button(page.next)}</nav>')
    extra = {icons.outcome_icon(o) for o in icons.OUTCOMES}
    return SitePage(benefit_id, page.title, join(parts), w.icons, "benefit", record, True, extra)


# --- a checklist -------------------------------------------------------------------------------

def _paper(w: Writer, paper: Paper) -> str:
    details = "".join(f"<small>{w.words(d)}</small>" for d in paper.details)
    return (f'<li data-doc="{attr(paper.id)}"><span class="mark">'
            f'{w.icon(icons.MARKS["need"], "i need")}{w.icon(icons.MARKS["have"], "i have")}</span>'
            f'{w.icon(paper.icon)}<span><strong>{w.words(paper.name)}</strong>{details}</span></li>')


def checklist_site_page(library: Library, checklist_id: str, locale: str) -> SitePage:
    w = Writer(locale)
    page = checklist_page(library, checklist_id, locale)
    record = library.checklist(checklist_id)
    (everything,) = page.groups  # nothing ticked on the server: one group, "to bring"
    all_done = tr("You have all the papers on the list.", locale)
    parts = [kind_line(w, icons.CHECKLIST, page.label), title_line(w, page.icon, page.title),
             printed_note(w)]
    if page.intro:
        parts.append(w.rich(record.intro, page.intro, "lead"))
    # site.js moves the papers the visitor has (#have=...) to the first list
    parts.append(
        '<section class="sec papers">'
        + w.heading(2, icons.HAVE_HEADING, tr("You have", locale), ' id="have-heading" hidden')
        + '<ul id="have-list" class="docs" hidden></ul>'
        + f'<h2 id="need-heading">{w.icon(everything.icon)}'
          f'<span class="all">{w.words(everything.heading)}</span>'
          f'<span class="need" hidden>{w.words(tr("Still to bring", locale))}</span></h2>'
        + '<ul id="need-list" class="docs">' + join(_paper(w, p) for p in everything.papers)
        + "</ul>"
        + f'<p id="all-done" class="done" hidden>{w.words(page.bring.done or all_done)}</p>'
        + "</section>")
    steps = []
    for step in page.steps:
        lines = join(w.line(line) for line in step.lines)
        pic = w.icon(step.icon) if step.icon else ""
        steps.append(f'<li><span class="num">{w.words(step.number)}</span><div>'
                     f'<p class="step">{pic}<span>{w.words(step.text)}</span></p>{lines}</div></li>')
    parts.append(f'<section class="sec">{w.heading(2, page.steps_icon, page.steps_heading)}'
                 f'<ol class="steps">{"".join(steps)}</ol></section>')
    parts.append(w.section(page.penalty))
    parts.append(w.section(page.gaps, w.rich(record.gaps, page.gaps.text) if page.gaps else None))
    parts.append(f'<p class="actions">{w.button(page.about)}</p>')
    return SitePage(page.id, page.title, join(parts), w.icons, "checklist", record)


# --- the glossary ---------------------------------------------------------------------------

def glossary_site_page(library: Library, locale: str) -> SitePage:
    w = Writer(locale)
    title = tr("Words and what they mean", locale)
    items = join(f'<dt id="{attr(t.id)}">{w.words(t.term.get(locale))}</dt>'
                 f"<dd>{w.rich(t.definition, t.definition.get(locale))}</dd>"
                 for t in library.glossary())
    body = f'{title_line(w, icons.GLOSSARY, title)}<dl class="terms">{items}</dl>'
    return SitePage("glossary", title, body, w.icons, "glossary")


# --- "what can I get?" -------------------------------------------------------------------------

def results_site_page(library: Library, rules: RuleBook, locale: str) -> SitePage:
    """The across-all answer: site.js draws the groups from `#o=...` (the page is the same for
    every visitor); without it, the page says where the answer comes from."""
    w = Writer(locale)
    title = tr("What you can get", locale)
    how = tr("Scan the code on your paper from the kiosk to see your answer here.", locale)
    more = w.tile("index.html", icons.BENEFITS, tr("What NSSF gives", locale))
    body = (title_line(w, icons.INTERVIEW, title) + printed_note(w)
            + f'<div id="groups"><p class="lead">{w.words(how)}</p>'
            f'<p class="actions">{more}</p></div>' + _visit_answers(w))
    extra = set(icons.GROUPS.values()) | {b.icon for b in library.benefits()}
    return SitePage("what-you-can-get", title, body, w.icons, "results", visit=True,
                    extra_icons=extra)


def _visit_answers(w: Writer) -> str:
    return (f'<section id="visit" class="sec visit" hidden>'
            f'<h2>{w.icon(icons.CHANGE)}<span>{w.words(tr("Your answers", w.locale))}</span></h2>'
            '<dl id="answers" class="answers"></dl></section>')



# --- no connection -----------------------------------------------------------------------------

def offline_site_page(locale: str) -> SitePage:
    """What the service worker shows, in place of the browser's error page, for a page this
    phone never opened while it has no connection: why, what to do, and the pages it kept
    (site.js lists them from the worker's cache)."""
    w = Writer(locale)
    title = tr("No connection", locale)
    why = tr("This page was not opened on this phone before, so it cannot be shown without a "
             "connection. Try again when you are connected, or call 1286.", locale)
    retry = (f'<a id="retry" class="btn primary" href="index.html">{w.icon(icons.TRY_AGAIN)}'
             f'<span>{w.words(tr("Try again", locale))}</span></a>')
    body = (title_line(w, icons.OFFLINE, title) + f'<p class="lead">{w.words(why)}</p>'
            f'<p class="actions">{retry}</p>'
            f'<section id="kept" class="sec" hidden>'
            f'{w.heading(2, icons.TO_PHONE, tr("Pages kept on this phone", locale))}'
            '<div id="kept-list" class="tiles"></div></section>')
    return SitePage("offline", title, body, w.icons, "offline")
