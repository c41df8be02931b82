"""What the brief's people came with: "asked to pay?", one story per benefit, benefits in the order
a worker needs them, the staff view in Khmer, offices and "you are here", the employer's month."""
from __future__ import annotations

from pathlib import Path

import pytest

from kiosk import icons
from kiosk.content import khmer
from kiosk.content.library import Library
from kiosk.content.loader import check_records, read_source
from kiosk.content.model import Guide, source_hash
from kiosk.eligibility import load_rules

WORKER_ORDER = ["medical-care", "sickness-allowance", "maternity-allowance", "injury-care",
                "injury-daily-allowance", "injury-disability", "old-age-pension",
                "invalidity-pension", "survivors-pension"]


def test_benefits_come_in_the_order_a_worker_needs_them(library: Library) -> None:
    assert library.schemes()[0].id == "health-care"
    ids = [b.id for b in library.benefits()]
    assert [i for i in ids if i in WORKER_ORDER] == WORKER_ORDER
    by_scheme = [b.id for s in library.schemes() for b in library.benefits(scheme=s.id)]
    assert by_scheme[0] == "medical-care"


def test_asked_to_pay_is_its_own_path_with_a_picture_for_every_step(library: Library) -> None:
    guide = library.guide("asked-to-pay")
    assert isinstance(guide, Guide) and guide in library.guides("worker")
    points = [p for s in guide.sections for p in s.points]
    assert len(points) >= 10 and all(icons.exists(p.icon) for p in points)
    assert all(icons.exists(s.icon) for s in guide.sections) and icons.exists(guide.icon)
    english = " ".join(p.text.get("en") for p in points)
    for fact in ("no agreement with NSSF", "2 months in a row", "6 months in the last 12",
                 "registered with NSSF and keep paying", "receipt", "Call 1286", "180 days"):
        assert fact in english, fact
    assert any(s.numbered for s in guide.sections)  # what to do at the counter, in order
    # "Is my card working?" is the medical-care interview, which the rules have
    assert guide.check == "medical-care" and guide.check_label is not None
    assert load_rules().interview("medical-care").current is not None
    assert "១២៨៦" in guide.gaps.get("km") and "1286" in guide.gaps.get("en")
    assert library.search("Asked to pay", "en")[0].id == "asked-to-pay"
    assert any(h.id == "asked-to-pay" for h in library.search("បង់ប្រាក់", "km"))


def test_every_benefit_with_a_story_in_the_brief_shows_one(library: Library) -> None:
    shown = {bid: library.story_for(bid) for bid in WORKER_ORDER}
    assert shown["medical-care"].id == "asked-to-pay"
    assert shown["maternity-allowance"].id == "second-birth-covered"
    assert shown["injury-care"].id == shown["injury-disability"].id == "injured-worker-back-to-work"
    assert {bid for bid, story in shown.items() if story is None} == {
        "sickness-allowance", "injury-daily-allowance", "old-age-pension", "invalidity-pension",
        "survivors-pension"}  # the brief tells no story for these
    for bid, story in shown.items():
        if story is not None:
            assert bid in story.benefits


def test_a_story_and_a_benefit_must_name_each_other(tmp_path: Path) -> None:
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "x.yaml").write_text("""\
stories:
  - id: a-story
    sources: [brief]
    review: sample
    reviewed_on: 2026-12-01
    title: {en: A story, km: រឿងមួយ}
    text: {en: A story, km: រឿងមួយ}
    icon: walk
    benefits: [care]
schemes:
  - id: health
    sources: [brief]
    review: sample
    reviewed_on: 2026-12-01
    name: {en: Health, km: សុខភាព}
    summary: {en: Health, km: សុខភាព}
    since: {en: "2016", km: ២០១៦}
    icon: hospital-box
checklists:
  - id: care-list
    sources: [brief]
    review: sample
    reviewed_on: 2026-12-01
    title: {en: List, km: បញ្ជី}
    documents:
      - {id: card, name: {en: Card, km: កាត}, where: {en: Here, km: ទីនេះ}, icon: card-account-details}
    steps: [{text: {en: Go, km: ទៅ}, who: worker}]
benefits:
  - id: care
    sources: [brief]
    review: sample
    reviewed_on: 2026-12-01
    scheme: health
    title: {en: Care, km: ព្យាបាល}
    summary: {en: Care, km: ព្យាបាល}
    what_you_get: {en: Care, km: ព្យាបាល}
    who_can_get: {en: Care, km: ព្យាបាល}
    how_to_claim: {en: Care, km: ព្យាបាល}
    icon: hospital-box
    checklist: care-list
    stories: []
""", encoding="utf-8")
    raws, _ = read_source(tmp_path)
    _, problems = check_records(raws, require_benefits=False)
    problems = [p for p in problems if "km_src" not in p]
    assert len(problems) == 1, problems
    assert problems[0].endswith(":9: story a-story is about benefit care, but the benefit does "
                                "not list it in its stories")


def test_the_staff_view_of_every_benefit_reads_in_khmer(library: Library) -> None:
    for bid in WORKER_ORDER:
        view = library.staff_detail(bid, "km")
        assert view.heading == "សម្រាប់បុគ្គលិក"
        keys = [line.key for line in view.lines]
        assert keys[:3] == ["conditions", "legal-basis", "confidence"] and keys[-1] == "review"
        for line in view.lines:
            assert icons.exists(line.icon)
            if line.key != "sources":  # citations name documents as written
                assert khmer.khmer_share(line.label + line.text) > 0.6, (bid, line)
        english = library.staff_detail(bid, "en")
        assert english.line("conditions").text == library.benefit(bid).staff.conditions.en
    maternity = library.staff_detail("maternity-allowance", "km")
    assert "ប្រភពខុសគ្នា" in maternity.line("confidence").text
    assert "ប្រកាសលេខ ១០៩" in maternity.line("conflicts").text
    assert "គំរូ" in maternity.line("review").text  # sample text, not yet approved
    assert "medium" in library.staff_detail("medical-care", "en").line("confidence").text


def text(en: str, km: str) -> str:
    return f'{{en: "{en}", km: "{km}", km_src: "{source_hash(en)}"}}'


OFFICES = f"""\
offices:
  - id: branch-one
    sources: [test]
    review: sample
    reviewed_on: 2026-12-01
    name: {text("Branch one", "សាខាទីមួយ")}
    kind: branch
    address: {text("Street one", "ផ្លូវទីមួយ")}
    province: {text("Province one", "ខេត្តទីមួយ")}
@HOURS@    phone: "1286"
    map: @MAP@
    icon: office-building
"""
HOURS = f"    hours: {text('Not known here', 'យើងមិនដឹងទេ')}\n"


def office_problems(tmp: Path, assets: Path, map_path: str, hours: bool = True) -> list[str]:
    content = tmp / "content"
    content.mkdir(parents=True, exist_ok=True)
    path = content / "x.yaml"
    source = OFFICES.replace("@MAP@", map_path).replace("@HOURS@", HOURS if hours else "")
    path.write_text(source, encoding="utf-8")
    raws, _ = read_source(content)
    _, problems = check_records(raws, assets=assets, require_benefits=False)
    return [p.replace(str(path), "x.yaml") for p in problems]


@pytest.fixture()
def assets(tmp_path: Path) -> Path:
    folder = tmp_path / "assets"
    (folder / "maps").mkdir(parents=True)
    (folder / "maps" / "branch-one.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "maps" / "escape.png").symlink_to(tmp_path / "outside.png")
    return folder


def test_a_branch_with_address_province_hours_phone_and_map(tmp_path: Path, assets: Path) -> None:
    assert office_problems(tmp_path, assets, "maps/branch-one.png") == []


def test_a_map_must_exist_and_stay_inside_assets(tmp_path: Path, assets: Path) -> None:
    assert any("x.yaml:12: media file assets/maps/nothing.png is not there" in p
               for p in office_problems(tmp_path, assets, "maps/nothing.png"))
    for bad in ("../outside.png", str(tmp_path / "outside.png"), "maps/escape.png"):
        problems = office_problems(tmp_path, assets, bad)
        assert any(p.startswith("x.yaml:12: map picture") for p in problems), (bad, problems)
    assert any("must be a picture" in p for p in office_problems(tmp_path, assets, "maps/a.txt"))


def test_a_place_must_say_its_hours_even_when_they_are_not_known(tmp_path: Path,
                                                                 assets: Path) -> None:
    problems = office_problems(tmp_path, assets, "maps/branch-one.png", hours=False)
    assert problems == ["x.yaml:7: office branch-one: a place people visit needs hours (write "
                        "that they are not known here, if so)"]


def test_the_location_setting_marks_you_are_here(library: Library) -> None:
    assert [o.id for o in library.offices()] == ["hotline", "website", "head-office"]
    assert [o.id for o in library.offices("head-office")] == ["head-office"]
    for location in ("head-office", "  NSSF Head Office ", "ទីស្នាក់ការកណ្តាល ប.ស.ស."):
        assert library.office_here(location).id == "head-office"
    for location in ("", "hotline", "Factory HR corner, Kandal"):
        assert library.office_here(location) is None  # the hotline is not a place
    head = library.offices("head-office")[0]
    assert head.hours is not None and "១២៨៦" in head.hours.get("km")
    assert head.province is None  # the brief names none: nothing invented


def test_the_pay_every_month_checklist_says_what_the_brief_says_and_asks_for_the_rest(
        library: Library) -> None:
    checklist = library.checklist("pay-every-month")
    assert checklist.audience == "employer" and checklist.penalty is not None
    steps = " ".join(s.text.get("en") for s in checklist.steps)
    docs = " ".join(f"{d.name.get('en')} {d.where.get('en')}" for d in checklist.documents)
    assert 'bill payment to "NSSF"' in steps and "xxxxxxx-xxxxxxx" in docs and "14 digits" in docs
    assert any(s.deadline and s.deadline.get("en") == "By the 15th of the next month"
               for s in checklist.steps)
    assert "10 to 30 times the base daily wage" in checklist.penalty.get("en")
    for unknown in ("Which number to enter", "payment slip"):
        assert unknown in checklist.gaps.get("en")
    assert steps.count("ask NSSF staff or call 1286") == 2
    assert all(s.icon and icons.exists(s.icon) for s in checklist.steps)
    assert {d.checklist for d in library.duties() if d.id == "pay-contributions"} == {
        "pay-every-month"}
