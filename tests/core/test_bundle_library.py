"""The bundle is deterministic and complete; Library reads it read-only and searches both languages."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library, NotFound
from kiosk.content.loader import load_content
from kiosk.content.search import AT_WORD, title_grams
from kiosk.eligibility import load_rules
from kiosk.errors import KioskError
from kiosk.paths import CONTENT_DIR

BENEFIT_IDS = load_rules().benefits  # data: the rules and the content agree on them


def test_same_input_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    assert main(["content", "build", str(CONTENT_DIR), "-o", str(a)]) == 0
    assert main(["content", "build", str(CONTENT_DIR), "-o", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert not list(tmp_path.glob("*.building"))


def test_build_time_only_when_asked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = load_content(CONTENT_DIR)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    with Library(build_bundle(content, tmp_path / "a.db").path) as lib:
        assert lib.meta.built_at == ""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with Library(build_bundle(content, tmp_path / "b.db").path) as lib:
        assert lib.meta.built_at == "2023-11-14T22:13:20Z"


def test_the_bundle_carries_its_rules(tmp_path: Path) -> None:
    from kiosk.eligibility import RULES_DIR, rules_of_library

    built, bare = tmp_path / "with.db", tmp_path / "without.db"
    assert main(["content", "build", str(CONTENT_DIR), "-o", str(built)]) == 0
    assert main(["content", "build", str(CONTENT_DIR), "-o", str(bare), "--rules", "-"]) == 0
    with Library(built) as lib, Library(bare) as plain:
        files = lib.rule_files()
        assert files == {p.name: p.read_text("utf-8") for p in RULES_DIR.glob("*.yaml")}
        assert plain.rule_files() == {}
        assert lib.meta.content_hash != plain.meta.content_hash  # the rules are in the hash
        book = rules_of_library(lib)
        assert book.benefits == BENEFIT_IDS and book.origin == f"{built}:rules"
        assert rules_of_library(lib) is book  # loaded once per bundle
        assert rules_of_library(plain) is load_rules()  # no rules: the ones it ships with
        with pytest.raises(KioskError, match="carries no eligibility rules"):
            rules_of_library(plain, fallback=False)


def test_build_refuses_rules_that_disagree_with_the_content(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    import shutil

    from kiosk.eligibility import RULES_DIR

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    (rules / "funeral-grant.yaml").unlink()
    assert main(["content", "build", str(CONTENT_DIR), "-o", str(tmp_path / "x.db"),
                 "--rules", str(rules)]) == 1
    err = capsys.readouterr().err
    assert "benefits.yaml:" in err and "benefit 'funeral-grant' has no rules" in err
    assert not (tmp_path / "x.db").exists()
    assert main(["content", "validate", str(CONTENT_DIR), "--rules", str(rules)]) == 1
    assert "benefit 'funeral-grant' has no rules" in capsys.readouterr().out


def test_meta(library: Library) -> None:
    assert library.meta.content_version == 3
    assert library.meta.schema_version == 2
    assert library.meta.locales == ("km", "en")
    assert len(library.meta.content_hash) == 64


def test_every_benefit_in_both_languages(library: Library) -> None:
    assert sorted(b.id for b in library.benefits()) == sorted(BENEFIT_IDS)
    for bid in BENEFIT_IDS:
        benefit = library.benefit(bid)
        assert benefit.title.km and benefit.title.en
        checklist = library.checklist(benefit.checklist)
        assert checklist.documents and checklist.steps
        assert library.checklist(bid) == checklist  # by benefit id too


def test_audience_filter(library: Library) -> None:
    for_workers = {b.id for b in library.benefits("worker")}
    for_employers = {b.id for b in library.benefits("employer")}
    assert "maternity-allowance" in for_workers
    assert all(b.audience in ("employer", "both") for b in library.benefits("employer"))
    assert for_employers <= set(BENEFIT_IDS)


def test_other_records(library: Library) -> None:
    assert len(library.glossary()) >= 20
    assert any(o.phone and "1286" in o.phone for o in library.offices())
    assert library.stories() and library.messages() and library.duties()
    assert len(library.contributions()) >= 3
    term = library.glossary()[0]
    assert library.term(term.term.km) == term
    assert library.term(term.term.en.upper()) == term
    assert library.term("no such term at all") is None


def test_not_found_is_a_kiosk_error(library: Library) -> None:
    with pytest.raises(NotFound) as info:
        library.benefit("free-money")
    assert isinstance(info.value, KioskError)
    assert "free-money" in info.value.message("km")


def test_khmer_word_from_maternity_finds_maternity_first(library: Library) -> None:
    hits = library.search("មាតុភាព", "km")
    assert hits and (hits[0].kind, hits[0].id) == ("benefits", "maternity-allowance")


def test_english_search_is_case_insensitive_and_ranked(library: Library) -> None:
    hits = library.search("MATERNITY", "en")
    assert (hits[0].kind, hits[0].id) == ("benefits", "maternity-allowance")
    assert library.search("maternity allowance", "en")[0].id == "maternity-allowance"


def test_short_and_empty_queries(library: Library) -> None:
    assert library.search("   ", "en") == []
    assert library.search("xqzxqzxqz", "en") == []
    assert library.search("ID", "en")  # under three letters: from the titles' grams
    assert library.search('"; DROP TABLE records; --', "en") == []
    assert library.search('"', "en") == [] and library.search("%_", "km") == []


@pytest.mark.parametrize(("word", "locale"), [("maternity", "en"), ("មាតុភាព", "km")])
def test_search_as_typed_finds_the_benefit_from_the_first_key(library: Library, word: str,
                                                              locale: str) -> None:
    """The keyboard searches on every key: each prefix finds what the whole word finds."""
    for n in range(1, len(word) + 1):
        ids = [(h.kind, h.id) for h in library.search(word[:n], locale)]
        assert ("benefits", "maternity-allowance") in ids, word[:n]
    # titles where the keys start the title or a word come before those holding them inside
    places = [title_grams(h.title, locale)[word[:2]] for h in library.search(word[:2], locale)]
    assert places[0] <= AT_WORD and places == sorted(places)


def test_one_key_prefers_a_title_that_starts_with_it(library: Library) -> None:
    hits = library.search("p", "en")
    starts = [h.title.casefold().startswith("p") or " p" in h.title.casefold() for h in hits]
    assert starts[0] and starts == sorted(starts, reverse=True)  # word starts, then the rest


def test_bundles_built_before_search_as_typed_still_search(bundle_path: Path,
                                                           tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    old.write_bytes(bundle_path.read_bytes())
    with sqlite3.connect(old) as db:
        for locale in ("km", "en"):
            db.execute(f"DROP TABLE titles_{locale}")
            db.execute(f"DROP TABLE grams_{locale}")
    with Library(old) as lib, Library(bundle_path) as new:
        for query, locale in (("maternity", "en"), ("ma", "en"), ("មាតុភាព", "km"), ("ម", "km")):
            old_ids = {h.id for h in lib.search(query, locale)}
            assert "maternity-allowance" in old_ids
            assert old_ids & {h.id for h in new.search(query, locale)}


def test_opens_read_only(bundle_path: Path) -> None:
    with Library(bundle_path) as lib:
        with pytest.raises(sqlite3.OperationalError):
            lib._db.execute("DELETE FROM records")


def test_missing_or_damaged_bundle(tmp_path: Path) -> None:
    with pytest.raises(KioskError, match="not there"):
        Library(tmp_path / "none.db")
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(KioskError, match="cannot be read"):
        Library(bad)
