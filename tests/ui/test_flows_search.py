"""Search by taps on the on-screen keyboard: a Khmer word typed key by key finds the maternity
benefit and opens it; Latin typing; Khmer typed on the English side; a glossary definition shown
in place; the query kept across a language switch and dropped by a reset."""
from __future__ import annotations

from test_flows_visitor import visitor  # noqa: F401 - the fixture

MATERNITY_KM = "មាតុភាព"  # maternity


def test_khmer_word_typed_on_the_keyboard_opens_the_maternity_benefit(visitor) -> None:  # noqa: F811
    visitor.open("search", locale="km")
    assert visitor.keyboard().script == "khmer"
    visitor.type(MATERNITY_KM)
    field = visitor.find("search-field")
    assert field.text() == MATERNITY_KM
    assert [hex(ord(c)) for c in field.text()] == [
        "0x1798", "0x17b6", "0x178f", "0x17bb", "0x1797", "0x17b6", "0x1796"]
    assert visitor.ctx.visit.search_text == MATERNITY_KM
    benefit = visitor.ctx.library.benefit("maternity-allowance")
    assert visitor.text("result-benefits-maternity-allowance") == benefit.title.km
    visitor.tap("result-benefits-maternity-allowance")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "maternity-allowance"})
    # Back: the search is still there, results and all
    visitor.tap("topbar-back")
    assert visitor.find("search-field").text() == MATERNITY_KM
    assert visitor.visible("result-benefits-maternity-allowance")


def test_results_follow_each_key_and_backspace(visitor) -> None:  # noqa: F811
    visitor.open("search", locale="km")
    assert visitor.visible("search-status")  # the hint
    visitor.type("មាតុ")
    assert visitor.visible("result-benefits-maternity-allowance")
    visitor.type("ក")  # មាតុក: nothing is called that
    assert not visitor.visible("result-benefits-maternity-allowance")
    assert visitor.visible("search-status")
    visitor.tap("key-backspace")
    assert visitor.find("search-field").text() == "មាតុ"
    assert visitor.visible("result-benefits-maternity-allowance")
    visitor.tap("key-clear")
    assert visitor.ctx.visit.search_text == ""
    assert not visitor.visible("result-benefits-maternity-allowance")


def test_latin_typing_and_the_glossary_in_place(visitor) -> None:  # noqa: F811
    visitor.open("search", locale="en")
    assert visitor.keyboard().script == "latin"
    visitor.type("maternity")
    term = next(t for t in visitor.ctx.library.glossary() if t.term.en == "Maternity allowance")
    assert visitor.text(f"definition-{term.id}") == term.definition.en
    assert visitor.visible("result-checklists-claim-maternity-allowance")
    visitor.tap("result-checklists-claim-maternity-allowance")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": "claim-maternity-allowance"})


def test_khmer_typed_on_the_english_side_finds_english_titles(visitor) -> None:  # noqa: F811
    visitor.open("search", locale="en")
    visitor.tap("key-switch")  # to the Khmer keyboard
    visitor.type(MATERNITY_KM)
    benefit = visitor.ctx.library.benefit("maternity-allowance")
    assert visitor.text("result-benefits-maternity-allowance") == benefit.title.en


def test_language_switch_keeps_the_query_and_reset_clears_it(visitor) -> None:  # noqa: F811
    visitor.open("search", locale="km")
    visitor.type(MATERNITY_KM)
    visitor.language("en")
    assert visitor.screen == "search"
    assert visitor.find("search-field").text() == MATERNITY_KM
    benefit = visitor.ctx.library.benefit("maternity-allowance")
    assert visitor.text("result-benefits-maternity-allowance") == benefit.title.en
    assert visitor.keyboard().script == "khmer"  # the keyboard the visitor chose stays
    assert visitor.text("key-space") == "space"
    visitor.shell.reset_visit()
    visitor.open("search", locale="km")
    assert visitor.find("search-field").text() == ""
    assert not visitor.visible("result-benefits-maternity-allowance")


def test_the_keyboard_can_be_hidden_for_more_results(visitor) -> None:  # noqa: F811
    visitor.open("search")
    visitor.tap("search-keyboard-toggle")
    assert not visitor.visible("keyboard")
    visitor.language("km")
    assert not visitor.visible("keyboard")
    visitor.tap("search-keyboard-toggle")
    assert visitor.visible("keyboard")
