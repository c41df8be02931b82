"""The eligibility interview and its decision, by taps: one question per screen, each outcome the
rules allow, the top bar's Back one question at a time and "change an answer", a language
switch that keeps the question (and a number not yet confirmed), the estimate from a wage typed
in riel or dollars, pictures on the answers, and Print with the facts.

The engine decides which question comes; the tests read the expected question from the same
Interview object and check that the screen shows it, then answer it with a tap.
"""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QAbstractButton
from test_flows_visitor import Visitor, visitor  # noqa: F401 - the fixture

from kiosk.eligibility import Question, estimate_allowance
from kiosk.i18n import format_riel, tr
from kiosk.money import round_for_reading

MATERNITY = "maternity-allowance"
MOTHER = {"role": "worker", "employer_registered": True, "gave_birth": True,
          "weeks_pregnant": 38, "consecutive_months_contributed": 12}
# Enough facts to finish the "what can I get?" interview, whatever it asks.
EVERYONE = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 12,
            "months_contributed_last_12": 12, "unable_to_work_days": 0, "injury": "none",
            "disability_percent": 0, "gave_birth": False, "pregnant": False,
            "weeks_pregnant": 0, "age": 30,
            "cannot_work_long_term": False, "total_months_contributed": 24,
            "member_died": False, "monthly_wage_riel": 800_000}


def question(v: Visitor, benefit: str) -> Question | None:
    current = v.ctx.visit.interviews[benefit].current(v.ctx.locale)
    return current if isinstance(current, Question) else None


def answer_shown(v: Visitor, benefit: str, value: Any) -> None:
    """Answer the question on screen with a tap (− / + and Next for a number)."""
    q = question(v, benefit)
    assert q is not None and v.screen == "interview"
    assert v.text("question-text") == q.text[v.ctx.locale]
    if q.kind == "number":
        v.set_number("answer-stepper", value)
        v.tap("answer-ok")
    elif isinstance(value, bool):
        v.tap("answer-yes" if value else "answer-no")
    else:
        v.tap(f"answer-{value}")


def answer_all(v: Visitor, benefit: str, facts: dict[str, Any]) -> list[str]:
    asked = []
    while v.screen == "interview":
        q = question(v, benefit)
        assert q is not None
        asked.append(q.fact)
        answer_shown(v, benefit, facts[q.fact])
    return asked


def outcome(v: Visitor) -> str:
    return v.find("outcome").property("outcome")


def test_eligible_in_khmer_with_reasons_next_step_and_checklist(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": MATERNITY}, locale="km")
    assert visitor.text("interview-progress").startswith("សំណួរទី ១")
    asked = answer_all(visitor, MATERNITY, MOTHER)
    assert set(asked) == set(MOTHER)
    assert (visitor.screen, visitor.params) == ("decision", {"benefit": MATERNITY})
    assert outcome(visitor) == "eligible"
    rules = visitor.ctx.rules
    assert visitor.text("outcome-title") == rules.outcomes["eligible"]["km"]
    decision = visitor.ctx.visit.interviews[MATERNITY].current("km")
    texts = visitor.texts()
    for reason in decision.reasons:
        assert reason.text in texts
    assert decision.next_step["km"] in texts
    visitor.tap("decision-checklist")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": "claim-maternity-allowance"})


def test_not_eligible_when_the_employer_has_not_registered(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": MATERNITY})
    answer_all(visitor, MATERNITY, {**MOTHER, "employer_registered": False})
    assert outcome(visitor) == "not_eligible"
    assert visitor.text("outcome-title") == visitor.ctx.rules.outcomes["not_eligible"]["en"]
    assert not visitor.visible("decision-checklist")
    assert not visitor.visible("estimate-text")


def test_ask_staff_for_a_civil_servant(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": "medical-care"}, locale="km")
    answer_all(visitor, "medical-care", {"role": "civil_servant"})
    assert outcome(visitor) == "ask_staff"
    assert visitor.text("outcome-title") == visitor.ctx.rules.outcomes["ask_staff"]["km"]


def test_unknown_is_never_left_at_the_end_of_an_interview(visitor) -> None:  # noqa: F811
    # "unknown" names facts still to ask; the interview asks them all before it decides, so the
    # decision screen only shows it for an interview not finished: it offers to go on instead.
    visitor.open("decision", {"benefit": "sickness-allowance"})
    assert visitor.visible("decision-continue")
    assert not visitor.find("decision-print").isEnabled()
    visitor.tap("decision-continue")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": "sickness-allowance"})


def test_back_steps_back_one_question_then_change_an_answer_on_the_decision(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": MATERNITY})
    visitor.tap("benefit-interview")
    # one Back, the top bar's: no second button on the screen steps back a question
    buttons = [b for b in visitor.shell.current.findChildren(QAbstractButton)
               if b.isVisibleTo(visitor.shell)]
    assert buttons and not [b.text() for b in buttons
                            if b.text() in ("Previous question", "Back")]
    answer_shown(visitor, MATERNITY, "worker")
    answer_shown(visitor, MATERNITY, True)  # registered
    third = question(visitor, MATERNITY)
    visitor.tap("topbar-back")
    assert visitor.screen == "interview"
    q = question(visitor, MATERNITY)
    assert q.fact == "employer_registered"
    assert visitor.text("question-text") == q.text["en"]
    assert visitor.find("answer-yes").isChecked()  # the earlier answer, preselected
    answer_shown(visitor, MATERNITY, False)
    assert outcome(visitor) == "not_eligible"
    # on the decision: change that answer
    visitor.tap("decision-change")
    visitor.tap("change-employer_registered")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": MATERNITY})
    assert question(visitor, MATERNITY).fact == "employer_registered"
    answer_shown(visitor, MATERNITY, True)
    assert question(visitor, MATERNITY).fact == third.fact
    answer_all(visitor, MATERNITY, MOTHER)
    assert outcome(visitor) == "eligible"
    # Back from the decision: the last question again, its answer kept
    visitor.tap("topbar-back")
    assert visitor.screen == "interview"
    last = question(visitor, MATERNITY)
    assert last.default == MOTHER[last.fact]


def test_language_switch_mid_interview_keeps_the_question_and_the_number(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": MATERNITY}, locale="km")
    interview = None
    while True:
        q = question(visitor, MATERNITY)
        interview = visitor.ctx.visit.interviews[MATERNITY]
        if q.fact == "consecutive_months_contributed":
            break
        answer_shown(visitor, MATERNITY, MOTHER[q.fact])
    answers = dict(interview.answers)
    progress = visitor.text("interview-progress")
    visitor.set_number("answer-stepper", 7)  # set, not yet confirmed with Next
    visitor.language("en")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": MATERNITY})
    assert visitor.ctx.visit.interviews[MATERNITY] is interview
    assert interview.answers == answers
    assert visitor.text("question-text") == q.text["en"]
    assert visitor.find("answer-stepper").value() == 7
    assert visitor.text("answer-stepper-value") == "7 months"
    assert visitor.text("interview-progress") != progress  # now in English
    visitor.tap("answer-ok")
    assert outcome(visitor) == "not_eligible"  # 7 months in a row: 9 are needed


def test_i_dont_know_on_every_question_and_staff_named_what_is_not_known(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": "old-age-pension"}, locale="km")
    assert visitor.visible("answer-dont-know")  # a choice question
    answer_shown(visitor, "old-age-pension", "worker")
    assert visitor.visible("answer-dont-know") and visitor.visible("answer-stepper")  # a number
    answer_shown(visitor, "old-age-pension", 62)
    rules = visitor.ctx.rules
    assert visitor.text("answer-dont-know") == rules.texts["dont_know"]["km"]
    visitor.tap("answer-dont-know")  # how many months of pension contributions
    assert visitor.screen == "decision" and outcome(visitor) == "ask_staff"
    decision = visitor.ctx.visit.interviews["old-age-pension"].current("km")
    assert decision.missing == ["total_months_contributed"]
    texts = visitor.texts()
    assert decision.headline in texts and rules.next_steps["dont-know"]["km"] in texts
    question_text = rules.question("total_months_contributed").text["km"]
    assert any(question_text in t and "មិនទាន់ដឹង" in t for t in texts)  # named for staff
    assert visitor.text("answer-given-total_months_contributed") == rules.texts["dont_know"]["km"]
    visitor.tap("topbar-back")  # the question again, "I don't know" preselected
    assert visitor.find("answer-dont-know").isChecked()


def test_a_pregnant_worker_hears_not_yet_in_a_neutral_colour(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": MATERNITY})
    asked = answer_all(visitor, MATERNITY, {"role": "worker", "employer_registered": True,
                                            "gave_birth": False, "pregnant": True,
                                            "consecutive_months_contributed": 5})
    assert asked[-1] == "consecutive_months_contributed"  # she is asked her months
    assert outcome(visitor) == "not_yet"
    decision = visitor.ctx.visit.interviews[MATERNITY].current("en")
    assert visitor.text("decision-until") == decision.until["en"]
    assert "at least 9 months in a row" in decision.until["en"]
    frame = visitor.find("outcome")
    visitor.settle()
    image = frame.grab().toImage()
    colour = image.pixelColor(image.width() // 2, 8).name()
    assert colour == "#eef2f7", colour  # neither the green of "yes" nor the red of "no"
    assert visitor.visible("decision-checklist")  # what to bring after the birth


def test_estimate_from_a_wage_set_by_taps_and_print_with_the_facts(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": MATERNITY}, locale="km")
    answer_all(visitor, MATERNITY, MOTHER)
    assert outcome(visitor) == "eligible"
    visitor.type_wage("wage", "800000", "riel")
    expected = estimate_allowance(MATERNITY, 800_000, None, "km", book=visitor.ctx.rules)
    shown = visitor.text("estimate-text")
    rounded = format_riel(round_for_reading(expected.amount_riel), "km")
    assert rounded in shown
    assert expected.text("km") in shown
    assert visitor.text("wage-shown") == format_riel(800_000, "km")
    # the wage is the visit's: a language switch keeps the estimate
    visitor.language("en")
    assert format_riel(round_for_reading(expected.amount_riel), "en") in visitor.text(
        "estimate-text")
    assert visitor.sends("decision-print") == [
        "print", {"kind": "decision", "id": MATERNITY,
                  "facts": {**MOTHER, "monthly_wage_riel": 800_000}}]


def test_a_wage_in_dollars_as_she_knows_it(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": MATERNITY}, locale="en")
    answer_all(visitor, MATERNITY, MOTHER)
    assert visitor.text("estimate-text") == tr(
        "Type your wage to see how much NSSF would pay.", "en")
    visitor.type_wage("wage", "200", "usd")
    assert visitor.text("wage-shown") == "US$200"
    assert visitor.text("wage-other") == "about 800,000 riel a month"
    shown = visitor.text("estimate-text")
    assert shown.startswith("About 1,680,000 riel (US$420)")
    assert "If you earn US$200 a month: about 1,680,000 riel (US$420) for 90 days from NSSF, " \
        "and about 1,200,000 riel (US$300) from your employer." in shown
    visitor.tap("wage-key-back")  # US$20: a wage NSSF counts at its floor, still an answer
    assert visitor.text("wage-shown") == "US$20"
    # the benefit's card now gives its example at her wage
    visitor.shell.go("benefit", {"id": MATERNITY})
    visitor.settle()
    assert visitor.text("benefit-example").startswith("If you earn US$20 a month")


def test_what_can_i_get_across_all_benefits(visitor) -> None:  # noqa: F811
    visitor.open("home", locale="en")
    visitor.tap("home-tile-interview")
    assert (visitor.screen, visitor.params) == ("interview", {"benefit": ""})
    answer_all(visitor, "", EVERYONE)
    assert visitor.screen == "decision"
    interview = visitor.ctx.visit.interviews[""]
    decisions = interview.current("en")
    assert len(decisions) == len(visitor.ctx.rules.benefits)
    for decision in decisions:
        title = visitor.text(f"outcome-title-{decision.benefit}")
        assert title == visitor.ctx.rules.outcomes[decision.outcome]["en"]
    assert {d.outcome for d in decisions} >= {"eligible", "not_yet"}
    # in groups, not a column of crosses: "you can get now", then "when it happens"
    groups = [g.id for g in interview.groups("en")]
    assert groups[:2] == ["now", "later"]
    for group in interview.groups("en"):
        assert visitor.text(f"group-{group.id}") == group.title["en"]
    heights = [visitor.find(f"group-{g}").mapTo(visitor.shell, visitor.find(f"group-{g}").rect()
                                                .topLeft()).y() for g in groups]
    assert heights == sorted(heights)
    # the across-all answer prints too, with its groups and answers in the QR link (issue 13)
    assert visitor.visible("decision-print")
    route = visitor.shell.current.page.print.route
    assert route.params["kind"] == "overview" and route.params["facts"]["role"] == "worker"
    visitor.tap("decision-benefit-medical-care")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "medical-care"})


def test_an_employer_is_sent_to_what_the_workers_get(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": ""}, audience="employer")
    answer_all(visitor, "", {"role": "employer", "member_died": False})
    assert visitor.screen == "decision"
    groups = [g.id for g in visitor.ctx.visit.interviews[""].groups("en")]
    assert groups == ["later", "workers"]  # no "not for you now": no column of refusals
    assert visitor.text("group-workers") == "What your workers get"
    frame = visitor.find("outcome-title-medical-care").parentWidget()
    assert frame.property("group") == "workers"
    assert visitor.text("outcome-title-medical-care") == "Medical care"


def test_back_on_the_first_question_leaves_the_interview(visitor) -> None:  # noqa: F811
    visitor.open("benefit", {"id": MATERNITY})
    visitor.tap("benefit-interview")
    answer_shown(visitor, MATERNITY, "worker")
    visitor.tap("topbar-back")  # back to the first question, its answer kept
    assert visitor.screen == "interview" and question(visitor, MATERNITY).fact == "role"
    assert visitor.find("answer-worker").isChecked()
    visitor.tap("topbar-back")  # nothing before it: Back leaves the interview
    assert (visitor.screen, visitor.params) == ("benefit", {"id": MATERNITY})


def test_answers_carry_their_pictures(visitor) -> None:  # noqa: F811
    visitor.open("interview", {"benefit": ""}, locale="km")
    role = visitor.ctx.rules.question("role")
    for value, icon in role.icons.items():
        button = visitor.find(f"answer-{value}")
        assert button.icon_label is not None and button.icon_label.isVisibleTo(button)
        assert button.icon_label.icon_name == icon
    visitor.open("interview", {"benefit": MATERNITY}, locale="km")
    answer_shown(visitor, MATERNITY, "worker")
    assert question(visitor, MATERNITY).kind == "yes_no"
    assert visitor.find("answer-yes").icon_label.icon_name == "check-bold"
    assert visitor.find("answer-no").icon_label.icon_name == "close-thick"
