"""A benefit added by files alone, opened on screen by taps: a made-up eleventh benefit (card,
checklist, rules and its own question, from files in a temp folder) in a bundle the kiosk shows.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from test_flows_visitor import visitor  # noqa: F401 - the fixture

from kiosk.content.bundle import build_bundle
from kiosk.source import load_source

NEW = "bicycle-grant"


@pytest.fixture()
def bundle_path(eleventh_benefit, tmp_path: Path) -> Path:  # overrides conftest's
    path = tmp_path / "eleven.db"
    build_bundle(load_source(eleventh_benefit.content, eleventh_benefit.rules), path)
    return path


def test_an_eleventh_benefit_by_taps(visitor) -> None:  # noqa: F811
    visitor.open("home", locale="en")
    visitor.tap("home-tile-benefits")
    visitor.tap(f"benefit-tile-{NEW}")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": NEW})
    assert visitor.text("benefit-title") == "Bicycle grant"
    visitor.tap("benefit-interview")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": NEW})
    visitor.tap("answer-worker")
    assert visitor.text("question-text") == "Do you cycle to work?"  # its own question
    visitor.tap("answer-yes")
    assert visitor.screen == "decision"
    assert visitor.find("outcome").property("outcome") == "eligible"
    assert "You can get help to buy a bicycle." in visitor.texts()
    visitor.tap("decision-checklist")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": f"claim-{NEW}"})
    visitor.language("km")
    assert visitor.text("checklist-title") == "ស្នើសុំជំនួយកង់"
