"""The head-office report as the communication team sees it: a simulated fleet's report opened
in headless Chromium at 1200 px, in Khmer and English. Its screens table names the guide and the
monthly total and says how visits ended, nothing runs off the side of the page, the page's own
Khmer font is loaded, and the page is kept as a PNG (REPORT_SHOTS=DIR keeps it there, to look
at or for the README)."""
from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Chromium, Tab

from kiosk.i18n import tr
from kiosk.report.names import END_HOW, SCREENS

WIDTH = 1200
REPORT_SHOTS = os.environ.get("REPORT_SHOTS")

# what overflows: an element reaching outside the page's main column, or text cut off
OVERFLOW = """(() => {
  const main = document.querySelector("main").getBoundingClientRect();
  const out = [];
  for (const el of document.querySelectorAll("main *")) {
    const r = el.getBoundingClientRect();
    if (r.width && (r.right > main.right + 1 || r.left < main.left - 1))
      out.push(el.localName + ": " + (el.textContent || "").slice(0, 40));
    if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow === "hidden")
      out.push("cut " + el.localName + ": " + (el.textContent || "").slice(0, 40));
  }
  return {items: out.slice(0, 10), page: document.documentElement.scrollWidth};
})()"""

TABLE_AFTER = """(() => {
  const h = [...document.querySelectorAll("h2, h3")].find(h => h.textContent === %r);
  let t = h && h.nextElementSibling;
  while (t && t.localName !== "table") t = t.nextElementSibling;
  return t ? [...t.querySelectorAll("tr")].map(r => [...r.cells].map(c => c.innerText)) : null;
})()"""


def kiosk(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("report")
    kiosk("fleet", "simulate", "--kiosks", "6", "--days", "7", "--to", str(folder / "usb"),
          "--visits-per-day", "25", "--end", "2026-11-30", "--seed", "3")
    out = {}
    for locale in ("km", "en"):
        out[locale] = folder / f"report-{locale}.html"
        kiosk("report", "--source", str(folder / "usb"), "--lang", locale, "-o", str(out[locale]),
              "--as-of", "2026-11-30")
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    with Chromium(tmp_path_factory.mktemp("chromium")) as chromium:
        yield chromium


def full_page(tab: Tab, path: Path) -> Path:
    """The whole page, top to bottom, as a PNG."""
    height = tab.evaluate("document.documentElement.scrollHeight")
    data = tab.call("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1}})["data"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(base64.b64decode(data))
    return path


@pytest.mark.parametrize("locale", ["km", "en"])
def test_the_report_shows_the_new_screens_and_fits_the_page(reports: dict[str, Path],
                                                            browser: Chromium, locale: str,
                                                            tmp_path: Path) -> None:
    tab = browser.new_tab(width=WIDTH, height=900)
    try:
        url = reports[locale].as_uri()
        assert tab.navigate(url) == url
        assert tab.evaluate("""document.fonts.ready.then(() => [...document.fonts].some(
            f => f.family.includes("Khmer") && f.status === "loaded"))""")  # ខ្មែរ on both
        shot = full_page(tab, (Path(REPORT_SHOTS) if REPORT_SHOTS else tmp_path)
                         / f"report-{locale}-full.png")
        assert shot.stat().st_size > 50_000
        head, *rows = tab.evaluate(TABLE_AFTER % tr("Screens, and where visits ended", locale))
        assert head[4:7] == [tr(w, locale) for w in ("Done", "Finish", "Walked away")]
        names = {row[0] for row in rows}
        assert {tr(SCREENS["guide"], locale), tr(SCREENS["monthly"], locale)} <= names, names
        _head, *ends = tab.evaluate(TABLE_AFTER % tr("How visits ended", locale))
        assert [row[0] for row in ends] == [tr(END_HOW[how], locale) for how in END_HOW]
        guides = tab.evaluate(TABLE_AFTER % tr("Guides, stories, offices and duties", locale))
        assert len(guides) == 2, guides  # the one guide of the content, opened and checked
        overflow = tab.evaluate(OVERFLOW)
        assert not overflow["items"] and overflow["page"] <= WIDTH, overflow
    finally:
        tab.close()
