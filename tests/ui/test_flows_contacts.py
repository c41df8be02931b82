"""Contacts by taps: every office the content has, grouped by kind, with its province, hours (or
"hours not known: call 1286"), its map picture, and "you are here" from the kiosk's location
setting; a search hit on an office opens it, marked, in view."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from branch_offices import BRANCHES
from PySide6.QtGui import QColor, QImage
from test_flows_visitor import Visitor, visitor  # noqa: F401 - the fixture

from kiosk.content.bundle import build_bundle
from kiosk.content.loader import check_records, read_source
from kiosk.device import Device
from kiosk.eligibility import RULES_DIR, RuleFiles
from kiosk.paths import CONTENT_DIR
from ui.context import AppContext


@pytest.fixture()
def branches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A bundle of the shipped content with two branch offices (one with hours and a map, one
    with neither, as an old bundle may have), and the map picture in an assets folder."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    (content / "branches.yaml").write_text(BRANCHES, encoding="utf-8")
    assets = tmp_path / "assets"
    (assets / "maps").mkdir(parents=True)
    picture = QImage(400, 240, QImage.Format.Format_RGB32)
    picture.fill(QColor("#2E7D32"))
    assert picture.save(str(assets / "maps" / "kandal.png"))
    raws, _ = read_source(content)
    records, _problems = check_records(raws, assets=assets, require_benefits=False)
    records.rules = RuleFiles.from_dir(RULES_DIR).files
    path = tmp_path / "branches.db"
    build_bundle(records, path, version=9)
    monkeypatch.setattr("kiosk.pages.contacts.ASSETS", assets)  # where this bundle's maps are
    yield path


@pytest.fixture()
def branch_visitor(branches: Path, tmp_path: Path, qtbot, ui) -> Iterator[Visitor]:
    from ui.shell import Shell

    device = Device.open(tmp_path / "data")
    device.settings.set("location", "branch-kandal")  # staff said where this kiosk stands
    ctx = AppContext(device, branches)
    shell = Shell(ctx, idle_ms=60_000, warning_ms=60_000, hold_ms=100, hide_cursor=False)
    qtbot.addWidget(shell)
    shell.resize(1280, 800)
    shell.show()
    qtbot.waitExposed(shell)
    yield Visitor(shell, ui, ctx, qtbot)
    shell.leave_kiosk = True
    shell.watcher.stop()
    shell.clock.stop()
    ctx.library.close()


def test_every_office_by_kind_with_its_map_and_you_are_here(branch_visitor) -> None:
    v = branch_visitor
    v.open("contacts", locale="en")
    assert v.text("hotline-number") == "1286"
    assert [v.text(f"offices-{kind}") for kind in ("website", "head-office", "branch")] == [
        "On the internet", "Head office", "Branch offices"]
    for office in v.ctx.library.offices():
        if office.id != "hotline":
            assert v.text(f"office-{office.id}") == office.name.en
    texts = v.texts()
    assert "Province: Kandal" in texts and "Open: Monday to Friday, 8:00 to 17:00" in texts
    assert "Hours not known: call 1286" in texts  # the branch without its hours
    assert v.text("office-here-branch-kandal") == "You are here"
    assert v.text("contacts-here") == "This kiosk is at: NSSF Kandal branch"
    assert not v.visible("office-here-branch-takeo")
    kandal_map = v.find("office-map-branch-kandal")
    assert kandal_map.pixmap() is not None and not kandal_map.pixmap().isNull()
    assert kandal_map.pixmap().width() <= v.card("office-branch-kandal").width()
    assert not v.visible("office-map-branch-takeo")  # no map: no empty frame
    v.language("km")
    assert v.text("office-here-branch-kandal") == "អ្នកនៅទីនេះ"
    assert "យើងមិនដឹងម៉ោងបើកទេ៖ សូមហៅលេខ ១២៨៦" in v.texts()


def test_an_office_found_by_search_opens_at_its_card(branch_visitor) -> None:
    v = branch_visitor
    v.open("search", locale="en")
    v.type("takeo")
    v.tap("result-offices-branch-takeo")
    assert (v.screen, v.params) == ("contacts", {"card": "branch-takeo"})
    card = v.card("office-branch-takeo")
    assert card.property("marked") is True
    area = v.shell.current.area
    top = card.mapTo(area.viewport(), card.rect().topLeft()).y()
    assert 0 <= top < area.viewport().height(), top
    assert not v.card("office-branch-kandal").property("marked")


def test_the_shipped_contacts_without_a_location(visitor) -> None:  # noqa: F811
    visitor.open("contacts", locale="km")
    assert not visitor.visible("contacts-here")
    assert visitor.text("office-head-office") == visitor.ctx.library.offices(
        "head-office")[0].name.km
