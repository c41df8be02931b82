"""The QR on a slip opens the same guidance on a phone, end to end: head office publishes the
content with its phone site into a repository, the hardened `kiosk serve` server serves it on
127.0.0.1, a kiosk syncs, `kiosk print ... --data-dir DEV` makes the slip, the PDF is rendered
(pypdfium2) and its QR decoded (zxing-cpp), and headless Chromium with a phone-sized window opens
that address: the page, after its script ran, shows what the visitor did at the kiosk.

One Chromium per check, each bounded by a timeout; everything on an ephemeral loopback port.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from kiosk.paths import ROOT
from kiosk.sync.serve import make_server

CHROMIUM_TIMEOUT_S = 60
MATERNITY_FACTS = {"role": "worker", "employer_registered": True,
                   "consecutive_months_contributed": 9, "months_contributed_last_12": 9,
                   "gave_birth": True, "weeks_pregnant": 38}


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


def qr_of(pdf: Path) -> str:
    image = pdfium.PdfDocument(pdf)[0].render(scale=203 / 72).to_pil()
    (found,) = [r.text for r in zxingcpp.read_barcodes(image)]
    return found


def phone_dom(url: str, profile: Path) -> str:
    """The page as a phone shows it after its script ran (390×844, headless Chromium)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "headless Chromium is needed (Debian: apt-get install chromium; .ci/run does)"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--window-size=390,844", "--virtual-time-budget=5000",
         "--dump-dom", url],
        capture_output=True, text=True, timeout=CHROMIUM_TIMEOUT_S)
    assert result.returncode == 0 and "<html" in result.stdout, result.stderr[-2000:]
    return result.stdout


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
        if self.pairs and self.stack and self.stack[-1][0] in ("dt", "dd"):
            self.pairs[-1][-1] += data

    def shown(self, eid: str) -> bool:
        return eid in self.hidden and not self.hidden[eid]


def tree_of(dom: str) -> Tree:
    tree = Tree()
    tree.feed(dom)
    return tree


def test_a_checklist_slip_opens_the_visitors_own_checklist(office: Office) -> None:
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

    tree = tree_of(phone_dom(url, office.tmp / "chromium-1"))
    dom_text = "".join(tree.text.values())
    assert title_km in dom_text, "the checklist's Khmer title"
    assert tree.shown("have-list") and tree.shown("have-heading")
    assert tree.docs["have-list"] == [papers[0], papers[3]], "the two documents as had"
    assert tree.docs["need-list"] == [p for p in papers if p not in have], "the rest to bring"
    assert tree.shown("need-list") and "ត្រូវយកមកទៀត" in tree.text["need-heading"]  # still to bring
    assert tree.text["printed"].startswith("បោះពុម្ពពីមាតិកាលេខ ១"), "the version printed from"


def test_a_decision_slip_opens_the_outcome_and_the_answers(office: Office) -> None:
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

    tree = tree_of(phone_dom(url, office.tmp / "chromium-2"))
    assert tree.shown("visit")
    assert tree.text["outcome"] == outcome, "the outcome, in the rules' own words"
    assert tree.pairs == slip, "every answer, question and answer as the kiosk words them"


def test_the_what_can_i_get_slip_opens_its_groups(office: Office) -> None:
    facts = office.tmp / "facts-all.json"
    facts.write_text(json.dumps(MATERNITY_FACTS))
    pdf = office.tmp / "overview.pdf"
    kiosk("print", "all", "--kind", "overview", "--facts", str(facts), "--lang", "en",
          "--data-dir", str(office.device), "-o", str(pdf), env=office.env)
    url = qr_of(pdf)
    assert url.startswith(f"{office.site}/en/what-you-can-get.html#o=1-")
    dom = phone_dom(url, office.tmp / "chromium-3")
    tree = tree_of(dom)
    groups = tree.text["groups"]
    assert "You can get now" in groups and "Maternity allowance" in groups
    assert groups.index("You can get now") < groups.index("Maternity allowance")
    assert tree.shown("visit") and tree.pairs[0][0] == "What work do you do?"


def test_a_kiosk_serves_the_site_from_its_own_verified_content(office: Office) -> None:
    """`kiosk serve --data-dir`: phones on the kiosk's LAN read its copy, rendered from the
    bundle its sync verified; the types and caching a phone needs; still no listings."""
    import http.client

    from kiosk.device import Device
    from kiosk.site.local import ensure_local_site, site_dir

    device = Device.open(office.device)
    assert ensure_local_site(device) is True
    assert ensure_local_site(device) is False, "unchanged content: not rendered again"
    published = office.repo / "site" / "km" / "claim-maternity-allowance.html"
    local = site_dir(device) / "km" / "claim-maternity-allowance.html"
    assert local.read_bytes() == published.read_bytes(), "the same pages as head office's"
    server = make_server(site_dir(device).parent, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    try:
        port = server.server_address[1]

        def head(path: str) -> tuple[int, dict[str, str]]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                return response.status, {k.lower(): v for k, v in response.getheaders()}
            finally:
                conn.close()

        status, headers = head("/site/km/claim-maternity-allowance.html")
        assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == "no-cache"
        font = next((site_dir(device) / "assets").glob("khmer-*.woff2")).name
        status, headers = head(f"/site/assets/{font}")
        assert status == 200 and headers["content-type"] == "font/woff2"
        assert "immutable" in headers["cache-control"]
        assert head("/site/")[0] == head("/site/km/")[0] == 200  # index pages, never listings
        for refused in ("/site/assets/", "/.site-stamp.json", "/site/../content", "/site/.x"):
            assert head(refused)[0] == 404, refused
    finally:
        server.shutdown()
        server.server_close()
