"""Every employer duty, story and office of the content on a page of its own, at a stable
address (`duty-<id>.html`, `story-<id>.html`, `office-<id>.html`), in Khmer and English; the
index, the page listing them and the links in content texts lead there; the guide, employer and
monthly slips' QR codes open their pages, and the monthly one carries no wage or amount."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.content.library import Library
from kiosk.eligibility import rules_of_library
from kiosk.errors import KioskError
from kiosk.pages.contacts import contacts_page
from kiosk.pages.employer import employer_page
from kiosk.pages.stories import stories_page
from kiosk.site.build import render_site

KINDS = {"duties": "duty", "stories": "story", "offices": "office"}


@pytest.fixture(scope="module")
def site(bundle_path: Path) -> dict[str, bytes]:
    with Library(bundle_path) as library:
        return render_site(library, rules_of_library(library))


def text_of(page: bytes) -> str:
    return re.sub(r"<[^>]+>", "", page.decode("utf-8").replace("<wbr>", ""))


def hrefs(page: bytes) -> list[str]:
    return re.findall(r'href="([^"#]+\.html)"', page.decode("utf-8"))


def titles(library: Library, kind: str, locale: str) -> dict[str, str]:
    if kind == "duties":
        return {d.id: d.title.text for d in employer_page(library, locale).duties}
    if kind == "stories":
        return {s.id: s.title for s in stories_page(library, locale).stories}
    page = contacts_page(library, locale)
    found = {o.id: o.name for o in page.offices}
    if page.hotline is not None:
        found[page.hotline.id] = page.hotline.name
    return found


@pytest.mark.parametrize("locale", ["km", "en"])
def test_each_duty_story_and_office_has_its_page_linked_from_the_index(
        library: Library, site: dict[str, bytes], locale: str) -> None:
    index = hrefs(site[f"{locale}/index.html"])
    hotline = contacts_page(library, locale).hotline.id
    lists = {"duties": "employer", "stories": "stories", "offices": "contacts"}
    for kind, prefix in KINDS.items():
        named = titles(library, kind, locale)
        assert named and sorted(named) == sorted(library.ids(kind)), kind
        listing = hrefs(site[f"{locale}/{lists[kind]}.html"])
        for rid, title in named.items():
            page = f"{prefix}-{rid}.html"
            html = site[f"{locale}/{page}"]
            h1 = re.search(r'<h1 id="title">.*?<span>(.*?)</span></h1>', html.decode())
            assert h1 and re.sub(r"<[^>]+>", "", h1.group(1)) == title, (locale, page)
            assert page in index, f"the index links to {page}"
            # on the contacts page the hotline is its call button (tel:), its page one tap on
            assert page in listing or rid == hotline, f"{lists[kind]}.html links to {page}"
            assert f'<html lang="{locale}">' in html.decode()
    assert "monthly-total.html" in index and "monthly-total.html" in hrefs(
        site[f"{locale}/employer.html"]), "what is paid each month, from the index and duties"
    duty = library.duties()[0]
    shown = text_of(site[f"{locale}/duty-{duty.id}.html"])
    assert duty.deadline.get(locale) in shown and duty.text.get(locale)[:40] in shown


def test_links_in_texts_open_the_record_s_own_page(site: dict[str, bytes]) -> None:
    from kiosk.pages.routes import record_route
    from kiosk.site.html import route_href

    assert route_href(record_route("duties", "pay-contributions")) == "duty-pay-contributions.html"
    assert route_href(record_route("offices", "hotline")) == "office-hotline.html"
    assert route_href(record_route("stories", "asked-to-pay")) == "story-asked-to-pay.html"
    assert route_href(record_route("guides", "asked-to-pay")) == "asked-to-pay.html"
    # the story and the guide share an id: two pages, each its own
    story, guide = site["en/story-asked-to-pay.html"], site["en/asked-to-pay.html"]
    assert 'data-kind="story"' in story.decode() and 'data-kind="guide"' in guide.decode()
    assert "asked-to-pay.html" in hrefs(story), "the story's text links to the guide"


def test_an_item_page_that_would_overwrite_another_is_refused(tmp_path: Path) -> None:
    from kiosk.content.bundle import build_bundle
    from kiosk.content.loader import load_content
    from kiosk.paths import CONTENT_DIR

    content = load_content(CONTENT_DIR)
    duty = next(iter(content.records["duties"].values()))
    guide = next(iter(content.records["guides"].values()))
    clash = f"duty-{duty.id}"  # a guide named as a duty's page
    content.records["guides"] = {clash: guide.model_copy(update={"id": clash})}
    build_bundle(content, tmp_path / "b.db")
    with Library(tmp_path / "b.db") as library, pytest.raises(KioskError,
                                                               match=f"{clash}.html"):
        render_site(library, rules_of_library(library))


@pytest.mark.parametrize("locale", ["km", "en"])
def test_the_slips_open_their_pages_and_the_monthly_one_no_wage(
        library: Library, site: dict[str, bytes], locale: str) -> None:
    from kiosk.guidance.compose import employer_document, guide_document, monthly_document

    site_url = "https://www.nssf.gov.kh/kiosk"
    version = library.meta.content_version
    wages = [1_234_567, 987_654]
    slips = {"asked-to-pay": guide_document(library, "asked-to-pay", locale, site_url=site_url),
             "employer": employer_document(library, locale, site_url=site_url),
             "monthly-total": monthly_document(library, wages, locale, site_url=site_url)}
    for page, document in slips.items():
        assert document.url == f"{site_url}/{locale}/{page}.html#v={version}"
        assert f"{locale}/{page}.html" in site
        assert 'id="printed"' in site[f"{locale}/{page}.html"].decode(), "the version printed"
    monthly = site[f"{locale}/monthly-total.html"].decode()
    assert "<form" not in monthly and "<input" not in monthly, "no wage is ever typed here"
    for wage in wages:
        assert str(wage) not in slips["monthly-total"].url
