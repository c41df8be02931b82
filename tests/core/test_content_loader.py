"""The loader names the file and line of every problem, and accepts the shipped content."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.confirm import confirm
from kiosk.content.loader import load_content, validate
from kiosk.errors import ContentError
from kiosk.paths import CONTENT_DIR


def line_of_text(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture()
def content_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target)
    return target


def test_shipped_content_validates() -> None:
    content, problems = validate(CONTENT_DIR)
    assert problems == []
    assert len(content.records["benefits"]) == 10
    assert "funeral-grant" in content.records["benefits"]
    assert len(content.records["glossary"]) >= 20


def test_cli_validate_exit_codes(content_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["content", "validate", str(content_copy)]) == 0
    benefits = content_copy / "benefits.yaml"
    benefits.write_text(benefits.read_text(encoding="utf-8") + "\n  - id: [broken\n",
                        encoding="utf-8")
    assert main(["content", "validate", str(content_copy)]) == 1
    out = capsys.readouterr().out
    assert f"{benefits}:" in out and "YAML syntax error" in out


def test_removed_khmer_dangling_ref_and_syntax_error_named_by_line(content_copy: Path) -> None:
    benefits = content_copy / "benefits.yaml"
    lines = benefits.read_text(encoding="utf-8").splitlines(keepends=True)
    # 1. remove the Khmer title of the maternity record: reported at its `title:` line
    start = line_of_text(benefits, "id: maternity-allowance")
    title_index = next(i for i in range(start, len(lines)) if lines[i].strip() == "title:")
    km_index = next(i for i in range(title_index, len(lines)) if lines[i].strip().startswith("km:"))
    del lines[km_index]
    # 2. point another record's checklist at a checklist that does not exist
    other = next(i for i in range(len(lines)) if lines[i].strip() == "- id: injury-care")
    check_index = next(i for i in range(other, len(lines)) if lines[i].strip().startswith("checklist:"))
    indent = lines[check_index][: len(lines[check_index]) - len(lines[check_index].lstrip())]
    lines[check_index] = f"{indent}checklist: claim-nothing-here\n"
    benefits.write_text("".join(lines), encoding="utf-8")
    # 3. a YAML syntax error in another file
    glossary = content_copy / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + "\nglossary: [unclosed\n",
                        encoding="utf-8")

    _, problems = validate(content_copy)
    text = "\n".join(problems)
    assert f"{benefits}:{title_index + 1}: benefit maternity-allowance: missing Khmer text (title.km)" \
        in text, text
    assert f"{benefits}:{check_index + 1}: " in text and "claim-nothing-here" in text, text
    assert f"{glossary}:" in text and "YAML syntax error" in text, text
    assert len(problems) == 3, text  # no cascade from the record that failed
    with pytest.raises(ContentError):
        load_content(content_copy)


def write(tmp: Path, text: str) -> Path:
    tmp.mkdir(parents=True, exist_ok=True)
    (tmp / "x.yaml").write_text(text, encoding="utf-8")
    return tmp / "x.yaml"


RECORD = """\
glossary:
  - id: member-card
    sources: [nssf.gov.kh]
    review: sample
    reviewed_on: 2026-11-26
    term:
      en: Member card
      km: {km}
    definition:
      en: The card NSSF gives each worker.
      km: កាតដែល ប.ស.ស. ផ្តល់ឲ្យកម្មករម្នាក់ៗ។
{extra}"""


def problems_for(tmp: Path, km: str = "កាតសមាជិក", extra: str = "") -> list[str]:
    path = write(tmp, RECORD.format(km=km, extra=extra))
    confirm(tmp)
    from kiosk.content.loader import check_records, read_source

    raws, problems = read_source(tmp)
    _, more = check_records(raws, require_benefits=False)
    return [p.replace(str(path), "x.yaml") for p in problems + more]


def test_a_clean_record_has_no_problem(tmp_path: Path) -> None:
    assert problems_for(tmp_path) == []


def test_khmer_that_is_really_latin(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, km="Member card")
    assert problems == ["x.yaml:9: term.km is not Khmer (mostly Latin letters): 'Member card'"]


def test_malformed_khmer_cluster(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, km="\u17b6កាត")  # a vowel sign with no base
    assert len(problems) == 1 and problems[0].startswith("x.yaml:9: term.km has malformed Khmer")


def test_stray_coeng(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, km="កាត្ សមាជិក")
    assert len(problems) == 1 and "malformed Khmer" in problems[0]


def test_bad_type_unknown_field_duplicate_id_and_missing_media(tmp_path: Path) -> None:
    extra = """\
  - id: member-card
    sources: [nssf.gov.kh]
    review: maybe
    reviewed_on: 2026-11-26
    colour: red
    term: {en: X, km: ក}
    definition: {en: Y, km: ខ}
stories:
  - id: story-one
    sources: [nssf.gov.kh]
    review: sample
    reviewed_on: 2026-11-26
    title: {en: A story, km: រឿង, km_src: x}
    text: {en: A story, km: រឿង, km_src: x}
    icon: no-such-icon-anywhere
    image: images/missing.jpg
    benefits: [no-such-benefit]
"""
    path = write(tmp_path, RECORD.format(km="កាតសមាជិក", extra=extra))
    from kiosk.content.loader import check_records, read_source

    raws, _ = read_source(tmp_path)
    _, problems = check_records(raws, require_benefits=False)
    text = "\n".join(problems).replace(str(path), "x.yaml")
    assert "x.yaml:14: term member-card: review: Input should be 'sample' or 'approved'" in text
    assert "x.yaml:16: term member-card: unknown field 'colour'" in text
    assert "x.yaml:26: unknown icon 'no-such-icon-anywhere'" in text
    assert "x.yaml:27: media file assets/images/missing.jpg is not there" in text
    assert "x.yaml:28: story story-one: benefits refers to unknown benefit 'no-such-benefit'" in text
    assert "x.yaml:24: title.km is stale" in text


def test_duplicate_id(tmp_path: Path) -> None:
    record = RECORD.format(km="កាតសមាជិក", extra="")
    body = record.split("\n", 1)[1]
    write(tmp_path, record + body)
    confirm(tmp_path)
    from kiosk.content.loader import check_records, read_source

    raws, _ = read_source(tmp_path)
    _, problems = check_records(raws, require_benefits=False)
    assert len(problems) == 1 and "duplicate id 'member-card' in glossary (first at" in problems[0]
    assert ":14: " in problems[0]


def test_stale_translation_then_confirm(tmp_path: Path) -> None:
    assert problems_for(tmp_path) == []
    path = tmp_path / "x.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("en: Member card", "en: NSSF card"),
                    encoding="utf-8")
    from kiosk.content.loader import check_records, read_source

    raws, _ = read_source(tmp_path)
    _, problems = check_records(raws, require_benefits=False)
    assert len(problems) == 1 and ":9: term.km is stale" in problems[0]
    assert main(["content", "confirm", str(tmp_path)]) == 0
    raws, _ = read_source(tmp_path)
    assert check_records(raws, require_benefits=False)[1] == []


def test_confirm_keeps_comments_and_layout(tmp_path: Path) -> None:
    path = write(tmp_path, "# the glossary\n" + RECORD.format(km="កាតសមាជិក", extra=""))
    confirm(tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# the glossary\n")
    assert text.count('km_src: "') == 2


def test_content_without_a_benefit_is_named(tmp_path: Path) -> None:
    # which benefits there are is data (the rules and the content agree); none at all is a
    # problem for a kiosk's content
    write(tmp_path, RECORD.format(km="កាតសមាជិក", extra=""))
    confirm(tmp_path)
    _, problems = validate(tmp_path)
    assert sum("the content defines no benefit" in p for p in problems) == 1


def test_impossible_date_is_a_line_error(tmp_path: Path) -> None:
    path = write(tmp_path, RECORD.format(km="កាតសមាជិក", extra="").replace("2026-11-26", "2026-13-45"))
    from kiosk.content.loader import read_source

    _, problems = read_source(tmp_path)
    assert problems == [f"{path}:5: bad value '2026-13-45': month must be in 1..12"]
