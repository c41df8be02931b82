"""The QR on a slip opens the same guidance on a phone, end to end: head office publishes the
content with its phone site into a repository, the hardened `kiosk serve` server serves it on
127.0.0.1, a kiosk syncs, `kiosk print ... --data-dir DEV` makes the slip, the PDF is rendered
(pypdfium2) and its QR decoded (zxing-cpp), and headless Chromium with a phone-sized window opens
that address: the page, after its script ran, shows what the visitor did at the kiosk. Then the
phone loses its connection: what it opened stays readable (the service worker on a secure
origin; the HTTP cache on a kiosk's plain-HTTP LAN), and a page it never opened says so.

One Chromium for the module, driven over the DevTools protocol (tests/e2e/cdp.py), each check
in a browser context of its own; every wait bounded; everything on ephemeral loopback ports.
"""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from cdp import Chromium, Tab

from kiosk.i18n import tr
from kiosk.paths import ROOT
from kiosk.sync.serve import make_server

MATERNITY_FACTS = {"role": "worker", "employer_registered": True,
                   "consecutive_months_contributed": 9, "months_contributed_last_12": 9,
                   "gave_birth": True, "weeks_pregnant": 38}
CHROMIUM_FLAGS = (
    # a phone reaches a kiosk on its LAN by a name or a LAN address, never a secure context;
    # 127.0.0.0/8 is one for Chromium (127.0.0.2 too), so "kiosk.lan" stands for the kiosk:
    # this machine's loopback. No other name resolves.
    "--host-resolver-rules=MAP kiosk.lan 127.0.0.1, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    # back and forward come from the HTTP cache, not from a page kept alive in memory
    "--disable-back-forward-cache",
)
SERVE_START_S = 30
PHONE_SHOTS = os.environ.get("PHONE_SHOTS")  # a folder: the README's pictures (make phone-shots)
# Where each line of Khmer text begins, laid out by the browser: it must be where the kiosk's
# breaker allows a break (just after a <wbr> or a space) or at the start of its block. Gives
# the lines counted and the places a line began anywhere else ("before|after").
LINE_STARTS = r"""(() => {
  const blockOf = new Map();
  function block(el) {
    if (!blockOf.has(el)) {
      const display = getComputedStyle(el).display;
      blockOf.set(el, display === "inline" || display === "contents" ? block(el.parentElement) : el);
    }
    return blockOf.get(el);
  }
  const walker = document.createTreeWalker(document.querySelector("main"),
      NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
  const range = document.createRange(), khmer = /[\u1780-\u17ff]/;
  const out = {lines: 0, bad: []};
  let node, where = null, top = null, previous = "", wbr = false;
  while ((node = walker.nextNode())) {
    if (node.nodeType === 1) { if (node.localName === "wbr") wbr = true; continue; }
    const here = block(node.parentElement);
    if (here !== where) { where = here; top = null; previous = ""; wbr = false; }
    for (let i = 0; i < node.length; i++) {
      const ch = node.data[i];
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect || rect.width === 0) { previous = ch; continue; }  // a space hanging at a line's end
      if (top !== null && rect.top > top + rect.height / 2) {
        out.lines++;
        const allowed = wbr || /[\s\u200b]/.test(previous) || !(khmer.test(previous) || khmer.test(ch));
        if (!allowed) out.bad.push(node.data.slice(Math.max(0, i - 8), i) + "|" + node.data.slice(i, i + 8));
      }
      top = rect.top; previous = ch; wbr = false;
    }
  }
  return out;
})()"""


def kiosk(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-m", "kiosk.cli", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


@dataclass
class Office:
    repo: Path
    keys: Path
    site: str  # the site's address, as published
    device: Path  # a kiosk's data dir, synced from the server
    env: dict[str, str]
    tmp: Path


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Office]:
    tmp = tmp_path_factory.mktemp("phone-site")
    repo, keys = tmp / "repo", tmp / "keys"
    repo.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    server = make_server(repo, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        kiosk("keys", "init", str(keys), env=env)
        out = kiosk("publish", "--keys", str(keys), "--repo", str(repo), "--site-url",
                    f"{url}/site", env=env)
        assert "phone site for" in out
        device = tmp / "kiosk"
        assert "updated to 1" in kiosk("sync", "--server", url, "--data-dir", str(device),
                                       "--root", str(keys / "root.json"), env=env)
        yield Office(repo, keys, f"{url}/site", device, env, tmp)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    """One headless Chromium for the module (ended at its end, killed if it lingers)."""
    with Chromium(tmp_path_factory.mktemp("chromium"), args=CHROMIUM_FLAGS) as chromium:
        yield chromium


@contextmanager
def phone(browser: Chromium) -> Iterator[Tab]:
    """A 390×844 phone: a tab in a browser context of its own (cache, service workers)."""
    tab = browser.new_tab(width=390, height=844)
    try:
        yield tab
    finally:
        tab.close()


def qr_of(pdf: Path) -> str:
    image = pdfium.PdfDocument(pdf)[0].render(scale=203 / 72).to_pil()
    (found,) = [r.text for r in zxingcpp.read_barcodes(image)]
    return found


def dom_of(tab: Tab) -> str:
    """The page as it shows now, after its script ran and its fonts loaded."""
    return tab.evaluate("document.fonts.ready.then(() => document.documentElement.outerHTML)")


def phone_dom(browser: Chromium, url: str) -> str:
    """The page a phone shows for `url` (390×844, headless Chromium)."""
    with phone(browser) as tab:
        assert tab.navigate(url) == url
        return dom_of(tab)


def shot(tab: Tab, name: str, where: Path) -> Path:
    """The phone's screen as a PNG: in `where`, or in PHONE_SHOTS for the README."""
    return tab.screenshot((Path(PHONE_SHOTS) if PHONE_SHOTS else where) / f"{name}.png")


def fonts_drawing(tab: Tab, selector: str) -> list[dict]:
    """The fonts Chromium drew the text of `selector` with (family, web font or not, glyphs)."""
    tab.call("DOM.enable")
    tab.call("CSS.enable")
    root = tab.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = tab.call("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    assert node, f"no {selector} on the page"
    return tab.call("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@dataclass
class Served:
    """`kiosk serve` in its own process, on 127.0.0.1 and a port of its choosing."""

    process: subprocess.Popen
    port: int

    def stop(self) -> None:
        """The server goes away, connections and all (a phone leaving the kiosk's Wi-Fi)."""
        self.process.kill()
        self.process.wait(timeout=10)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", self.port), timeout=2).close()


@contextmanager
def kiosk_serve(*where: str, env: dict[str, str]) -> Iterator[Served]:
    process = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "serve", *where, "--bind", "127.0.0.1", "--port", "0"],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout],  # type: ignore[union-attr]
                     daemon=True).start()
    try:
        said = ""
        while not (found := re.search(r"on http://127\.0\.0\.1:(\d+)/", said)):
            try:
                said += lines.get(timeout=SERVE_START_S)
            except queue.Empty:
                pytest.fail(f"kiosk serve did not start within {SERVE_START_S} s: {said}")
        yield Served(process, int(found.group(1)))
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=10)


def headers_of(port: int, path: str) -> tuple[int, dict[str, str]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        conn.close()


class Tree(HTMLParser):
    """What the visitor sees, by the id of the element holding it: its text (no <wbr>, no
    zero-width spaces), whether it or a parent is hidden, the documents listed in it."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str | None, bool]] = []
        self.text: dict[str, str] = {}
        self.hidden: dict[str, bool] = {}
        self.docs: dict[str, list[str]] = {}
        self.pairs: list[list[str]] = []  # dt, dd of #answers

    VOID = {"wbr", "br", "meta", "link", "img", "input", "use", "path"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        hidden = "hidden" in a or (bool(self.stack) and self.stack[-1][2])
        if a.get("id"):
            self.hidden[a["id"]] = hidden
            self.text.setdefault(a["id"], "")
        if a.get("data-doc"):
            for _, eid, _ in reversed(self.stack):
                if eid:
                    self.docs.setdefault(eid, []).append(a["data-doc"])
                    break
        if tag in ("dt", "dd") and any(eid == "answers" for _, eid, _ in self.stack):
            if tag == "dt":
                self.pairs.append([])
            self.pairs[-1].append("")
        if tag not in self.VOID:
            self.stack.append((tag, a.get("id"), hidden))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        data = data.replace("\u200b", "")
        for _, eid, _ in self.stack:
            if eid:
                self.text[eid] = self.text.get(eid, "") + data
        if self.pairs and any(tag in ("dt", "dd") for tag, _, _ in self.stack):
            self.pairs[-1][-1] += data  # in a question or an answer (or a word of one)

    def shown(self, eid: str) -> bool:
        return eid in self.hidden and not self.hidden[eid]


def tree_of(dom: str) -> Tree:
    tree = Tree()
    tree.feed(dom)
    return tree


def test_a_checklist_slip_opens_the_visitors_own_checklist(office: Office, browser: Chromium) -> None:
    from kiosk.content.library import Library

    with Library(office.device / "content" / "current.db") as library:
        assert library.meta.site_url == office.site, "the address came with the signed content"
        checklist = library.checklist("claim-maternity-allowance")
        title_km = checklist.title.get("km")
        papers = [d.id for d in checklist.documents]
    have = [papers[3], papers[0]]
    pdf = office.tmp / "checklist.pdf"
    kiosk("print", checklist.id, "--have", have[0], "--have", have[1], "--lang", "km",
          "--data-dir", str(office.device), "-o", str(pdf), env=office.env)
    url = qr_of(pdf)
    assert url == (f"{office.site}/km/{checklist.id}.html#have={papers[0]},{papers[3]}&v=1")

    tree = tree_of(phone_dom(browser, url))
    dom_text = "".join(tree.text.values())
    assert title_km in dom_text, "the checklist's Khmer title"
    assert tree.shown("have-list") and tree.shown("have-heading")
    assert tree.docs["have-list"] == [papers[0], papers[3]], "the two documents as had"
    assert tree.docs["need-list"] == [p for p in papers if p not in have], "the rest to bring"
    assert tree.shown("need-list") and "ត្រូវយកមកទៀត" in tree.text["need-heading"]  # still to bring
    assert tree.text["printed"].startswith("បោះពុម្ពពីមាតិកាលេខ ១"), "the version printed from"


def test_a_decision_slip_opens_the_outcome_and_the_answers(office: Office, browser: Chromium) -> None:
    from kiosk.content.library import Library
    from kiosk.eligibility import rules_of_library
    from kiosk.pages.decision import decision_page_for_facts

    facts = office.tmp / "facts.json"
    facts.write_text(json.dumps(MATERNITY_FACTS))
    pdf = office.tmp / "decision.pdf"
    kiosk("print", "maternity-allowance", "--facts", str(facts), "--lang", "km", "--format",
          "a4", "--data-dir", str(office.device), "-o", str(pdf), env=office.env)
    url = qr_of(pdf)
    assert url.startswith(f"{office.site}/km/maternity-allowance.html#outcome=eligible&a=1-")
    with Library(office.device / "content" / "current.db") as library:
        rules = rules_of_library(library)
        page = decision_page_for_facts(library, rules, "maternity-allowance", MATERNITY_FACTS,
                                       "km")
        slip = [[a.question, a.answer] for a in page.answers]
        outcome = rules.outcomes["eligible"]["km"]
    assert len(slip) == len(MATERNITY_FACTS)
    # the slip itself lists the answers (the English one's text, as pdfium reads it back:
    # shaped Khmer comes back as glyphs, not as text)
    english = office.tmp / "decision-en.pdf"
    kiosk("print", "maternity-allowance", "--facts", str(facts), "--lang", "en", "--format",
          "a4", "--data-dir", str(office.device), "-o", str(english), env=office.env)
    printed = " ".join(" ".join(p.get_textpage().get_text_range().split())
                       for p in pdfium.PdfDocument(english))
    assert "Your answers" in printed and "What work do you do?" in printed
    assert "How many weeks pregnant were you when the baby was born? 38 weeks" in printed

    tree = tree_of(phone_dom(browser, url))
    assert tree.shown("visit")
    assert tree.text["outcome"] == outcome, "the outcome, in the rules' own words"
    assert tree.pairs == slip, "every answer, question and answer as the kiosk words them"


def test_the_what_can_i_get_slip_opens_its_groups(office: Office, browser: Chromium) -> None:
    facts = office.tmp / "facts-all.json"
    facts.write_text(json.dumps(MATERNITY_FACTS))
    pdf = office.tmp / "overview.pdf"
    kiosk("print", "all", "--kind", "overview", "--facts", str(facts), "--lang", "en",
          "--data-dir", str(office.device), "-o", str(pdf), env=office.env)
    url = qr_of(pdf)
    assert url.startswith(f"{office.site}/en/what-you-can-get.html#o=1-")
    dom = phone_dom(browser, url)
    tree = tree_of(dom)
    groups = tree.text["groups"]
    assert "You can get now" in groups and "Maternity allowance" in groups
    assert groups.index("You can get now") < groups.index("Maternity allowance")
    assert tree.shown("visit") and tree.pairs[0][0] == "What work do you do?"


def test_a_kiosk_serves_the_site_from_its_own_verified_content(office: Office) -> None:
    """`kiosk serve --data-dir`: phones on the kiosk's LAN read its copy, rendered from the
    bundle its sync verified; the types and caching a phone needs; still no listings."""
    from kiosk.device import Device
    from kiosk.site.local import ensure_local_site, site_dir

    device = Device.open(office.device)
    assert ensure_local_site(device) is True
    assert ensure_local_site(device) is False, "unchanged content: not rendered again"
    published = office.repo / "site" / "km" / "claim-maternity-allowance.html"
    local = site_dir(device) / "km" / "claim-maternity-allowance.html"
    assert local.read_bytes() == published.read_bytes(), "the same pages as head office's"
    with kiosk_serve("--data-dir", str(office.device), env=office.env) as served:
        port = served.port
        status, headers = headers_of(port, "/site/km/claim-maternity-allowance.html")
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == "max-age=86400", "plain HTTP: pages kept a day"
        assert headers_of(port, "/site/sw.js")[1]["cache-control"] == "no-cache"
        font = next((site_dir(device) / "assets").glob("khmer-*.woff2")).name
        status, headers = headers_of(port, f"/site/assets/{font}")
        assert status == 200 and headers["content-type"] == "font/woff2"
        assert "immutable" in headers["cache-control"]
        assert headers_of(port, "/site/")[0] == headers_of(port, "/site/km/")[0] == 200  # index
        for refused in ("/site/assets/", "/.site-stamp.json", "/site/../content", "/site/.x"):
            assert headers_of(port, refused)[0] == 404, refused
    # head office's repository (behind its HTTPS and CDN): pages checked on every visit
    with kiosk_serve("--repo", str(office.repo), env=office.env) as served:
        headers = headers_of(served.port, "/site/km/claim-maternity-allowance.html")[1]
        assert headers["cache-control"] == "no-cache"


# --- when the phone has no connection any more -------------------------------------------------

CONTROLLED = """new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error("no service worker controls the page within 8 s")), 8000);
  // ready gives the active worker, which may still be activating on a loaded machine
  const done = () => navigator.serviceWorker.ready.then(r => {
    const answer = () => resolve([r.active.state, navigator.serviceWorker.controller.scriptURL]);
    if (r.active.state !== "activating") return answer();
    r.active.addEventListener("statechange", answer, {once: true});
  });
  if (navigator.serviceWorker.controller) done();
  else navigator.serviceWorker.addEventListener("controllerchange", done);
})"""
KEPT_SHOWN = """new Promise((resolve, reject) => {
  const kept = document.getElementById("kept"), started = Date.now();
  (function look() {
    if (!kept.hidden) return resolve([...document.querySelectorAll("#kept-list a")].map(
        a => [a.getAttribute("href"), a.textContent]));
    if (Date.now() - started > 5000) return reject(new Error("no kept pages listed in 5 s"));
    setTimeout(look, 50);
  })();
})"""


@dataclass
class Checklist:
    id: str
    title_km: str
    papers: list[str]
    have: list[str]  # in the list's order

    @property
    def fragment(self) -> str:
        return f"#have={','.join(self.have)}&v=1"


@pytest.fixture(scope="module")
def checklist(office: Office) -> Checklist:
    from kiosk.content.library import Library

    with Library(office.device / "content" / "current.db") as library:
        record = library.checklist("claim-maternity-allowance")
        papers = [d.id for d in record.documents]
        return Checklist(record.id, record.title.get("km"), papers, [papers[0], papers[2]])


def benefit_title_km(office: Office, benefit: str) -> str:
    from kiosk.content.library import Library

    with Library(office.device / "content" / "current.db") as library:
        return library.benefit(benefit).title.get("km")


def assert_drawn_in_khmer(tab: Tab, title_km: str) -> Tree:
    """The page shows `title_km` as its title, drawn with the site's own Khmer web font (a
    Khmer letter drawn by any other font would be a box on a phone without one)."""
    tree = tree_of(dom_of(tab))
    assert tree.text["title"].strip() == title_km
    fonts = fonts_drawing(tab, "#title span")
    assert fonts and all(f["isCustomFont"] for f in fonts), fonts
    return tree


def assert_ticks(tree: Tree, checklist: Checklist) -> None:
    assert tree.shown("have-list") and tree.docs["have-list"] == checklist.have
    assert tree.docs["need-list"] == [p for p in checklist.papers if p not in checklist.have]


def test_pages_opened_stay_readable_offline_with_the_service_worker(
        office: Office, browser: Chromium, checklist: Checklist, tmp_path: Path) -> None:
    """A secure origin (here 127.0.0.1, as HTTPS would be): the phone opens a checklist from
    a slip's QR code and a benefit; the server goes away; both open again, with their Khmer,
    their font and the visitor's ticks; a page never opened says "no connection" itself."""
    benefit = "maternity-allowance"
    with kiosk_serve("--repo", str(office.repo), env=office.env) as served, \
            phone(browser) as tab:
        site = f"http://127.0.0.1:{served.port}/site"
        slip = f"{site}/km/{checklist.id}.html{checklist.fragment}"
        assert tab.navigate(slip) == slip
        state, worker = tab.evaluate(CONTROLLED, timeout=10)
        assert state == "activated" and worker == f"{site}/sw.js"
        assert_ticks(tree_of(dom_of(tab)), checklist)
        assert tab.navigate(f"{site}/km/{benefit}.html") == f"{site}/km/{benefit}.html"

        served.stop()
        # the slip's QR code scanned again, then a reload: the copy the worker kept when it
        # started (the page that registered it came before it)
        for opened in (tab.navigate(slip), tab.reload()):
            assert opened == slip
            assert_ticks(assert_drawn_in_khmer(tab, checklist.title_km), checklist)
        # a page opened while online, through the worker
        assert tab.navigate(f"{site}/km/{benefit}.html") == f"{site}/km/{benefit}.html"
        assert_drawn_in_khmer(tab, benefit_title_km(office, benefit))

        # never opened: the site's own page, in the page's language, not the browser's error
        never = f"{site}/km/sickness-allowance.html"
        assert tab.navigate(never) == never
        tree = assert_drawn_in_khmer(tab, tr("No connection", "km"))
        assert tab.evaluate("performance.getEntriesByType('navigation')[0].responseStatus") == 503
        assert tab.evaluate("document.body.dataset.kind") == "offline"
        kept = tab.evaluate(KEPT_SHOWN)
        assert [href for href, _ in kept] == [f"/site/km/{checklist.id}.html",
                                              f"/site/km/{benefit}.html"], "in the order opened"
        assert kept[0][1].replace("\u200b", "") == checklist.title_km
        shot(tab, "offline-km", tmp_path)
        assert tab.evaluate("document.querySelector('a.lang').getAttribute('href')") == \
            "../en/sickness-allowance.html"
        english = f"{site}/en/sickness-allowance.html"
        assert tab.navigate(english) == english
        assert tree_of(dom_of(tab)).text["title"].strip() == "No connection"
        assert tree.shown("retry")


def test_a_kiosk_lan_over_plain_http_keeps_pages_in_the_http_cache(
        office: Office, browser: Chromium, checklist: Checklist) -> None:
    """`kiosk serve --data-dir` to phones on the kiosk's Wi-Fi: plain HTTP, no service worker.
    What the phone saw there comes back from its HTTP cache when the kiosk is out of reach:
    going back, and opening the same address again (pages are kept a day); a reload, and a page
    never opened, are the browser's own error page (docs/phone-site.md)."""
    benefit = "maternity-allowance"
    with kiosk_serve("--data-dir", str(office.device), env=office.env) as served, \
            phone(browser) as tab:
        site = f"http://kiosk.lan:{served.port}/site"
        slip = f"{site}/km/{checklist.id}.html{checklist.fragment}"
        assert tab.navigate(slip) == slip
        assert tab.evaluate("[window.isSecureContext, 'serviceWorker' in navigator]") == \
            [False, False], "a kiosk's LAN address is not a secure context: no service worker"
        assert_ticks(tree_of(dom_of(tab)), checklist)
        assert tab.navigate(f"{site}/km/{benefit}.html") == f"{site}/km/{benefit}.html"

        served.stop()
        assert tab.back() == slip, "back to the checklist, with the visit in its address"
        assert_ticks(assert_drawn_in_khmer(tab, checklist.title_km), checklist)
        assert tab.navigate(f"{site}/km/{benefit}.html") == f"{site}/km/{benefit}.html"
        assert_drawn_in_khmer(tab, benefit_title_km(office, benefit))
        assert tab.navigate(slip) == slip, "the slip's QR code scanned again"
        assert_ticks(assert_drawn_in_khmer(tab, checklist.title_km), checklist)
        # a slip printed from newer content than the copy kept: the page says so (a camera
        # app opens the scanned address anew, not as a jump within the page open)
        newer = slip.replace("&v=1", "&v=2")
        assert tab.navigate("about:blank") == "about:blank"
        assert tab.navigate(newer) == newer
        older = tr("This copy of the page is content version {version}, older than your paper. "
                   "Open it again when you are connected to see the newest.", "km")
        assert older.format(version="១") in tree_of(dom_of(tab)).text["printed"]

        # what plain HTTP cannot do: a reload asks the server; nothing answers for a new page
        assert tab.reload().startswith("chrome-error:")
        assert tab.navigate(f"{site}/km/sickness-allowance.html").startswith("error:")


# --- what a phone shows: Khmer shaped by the site's font, wrapped where the kiosk wraps -------

PURE_KHMER_WORDS = """(() => {
  const words = [...document.querySelectorAll("main w")].filter(
      w => /^[\\u1780-\\u17ff]+$/.test(w.textContent));
  words.forEach(w => w.setAttribute("data-pure-khmer", ""));
  return words.length;
})()"""


def assert_khmer_drawn_whole(tab: Tab) -> None:
    """Every Khmer word on the page in the site's web font (a letter any other font drew would
    be a box on a phone without Khmer), each line starting where the kiosk breaks, nothing
    wider than the phone."""
    assert tab.evaluate("document.fonts.ready.then(() => document.documentElement.scrollWidth)") \
        <= 390, "nothing wider than the phone"
    starts = tab.evaluate(LINE_STARTS)
    assert starts["lines"] > 5 and starts["bad"] == [], starts
    assert tab.evaluate(PURE_KHMER_WORDS) > 20
    root = tab.call("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    nodes = tab.call("DOM.querySelectorAll", {"nodeId": root,
                                              "selector": "[data-pure-khmer]"})["nodeIds"]
    others = set()
    for node in nodes:
        fonts = tab.call("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        others |= {f["familyName"] for f in fonts if not f["isCustomFont"]}
    assert not others, f"Khmer drawn with {others}: boxes on a phone without a Khmer font"


def test_khmer_phone_pages_are_shaped_in_their_font_and_wrap_at_words(
        office: Office, browser: Chromium, checklist: Checklist, tmp_path: Path) -> None:
    """The phone pages of the README, at 390×844: Khmer in the site's font, lines broken only
    where the kiosk's word breaker allows (a browser's own dictionary breaks ប្រាក់|បំណាច់), the
    visit drawn by the script too (answers, outcome: the same rule)."""
    from kiosk.content.library import Library
    from kiosk.eligibility import rules_of_library
    from kiosk.guidance.compose import decision_document_from, overview_document_from
    from kiosk.pages.decision import all_page_for_facts, decision_page_for_facts

    with Library(office.device / "content" / "current.db") as library:
        rules = rules_of_library(library)
        decision = decision_document_from(decision_page_for_facts(
            library, rules, "maternity-allowance", MATERNITY_FACTS, "km"), library).url
        overview = overview_document_from(all_page_for_facts(
            library, rules, MATERNITY_FACTS, "en"), library).url
        guide = library.guides()[0].id
    pages = {"checklist-km": f"/km/{checklist.id}.html{checklist.fragment}",
             "decision-km": "/km/" + decision.split("/km/", 1)[1],
             "what-you-can-get-en": "/en/" + overview.split("/en/", 1)[1],
             "index-en": "/en/index.html", "guide-km": f"/km/{guide}.html",
             "glossary-km": "/km/glossary.html"}
    with phone(browser) as tab:
        tab.call("DOM.enable")
        tab.call("CSS.enable")
        for name, page in pages.items():
            assert tab.navigate(office.site + page) == office.site + page
            if name.endswith("-km"):
                assert_khmer_drawn_whole(tab)
            if name != "glossary-km":  # checked, not pictured in the README
                shot(tab, name, tmp_path)


# --- the guide, the employer's duties and his month: their slips open their own pages ---------

def assert_title_in_khmer_font(tab: Tab, title_km: str) -> Tree:
    """As assert_drawn_in_khmer, for a title with Latin marks in it ("...?"): those come from
    the phone's own font (the web font holds Khmer only), every Khmer letter from the site's."""
    tree = tree_of(dom_of(tab))
    assert tree.text["title"].strip() == title_km
    fonts = fonts_drawing(tab, "#title span")
    latin = sum(1 for ch in title_km if not ("\u1780" <= ch <= "\u17ff" or ch.isspace()))
    assert any(f["isCustomFont"] for f in fonts), fonts
    assert sum(f["glyphCount"] for f in fonts if not f["isCustomFont"]) <= latin, fonts
    return tree


def assert_page_of_slip(tab: Tab, url: str, title_km: str, tmp_path: Path, name: str) -> Tree:
    """The slip's address opened on the phone: its Khmer title in the site's font, the
    version printed from, every Khmer line broken where the kiosk breaks it."""
    assert tab.navigate(url) == url
    tree = assert_title_in_khmer_font(tab, title_km)
    assert tree.shown("printed") and tree.text["printed"].startswith("បោះពុម្ពពីមាតិកាលេខ ១")
    assert_khmer_drawn_whole(tab)
    shot(tab, name, tmp_path)
    return tree


def test_the_guide_employer_and_monthly_slips_open_their_pages(
        office: Office, browser: Chromium, tmp_path: Path) -> None:
    """`kiosk print --kind guide|employer|monthly --data-dir DEV`: each slip's QR code opens
    the page of the same name in Khmer, with what the slip says; the monthly one carries no
    wage and no amount; a duty of the employer's page opens on a page of its own."""
    from kiosk.content.library import Library
    from kiosk.pages.employer import employer_page
    from kiosk.pages.guide import guide_page

    with Library(office.device / "content" / "current.db") as library:
        guide = guide_page(library, library.guides()[0].id, "km")
        employer = employer_page(library, "km")
    slips = {}
    wages = office.tmp / "wages.json"
    wages.write_text(json.dumps({"wages_riel": [1_234_000, 987_000, 987_000]}))
    for kind, rid, more in (("guide", guide.id, ()), ("employer", "employer", ()),
                            ("monthly", "monthly-total", ("--facts", str(wages)))):
        pdf = office.tmp / f"{kind}.pdf"
        kiosk("print", rid, "--kind", kind, "--lang", "km", "--format", "receipt", *more,
              "--data-dir", str(office.device), "-o", str(pdf), env=office.env)
        slips[kind] = qr_of(pdf)
    assert slips == {"guide": f"{office.site}/km/{guide.id}.html#v=1",
                     "employer": f"{office.site}/km/employer.html#v=1",
                     "monthly": f"{office.site}/km/monthly-total.html#v=1"}, "no wage, no amount"

    with phone(browser) as tab:
        tab.call("DOM.enable")
        tab.call("CSS.enable")
        tree = assert_page_of_slip(tab, slips["guide"], guide.title, tmp_path, "guide-slip-km")
        for section in guide.sections:
            shown = tree.text[section.key]
            assert section.heading in shown
            assert all(point.text in shown for point in section.points if not point.pieces)
        assert tree.text["check"].startswith(guide.check.text), "Is my card working?"

        tree = assert_page_of_slip(tab, slips["employer"], employer.title, tmp_path,
                                   "employer-slip-km")
        for duty in employer.duties:
            assert duty.title.text in tree.text[duty.id] and duty.deadline.text in tree.text[duty.id]
        first = employer.duties[0]
        own = tab.evaluate(f"document.querySelector('#{first.id} h3 a').href")
        assert own == f"{office.site}/km/duty-{first.id}.html"
        assert tab.navigate(own) == own
        assert_title_in_khmer_font(tab, first.title.text)
        main = tab.evaluate("document.querySelector('main').textContent").replace("\u200b", "")
        assert first.text in main and first.deadline.text in main, "the duty, by when"

        tree = assert_page_of_slip(tab, slips["monthly"], tr("What I pay each month", "km"),
                                   tmp_path, "monthly-slip-km")
        assert all(c.rate in tree.text[c.id] for c in employer.contributions)
        assert tab.evaluate("document.forms.length + document.querySelectorAll('input').length") == 0
