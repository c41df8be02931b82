"""The answer of an interview: the outcome (its picture and the rules' words), the reasons, the
next step, an estimate where the benefit pays money (from a wage typed in dollars or riel, with
the same worked out in one sentence), and the
answers given, each one changeable. The printed decision is made from this page too.

Three kinds of page:
- "one": one benefit's decision;
- "all": "what can I get?", every benefit in the rules' groups (`RuleBook.overview`: "you can
  get now", "when it happens, or not yet", "ask NSSF staff", "what your workers get" for an
  employer, "not for you now", "more answers needed"). The group's heading carries its picture
  (icons.GROUPS), each benefit in it its own (a column of crosses tells nobody anything); an
  employer is sent to what their workers get;
- "unfinished": an interview not finished yet (a reset, a stale link): go on answering.

`decision_page(library, rules, interview, locale, wage=...)` for the kiosk, from the visitor's
interview; `decision_page_for_facts(library, rules, benefit, facts, locale)` for paper and the
phone, from facts alone.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from kiosk.content.library import Library, NotFound
from kiosk.eligibility import DONT_KNOW, Decision, Interview, Question, RuleBook, estimate_allowance
from kiosk.errors import KioskError
from kiosk.i18n import format_number, tr
from kiosk.pages import icons
from kiosk.pages.checklist import PaperGroup, paper_groups, papers
from kiosk.pages.interview import benefit_key
from kiosk.pages.parts import Button, Line, Link, Route, Section, route
from kiosk.pages.wage import TypedWage, WageField, typed_wage_of_riel, wage_field, wage_of

WAGE_FACT = "monthly_wage_riel"
WORKERS = "workers"  # the group of an employer's "what your workers get"


@dataclass(frozen=True)
class OutcomeView:
    benefit: str
    benefit_title: str
    benefit_icon: str
    outcome: str  # eligible | not_yet | not_eligible | unknown | ask_staff (or a newer one)
    icon: str
    title: str  # the rules' words for the outcome
    headline: str  # the reason that matters most
    more: Link  # the benefit's card
    group: str = ""  # where "what can I get?" lists it (kiosk.eligibility GROUPS)


@dataclass(frozen=True)
class ReasonView:
    text: str
    mark: str  # held | failed | open
    icon: str


@dataclass(frozen=True)
class EstimateView:
    title: str
    note: str  # how to give the wage
    wage: WageField  # typed on a keypad, in US dollars or riel
    amount: str | None  # "About 1,680,000 riel (US$420)", rounded; None until a wage is given
    example: str | None  # the same in one sentence: "If you earn US$200 a month: about ..."
    details: tuple[str, ...]  # how it is worked out, line by line
    prompt: str  # shown instead, when there is no amount

    @property
    def text(self) -> str:
        if self.amount is None:
            return self.prompt
        head = self.amount if self.example is None else f"{self.amount}\n{self.example}"
        return head + "\n\n" + "\n".join(self.details)


@dataclass(frozen=True)
class AnswerView:
    fact: str
    question: str
    answer: str
    change: str  # the button's words


@dataclass(frozen=True)
class OutcomeGroup:
    key: str
    heading: str
    icon: str
    outcomes: tuple[OutcomeView, ...]


@dataclass(frozen=True)
class DecisionPage:
    benefit: str  # "" for "what can I get?"
    locale: str
    kind: str  # one | all | unfinished
    title: str  # the benefit's title ("What you can get" for all)
    icon: str
    label: str  # what kind of paper this is: "Can I get it?"
    # kind "unfinished"
    unfinished: str | None
    resume: Link | None
    # kind "one"
    outcome: OutcomeView | None
    until: Section | None  # not yet: the condition still to meet
    why: Line | None  # the heading of the reasons, with its picture
    reasons: tuple[ReasonView, ...]
    next_step: Section | None
    bring: Link | None  # the claim checklist, when the visitor can claim
    paper_groups: tuple[PaperGroup, ...]  # its papers, for the printout
    gaps: Section | None
    rule_source: str | None  # for staff (A4 small print)
    estimate: EstimateView | None
    # kind "all"
    groups: tuple[OutcomeGroup, ...]
    employer_links: tuple[Link, ...]  # an employer: their workers' benefits, their own duties
    # every kind
    answers_heading: str
    answers: tuple[AnswerView, ...]
    change: Button  # "Change an answer": to the answers
    print: Link | None  # None: nothing to offer (across all); no route: not yet (unfinished)
    facts: Mapping[str, Any]  # what the decision was made from (with the wage, if set)

    @property
    def outcomes(self) -> tuple[OutcomeView, ...]:
        """Every outcome on the page, in the order shown."""
        if self.outcome is not None:
            return (self.outcome,)
        return tuple(o for g in self.groups for o in g.outcomes)


# --- pieces ------------------------------------------------------------------------------------

def _benefit(library: Library, decision: Decision, locale: str) -> tuple[str, str]:
    try:
        found = library.benefit(decision.benefit)
    except NotFound:
        return decision.title[locale], icons.INTERVIEW
    return found.title.get(locale), found.icon


def outcome_view(library: Library, decision: Decision, locale: str,
                 rules: RuleBook | None = None) -> OutcomeView:
    decision = decision.in_locale(locale)
    title, icon = _benefit(library, decision, locale)
    more = Link(tr("About this benefit", locale), icons.ABOUT, route("benefit", id=decision.benefit))
    if decision.group == WORKERS:  # an employer: the benefit their workers get, not a refusal
        note = rules.groups[WORKERS][locale] if rules is not None else title
        return OutcomeView(decision.benefit, note, icon, decision.outcome, icons.GROUPS[WORKERS],
                           title, decision.headline, more, WORKERS)
    return OutcomeView(decision.benefit, title, icon, decision.outcome,
                       icons.outcome_icon(decision.outcome), decision.outcome_text[locale],
                       decision.headline, more, decision.group)


def answer_text(rules: RuleBook, question: Question, value: Any, locale: str) -> str:
    if value == DONT_KNOW:
        return rules.texts["dont_know"][locale]
    if isinstance(value, bool):
        return rules.texts["yes" if value else "no"][locale]
    for choice, text in question.choices:
        if choice == value:
            return text[locale]
    if isinstance(value, int):
        unit = question.unit[locale] if question.unit else ""
        return f"{format_number(value, locale)} {unit}".strip()
    return str(value)


def answer_views(rules: RuleBook, asked: list[str], answers: Mapping[str, Any],
                 locale: str) -> tuple[AnswerView, ...]:
    change = tr("Change", locale)
    return tuple(AnswerView(fact, rules.question(fact).text[locale],
                            answer_text(rules, rules.question(fact), answers[fact], locale), change)
                 for fact in asked if fact in rules.questions and fact in answers)


def has_estimate(rules: RuleBook, benefit: str) -> bool:
    try:
        return bool(rules.ruleset(benefit).estimate)
    except KioskError:
        return False


def estimate_view(rules: RuleBook, benefit: str, wage: TypedWage, answers: Mapping[str, Any],
                  locale: str) -> EstimateView:
    """How much NSSF would pay for this wage (the visitor's, typed in dollars or riel)."""
    from kiosk.money import money_text, worked_example

    field = wage_field(wage.digits, wage.currency, locale, rules)
    title = tr("How much you may get", locale)
    note = tr("Type your monthly wage, in US dollars or in riel.", locale)
    prompt = tr("Type your wage to see how much NSSF would pay.", locale)
    parsed = wage_of(wage.digits, wage.currency, rules)
    if parsed is None:
        return EstimateView(title, note, field, None, None, (), field.other or prompt)
    days = answers.get("unable_to_work_days")
    days = days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else None
    try:
        found = estimate_allowance(benefit, parsed.riel, days, locale, book=rules)
        spec = rules.ruleset(benefit).estimate
        fixed = bool(getattr(spec, "days", None))  # a set number of days (maternity)
        example = worked_example(benefit, parsed, locale, days=None if fixed else days,
                                 book=rules).text
    except KioskError as exc:
        return EstimateView(title, note, field, None, None, (), exc.message(locale))
    amount = tr("About {amount}", locale).format(amount=money_text(found.amount_riel, locale,
                                                                    rules))
    return EstimateView(title, note, field, amount, example,
                        tuple(line for line in found.text(locale).splitlines() if line), prompt)


def _facts(answers: Mapping[str, Any], wage: int) -> dict[str, Any]:
    facts = dict(answers)
    if wage > 0:
        facts[WAGE_FACT] = wage
    return facts


def _blank(benefit: str, kind: str, title: str, icon: str, locale: str,
           answers: tuple[AnswerView, ...], facts: Mapping[str, Any]) -> dict[str, Any]:
    return dict(benefit=benefit, locale=locale, kind=kind, title=title, icon=icon,
                label=tr("Can I get it?", locale), unfinished=None, resume=None, outcome=None,
                until=None, why=None, reasons=(), next_step=None, bring=None, paper_groups=(),
                gaps=None, rule_source=None, estimate=None, groups=(), employer_links=(),
                answers_heading=tr("Your answers", locale), answers=answers,
                change=Button(tr("Change an answer", locale), icons.CHANGE, bool(answers)),
                print=None, facts=dict(facts))


def _typed(wage: TypedWage | int) -> TypedWage:
    return wage if isinstance(wage, TypedWage) else typed_wage_of_riel(int(wage))


def one_page(library: Library, rules: RuleBook, decision: Decision, locale: str, *,
             answers: tuple[AnswerView, ...] = (), facts: Mapping[str, Any] | None = None,
             wage: TypedWage | int = 0) -> DecisionPage:
    decision = decision.in_locale(locale)
    facts = dict(facts or {})
    typed = _typed(wage)
    riel = typed.riel(rules)
    outcome = outcome_view(library, decision, locale, rules)
    page = _blank(decision.benefit, "one", outcome.benefit_title, outcome.benefit_icon, locale,
                  answers, facts)
    checklist_id = decision.next_step.get("checklist")
    groups: tuple[PaperGroup, ...] = ()
    bring = None
    if checklist_id:
        try:
            groups = paper_groups(papers(library.checklist(checklist_id), locale), locale)
            bring = Link(tr("What to bring", locale), icons.CHECKLIST,
                         route("checklist", id=checklist_id))
        except NotFound:
            pass
    gaps = None
    try:
        benefit = library.benefit(decision.benefit)
        if benefit.gaps is not None:
            gaps = Section("gaps", tr("Ask to be sure", locale), benefit.gaps.get(locale),
                           icons.SECTIONS["gaps"], "gap")
    except NotFound:
        pass
    sources = [r.source for r in decision.reasons if r.condition == decision.decided_by]
    estimate = None
    if decision.outcome == "eligible" and has_estimate(rules, decision.benefit):
        estimate = estimate_view(rules, decision.benefit, typed, facts, locale)
    until = None
    if decision.until:
        until = Section("until", tr("When you can get it", locale), decision.until[locale],
                        icons.WHEN)
    page.update(
        outcome=outcome, until=until,
        why=Line(icons.WHY, tr("Why", locale)),
        reasons=tuple(ReasonView(r.text, icons.reason_mark(r.held),
                                 icons.MARKS[icons.reason_mark(r.held)])
                      for r in decision.reasons),
        next_step=Section("next", tr("What to do next", locale),
                          decision.next_step.get(locale, ""), icons.NEXT_STEP),
        bring=bring, paper_groups=groups, gaps=gaps,
        rule_source=tr("Rule source", locale) + ": " + sources[0] if sources else None,
        estimate=estimate,
        print=Link(tr("Print / take it with you", locale), icons.PRINT,
                   route("print", kind="decision", id=decision.benefit,
                         facts=_facts(facts, riel))),
        facts=_facts(facts, riel))
    return DecisionPage(**page)


def all_page(library: Library, rules: RuleBook, decisions: list[Decision], locale: str, *,
             answers: tuple[AnswerView, ...] = (), facts: Mapping[str, Any] | None = None
             ) -> DecisionPage:
    facts = dict(facts or {})
    groups = tuple(
        OutcomeGroup(g.id, g.title[locale], icons.GROUPS.get(g.id, icons.ASK_STAFF),
                     tuple(outcome_view(library, d, locale, rules) for d in g.decisions))
        for g in rules.overview(decisions))
    page = _blank("", "all", tr("What you can get", locale), icons.INTERVIEW, locale, answers,
                  facts)
    page["groups"] = tuple(g for g in groups if g.outcomes)
    page["print"] = Link(tr("Print / take it with you", locale), icons.PRINT,
                         route("print", kind="overview", id="all", facts=dict(facts)))
    if any(g.key == WORKERS for g in groups):  # an employer: where their part is
        page["employer_links"] = (
            Link(tr("What your workers get", locale), icons.BENEFITS, route("benefits")),
            Link(tr("Register and pay", locale), icons.EMPLOYER, route("employer")))
    return DecisionPage(**page)


# --- the two ways in ---------------------------------------------------------------------------

def decision_page(library: Library, rules: RuleBook, interview: Interview, locale: str, *,
                  wage: TypedWage | int = 0, audience: str | None = None) -> DecisionPage:
    """The kiosk's decision screen: the visitor's interview, and the wage they typed (a
    TypedWage, or riel)."""
    answers = interview.answers
    views = answer_views(rules, interview.asked, answers, locale)
    current = interview.current(locale)
    benefit = benefit_key(interview)
    if isinstance(current, Question):
        page = _blank(benefit, "unfinished", "", icons.INTERVIEW, locale, views, answers)
        page["unfinished"] = tr("Some questions are not answered yet.", locale)
        page["resume"] = Link(tr("Answer the questions", locale), icons.ANSWER,
                              route("interview", benefit=benefit))
        page["print"] = Link(tr("Print / take it with you", locale), icons.PRINT)  # not yet
        return DecisionPage(**page)
    if isinstance(current, list):
        return all_page(library, rules, current, locale, answers=views, facts=answers)
    return one_page(library, rules, current, locale, answers=views, facts=answers, wage=wage)


def decision_page_for_facts(library: Library, rules: RuleBook, benefit: str,
                            facts: Mapping[str, Any], locale: str) -> DecisionPage:
    """One benefit decided from facts alone (a printout, a phone page): the wage, if given, is
    fact `monthly_wage_riel`."""
    decision = rules.decide(benefit, dict(facts), locale)
    views = answer_views(rules, [f for f in facts if f in rules.questions], facts, locale)
    rest = {k: v for k, v in facts.items() if k != WAGE_FACT}
    return one_page(library, rules, decision, locale, answers=views, facts=rest,
                    wage=int(facts.get(WAGE_FACT) or 0))


def all_page_for_facts(library: Library, rules: RuleBook, facts: Mapping[str, Any],
                       locale: str) -> DecisionPage:
    """"What can I get?" decided from facts alone (a printout of the across-all answer)."""
    decisions = rules.decide_all(dict(facts), locale)
    views = answer_views(rules, [f for f in facts if f in rules.questions], facts, locale)
    return all_page(library, rules, decisions, locale, answers=views, facts=facts)


# --- what a tap does -------------------------------------------------------------------------

def change(interview: Interview, fact: str) -> Route:
    """Change one answer: back to its question (every later answer undone, kept preselected)."""
    interview.change(fact)
    return route("interview", benefit=benefit_key(interview))


def wage_changed(page: DecisionPage, rules: RuleBook, wage: TypedWage | int,
                 locale: str) -> DecisionPage:
    """The same page with the estimate for a new wage (the rest unchanged)."""
    if page.estimate is None or page.outcome is None:
        return page
    typed = _typed(wage)
    estimate = estimate_view(rules, page.benefit, typed, page.facts, locale)
    facts = _facts({k: v for k, v in page.facts.items() if k != WAGE_FACT}, typed.riel(rules))
    printing = page.print and Link(page.print.text, page.print.icon,
                                   route("print", kind="decision", id=page.benefit, facts=facts))
    return replace(page, estimate=estimate, facts=facts, print=printing or None)
