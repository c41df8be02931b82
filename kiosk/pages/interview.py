"""The eligibility interview: one question per screen, answered by a tap.

The `Interview` (kiosk.eligibility) decides which question comes next; this page says how it
looks (yes/no side by side with their pictures, choices in a column with the pictures the rules
give them, a number as a stepper, and "I don't know" under every question) and the actions say
where an answer leads. `previous` is what Back does on this page: one question back (the kiosk's
top-bar Back; nothing to step back to on the first question, where Back leaves the interview).
The interview object is the visitor's (the kiosk keeps it in its Visit); `pending` is a stepper
value set but not yet confirmed, so a language switch keeps it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.content.library import Library, NotFound
from kiosk.eligibility import DONT_KNOW, Interview, Question, RuleBook
from kiosk.i18n import format_number, tr
from kiosk.pages import icons
from kiosk.pages.parts import Button, Link, Route, Stepper, route

DEFAULT_MAX = 1000  # a number question with no maximum in the rules


@dataclass(frozen=True)
class Choice:
    key: str  # "yes", "no", or the value itself: stable, names the button
    text: str
    icon: str | None
    value: Any
    chosen: bool  # the visitor's earlier answer, after Previous or Change


@dataclass(frozen=True)
class QuestionView:
    fact: str
    kind: str  # yes_no | choice | number
    text: str
    help: str | None
    choices: tuple[Choice, ...]  # empty for a number
    stepper: Stepper | None  # a number question
    in_row: bool  # yes / no side by side; other choices one above the other
    dont_know: Choice  # "I don't know", under every question (the engine sends it to staff)


@dataclass(frozen=True)
class InterviewPage:
    benefit: str  # "" for "what can I get?"
    title: str
    icon: str
    question: QuestionView | None  # None: every question is answered
    done: str  # shown when `question` is None
    progress_text: str  # "" when done
    progress: tuple[int, int]  # (answered, at most in all): a progress bar
    previous: Button
    confirm: Button  # "Next", confirms a number
    result: Link  # to the decision


def benefit_key(interview: Interview) -> str:
    return interview.benefit or ""


def decision_route(interview: Interview) -> Route:
    return route("decision", benefit=benefit_key(interview))


def _title(library: Library, rules: RuleBook, benefit: str, locale: str) -> tuple[str, str]:
    if not benefit:
        return tr("What can I get?", locale), icons.INTERVIEW
    try:
        found = library.benefit(benefit)
    except NotFound:
        return rules.ruleset(benefit).title[locale], icons.INTERVIEW
    return (tr("Can I get it? {benefit}", locale).format(benefit=found.title.get(locale)),
            found.icon)


def _question(rules: RuleBook, question: Question, locale: str,
              pending: tuple[str, int] | None) -> QuestionView:
    dont_know = Choice("dont-know", rules.texts["dont_know"][locale], icons.FALLBACK, DONT_KNOW,
                       question.default == DONT_KNOW)
    if question.kind == "number":
        if pending is not None and pending[0] == question.fact:
            value = pending[1]
        elif question.default is not None and question.default != DONT_KNOW:
            value = question.default
        else:
            value = question.start if question.start is not None else (question.min or 0)
        stepper = Stepper(question.min or 0,
                          question.max if question.max is not None else DEFAULT_MAX,
                          question.step or 1, int(value),
                          question.unit[locale] if question.unit else "", locale)
        return QuestionView(question.fact, "number", question.text[locale],
                            question.help[locale] if question.help else None, (), stepper, False,
                            dont_know)
    options = list(question.choices)
    if question.kind == "yes_no" and not options:
        options = [(True, rules.texts["yes"]), (False, rules.texts["no"])]
    in_row = question.kind == "yes_no"
    choices = []
    for value, text in options:
        key = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        # yes and no have theirs; a choice the picture the rules give it (none: words alone)
        icon = {"yes": icons.YES, "no": icons.NO}.get(key) if in_row else \
            question.icons.get(value)
        chosen = question.default is not None and value == question.default
        choices.append(Choice(key, text[locale], icon, value, chosen))
    return QuestionView(question.fact, question.kind, question.text[locale],
                        question.help[locale] if question.help else None, tuple(choices), None,
                        in_row, dont_know)


def interview_page(library: Library, rules: RuleBook, interview: Interview, locale: str, *,
                   pending: tuple[str, int] | None = None) -> InterviewPage:
    benefit = benefit_key(interview)
    title, icon = _title(library, rules, benefit, locale)
    current = interview.current(locale)
    question = _question(rules, current, locale, pending) if isinstance(current, Question) else None
    progress_text, progress = "", (0, 1)
    if question is not None:
        asked, most = interview.progress()
        total = max(most, asked + 1)
        progress_text = tr("Question {number} of at most {total}", locale).format(
            number=format_number(asked + 1, locale), total=format_number(total, locale))
        progress = (asked, total)
    return InterviewPage(
        benefit, title, icon, question, tr("Every question is answered.", locale), progress_text,
        progress, Button(tr("Previous question", locale), icons.PREVIOUS_QUESTION,
                         interview.can_go_back),
        Button(tr("Next", locale), icons.ANSWER),
        Link(tr("See the answer", locale), icons.ANSWER, decision_route(interview)))


# --- what a tap does -------------------------------------------------------------------------

def answer(interview: Interview, value: Any) -> Route | None:
    """Answer the current question. None: stay, the next question is shown; else the route to
    the decision."""
    after = interview.answer(value)
    return None if isinstance(after, Question) else decision_route(interview)


def previous(interview: Interview) -> None:
    """Undo the last answer (its question comes again, the answer preselected)."""
    if interview.can_go_back:
        interview.back()


def resume(interview: Interview) -> None:
    """Entering the interview again (Back from the decision): the last question again."""
    if interview.finished and interview.can_go_back:
        interview.back()
