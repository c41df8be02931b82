"""Page models, without Qt: every page of every record in both languages and for every audience,
walked field by field (texts present and in their language, icons in the font, routes to screens
that exist), and the product rules the pages decide (audiences, search-hit routes, the employer's
registration checklist, the grouped across-all answer, where an answer leads)."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from types import MappingProxyType
from typing import Any

import pytest

from kiosk import icons as font
from kiosk.content.khmer import khmer_share
from kiosk.content.library import Library, SearchHit
from kiosk.eligibility import Question, RuleBook, load_rules
from kiosk.i18n import LOCALES, format_number, tr
from kiosk.pages import Link, Route, Section, icons
from kiosk.pages.attract import attract_page
from kiosk.pages.audience import checklists_for, content_audience, registration_checklist
from kiosk.pages.benefit import benefit_page
from kiosk.pages.benefits import benefits_page
from kiosk.pages.checklist import checklist_page
from kiosk.pages.claims import claims_page
from kiosk.pages.contacts import contacts_page
from kiosk.pages.decision import (
    DecisionPage,
    all_page,
    change,
    decision_page,
    decision_page_for_facts,
    wage_changed,
)
from kiosk.pages.employer import employer_page
from kiosk.pages.guide import guide_page
from kiosk.pages.home import TILE_KEYS, home_page
from kiosk.pages.interview import answer, interview_page, previous
from kiosk.pages.monthly import EACH, MonthlyInput, monthly_page
from kiosk.pages.print_preview import STATES, print_page
from kiosk.pages.routes import SCREEN_NAMES, record_route
from kiosk.pages.search import result, search_page, typed_locale
from kiosk.pages.start import StartPage, start_page
from kiosk.pages.stories import stories_page
from kiosk.pages.wage import TypedWage

AUDIENCES = (None, "worker", "employer", "staff")
# Fields whose text is not translated on purpose: record ids and keys, content sources (cited as
# they are written), staff notes, facts, numbers.
UNTRANSLATED = {"id", "key", "benefit", "fact", "kind", "outcome", "state", "mark", "locale",
                "screen", "query", "staff", "rule_source", "legal_basis", "checklist_id",
                "image", "tone", "en", "touch_en", "ids", "value", "group", "pieces", "digits",
                "currency", "part", "map", "number", "card"}
KHMER = range(0x1780, 0x1800)


@pytest.fixture(scope="module")
def rules() -> RuleBook:
    return load_rules()


def walk(value: Any, name: str = "") -> Iterator[tuple[str, Any]]:
    """(field name, value) of every leaf of a page, depth first."""
    if isinstance(value, Section) and value.key == "sources":
        yield "heading", value.heading  # the sources are cited as written: they name documents
        yield "icon", value.icon
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from walk(getattr(value, f.name), f.name)
        if isinstance(value, Route):
            yield "route", value
    elif isinstance(value, tuple | list):
        for item in value:
            yield from walk(item, name)
    elif isinstance(value, dict | MappingProxyType):
        return  # params, facts: data, not what the page says
    else:
        yield name, value


def check_page(page: Any, locale: str) -> list[str]:
    """Problems with a page: a missing icon, a route to no screen, an empty text, a Khmer page
    with a text in no Khmer at all."""
    problems = []
    for name, value in walk(page):
        if name == "route" and isinstance(value, Route):
            if value.screen not in SCREEN_NAMES:
                problems.append(f"route to unknown screen {value.screen!r}")
        elif name.endswith("icon") and value is not None:
            if not font.exists(value):
                problems.append(f"icon {value!r} is not in the font")
        elif isinstance(value, str) and name not in UNTRANSLATED:
            if not value.strip() and name not in ("progress_text", "scheme", "title", "qr_caption"):
                problems.append(f"{name} is empty")
            latin = any(ch.isascii() and ch.isalpha() for ch in value)
            address = " " not in value and "." in value  # nssf.gov.kh
            own_name = isinstance(page, StartPage) and name == "name"  # "English", in English
            if (locale == "km" and latin and not address and not own_name
                    and not any(ord(ch) in KHMER for ch in value)):
                problems.append(f"{name} has no Khmer: {value[:60]!r}")
    return problems


def test_every_icon_of_the_table_is_in_the_font() -> None:
    assert not [n for n in icons.every_icon() if not font.exists(n)]
    assert set(icons.OUTCOMES) >= {"eligible", "not_eligible", "not_yet", "unknown", "ask_staff"}


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_of_every_record(library: Library, rules: RuleBook, locale: str) -> None:
    pages: list[tuple[str, Any]] = [("attract", attract_page(library)),
                                    ("start", start_page(locale)),
                                    ("contacts", contacts_page(library, locale)),
                                    ("contacts here", contacts_page(library, locale,
                                                                    location="head-office"))]
    for gid in library.ids("guides"):
        pages.append((f"guide {gid}", guide_page(library, gid, locale)))
    for typed in (MonthlyInput(), MonthlyInput(10, typical=TypedWage("1000000", "riel")),
                  MonthlyInput(3, EACH, each=(TypedWage("200", "usd"),)),
                  MonthlyInput(2, EACH, each=(TypedWage("200", "usd"), TypedWage("900000", "riel")))):
        pages.append((f"monthly {typed}", monthly_page(rules, typed, locale)))
    pages += [(f"print {s}", print_page(s, locale)) for s in STATES]
    for audience in AUDIENCES:
        pages.append((f"home {audience}", home_page(audience, locale, library)))
        pages.append((f"benefits {audience}", benefits_page(library, audience, locale)))
        pages.append((f"claims {audience}", claims_page(library, audience, locale)))
        for bid in library.ids("benefits"):
            pages.append((f"benefit {bid}", benefit_page(library, bid, locale, audience=audience,
                                                         rules=rules)))
    for scheme in library.ids("schemes"):
        pages.append((f"scheme {scheme}", benefits_page(library, None, locale, scheme=scheme)))
    for cid in library.ids("checklists"):
        docs = [d.id for d in library.checklist(cid).documents]
        for ticks in ([], docs[:1], docs):
            pages.append((f"checklist {cid} {len(ticks)}",
                          checklist_page(library, cid, locale, ticks=ticks)))
    for card in (None, *library.ids("duties")):
        pages.append((f"employer {card}", employer_page(library, locale, card=card)))
    for sid in library.ids("stories"):
        pages.append((f"stories {sid}", stories_page(library, locale, first=sid)))
    for word in ("", "card", "មាតុភាព", "zzzz", "ប្រាក់"):
        pages.append((f"search {word!r}", search_page(library, word, locale)))
    problems = [f"{where}: {p}" for where, page in pages for p in check_page(page, locale)]
    assert not problems, "\n".join(problems[:30])


def first_answers(question: Question) -> Any:
    """An answer that keeps an interview going as long as it can: yes, the first choice, or a
    middling number."""
    if question.kind == "yes_no":
        return True
    if question.kind == "choice":
        return question.choices[0][0]
    return (question.max or 100) // 2 if question.max else 12


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("benefit", ["", *load_rules().benefits])
def test_every_interview_page_to_its_decision(library: Library, rules: RuleBook, benefit: str,
                                              locale: str) -> None:
    interview = rules.interview(benefit or None, locale)
    seen = 0
    for _ in range(40):
        page = interview_page(library, rules, interview, locale)
        assert not check_page(page, locale), check_page(page, locale)
        early = decision_page(library, rules, interview, locale)
        assert not check_page(early, locale)
        if page.question is None:
            break
        seen += 1
        assert early.kind == "unfinished" and not early.print.enabled
        assert page.progress[0] == seen - 1 and page.previous.enabled == (seen > 1)
        question = page.question
        if question.stepper is not None:
            assert question.stepper.text().startswith(format_number(question.stepper.value,
                                                                     locale))
        value = first_answers(interview.current())
        went = answer(interview, value)
        assert (went is None) == (not interview.finished)
    assert interview.finished and seen > 0
    for wage in (0, 900_000):
        done = decision_page(library, rules, interview, locale, wage=wage)
        assert done.kind == ("all" if not benefit else "one")
        assert not check_page(done, locale), check_page(done, locale)
        assert len(done.answers) == seen
    if benefit:
        assert done.print is not None and done.print.route.params["facts"]["monthly_wage_riel"] \
            == 900_000
        paper = decision_page_for_facts(library, rules, benefit, done.facts, locale)
        assert paper.outcome == done.outcome and paper.reasons == done.reasons
        assert paper.estimate == done.estimate
    # Change goes back to the first question; Previous undoes the last answer
    asked = list(interview.asked)
    assert change(interview, asked[0]) == Route("interview", {"benefit": benefit})
    assert interview.asked == [] and not interview.finished
    answer(interview, first_answers(interview.current()))
    previous(interview)
    assert interview.asked == []


def test_audiences_see_their_benefits_and_checklists(library: Library) -> None:
    worker = {t.id for c in benefits_page(library, "worker", "en").schemes for t in c.benefits}
    employer = {t.id for c in benefits_page(library, "employer", "en").schemes for t in c.benefits}
    assert worker == {b.id for b in library.benefits("worker")}
    assert employer == {b.id for b in library.benefits()}  # what their workers get
    assert content_audience("staff") is None and content_audience("worker") == "worker"
    claims = [c.id for c in claims_page(library, "worker", "en").claims]
    assert "employer-registration" not in claims
    assert claims == [c.id for c in checklists_for(library, "worker")]
    order = [b.id for b in library.benefits()]
    benefits_of = [library.checklist(c).benefit for c in claims]
    known = [order.index(b) for b in benefits_of if b]
    assert known == sorted(known), "claims in the order of their benefits"


def test_home_speaks_to_each_visitor(library: Library) -> None:
    employer = [t.key for t in home_page("employer", "en", library).tiles]
    assert employer[:3] == ["workers-get", "employer", "monthly"]  # what my workers get, ...
    assert {f"checklist-{d.checklist}" for d in library.duties() if d.checklist} <= set(employer)
    worker = home_page("worker", "en", library).tiles
    assert worker[0].key == "guide-asked-to-pay"  # its own short path, first
    assert worker[0].route == Route("guide", {"id": "asked-to-pay"})
    assert "employer" not in [t.key for t in worker] and set(TILE_KEYS) >= {
        t.key for t in worker if not t.key.startswith("guide-")}
    interview = next(t for t in home_page(None, "km").tiles if t.key == "interview")
    assert interview.route == Route("interview", {"benefit": ""})


def test_benefit_walk_and_staff_detail(library: Library) -> None:
    ids = [b.id for b in library.benefits("worker")]
    first = benefit_page(library, ids[0], "km", audience="worker")
    assert first.previous.route is None and first.next.route == Route("benefit", {"id": ids[1]})
    assert first.position == f"{format_number(1, 'km')} / {format_number(len(ids), 'km')}"
    last = benefit_page(library, ids[-1], "en", audience="worker")
    assert last.next.route is None and not last.next.enabled
    assert benefit_page(library, ids[0], "en", audience="worker").staff is None
    staff = benefit_page(library, "maternity-allowance", "en", audience="staff").staff
    assert staff is not None and "Sources:" in staff.text()


def test_the_staff_card_of_a_benefit_is_in_the_visitors_language(library: Library) -> None:
    """A Khmer-only officer reads every part in Khmer: conditions, confidence words, legal
    basis, review status; the sources stay as the content cites them."""
    for benefit in library.benefits():
        card = benefit_page(library, benefit.id, "km", audience="staff").staff
        assert card is not None and card.heading == "សម្រាប់បុគ្គលិក"
        view = library.staff_detail(benefit.id, "km")
        assert [p.key for p in card.parts] == [line.key for line in view.lines]
        for part in card.parts:
            assert part.tone == "staff" and font.exists(part.icon)
            if part.key == "sources":
                assert part.text == "; ".join(benefit.sources)
            else:
                assert khmer_share(part.heading + part.text) > 0.6, (benefit.id, part)
        assert "review" in [p.key for p in card.parts] and "sample" not in card.text()
        english = benefit_page(library, benefit.id, "en", audience="staff").staff
        assert english is not None and english.part("review").heading == "Review status"
    maternity = benefit_page(library, "maternity-allowance", "km", audience="staff").staff
    assert "ប្រភពខុសគ្នា" in maternity.part("confidence").text  # "sources disagree"
    assert "គំរូ" in maternity.part("review").text  # sample text, not yet approved


def test_the_employers_registration_is_the_first_duty_with_a_checklist(library: Library) -> None:
    first = next(d for d in library.duties() if d.checklist)
    assert registration_checklist(library) == first.checklist
    page = employer_page(library, "en")
    assert page.register is not None and page.register.route.params == {"id": first.checklist}
    own = [d.checklist.route.params["id"] for d in page.duties if d.checklist]
    assert first.checklist not in own  # not offered twice
    assert page.monthly.route == Route("monthly", {})
    assert page.print.route == Route("print", {"kind": "employer", "id": "employer"})
    assert page.card is None and not any(d.marked for d in page.duties)


def test_checklist_ticks_shrink_what_to_bring(library: Library) -> None:
    checklist = library.checklist("claim-maternity-allowance")
    ids = [d.id for d in checklist.documents]
    page = checklist_page(library, checklist.id, "en")
    assert page.bring.ids == tuple(ids) and page.bring.done is None
    assert [g.key for g in page.groups] == ["all"]
    page = checklist_page(library, checklist.id, "en", ticks=ids[:2])
    assert page.bring.ids == tuple(ids[2:])
    assert [g.key for g in page.groups] == ["have", "need"]
    assert page.print.route.params == {"kind": "checklist", "id": checklist.id,
                                       "ticks": sorted(ids[:2])}
    assert [p.mark_icon for p in page.papers[:3]] == [icons.MARKS["have"]] * 2 + [
        icons.MARKS["need"]]
    done = checklist_page(library, checklist.id, "km", ticks=ids)
    assert done.bring.lines == () and done.bring.done == tr("You have all the papers on the list.",
                                                            "km")
    assert [g.key for g in done.groups] == ["have"]
    # who acts: one picture per actor, the same one the paper prints
    for step, source in zip(page.steps, checklist.steps, strict=True):
        assert step.who.icon == icons.ACTORS[source.who].icon


@pytest.mark.parametrize(("kind", "screen", "param"), [
    ("benefits", "benefit", "id"), ("checklists", "checklist", "id"), ("stories", "stories", "id"),
    ("schemes", "benefits", "scheme"), ("duties", "employer", "card"),
    ("offices", "contacts", "card"), ("guides", "guide", "id"),
])
def test_a_search_hit_opens_its_records_screen(library: Library, kind: str, screen: str,
                                               param: str | None) -> None:
    rid = library.ids(kind)[0]
    found = result(library, SearchHit(kind, rid, "", "", -1.0), "km")
    assert found is not None and found.route == record_route(kind, rid)
    assert found.route.screen == screen
    assert dict(found.route.params) == ({param: rid} if param else {})


def test_search_in_place_glossary_and_the_other_script(library: Library) -> None:
    term = next(t for t in library.glossary() if t.term.en == "Maternity allowance")
    glossary = result(library, SearchHit("glossary", term.id, "", "", -1.0), "en")
    assert glossary.route is None and glossary.definition == term.definition.en
    assert result(library, SearchHit("benefits", "gone", "", "", -1.0), "en") is None
    assert typed_locale("មាតុ") == "km" and typed_locale("card") == "en" and typed_locale("12") is None
    page = search_page(library, "មាតុភាព", "en")  # Khmer typed on the English side
    assert page.status is None
    titles = {r.key: r.title for r in page.results}
    assert titles["benefits-maternity-allowance"] == library.benefit("maternity-allowance").title.en
    empty = search_page(library, "", "km")
    assert empty.results == () and empty.status
    nothing = search_page(library, "zzzzqq", "en")
    assert nothing.results == () and "Nothing found" in nothing.status


def test_the_across_all_answer_is_in_the_rules_groups(library: Library, rules: RuleBook) -> None:
    facts = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 12,
             "months_contributed_last_12": 12, "unable_to_work_days": 0, "injury": "none",
             "disability_percent": 0, "gave_birth": False, "pregnant": True, "age": 30,
             "weeks_pregnant": 20, "cannot_work_long_term": False,
             "total_months_contributed": 24, "member_died": False}
    decisions = rules.decide_all(facts, "en")
    page = all_page(library, rules, decisions, "en", facts=facts)
    assert page.kind == "all" and page.employer_links == ()
    assert page.print is not None and page.print.route is not None  # it prints too (issue 13)
    assert page.print.route.params["kind"] == "overview"
    groups = rules.overview(decisions)
    assert [g.key for g in page.groups] == [g.id for g in groups if g.decisions]
    assert [g.heading for g in page.groups] == [g.title["en"] for g in groups if g.decisions]
    assert {g.key for g in page.groups} >= {"now", "later"}
    for group in page.groups:
        assert group.icon == icons.GROUPS[group.key]
    later = next(o for o in page.outcomes if o.outcome == "not_yet")
    assert later.icon == icons.OUTCOMES["not_yet"] and later.group == "later"
    assert {o.benefit for o in page.outcomes} == {d.benefit for d in decisions}
    assert not check_page(page, "en")
    # an employer is sent to what the workers get: no column of refusals
    employer = all_page(library, rules, rules.decide_all({"role": "employer",
                                                          "member_died": False}, "km"), "km")
    workers = next(g for g in employer.groups if g.key == "workers")
    assert "not_now" not in [g.key for g in employer.groups]
    first = workers.outcomes[0]
    assert first.title == library.benefit(first.benefit).title.km  # the benefit, not "no"
    assert first.icon == icons.GROUPS["workers"]
    assert [link.route.screen for link in employer.employer_links] == ["benefits", "employer"]
    assert not check_page(employer, "km")


def test_not_yet_says_when_and_i_dont_know_goes_to_staff(library: Library,
                                                        rules: RuleBook) -> None:
    from kiosk.eligibility import DONT_KNOW

    pregnant = {"role": "worker", "employer_registered": True, "gave_birth": False,
                "pregnant": True, "consecutive_months_contributed": 5}
    page = decision_page_for_facts(library, rules, "maternity-allowance", pregnant, "en")
    assert page.outcome.outcome == "not_yet" and page.until is not None
    assert "9 months in a row" in page.until.text
    interview = rules.interview("old-age-pension", "km")
    first = interview_page(library, rules, interview, "km").question
    assert first.dont_know.value == DONT_KNOW and first.dont_know.key == "dont-know"
    assert first.dont_know.text == rules.texts["dont_know"]["km"]
    answer(interview, DONT_KNOW)
    done = decision_page(library, rules, interview, "km")
    assert done.outcome is None or done.kind in ("one", "unfinished")
    given = [a for a in done.answers if a.answer == rules.texts["dont_know"]["km"]]
    assert given, "the answers say what was not known"


def test_a_decision_page_and_its_wage(library: Library, rules: RuleBook) -> None:
    mother = {"role": "worker", "employer_registered": True, "gave_birth": True,
              "weeks_pregnant": 38, "consecutive_months_contributed": 12}
    page = decision_page_for_facts(library, rules, "maternity-allowance", mother, "en")
    assert page.outcome.outcome == "eligible" and page.outcome.icon == icons.OUTCOMES["eligible"]
    assert page.bring.route == Route("checklist", {"id": "claim-maternity-allowance"})
    assert page.estimate is not None and page.estimate.amount is None
    richer = wage_changed(page, rules, 800_000, "en")
    assert richer.estimate.amount and "riel" in richer.estimate.amount
    assert richer.print.route.params["facts"] == {**mother, "monthly_wage_riel": 800_000}
    assert richer.reasons == page.reasons
    not_registered = decision_page_for_facts(library, rules, "maternity-allowance",
                                             {**mother, "employer_registered": False}, "km")
    assert not_registered.outcome.outcome == "not_eligible"
    assert not_registered.bring is None and not_registered.estimate is None
    assert {r.mark for r in not_registered.reasons} >= {"failed"}


def test_routes_name_screens_and_carry_fresh_params() -> None:
    link = Link("x", "check", Route("checklist", {"id": "a", "ticks": ["b"]}))
    screen, params = link.route.args()
    params["id"] = "changed"
    assert link.route.params["id"] == "a"  # a page is a value: its routes cannot be changed
    with pytest.raises(TypeError):
        link.route.params["id"] = "b"  # type: ignore[index]
    assert isinstance(DecisionPage.__dataclass_params__.frozen, bool)


def test_rehearsals_fill_each_content_screen_with_its_fullest_page(library: Library,
                                                                   rules: RuleBook) -> None:
    from kiosk.pages.routes import common_word, rehearsals

    found = rehearsals(library, rules)
    screens = {r.route.screen for r in found}
    assert screens <= SCREEN_NAMES and "print" not in screens
    assert {"benefits", "benefit", "checklist", "decision", "interview", "search"} <= screens
    checklist = next(r for r in found if r.route.screen == "checklist").route.params["id"]
    assert len(library.checklist(checklist).documents) == max(
        len(c.documents) for c in library.checklists())
    for r in found:
        for interview in r.interviews.values():
            if r.route.screen == "decision":
                assert interview.finished
    word = common_word(library)
    assert word and search_page(library, word, "km").results
