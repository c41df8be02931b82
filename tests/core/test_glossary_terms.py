"""One word for one thing: a glossary term's English in a text means the glossary's Khmer there."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.confirm import confirm
from kiosk.content.loader import check_records, read_source, validate
from kiosk.content.model import Term, Text
from kiosk.content.terms import Glossary, TextAt, catalog_texts, rules_term_problems
from kiosk.eligibility import RULES_DIR
from kiosk.paths import CONTENT_DIR, LOCALE_DIR

PO = LOCALE_DIR / "km" / "LC_MESSAGES" / "messages.po"


def term(rid: str, en: str, km: str, **more: object) -> Term:
    return Term(id=rid, sources=["test"], review="sample", reviewed_on="2026-12-01",
                term=Text(en=en, km=km), definition=Text(en="x", km="ក"), **more)


GLOSSARY = Glossary([
    term("facility", "Contracted health facility", "កន្លែងព្យាបាលដែលមានកិច្ចសន្យា",
         match_en=["contracted facility"]),
    term("register", "Register", "ចុះឈ្មោះ", match_en=["registered", "registration"]),
    term("marriage", "Registered marriage", "អាពាហ៍ពិពាហ៍ដែលបានចុះបញ្ជី"),
    term("phone", "Phone", "ទូរស័ព្ទ", km_avoid=["ទូរសព្ទ"]),
    term("nssf", "NSSF (ប.ស.ស.)", "ប.ស.ស."),
])


def check(en: str, km: str) -> list[str]:
    return GLOSSARY.problems([TextAt(en, km, "x.yaml", 7)])


def test_the_same_thing_by_another_khmer_name_is_reported_with_its_line() -> None:
    problems = check("Show your card at a contracted facility.",
                     "បង្ហាញកាតនៅមណ្ឌលសុខភាពដែលមានកិច្ចព្រមព្រៀង។")
    assert problems == ["x.yaml:7: the English says 'contracted facility' but the Khmer does not "
                        "use the glossary's 'កន្លែងព្យាបាលដែលមានកិច្ចសន្យា' (facility): use the "
                        "same Khmer for the same thing"]


def test_plurals_spaces_and_case_still_match() -> None:
    assert check("Contracted Health Facilities are free.",
                 "កន្លែងព្យាបាល ដែលមានកិច្ចសន្យា\u200b ឥតគិតថ្លៃ។") == []
    assert len(check("Two contracted facilities.", "កន្លែងពីរ។")) == 1


def test_the_longest_term_wins_so_a_registered_marriage_is_not_register() -> None:
    assert check("A wife by registered marriage.", "ប្រពន្ធ តាមអាពាហ៍ពិពាហ៍ដែលបានចុះបញ្ជី។") == []
    problems = check("Your employer registered you.", "និយោជកបានចុះបញ្ជីអ្នក។")
    assert len(problems) == 1 and "'registered'" in problems[0] and "(register)" in problems[0]


def test_a_spelling_to_avoid_is_reported_wherever_it_is() -> None:
    problems = check("Scan it to read it there.", "ស្កេនវា ដើម្បីអាននៅលើទូរសព្ទ។")
    assert problems == ["x.yaml:7: the Khmer writes 'ទូរសព្ទ', a spelling the glossary avoids: "
                        "write it as in 'ទូរស័ព្ទ' (phone)"]


def test_placeholders_and_parentheses_are_not_words() -> None:
    assert check("You are {age}, under {nssf_age}.", "អ្នកមានអាយុ {age} ឆ្នាំ។") == []
    assert len(check("Ask NSSF.", "សួរបុគ្គលិក។")) == 1  # the term is NSSF, without "(ប.ស.ស.)"


def test_shipped_content_rules_and_screens_use_one_word_for_one_thing() -> None:
    content, problems = validate(CONTENT_DIR)
    assert problems == []
    glossary = Glossary(content.records["glossary"].values())
    assert rules_term_problems(content, RULES_DIR) == []
    assert glossary.problems(catalog_texts(PO)) == []  # the interface strings too


def test_content_validate_reports_it_in_content_and_in_rules(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    stories = content / "stories.yaml"
    text = stories.read_text(encoding="utf-8")
    old = "ការព្យាបាលនៅកន្លែងដែលមានកិច្ចសន្យាជាមួយ ប.ស.ស. គឺឥតគិតថ្លៃ។"
    assert old in text
    stories.write_text(text.replace(
        "Care at a facility that has an agreement with NSSF is free.",
        "Care at a contracted facility is free."), encoding="utf-8")
    confirm(content)
    medical = rules / "medical-care.yaml"
    medical.write_text(medical.read_text(encoding="utf-8").replace(
        "កន្លែងព្យាបាលដែលមានកិច្ចសន្យាជាមួយ ប.ស.ស.", "មណ្ឌលសុខភាពដែលមានកិច្ចព្រមព្រៀងជាមួយ ប.ស.ស."),
        encoding="utf-8")
    assert main(["content", "validate", str(content), "--rules", str(rules)]) == 1
    out = capsys.readouterr().out
    story_line = next(n for n, line in enumerate(stories.read_text(encoding="utf-8").splitlines(), 1)
                      if old in line)
    rule_line = next(n for n, line in enumerate(medical.read_text(encoding="utf-8").splitlines(), 1)
                     if "មណ្ឌលសុខភាពដែលមានកិច្ចព្រមព្រៀងជាមួយ" in line)
    assert f"stories.yaml:{story_line}: the English says 'contracted facility'" in out, out
    # the rule's other name for it is one the glossary avoids (km_avoid): said as such
    assert (f"medical-care.yaml:{rule_line}: the Khmer writes 'កិច្ចព្រមព្រៀង', a spelling the "
            "glossary avoids") in out, out
    assert out.count("the English says") == 1 and out.count("medical-care.yaml") == 1, out
    raws, _ = read_source(content)
    assert any("contracted facility" in p for p in check_records(raws)[1])  # build refuses too


def test_nssf_staff_has_one_khmer_name_in_content_rules_and_catalog(tmp_path: Path,
                                                                    capsys: pytest.CaptureFixture) -> None:
    """Issue 16: "NSSF staff" was មន្ត្រី ប.ស.ស. in places and បុគ្គលិក ប.ស.ស. in others. The
    glossary term makes the other name an error wherever it is written, with its line."""
    content, _ = validate(CONTENT_DIR)
    staff = content.records["glossary"]["term-nssf-staff"]
    assert staff.term.km == "បុគ្គលិក ប.ស.ស." and "មន្ត្រី ប.ស.ស." in staff.km_avoid
    po_text = PO.read_text(encoding="utf-8")
    assert "មន្ត្រី ប.ស.ស." not in po_text and "មន្ត្រីប.ស.ស." not in po_text
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    common = rules / "common.yaml"
    text = common.read_text(encoding="utf-8")
    assert "សូមសួរបុគ្គលិក ប.ស.ស. នៅបញ្ជរ" in text
    common.write_text(text.replace("សូមសួរបុគ្គលិក ប.ស.ស. នៅបញ្ជរ", "សូមសួរមន្ត្រី ប.ស.ស. នៅបញ្ជរ", 1),
                      encoding="utf-8")
    line = next(n for n, row in enumerate(common.read_text(encoding="utf-8").splitlines(), 1)
                if "សូមសួរមន្ត្រី ប.ស.ស." in row)
    assert main(["content", "validate", str(CONTENT_DIR), "--rules", str(rules)]) == 1
    out = capsys.readouterr().out
    assert f"common.yaml:{line}: the Khmer writes 'មន្ត្រី ប.ស.ស.', a spelling the glossary " \
        "avoids: write it as in 'បុគ្គលិក ប.ស.ស.' (term-nssf-staff)" in out, out
    # a civil servant (មន្ត្រីរាជការ) is another word: not reported
    shipped = Glossary(content.records["glossary"].values())
    assert shipped.problems([TextAt("I work for the state (civil servant)",
                                    "ខ្ញុំធ្វើការឱ្យរដ្ឋ (មន្ត្រីរាជការ)", "x.yaml", 1)]) == []
    assert len(shipped.problems([TextAt("Ask NSSF staff.", "សូមសួរ ប.ស.ស.។", "x.yaml", 1)])) == 1
