"""The visitor's pages of issue 16, without Qt: the "asked to pay?" guide, links in content
texts, pictures on interview answers, wages typed in dollars or riel with worked examples, the
employer's monthly total and due date, the employer's home and printable duties, search hits
that open their card, and contacts grouped by kind with "you are here"."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from branch_offices import BRANCHES

from kiosk import icons as font
from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library, SearchHit
from kiosk.content.loader import check_records, read_source
from kiosk.eligibility import RuleBook, load_rules
from kiosk.errors import KioskError
from kiosk.guidance import PrintRequest, build_document, render_pdf
from kiosk.i18n import format_date, format_number, format_riel, tr
from kiosk.money import monthly_total, parse_wage, worked_example
from kiosk.pages import Link, Route, icons
from kiosk.pages.benefit import benefit_page
from kiosk.pages.contacts import contacts_page
from kiosk.pages.decision import decision_page_for_facts, wage_changed
from kiosk.pages.employer import employer_page
from kiosk.pages.guide import guide_page
from kiosk.pages.interview import interview_page
from kiosk.pages.monthly import EACH, MonthlyInput, monthly_page
from kiosk.pages.search import result
from kiosk.pages.wage import BACK, CLEAR, TypedWage, key, wage_field
from kiosk.paths import CONTENT_DIR, RULES_DIR

MOTHER = {"role": "worker", "employer_registered": True, "gave_birth": True,
          "weeks_pregnant": 38, "consecutive_months_contributed": 12}
TODAY = dt.date(2026, 12, 3)  # before the 15th: November's wages are due on 15 December


@pytest.fixture(scope="module")
def rules() -> RuleBook:
    return load_rules()


# --- 1. "Asked to pay?" ------------------------------------------------------------------------

@pytest.mark.parametrize("locale", ["km", "en"])
def test_the_asked_to_pay_guide(library: Library, locale: str) -> None:
    guide = library.guide("asked-to-pay")
    page = guide_page(library, guide.id, locale)
    assert page.title == guide.title.get(locale) and page.intro == guide.intro.get(locale)
    assert [s.heading for s in page.sections] == [s.heading.get(locale) for s in guide.sections]
    for view, source in zip(page.sections, guide.sections, strict=True):
        assert [p.icon for p in view.points] == [p.icon for p in source.points]
        assert all(font.exists(p.icon) for p in view.points)
        numbers = [p.number for p in view.points]
        if source.numbered:  # the steps at the counter, in order, in the visitor's digits
            assert numbers == [format_number(n, locale) for n in range(1, len(numbers) + 1)]
        else:
            assert numbers == [None] * len(numbers)
    assert page.check == Link(guide.check_label.get(locale), icons.INTERVIEW,
                              Route("interview", {"benefit": "medical-care"}))
    assert page.print.route == Route("print", {"kind": "guide", "id": "asked-to-pay"})
    assert page.gaps is not None and ("1286" in page.gaps.text or "១២៨៦" in page.gaps.text)
    # its story, whose own link back to this guide stays plain words here
    assert page.story is not None and page.story.id == guide.stories[0]
    assert all(link.route != Route("guide", {"id": guide.id}) for link in page.story.section.links)
    # "More about it: Medical care" is a link to the benefit, with the benefit's picture
    linked = [link for s in page.sections for p in s.points for link in p.links]
    medical = library.benefit("medical-care")
    assert Link(medical.title.get(locale), medical.icon,
                Route("benefit", {"id": "medical-care"})) in linked


def test_a_guide_and_its_search_hit(library: Library) -> None:
    found = result(library, SearchHit("guides", "asked-to-pay", "", "", -1.0), "km")
    assert found is not None and found.route == Route("guide", {"id": "asked-to-pay"})
    assert found.title == library.guide("asked-to-pay").title.km


# --- 2 and 5. pictures on answers, stories and links -------------------------------------------

def test_every_choice_answer_has_a_picture_in_the_font(library: Library, rules: RuleBook) -> None:
    choice_questions = [q for q in rules.questions.values() if q.kind == "choice"]
    assert choice_questions
    for question in choice_questions:
        assert set(question.icons) == {value for value, _ in question.choices}, question.fact
        assert all(font.exists(icon) for icon in question.icons.values())
    interview = rules.interview(None, "km")
    page = interview_page(library, rules, interview, "km")
    assert page.question is not None and page.question.fact == "role"
    assert [c.icon for c in page.question.choices] == [
        rules.question("role").icons[c.value] for c in page.question.choices]


def test_a_choice_icon_not_in_the_font_is_one_line_with_its_place(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    questions = folder / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    questions.write_text(text.replace("icon: motorbike", "icon: no-such-picture"),
                         encoding="utf-8")
    line = next(n for n, row in enumerate(questions.read_text().splitlines(), 1)
                if "no-such-picture" in row)
    with pytest.raises(KioskError) as raised:
        load_rules(folder)
    assert f"questions.yaml:{line}:" in str(raised.value)
    assert "unknown icon 'no-such-picture'" in str(raised.value)


def test_links_in_content_texts_lead_where_they_say(library: Library) -> None:
    page = benefit_page(library, "maternity-allowance", "en")
    what = next(s for s in page.sections if s.key == "what")
    (link,) = what.links
    assert link.route == Route("benefit", {"id": "medical-care"}) and link.text == "Medical care"
    assert link.icon == library.benefit("medical-care").icon
    assert "".join(p if isinstance(p, str) else p.text for p in what.pieces) == what.text
    claim = next(s for s in benefit_page(library, "medical-care", "km").sections
                 if s.key == "claim")
    assert [x.route for x in claim.links] == [Route("guide", {"id": "asked-to-pay"})]
    plain = next(s for s in page.sections if s.key == "who")
    assert plain.pieces == () and plain.links == ()


def test_each_benefit_shows_the_story_content_chose_for_it(library: Library) -> None:
    for benefit in library.benefits():
        page = benefit_page(library, benefit.id, "en")
        chosen = library.story_for(benefit.id)
        assert (page.story.id if page.story else None) == (chosen.id if chosen else None)
        if page.story is not None:
            assert page.story.more.route == Route("stories", {"id": chosen.id})


# --- 3. money she thinks in --------------------------------------------------------------------

def test_the_wage_keypad(rules: RuleBook) -> None:
    digits = ""
    for name in ("0", "2", "0", "0", BACK, "0", "000"):
        digits = key(digits, name)
    assert digits == "200000"  # no leading zero
    assert key("123", CLEAR) == "" and key("", BACK) == "" and key("1", "x") == "1"
    assert key("9" * 10, "9") == "9" * 10  # at most ten digits
    usd = wage_field("200", "usd", "en", rules)
    assert usd.shown == "US$200" and usd.riel == parse_wage("200", "usd", book=rules).riel
    assert usd.other == "about 800,000 riel a month"
    assert [c.chosen for c in usd.currencies] == [True, False]
    riel = wage_field("1000000", "riel", "km", rules)
    assert riel.shown == format_riel(1_000_000, "km") and "ដុល្លារ" in riel.other
    assert [k.text for k in riel.keys[:3]] == ["១", "២", "៣"]
    empty = wage_field("", "riel", "en", rules)
    assert empty.riel == 0 and empty.other is None and empty.shown == tr("Type your wage", "en")
    too_big = wage_field("9999999999", "riel", "en", rules)
    assert too_big.riel == 0 and "too large" in too_big.other


@pytest.mark.parametrize("locale", ["km", "en"])
def test_a_worked_example_on_each_allowance(library: Library, rules: RuleBook,
                                            locale: str) -> None:
    paying = [b for b in rules.benefits if rules.ruleset(b).estimate is not None]
    assert paying
    usd200 = parse_wage("200", "usd", book=rules)
    for bid in library.ids("benefits"):
        page = benefit_page(library, bid, locale, rules=rules)
        if bid in paying:
            assert page.example is not None
            assert page.example.text == worked_example(bid, usd200, locale, book=rules).text
        else:
            assert page.example is None
    theirs = parse_wage("1000000", "riel", book=rules)
    mine = benefit_page(library, "maternity-allowance", "en", rules=rules, wage=theirs)
    assert mine.example.text.startswith("If you earn 1,000,000 riel a month: about")
    assert "for 90 days from NSSF" in mine.example.text and "from your employer" in \
        mine.example.text
    assert benefit_page(library, "maternity-allowance", "en").example is None  # no rules


def test_the_decision_estimate_from_a_wage_in_dollars(library: Library, rules: RuleBook) -> None:
    page = decision_page_for_facts(library, rules, "maternity-allowance", MOTHER, "en")
    assert page.estimate is not None and page.estimate.amount is None
    assert page.estimate.wage.empty
    typed = TypedWage("200", "usd")
    richer = wage_changed(page, rules, typed, "en")
    assert richer.estimate.amount == "About 1,680,000 riel (US$420)"  # rounded, both currencies
    assert richer.estimate.example.startswith("If you earn US$200 a month: about 1,680,000 riel")
    assert richer.estimate.wage.shown == "US$200"
    assert richer.print.route.params["facts"]["monthly_wage_riel"] == typed.riel(rules)
    km = wage_changed(page, rules, TypedWage("800000", "riel"), "km")
    assert km.estimate.amount.startswith("ប្រហែល") and "ដុល្លារ" in km.estimate.amount


# --- 7. the employer's monthly total ----------------------------------------------------------

@pytest.mark.parametrize("locale", ["km", "en"])
def test_ten_workers_at_a_million_riel(rules: RuleBook, locale: str) -> None:
    typed = MonthlyInput().with_workers(10).with_currency("riel")
    for digit in "1000000":
        typed = typed.key(digit)
    page = monthly_page(rules, typed, locale, today=TODAY)
    expected = monthly_total([1_000_000] * 10, locale, today=TODAY, book=rules)
    result_ = page.result
    assert result_ is not None and page.prompt is None
    assert expected.due == dt.date(2026, 12, 15) and expected.total_riel == 758_500
    assert format_riel(expected.total_riel, locale) in result_.total.text
    assert format_riel(expected.employer_riel, locale) in result_.employer.text
    assert format_riel(expected.withheld_riel, locale) in result_.withheld.text
    assert format_date(dt.date(2026, 12, 15), locale) in result_.due.text
    assert [s.part for s in result_.shares] == [s.part for s in expected.shares]
    pension = next(s for s in result_.shares if s.part == "pension")
    assert pension.withheld == format_number(expected.shares[-1].withheld_riel, locale)
    assert page.print.route == Route("print", {"kind": "monthly", "id": "monthly-total",
                                               "facts": {"wages_riel": [1_000_000] * 10}})
    if locale == "km":
        assert "១៥" in result_.due.text and "ធ្នូ" in result_.due.text


def test_after_the_15th_this_months_wages_are_next(rules: RuleBook) -> None:
    typed = MonthlyInput(2, typical=TypedWage("800000", "riel"))
    page = monthly_page(rules, typed, "en", today=dt.date(2026, 12, 20))
    assert "December 2026" in page.result.heading
    assert page.result.due.text.endswith(format_date(dt.date(2027, 1, 15), "en"))


def test_each_workers_wage(rules: RuleBook) -> None:
    typed = MonthlyInput(3).with_mode(EACH)
    page = monthly_page(rules, typed, "en", today=TODAY)
    assert page.result is None and "3 still to type" in page.prompt
    assert [r.chosen for r in page.rows] == [True, False, False]
    for index, digits in enumerate(("200", "250", "300")):
        typed = typed.with_chosen(index).with_currency("usd")
        for digit in digits:
            typed = typed.key(digit)
    page = monthly_page(rules, typed, "en", today=TODAY)
    wages = [parse_wage(d, "usd", book=rules).riel for d in ("200", "250", "300")]
    assert page.result is not None
    assert format_riel(monthly_total(wages, "en", today=TODAY, book=rules).total_riel,
                       "en") in page.result.total.text
    assert MonthlyInput(60).with_mode(EACH).mode == "typical"  # too many to type one by one
    assert MonthlyInput(3, EACH).with_workers(60).mode == "typical"


# --- 8, 9. the employer's pages ----------------------------------------------------------------

def test_a_duty_hit_opens_the_employer_page_at_its_card(library: Library) -> None:
    duty = library.duties()[2]
    found = result(library, SearchHit("duties", duty.id, "", "", -1.0), "en")
    assert found.route == Route("employer", {"card": duty.id})
    page = employer_page(library, "en", card=duty.id)
    assert page.card == duty.id and [d.id for d in page.duties if d.marked] == [duty.id]
    assert employer_page(library, "en", card="no-such-duty").card is None


def test_the_pay_every_month_checklist_is_on_the_employers_home(library: Library) -> None:
    from kiosk.pages.checklist import checklist_page
    from kiosk.pages.home import home_page

    tiles = {t.key: t for t in home_page("employer", "km", library).tiles}
    tile = tiles["checklist-pay-every-month"]
    assert tile.route == Route("checklist", {"id": "pay-every-month"})
    page = checklist_page(library, "pay-every-month", "km")
    assert page.penalty is not None and page.gaps is not None
    assert "ប.ស.ស." in page.gaps.text  # ask NSSF


@pytest.mark.parametrize("kind", ["guide", "employer", "monthly"])
@pytest.mark.parametrize("locale", ["km", "en"])
def test_the_new_pages_print(library: Library, rules: RuleBook, kind: str, locale: str) -> None:
    rid = {"guide": "asked-to-pay", "employer": "employer", "monthly": "monthly-total"}[kind]
    facts = {"wages_riel": [1_000_000] * 10} if kind == "monthly" else None
    request = PrintRequest(kind, rid, locale, "a4", facts=facts)
    document = build_document(library, request, rules=rules, printed=TODAY)
    text = " ".join(page.get_textpage().get_text_range()
                    for page in pdfium.PdfDocument(render_pdf(document, "a4")))
    # the site's page of that name (monthly: the rates, never his wages or amounts)
    assert document.url.split("#")[0].endswith(f"/{locale}/{rid}.html"), document.url
    if locale == "en":
        words = " ".join(text.split())
        title = {"guide": "Asked to pay?", "employer": "What I must do",
                 "monthly": "What I pay each month"}[kind]
        assert title in words and "1286" in words
        if kind == "monthly":
            assert "758,500 riel" in words and "15 December 2026" in words
            assert "1000000" not in document.url and "758" not in document.url
    with pytest.raises(KioskError):
        PrintRequest("monthly", "monthly-total", locale, "a4").check()  # no wages


# --- 12. contacts -------------------------------------------------------------------------------

@pytest.fixture()
def branch_library(tmp_path: Path) -> Library:
    """The shipped content and two branch offices: one with its hours and a map, one with
    neither (content validation asks for hours; an old bundle may still lack them)."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, content)
    (content / "branches.yaml").write_text(BRANCHES, encoding="utf-8")
    assets = tmp_path / "assets"
    (assets / "maps").mkdir(parents=True)
    (assets / "maps" / "kandal.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    raws, _ = read_source(content)
    records, problems = check_records(raws, assets=assets, require_benefits=False)
    assert any("branch-takeo" in p and "needs hours" in p for p in problems)
    path = tmp_path / "branches.db"
    build_bundle(records, path, version=4)
    lib = Library(path)
    yield lib
    lib.close()


def test_contacts_show_every_office_by_kind(branch_library: Library) -> None:
    page = contacts_page(branch_library, "en", location="branch-kandal")
    assert page.hotline is not None and page.hotline.id == "hotline"
    assert [g.key for g in page.groups] == ["website", "head-office", "branch"]
    shown = [page.hotline.id, *(o.id for o in page.offices)]
    assert sorted(shown) == sorted(o.id for o in branch_library.offices())
    kandal, takeo = (next(o for o in page.offices if o.id == i)
                     for i in ("branch-kandal", "branch-takeo"))
    lines = [line.text for line in kandal.lines]
    assert "Province: Kandal" in lines and "Open: Monday to Friday, 8:00 to 17:00" in lines
    assert kandal.map == "maps/kandal.png"
    assert kandal.here is not None and kandal.here.text == "You are here"
    assert page.here.text == "This kiosk is at: NSSF Kandal branch"
    assert "Hours not known: call 1286" in [line.text for line in takeo.lines]
    assert takeo.map is None and takeo.here is None
    km = contacts_page(branch_library, "km", card="branch-takeo")
    assert km.card == "branch-takeo" and [o.id for o in km.offices if o.marked] == ["branch-takeo"]
    assert "យើងមិនដឹងម៉ោងបើកទេ៖ សូមហៅលេខ ១២៨៦" in [
        line.text for o in km.offices if o.id == "branch-takeo" for line in o.lines]
    assert km.here is None  # no location setting: nothing marked "you are here"


def test_an_office_hit_opens_contacts_at_its_card(library: Library) -> None:
    found = result(library, SearchHit("offices", "head-office", "", "", -1.0), "en")
    assert found.route == Route("contacts", {"card": "head-office"})

