"""The phone site without a browser: pages from the page models, icons from the icon font, the
Khmer font subset covering what the pages show, the visit encoding, the site's address and its
checks, a publish that writes the site whole or not at all, hostile content."""
from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from kiosk.content.library import Library
from kiosk.device import Settings
from kiosk.eligibility import rules_of_library
from kiosk.errors import KioskError
from kiosk.pages.checklist import checklist_page
from kiosk.site import visit
from kiosk.site.address import DEFAULT_SITE_URL, site_url_for, site_url_problem
from kiosk.site.build import render_site, report_of
from kiosk.site.icons import icon_path


@pytest.fixture(scope="module")
def site(bundle_path: Path) -> dict[str, bytes]:
    with Library(bundle_path) as library:
        return render_site(library, rules_of_library(library))


def text_of(page: bytes) -> str:
    return re.sub(r"<[^>]+>", "", page.decode("utf-8").replace("<wbr>", ""))


def test_every_page_in_both_languages(library: Library, site: dict[str, bytes]) -> None:
    ids = library.ids("benefits") + library.ids("checklists") + library.ids("guides")
    for locale in ("km", "en"):
        for name in [*ids, "index", "employer", "stories", "contacts", "glossary",
                     "what-you-can-get", "offline"]:
            assert f"{locale}/{name}.html" in site, (locale, name)
    page = checklist_page(library, "claim-maternity-allowance", "km")
    html = site["km/claim-maternity-allowance.html"].decode()
    assert page.title in text_of(site["km/claim-maternity-allowance.html"])
    for paper in page.papers:  # the same papers, in the same order, as screen and paper
        assert f'data-doc="{paper.id}"' in html
    assert [m for m in re.findall(r'data-doc="([^"]+)"', html)] == [p.id for p in page.papers]
    guide = library.guide("asked-to-pay")
    shown = text_of(site["en/asked-to-pay.html"])
    for text in [guide.intro.get("en")] + [p.text.get("en") for s in guide.sections
                                           for p in s.points]:
        assert text in shown, text


def test_icons_are_the_fonts_glyphs_and_every_use_has_its_symbol(site: dict[str, bytes]) -> None:
    html = site["km/claim-maternity-allowance.html"].decode()
    symbols = dict(re.findall(r'<symbol id="i-([a-z0-9-]+)" viewBox="0 0 512 512"><path d="([^"]+)"', html))
    assert symbols["bag-personal"] == icon_path("bag-personal")
    used = set(re.findall(r'<use href="#i-([a-z0-9-]+)"', html))
    assert used and used <= set(symbols)


def test_khmer_is_broken_at_words_and_the_font_covers_it(library: Library,
                                                           site: dict[str, bytes]) -> None:
    from kiosk.site.breaks import break_points

    title = library.checklist("claim-maternity-allowance").title.get("km")
    points = break_points(title)
    assert points, "the breaker finds places to break a Khmer title"
    html = site["km/claim-maternity-allowance.html"].decode()
    # each word of the title (all of more than one syllable) kept whole, <wbr> between
    marked = "<wbr>".join(f"<w>{title[a:b]}</w>" for a, b in zip([0, *points], [*points, len(title)],
                                                                strict=True))
    assert marked in html
    (font,) = [v for k, v in site.items() if re.fullmatch(r"assets/khmer-[0-9a-f]{10}\.woff2", k)]
    cmap = TTFont(io.BytesIO(font)).getBestCmap()
    shown = {ch for k, v in site.items() if k.endswith((".html", ".js"))
             for ch in v.decode("utf-8") if "\u1780" <= ch <= "\u17ff"}
    assert shown and not {ch for ch in shown if ord(ch) not in cmap}, "every Khmer character"
    assert len(font) < 40_000, "a subset, not the whole font"


def test_a_browser_may_break_khmer_only_where_the_kiosk_does() -> None:
    """Browsers break Khmer at their own dictionary's points too (Chromium: ប្រាក់|បំណាច់):
    every word of more than one syllable is kept whole (<w>, no wrap inside), its trailing
    space outside it; a one-syllable word needs nothing; Latin text is left alone."""
    from kiosk.site.html import Writer, hinted

    w = Writer("km")
    assert w.words("ប្រាក់បំណាច់") == "<w>ប្រាក់បំណាច់</w>", "a lexicon word: ICU cuts it"
    assert w.words("គឺ") == "គឺ"
    assert w.words("ប.ស.ស. ផ្ដល់") == "<w>ប.ស.ស.</w> <wbr><w>ផ្ដល់</w>"
    assert w.words("<b>&") == "&lt;b&gt;&amp;", "escaped"
    assert Writer("en").words("Maternity allowance") == "Maternity allowance"
    assert hinted("ប្រាក់បំណាច់មាតុភាព") == "ប្រាក់បំណាច់\u200bមាតុភាព"


def test_pages_are_within_the_budget_and_the_same_twice(library: Library,
                                                        site: dict[str, bytes]) -> None:
    report = report_of(site)
    assert max(report.loads.values()) < 100_000, "each page and what it loads, without the font"
    again = render_site(library, rules_of_library(library))
    assert again == site, "same bundle, same bytes"


def test_the_visit_encoding_reads_back(library: Library) -> None:
    rules = rules_of_library(library)
    facts = {"role": "worker", "employer_registered": True, "age": 61, "injury": "at_work",
             "gave_birth": "dont_know", "monthly_wage_riel": 1_200_000}
    code = visit.encode_answers(facts, rules.questions)
    assert code.startswith("1-") and "1200000" not in code, "versioned; the wage never goes in"
    assert visit.decode_answers(code, rules.questions) == {
        k: v for k, v in facts.items() if k != "monthly_wage_riel"}
    assert visit.decode_answers("2-" + code[2:], rules.questions) == {}, "an unknown version"
    assert visit.decode_answers("1-zzzy-" + code[2:], rules.questions)["age"] == 61
    visit.check_codes(rules.questions, library.ids("benefits"))


def test_codes_that_would_collide_are_refused(monkeypatch: pytest.MonkeyPatch,
                                              library: Library) -> None:
    rules = rules_of_library(library)
    monkeypatch.setattr(visit, "FACT_CODE", 1)
    monkeypatch.setattr(visit, "fact_code", lambda fact: visit.code(fact, 1))
    with pytest.raises(KioskError, match="cannot tell"):
        visit.check_codes(rules.questions, [])


@pytest.mark.parametrize("url, problem", [
    ("https://www.nssf.gov.kh/kiosk", None),
    ("http://192.168.1.20:8080/site/", None),
    ("www.nssf.gov.kh", "must start with https://"),
    ("https://x/site?v=1", "query"),
    ("https://x/site#a", "fragment"),
    ("https://x/a b", "spaces"),
    ("https://", "no host"),
    ("https://x:99999/", "not a URL"),
    ("https://x/" + "a" * 300, "at most"),
])
def test_the_site_address_is_checked(url: str, problem: str | None) -> None:
    found = site_url_problem(url)
    assert (found is None) if problem is None else (problem in str(found or "")), found


def test_device_setting_overrides_the_published_address(library: Library) -> None:
    assert site_url_for(library) == DEFAULT_SITE_URL  # never published: the default
    settings = Settings()
    settings.set("site_url", "http://10.0.0.2:8080/site/")
    assert site_url_for(library, settings) == "http://10.0.0.2:8080/site"
    with pytest.raises(KioskError):
        settings.set("site_url", "ftp://x")


def test_an_id_that_would_overwrite_a_page_is_refused(tmp_path: Path) -> None:
    from kiosk.content.bundle import build_bundle
    from kiosk.content.loader import load_content
    from kiosk.paths import CONTENT_DIR

    content = load_content(CONTENT_DIR)
    guide = next(iter(content.records["guides"].values()))
    content.records["guides"] = {"index": guide.model_copy(update={"id": "index"})}
    build_bundle(content, tmp_path / "b.db")
    with Library(tmp_path / "b.db") as library, pytest.raises(KioskError, match="index.html"):
        render_site(library, rules_of_library(library))


def test_the_service_worker_keeps_the_files_and_the_offline_pages(
        library: Library, site: dict[str, bytes]) -> None:
    """It names every hashed asset and both "no connection" pages (kept at install), and the
    content version (a new version is a new worker, which keeps the new files)."""
    sw = site["sw.js"].decode()
    assets = sorted(k.split("/", 1)[1] for k in site if k.startswith("assets/"))
    assert f"var ASSETS = {json.dumps(assets)};" in sw
    assert 'var OFFLINE = ["km/offline.html", "en/offline.html"];' in sw
    assert f"var VERSION = {library.meta.content_version};" in sw
    assert "@" not in sw, "every placeholder filled"
    for locale, title in (("km", "គ្មានការតភ្ជាប់អ៊ីនធឺណិត"), ("en", "No connection")):
        page = site[f"{locale}/offline.html"].decode()
        assert title in text_of(site[f"{locale}/offline.html"]) and 'id="kept-list"' in page
        assert 'data-kind="offline"' in page


def test_a_story_picture_outside_assets_is_refused(tmp_path: Path, library: Library) -> None:
    from kiosk.content.bundle import build_bundle
    from kiosk.content.loader import load_content
    from kiosk.paths import CONTENT_DIR
    from kiosk.safepath import UnsafePath

    content = load_content(CONTENT_DIR)
    sid, story = next(iter(content.records["stories"].items()))
    content.records["stories"][sid] = story.model_copy(update={"image": "../../etc/passwd"})
    build_bundle(content, tmp_path / "b.db")
    with Library(tmp_path / "b.db") as hostile, pytest.raises(UnsafePath):
        render_site(hostile, rules_of_library(library))


def test_publish_writes_the_site_whole_or_leaves_the_old_one(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    from kiosk.paths import CONTENT_DIR
    from kiosk.sync.keys import init_keys
    from kiosk.sync.publish import RepoState, load_for_publish, publish

    keys, repo = tmp_path / "keys", tmp_path / "repo"
    init_keys(keys)
    content = load_for_publish(CONTENT_DIR)
    first = publish(content, keys, repo, site_url="https://example.org/kiosk/")
    assert first.site is not None and first.site_url == "https://example.org/kiosk"
    assert RepoState.load(repo).release.site_url == "https://example.org/kiosk"
    page = repo / "site" / "km" / "claim-maternity-allowance.html"
    before = page.read_bytes()
    timestamp = (repo / "metadata" / "timestamp.json").read_bytes()

    def broken(*args: object, **kw: object) -> dict[str, bytes]:
        raise KioskError("a page could not be made")

    monkeypatch.setattr("kiosk.site.build.render_site", broken)
    with pytest.raises(KioskError):
        publish(content, keys, repo, site_url="https://example.org/other")
    assert (repo / "metadata" / "timestamp.json").read_bytes() == timestamp, "repository untouched"
    assert page.read_bytes() == before and not list(repo.glob(".*")), "old site, nothing stray"
    monkeypatch.undo()
    # a new address alone is a new version (kiosks must learn it), and its site replaces the old
    again = publish(content, keys, repo, site_url="https://example.org/other")
    assert again.changed and again.version == 2
    assert not (tmp_path / ".repo.publishing").exists()
    same = publish(content, keys, repo)  # no --site-url: the address published last stays
    assert not same.changed and same.site_url == "https://example.org/other"
    shutil.rmtree(repo / "site")
    assert publish(content, keys, repo).site is not None and page.is_file()


def test_a_signed_release_with_a_bad_address_is_refused() -> None:
    from kiosk.sync.errors import SyncError
    from kiosk.sync.pieces import Release

    info = Release(3, "ab" * 32, "", "https://ok.example/site").target(b"{}")
    assert Release.of(info).site_url == "https://ok.example/site"
    info.unrecognized_fields["custom"]["site_url"] = "javascript:alert(1)"
    with pytest.raises(SyncError, match="site address"):
        Release.of(info)
