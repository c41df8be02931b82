"""Builds the phone site from a content bundle: every page in Khmer and English, the style,
the script, the answers table, the subset Khmer font and the service worker, as static files.

    report = build_site(library, rules, out_dir, site_url="https://www.nssf.gov.kh/kiosk")

`out_dir` must not exist; `write_site` builds beside the live site and swaps it in with one
rename, so a failed build leaves the old site whole. Layout:

    index.html                  -> km/index.html (and a link to en/)
    sw.js                       the service worker (scope: the whole site)
    km/index.html, en/...       pages: {id}.html for benefits, checklists and guides;
                                duty-{id}, story-{id}, office-{id}.html, one each;
                                employer, monthly-total, stories, contacts, glossary,
                                what-you-can-get; offline (the worker's page for a page
                                never opened)
    assets/site-<hash>.css      style, scripts, answers tables, fonts: named by their hash,
    assets/khmer-<hash>.woff2   so a phone keeps them once and never asks again
    media/...                   story pictures, if the content has any

Same bundle, same bytes (no clock, sorted everything).
"""
from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.content.library import Library
from kiosk.errors import KioskError
from kiosk.i18n import LOCALE_NAMES, LOCALES, Msg, format_date, native_digits, tr
from kiosk.pages import icons
from kiosk.paths import ASSETS
from kiosk.safepath import contained
from kiosk.site import pages, visit
from kiosk.site.contacts import contacts_site_page, office_site_page
from kiosk.site.employer import duty_site_page, employer_site_page, monthly_site_page
from kiosk.site.guide import guide_site_page
from kiosk.site.html import ITEM_PAGES, OWN_PAGES, attr, hinted, item_page
from kiosk.site.icons import symbols
from kiosk.site.stories import stories_site_page, story_site_page
from kiosk.site.webfont import UNICODE_RANGE, khmer_characters, subset_woff2

log = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
ASSET_DIR = "assets"


@dataclass
class SiteReport:
    pages: int = 0
    files: dict[str, int] = field(default_factory=dict)  # site-relative path -> bytes
    loads: dict[str, int] = field(default_factory=dict)  # page -> bytes it loads, no font
    font_bytes: int = 0  # the Khmer subsets (regular and bold)

    @property
    def total(self) -> int:
        return sum(self.files.values())


def _hashed(name: str, data: bytes) -> str:
    stem, dot, ext = name.rpartition(".")
    return f"{ASSET_DIR}/{stem}-{hashlib.sha256(data).hexdigest()[:10]}{dot}{ext}"


def _broken(text: str) -> str:
    """A text for site.js to insert: zero-width spaces at the breaker's points (site.js
    turns them into <wbr> and keeps the words between whole)."""
    return hinted(text)


def answers_table(library: Library, rules: Any, locale: str) -> dict[str, Any]:
    """What site.js needs to read a visit in `locale`: the questions by fact code (text, unit,
    choices by code), yes/no/"I don't know", the outcomes and groups, the benefits by code."""
    from kiosk.eligibility import DONT_KNOW

    benefits = {b.id: b for b in library.benefits()}
    visit.check_codes(rules.questions, benefits)
    questions = {}
    for fact, q in rules.questions.items():
        choices = {visit.choice_code(fact, value): _broken(text[locale])
                   for value, text in q.choices if not isinstance(value, bool)}
        questions[visit.fact_code(fact)] = [_broken(q.text[locale]),
                                            q.unit[locale] if q.unit else "", choices]
    texts = rules.texts
    outcomes = {o: [_broken(rules.outcomes[o][locale]) if o in rules.outcomes else o,
                    icons.outcome_icon(o)] for o in visit.OUTCOME_LETTERS}
    groups = [[visit.GROUP_LETTERS[g], _broken(text[locale]), icons.GROUPS.get(g, icons.ASK_STAFF)]
              for g, text in rules.groups.items() if g in visit.GROUP_LETTERS]
    return {
        "questions": questions,
        "yes": texts["yes"][locale], "no": texts["no"][locale],
        "dont_know": _broken(texts.get(DONT_KNOW, texts.get("dont_know"))[locale]),
        "outcomes": outcomes,
        "outcome_letters": {letter: o for o, letter in visit.OUTCOME_LETTERS.items()},
        "groups": groups,
        "benefits": {visit.benefit_code(b.id): [_broken(b.title.get(locale)), b.icon, f"{b.id}.html"]
                     for b in benefits.values()},
    }


def _footer(library: Library, page: pages.SitePage, locale: str) -> str:
    version = library.meta.content_version
    lines = [tr("This is guidance, not a decision.", locale),
             tr("Check with NSSF staff or call 1286.", locale)]
    if page.record is not None:
        lines.append(tr("Content version {version}, reviewed {date}", locale).format(
            version=native_digits(str(version), locale),
            date=format_date(page.record.reviewed_on, locale)))
        if page.record.review == "sample":
            lines.append(tr("Sample text: not yet approved by NSSF.", locale))
    else:
        lines.append(tr("Content version: {version}", locale).format(
            version=native_digits(str(version), locale)))
    w = pages.Writer(locale)
    return "<footer>" + "".join(f"<p>{w.words(line)}</p>" for line in lines) + "</footer>"


def _shell(library: Library, page: pages.SitePage, locale: str, assets: dict[str, str]) -> str:
    other = next(lang for lang in LOCALES if lang != locale)
    scripts = []
    if page.visit:
        scripts.append(f'<script src="../{assets[f"visit-{locale}.js"]}" defer></script>')
    scripts.append(f'<script src="../{assets["site.js"]}" defer></script>')
    if page.kind == "offline":  # its own script: no other page loads it
        scripts.append(f'<script src="../{assets["offline.js"]}" defer></script>')
    preload = ""
    if locale == "km":
        preload = (f'<link rel="preload" href="../{assets["khmer.woff2"]}" as="font" '
                   'type="font/woff2" crossorigin>')
    home = tr("Home", locale)
    institution = tr("National Social Security Fund (NSSF)", locale)
    w = pages.Writer(locale)
    header = (f'<header class="top"><a class="home" href="index.html">{w.icon("home")}'
              f"<span>{html.escape(home)}</span></a>"
              f'<a class="lang" href="../{other}/{page.name}.html" hreflang="{other}" '
              f'lang="{other}">{html.escape(LOCALE_NAMES[other])}</a></header>')
    defs = symbols(page.icons | page.extra_icons | w.icons)
    return (f'<!doctype html><html lang="{locale}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{html.escape(page.title)} · {html.escape(institution)}</title>"
            # no icon file: a phone would ask the server for /favicon.ico on every page
            '<link rel="icon" href="data:,">'
            f'<link rel="stylesheet" href="../{assets["site.css"]}">{preload}{"".join(scripts)}'
            f'</head><body data-kind="{page.kind}" data-version="{library.meta.content_version}" '
            f'data-sw="../sw.js">{defs}{header}<main>{page.body}</main>'
            f"{_footer(library, page, locale)}</body></html>")


def _pages(library: Library, rules: Any, locale: str, media: dict[str, str]) -> list[pages.SitePage]:
    out = [pages.index_page(library, locale)]
    out += [pages.benefit_site_page(library, b.id, locale) for b in library.benefits()]
    out += [pages.checklist_site_page(library, c.id, locale) for c in library.checklists()]
    out += [guide_site_page(library, g.id, locale) for g in library.guides()]
    out += [duty_site_page(library, d.id, locale) for d in library.duties()]
    out += [story_site_page(library, s.id, locale, media) for s in library.stories()]
    out += [office_site_page(library, o.id, locale) for o in library.offices()]
    out += [employer_site_page(library, rules, locale),
            monthly_site_page(library, rules, locale),
            stories_site_page(library, locale, media),
            contacts_site_page(library, locale),
            pages.glossary_site_page(library, locale),
            pages.results_site_page(library, rules, locale),
            pages.offline_site_page(locale)]
    return out


def _check_names(library: Library) -> None:
    """Every page of a language shares one folder: benefits, checklists and guides by their
    id, duties, stories and offices by theirs with the kind in front (`duty-<id>`). No two may
    have one name, nor take a name of the site's own pages (a clash would overwrite a page)."""
    seen: dict[str, str] = {name: "the site's own page" for name in OWN_PAGES}
    named = [(kind, rid, rid) for kind in ("benefits", "checklists", "guides")
             for rid in library.ids(kind)]
    named += [(kind, rid, item_page(kind, rid)) for kind in ITEM_PAGES for rid in library.ids(kind)]
    for kind, rid, name in named:
        if name in seen:
            raise KioskError("the phone site has two pages named {id}.html ({first} and "
                             "{second}): give one another id", id=name, first=seen[name],
                             second=f"{kind} {rid}")
        seen[name] = f"{kind} {rid}"


def _media(library: Library, assets_dir: Path) -> dict[str, bytes]:
    """Story pictures (paths under assets/, contained as the repository's media pieces)."""
    found: dict[str, bytes] = {}
    for story in library.stories():
        if story.image:
            found[story.image] = contained(assets_dir, story.image, Msg("media file")).read_bytes()
    return found


def render_site(library: Library, rules: Any, *, assets_dir: Path = ASSETS) -> dict[str, bytes]:
    """Every file of the site (site-relative path -> bytes), in memory."""
    if rules is None:
        raise KioskError("the phone site needs the eligibility rules (publish with --rules)")
    _check_names(library)
    files: dict[str, bytes] = {}
    media = {rel: f"../media/{rel}" for rel in _media(library, assets_dir)}
    for rel, data in _media(library, assets_dir).items():
        files[f"media/{rel}"] = data
    drafts = {locale: _pages(library, rules, locale, media) for locale in LOCALES}
    tables = {locale: answers_table(library, rules, locale) for locale in LOCALES}
    # the font holds exactly the Khmer the site shows: pages, footers, tables, the switch
    texts: list[str] = [LOCALE_NAMES["km"]]
    for locale in LOCALES:
        for page in drafts[locale]:
            texts += [page.body, page.title, _footer(library, page, locale)]
    texts += [json.dumps(tables[locale], ensure_ascii=False) for locale in LOCALES]
    texts += [tr(m, "km") for m in ("Home", "National Social Security Fund (NSSF)")]
    characters = khmer_characters(texts)
    assets: dict[str, str] = {}

    def add(name: str, data: bytes) -> None:
        assets[name] = _hashed(name, data)
        files[assets[name]] = data

    _quiet_fonttools()
    add("khmer.woff2", subset_woff2(characters))
    add("khmer-bold.woff2", subset_woff2(characters, bold=True))
    css = (STATIC / "site.css").read_text(encoding="utf-8")
    # the fonts sit beside the style in assets/
    css = (css.replace("@KHMER@", assets["khmer.woff2"].split("/", 1)[1])
           .replace("@KHMER_BOLD@", assets["khmer-bold.woff2"].split("/", 1)[1])
           .replace("@RANGE@", UNICODE_RANGE))
    add("site.css", css.encode("utf-8"))
    add("site.js", (STATIC / "site.js").read_bytes())
    add("offline.js", (STATIC / "offline.js").read_bytes())
    for locale in LOCALES:
        table = json.dumps(tables[locale], ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
        add(f"visit-{locale}.js", f"window.NSSF_VISIT={table};\n".encode())
    for locale in LOCALES:
        for page in drafts[locale]:
            files[f"{locale}/{page.name}.html"] = _shell(library, page, locale, assets).encode()
    # a new content version is a new worker: it keeps the new files and drops the old ones
    sw = (STATIC / "sw.js").read_text(encoding="utf-8").replace(
        "@ASSETS@", json.dumps(sorted(p.split("/", 1)[1] for p in assets.values()))).replace(
        "@VERSION@", str(int(library.meta.content_version))).replace(
        "@NO_CONNECTION@", json.dumps(" / ".join(html.escape(tr("No connection", lang))
                                                 for lang in LOCALES), ensure_ascii=False))
    files["sw.js"] = sw.encode("utf-8")
    files["index.html"] = _root_index(library).encode("utf-8")
    return files


def _root_index(library: Library) -> str:
    """The site's address itself: straight on to the Khmer pages, English one tap away."""
    links = "".join(f'<p><a href="{lang}/index.html" lang="{lang}">{html.escape(LOCALE_NAMES[lang])}</a></p>'
                    for lang in LOCALES)
    title = html.escape(tr("National Social Security Fund (NSSF)", "en"))
    return ('<!doctype html><html lang="km"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f'<meta http-equiv="refresh" content="0; url=km/index.html"><title>{title}</title>'
            '<link rel="icon" href="data:,">'
            f"</head><body>{links}</body></html>")


def _quiet_fonttools() -> None:
    # fontTools warns about Noto's old timestamps and post table on every load: not ours to fix
    for name in ("fontTools", "fontTools.ttLib", "fontTools.subset"):
        logging.getLogger(name).setLevel(logging.ERROR)


def page_loads(files: dict[str, bytes]) -> dict[str, int]:
    """Bytes each page makes a phone load on a first visit (the page, its style, scripts and
    pictures), without the font: the budget of a poor connection."""
    out = {}
    for rel, data in files.items():
        if not rel.endswith(".html") or "/" not in rel:
            continue
        text = data.decode("utf-8")
        loads = len(data)
        for ref in _references(text):
            target = os.path.normpath(os.path.join(os.path.dirname(rel), ref))
            if target in files and not target.endswith(".woff2"):
                loads += len(files[target])
        out[rel] = loads
    return out


def _references(text: str) -> Iterable[str]:
    import re

    for match in re.finditer(r'(?:src|href)="([^"#:]+)"', text):
        ref = match.group(1)
        if ref.endswith((".css", ".js", ".png", ".jpg", ".jpeg", ".webp", ".svg")):
            yield ref


# --- writing it, whole or not at all ------------------------------------------------------------

def write_tree(files: dict[str, bytes], out: Path,
               write: Callable[[Path, bytes], None] | None = None) -> None:
    """Write `files` under the new folder `out` (every path contained in it), durably."""
    from kiosk.device import PUBLIC_DIR, make_dirs
    from kiosk.sync.layout import write_durable

    make_dirs(out, PUBLIC_DIR)
    for rel, data in sorted(files.items()):
        path = contained(out, rel, Msg("site file"))
        if write is not None:
            write(path, data)
        else:
            write_durable(path, data, public=True)


def swap_in(new: Path, live: Path) -> None:
    """Put the folder `new` where `live` is, in one step where the system allows it (Linux:
    renameat2 RENAME_EXCHANGE), so a phone never finds the site half there; the old copy is
    removed afterwards. Elsewhere: two renames, a moment without a site, never a mix."""
    from kiosk.device import fsync_dir

    if not live.exists():
        os.replace(new, live)
        fsync_dir(live.parent)
        return
    if not _exchange(new, live):
        old = new.with_name(new.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        os.replace(live, old)
        os.replace(new, live)
        new = old
    fsync_dir(live.parent)
    shutil.rmtree(new, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    if os.name != "posix":
        return False
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def put_site(files: dict[str, bytes], live: Path, work: Path | None = None) -> SiteReport:
    """Write a rendered site beside `live` (in `work`, same file system, default its parent),
    then swap it in. Anything failing before the swap leaves `live` as it was."""
    live = Path(live)
    work = Path(work) if work is not None else live.parent
    new = work / f".{live.name}.new"
    shutil.rmtree(new, ignore_errors=True)
    try:
        write_tree(files, new)
        swap_in(new, live)
    finally:
        shutil.rmtree(new, ignore_errors=True)
    return report_of(files)


def build_site(library: Library, rules: Any, live: Path, *, work: Path | None = None,
               assets_dir: Path = ASSETS) -> SiteReport:
    """Render the whole site from `library` and put it at `live` (see put_site)."""
    return put_site(render_site(library, rules, assets_dir=assets_dir), live, work)


def report_of(files: dict[str, bytes]) -> SiteReport:
    loads = page_loads(files)
    return SiteReport(pages=len(loads), files={k: len(v) for k, v in files.items()},
                      loads=loads,
                      font_bytes=sum(len(v) for k, v in files.items() if k.endswith(".woff2")))


__all__ = ["SiteReport", "answers_table", "attr", "build_site", "put_site", "render_site", "swap_in"]
