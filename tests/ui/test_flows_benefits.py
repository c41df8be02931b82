"""The benefits walkthrough, driven by taps in the real shell: every benefit by Next, in Khmer and
English, each with its parts, its review date and its ways on (interview, checklist, print)."""
from __future__ import annotations

import pytest
from test_flows_visitor import visitor  # noqa: F401 - the fixture

from kiosk.eligibility import load_rules
from kiosk.i18n import format_date, format_number, native_digits

BENEFIT_IDS = load_rules().benefits  # data: the content and the rules agree on them


@pytest.mark.parametrize("locale", ["km", "en"])
def test_walk_every_benefit_with_next_and_back_with_previous(visitor, locale) -> None:  # noqa: F811
    lib = visitor.ctx.library
    visitor.open("benefits", locale=locale)
    visitor.tap("benefits-walk")
    walked: list[str] = []
    while True:
        assert visitor.screen == "benefit"
        benefit = lib.benefit(visitor.params["id"])
        walked.append(benefit.id)
        texts = visitor.texts()
        assert visitor.text("benefit-title") == benefit.title.get(locale)
        for part in (benefit.summary, benefit.what_you_get, benefit.who_can_get,
                     benefit.how_to_claim, benefit.amount, benefit.gaps):
            if part is not None:
                assert part.get(locale) in texts, (benefit.id, part.en)
        reviewed = visitor.text("benefit-reviewed")
        assert format_date(benefit.reviewed_on, locale) in reviewed
        assert native_digits("1286", locale) in reviewed
        assert visitor.text("benefit-position") == (
            f"{format_number(len(walked), locale)} / {format_number(len(BENEFIT_IDS), locale)}")
        for story in lib.stories(benefit.id)[:1]:
            assert story.text.get(locale) in texts
        assert not visitor.visible("benefit-staff")
        for button in ("benefit-interview", "benefit-checklist", "benefit-print"):
            assert visitor.find(button).isEnabled()
        if not visitor.find("benefit-next").isEnabled():
            break
        visitor.tap("benefit-next")
    assert walked == list(BENEFIT_IDS)
    visitor.tap("benefit-prev")
    assert visitor.params == {"id": walked[-2]}
    visitor.tap("topbar-back")  # Back retraces the cards seen
    assert visitor.params == {"id": walked[-1]}


@pytest.mark.parametrize("locale", ["km", "en"])
def test_every_benefit_opens_its_checklist(visitor, locale) -> None:  # noqa: F811
    lib = visitor.ctx.library
    for benefit_id in BENEFIT_IDS:
        visitor.open("benefit", {"id": benefit_id}, locale=locale)
        visitor.tap("benefit-checklist")
        benefit = lib.benefit(benefit_id)
        assert (visitor.screen, visitor.params) == ("checklist", {"id": benefit.checklist})
        checklist = lib.checklist(benefit.checklist)
        assert visitor.text("checklist-title") == checklist.title.get(locale)
        for document in checklist.documents:
            assert visitor.visible(f"doc-{document.id}")
            assert visitor.visible(f"bring-{document.id}")
        visitor.tap("topbar-back")
        assert (visitor.screen, visitor.params) == ("benefit", {"id": benefit_id})


def test_can_i_get_it_and_print_lead_on_with_the_benefit(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": "maternity-allowance"})
    assert visitor.sends("benefit-print") == ["print", {"kind": "benefit",
                                                        "id": "maternity-allowance"}]
    visitor.open("benefit", {"id": "maternity-allowance"})
    visitor.tap("benefit-interview")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": "maternity-allowance"})


def test_the_list_shows_every_scheme_and_opens_a_benefit(visitor) -> None:  # noqa: F811
    visitor.open("benefits", locale="km")
    texts = visitor.texts()
    for scheme in visitor.ctx.library.schemes():
        assert scheme.name.km in texts
    visitor.tap("benefit-tile-sickness-allowance")
    assert visitor.params == {"id": "sickness-allowance"}


def test_a_scheme_alone_and_back_to_all(visitor) -> None:  # noqa: F811
    visitor.open("benefits", {"scheme": "pension"})
    assert visitor.visible("benefit-tile-old-age-pension")
    assert not visitor.visible("benefit-tile-medical-care")
    visitor.tap("benefits-all")
    assert visitor.visible("benefit-tile-medical-care")


def test_the_visitors_audience_filters_the_benefits(visitor) -> None:  # noqa: F811
    visitor.open("benefits", audience="worker")
    shown = {b.id for b in visitor.ctx.library.benefits()
             if visitor.visible(f"benefit-tile-{b.id}")}
    assert shown == {b.id for b in visitor.ctx.library.benefits("worker")}


def test_employers_see_what_their_workers_get(visitor) -> None:  # noqa: F811
    visitor.open("benefits", audience="employer")
    shown = {b.id for b in visitor.ctx.library.benefits()
             if visitor.visible(f"benefit-tile-{b.id}")}
    assert shown == {b.id for b in visitor.ctx.library.benefits()}
    assert "maternity-allowance" in shown


def test_staff_see_the_legal_basis_and_where_sources_disagree(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": "maternity-allowance"}, audience="staff")
    benefit = visitor.ctx.library.benefit("maternity-allowance")
    assert visitor.text("benefit-staff-legal-basis") == benefit.legal_basis.en
    # the staff view's own bilingual detail, not the content team's English notes
    assert visitor.text("benefit-staff-conflicts") == benefit.staff.conflicts.en
    assert visitor.text("benefit-position").endswith(f"/ {len(BENEFIT_IDS)}")  # staff walk through all


def test_a_story_on_the_card_opens_the_stories(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": "maternity-allowance"})
    story = visitor.ctx.library.stories("maternity-allowance")[0]
    visitor.tap("benefit-story")
    assert (visitor.screen, visitor.params) == ("stories", {"id": story.id})
    visitor.tap(f"story-{story.id}-benefit-medical-care")
    assert visitor.params == {"id": "medical-care"}


def test_language_switch_keeps_the_card(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": "old-age-pension"}, locale="km")
    benefit = visitor.ctx.library.benefit("old-age-pension")
    assert visitor.text("benefit-title") == benefit.title.km
    visitor.language("en")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "old-age-pension"})
    assert visitor.text("benefit-title") == benefit.title.en
    assert visitor.text("benefit-next") == "Next"


# What an allowance means at US$200 a month (800,000 riel at the kiosk's 4,000 riel a dollar),
# worked out by hand from the brief: 800,000 / 30 = 26,667 a day; 70% of it 18,667 (18,700 read).
EXAMPLES_AT_200 = {
    "sickness-allowance": "If you earn US$200 a month and a doctor gives you 10 days off: about "
                          "187,000 riel (US$47) from NSSF (18,700 riel a day).",
    "maternity-allowance": "If you earn US$200 a month: about 1,680,000 riel (US$420) for 90 days "
                           "from NSSF, and about 1,200,000 riel (US$300) from your employer.",
    "injury-daily-allowance": "If you earn US$200 a month and cannot work for 10 days after a "
                              "work injury: about 168,000 riel (US$42) from NSSF for 9 of those "
                              "days (18,700 riel a day).",  # from day 2: the employer pays day 1
}


def test_each_allowance_gives_a_worked_example_in_the_money_she_thinks_in(visitor) -> None:  # noqa: ANN001, F811
    allowances = [b for b in BENEFIT_IDS if visitor.ctx.rules.rulesets[b].estimate is not None]
    assert sorted(allowances) == sorted(EXAMPLES_AT_200)  # a new allowance needs its example
    for benefit in allowances:
        visitor.open("benefits", locale="en")
        visitor.tap(f"benefit-tile-{benefit}")
        assert visitor.text("benefit-example") == EXAMPLES_AT_200[benefit]
    visitor.language("km")  # the last card, in Khmer: riel first, dollars beside them
    assert visitor.text("benefit-example").startswith("បើប្រាក់ឈ្នួលរបស់អ្នក ២០០ ដុល្លារ ក្នុងមួយខែ")
    assert "១៦៨.០០០ រៀល (៤២ ដុល្លារ)" in visitor.text("benefit-example")
    for benefit in set(BENEFIT_IDS) - set(allowances):  # a pension or care: no sum to guess
        visitor.open("benefit", {"id": benefit}, locale="en")
        assert not visitor.visible("benefit-example")
