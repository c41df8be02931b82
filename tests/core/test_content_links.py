"""Links between records in texts: `[label](kind:id)`, read as the label, checked by path:line."""
from __future__ import annotations

from pathlib import Path

from kiosk.content.confirm import confirm
from kiosk.content.library import Library
from kiosk.content.links import Link, links, parts, plain, to_html
from kiosk.content.loader import check_records, read_source

LINKED = """\
glossary:
  - id: term-card
    sources: [nssf.gov.kh]
    review: sample
    reviewed_on: 2026-12-01
    term:
      en: Member card
      km: កាតសមាជិក
    definition:
      en: "{en}"
      km: "{km}"
  - id: term-other
    sources: [nssf.gov.kh]
    review: sample
    reviewed_on: 2026-12-01
    term:
      en: Hotline
      km: ខ្សែទូរស័ព្ទ
    definition:
      en: The number to call.
      km: លេខដែលត្រូវហៅ។
"""


def problems_for(tmp: Path, en: str, km: str) -> list[str]:
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / "x.yaml"
    path.write_text(LINKED.format(en=en, km=km), encoding="utf-8")
    confirm(tmp)
    raws, problems = read_source(tmp)
    _, more = check_records(raws, require_benefits=False)
    return [p.replace(str(path), "x.yaml") for p in problems + more]


def test_a_text_reads_as_its_labels_and_splits_into_parts() -> None:
    text = "Free care (see [Medical care](benefit:medical-care)), and [more](nothing:x)."
    assert plain(text) == "Free care (see Medical care), and more."
    assert parts(text)[1] == Link("Medical care", "benefits", "medical-care")
    assert [link.ref for link in links(text)] == ["benefit:medical-care"]
    assert to_html("a < [Medical care](benefit:medical-care)", lambda link: f"/{link.id}?x&y") \
        == 'a &lt; <a href="/medical-care?x&amp;y">Medical care</a>'
    assert parts("no link here") == ["no link here"]


def test_a_good_link_passes(tmp_path: Path) -> None:
    assert problems_for(tmp_path, "Call the [Hotline](term:term-other).",
                        "ហៅ [ខ្សែទូរស័ព្ទ](term:term-other)។") == []


def test_unknown_id_unknown_kind_wrong_label_and_broken_link_named_by_line(tmp_path: Path) -> None:
    problems = problems_for(
        tmp_path,
        "See [Hotline](term:no-such-term) and [Hotline](planet:term-other), "
        "[Phone](term:term-other), and [Hotline] (term:term-other).",
        "មើល [ខ្សែទូរស័ព្ទ](term:no-such-term) [ខ្សែទូរស័ព្ទ](planet:term-other) "
        "[ខ្សែទូរស័ព្ទ](term:term-other) ខ្សែទូរស័ព្ទ។")
    text = "\n".join(problems)  # en: line 11; km: line 13 (confirm wrote km_src between)
    assert "x.yaml:11: link to unknown term 'no-such-term'" in text, text
    assert "x.yaml:11: link to unknown kind 'planet'" in text, text
    assert "x.yaml:11: link label 'Phone' is not the title of term term-other ('Hotline')" in text
    assert "x.yaml:11: a link is not written as [label](kind:id)" in text, text
    assert "x.yaml:13: link to unknown term 'no-such-term'" in text, text
    assert not any(p.startswith("x.yaml:13: link label") for p in problems), text


def test_both_languages_must_link_the_same_records(tmp_path: Path) -> None:
    problems = problems_for(tmp_path, "Call the [Hotline](term:term-other).", "ហៅខ្សែទូរស័ព្ទ។")
    assert problems == ["x.yaml:13: the Khmer links to nothing but the English to "
                        "term:term-other: link the same records"]


def test_shipped_maternity_text_links_to_medical_care(library: Library) -> None:
    maternity = library.benefit("maternity-allowance")
    found = [p for p in maternity.what_you_get.parts("km") if isinstance(p, Link)]
    assert found == [Link("សេវាព្យាបាលជំងឺ", "benefits", "medical-care")]
    assert library.benefit(found[0].id).title.get("km") == found[0].label
    assert "](" not in maternity.what_you_get.get("en")
    assert "(see Medical care)" in maternity.what_you_get.get("en")
