"""One guide page model ("Asked to pay?"), two media: the kiosk's guide screen and the phone
site's guide page, both filled from the same `GuidePage`, say the same words with the same
pictures in the same order (title, intro, each section's heading and points with their numbers,
what the kiosk does not know, the story, "Is my card working?")."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from kiosk.pages.guide import guide_page
from kiosk.site.guide import guide_site_page_from
from ui.screens.guide import GuideScreen, PointRow, SectionView

GUIDE = "asked-to-pay"


class SiteGuide(HTMLParser):
    """The guide page's title, intro, sections (heading, icon, points: number, icon, text) and
    the headings (icon, text) of its other sections, as a phone shows them (no <wbr>)."""

    def __init__(self) -> None:
        super().__init__()
        self.path: list[tuple[str, dict[str, str]]] = []
        self.title = ["", ""]  # icon, text
        self.intro = ""
        self.sections: list[dict] = []  # {"key", "heading": [icon, text], "points": [...]}
        self.others: list[list[str]] = []  # [icon, text] of gaps, story, check
        self._point: list[str] | None = None

    VOID = {"wbr", "br", "meta", "link", "img", "use", "path"}

    def _inside(self, tag: str, **attrs: str) -> bool:
        return any(t == tag and all(a.get(k) == v for k, v in attrs.items())
                   for t, a in self.path)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "use":
            name = a["href"].removeprefix("#i-")
            if self._inside("h1", id="title"):
                self.title[0] = name
            elif self._point is not None and not self._point[1]:
                self._point[1] = name
            elif self._inside("h2"):
                self._heading()[0] = name
        if tag == "section" and re.fullmatch(r"section-\d+", a.get("id", "")):
            self.sections.append({"key": a["id"], "heading": ["", ""], "points": []})
        elif tag == "section":
            self.others.append(["", ""])
        if tag == "li" and self._in_guide_section():
            self._point = ["", "", ""]  # number, icon, text
            self.sections[-1]["points"].append(self._point)
        if tag not in self.VOID:
            self.path.append((tag, a))

    def _in_guide_section(self) -> bool:
        found = [a for t, a in self.path if t == "section"]
        return bool(found) and found[-1].get("id", "").startswith("section-")

    def _heading(self) -> list[str]:
        return self.sections[-1]["heading"] if self._in_guide_section() else self.others[-1]

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if tag == "li":
            self._point = None
        while self.path and self.path.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self._inside("h1", id="title"):
            self.title[1] += data
        elif self._point is not None:
            self._point[0 if self._inside("span", **{"class": "num"}) else 2] += data
        elif self._inside("h2") and self._inside("section"):
            self._heading()[1] += data
        elif self._inside("p", **{"class": "lead"}) and not self._inside("section"):
            self.intro += data


def site_guide(body: str) -> SiteGuide:
    parsed = SiteGuide()
    parsed.feed(body)
    return parsed


@pytest.mark.parametrize("locale", ["km", "en"])
def test_the_guide_screen_and_its_phone_page_from_one_page(ctx, qtbot, locale) -> None:  # noqa: ANN001
    library = ctx.library
    page = guide_page(library, GUIDE, locale)
    screen = GuideScreen(ctx)
    qtbot.addWidget(screen)
    ctx.set_locale(locale)
    screen.page = page
    screen.show_page(page)
    site = site_guide(guide_site_page_from(page, library).body)

    assert site.title == [screen.icon.icon_name, screen.title.text()] == [page.icon, page.title]
    assert site.intro == screen.intro.text() == page.intro
    views: list[SectionView] = screen.sections.shown()
    assert len(views) == len(site.sections) == len(page.sections) > 1
    for view, shown in zip(views, site.sections, strict=True):
        heading = view.heading
        assert shown["heading"] == [heading.icon.icon_name, heading.label.text()]
        rows: list[PointRow] = view.points.shown()
        on_screen = [[row.number.text() if not row.number.isHidden() else "",
                      row.icon.icon_name, row.text.text()] for row in rows]
        assert shown["points"] == on_screen and on_screen, shown["key"]
    numbered = [p for s in site.sections for p in s["points"] if p[0]]
    assert numbered and (locale != "km" or numbered[0][0] == "១"), "the steps' own numbers"
    # what the kiosk does not know, the story, the check: the same headings and pictures
    cards = [[screen.gaps.icon.icon_name, screen.gaps.heading.text()],
             [screen.story.icon.icon_name, screen.story.heading.text()],
             [screen.check.icon_label.icon_name, screen.check.text()]]
    assert site.others == cards
