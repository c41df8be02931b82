"""A guide on the phone ("Asked to pay?"), drawn from the kiosk's guide page model
(kiosk.pages.guide), the one the screen and the printout are made from: the same texts,
pictures and order. Its sections, a picture on every point, the steps numbered with the page
model's own numbers (Khmer digits in Khmer), the links in its texts, what the kiosk does not
know, its story, and the check of the visitor's own case. The check is the kiosk's interview,
which a phone has not: the phone says what the paper says (answer the questions at a kiosk, or
ask staff) and opens the benefit's page.
"""
from __future__ import annotations

from kiosk.content.library import Library, NotFound
from kiosk.i18n import tr
from kiosk.pages.guide import GuidePage, GuidePoint, GuideSection, guide_page
from kiosk.site.html import Writer, attr, join
from kiosk.site.pages import SitePage, kind_line, printed_note, title_line


def _point(w: Writer, point: GuidePoint) -> str:
    number = f'<span class="num">{w.words(point.number)}</span>' if point.number else ""
    return (f"<li>{number}{w.icon(point.icon)}"
            f"<div>{w.pieces(point.pieces, point.text)}</div></li>")


def _section(w: Writer, section: GuideSection) -> str:
    tag = "ol" if section.numbered else "ul"
    points = join(_point(w, p) for p in section.points)
    return (f'<section class="sec" id="{attr(section.key)}">'
            f"{w.heading(2, section.icon, section.heading)}"
            f'<{tag} class="points">{points}</{tag}></section>')


def guide_site_page_from(page: GuidePage, library: Library) -> SitePage:
    """The phone page of a guide page model (`guide_page(library, id, locale)`)."""
    w = Writer(page.locale)
    parts = [kind_line(w, page.icon, page.label), title_line(w, page.icon, page.title),
             printed_note(w), w.paras(page.intro, "lead")]
    parts += [_section(w, s) for s in page.sections]
    if page.gaps is not None:
        parts.append(w.section(page.gaps, w.pieces(page.gaps.pieces, page.gaps.text)))
    if page.story is not None:
        story = page.story  # told whole here; "more stories": all of them, not this one again
        more = w.button(story.more, href="stories.html")
        parts.append(w.section(story.section, w.pieces(story.section.pieces, story.section.text)
                               + f'<p class="actions">{more}</p>'))
    if page.check is not None:
        parts.append(_check(w, page, library))
    parts.append(f'<p class="small">{w.words(page.reviewed)}</p>')
    return SitePage(page.id, page.title, join(parts), w.icons, "guide", library.guide(page.id))


def _check(w: Writer, page: GuidePage, library: Library) -> str:
    """"Is my card working?": the kiosk asks the benefit's questions; the phone sends the
    visitor there (as the paper does) and to what the benefit is."""
    check = page.check
    assert check is not None and check.route is not None
    tile = ""
    try:
        benefit = library.benefit(str(check.route.params.get("benefit") or ""))
        tile = w.tile(f"{benefit.id}.html", benefit.icon, benefit.title.get(page.locale))
    except NotFound:
        pass
    # the paper's words under it (kiosk.guidance.compose)
    where = tr("Answer the questions at an NSSF kiosk, or ask NSSF staff.", page.locale)
    return (f'<section class="sec" id="check">{w.heading(2, check.icon, check.text)}'
            f"{w.paras(where)}"
            f'<p class="actions">{tile}</p></section>')


def guide_site_page(library: Library, guide_id: str, locale: str) -> SitePage:
    return guide_site_page_from(guide_page(library, guide_id, locale), library)
