"""Page models: what each page says for one visitor in one language, computed in the core.

A page model is a frozen dataclass of plain values: texts already translated (digits in the
locale's own), icon names from one table (`kiosk.pages.icons`), the documents still to bring,
the reasons, and the routes a tap can take (`Route`: a screen name and its params). The product's
rules about what a visitor sees (audiences, which search hit opens what, which checklist is the
employer's registration, how the across-all answer is grouped) are decided here, tested without
Qt, and every medium only draws the result:

- the kiosk's screens (ui/screens) build their widgets once and fill them from a page;
- the printed guidance (kiosk.guidance) turns a benefit, checklist or decision page into a
  Document, so screen and paper cannot drift;
- a phone site can render the same pages to HTML.

One module per page kind, each with a builder function:

    attract.attract_page(library)                                  -> AttractPage (km and en)
    start.start_page(locale)                                       -> StartPage
    home.home_page(audience, locale)                               -> HomePage
    benefits.benefits_page(library, audience, locale, scheme=)     -> BenefitsPage
    benefit.benefit_page(library, id, locale, audience=, ticks=)   -> BenefitPage
    claims.claims_page(library, audience, locale)                  -> ClaimsPage
    checklist.checklist_page(library, id, locale, ticks=)          -> ChecklistPage
    interview.interview_page(library, rules, interview, locale, pending=) -> InterviewPage
    decision.decision_page(library, rules, interview, locale, wage=, audience=) -> DecisionPage
    decision.decision_page_for_facts(library, rules, benefit, facts, locale)  -> DecisionPage
    employer.employer_page(library, rules, locale, wage=)          -> EmployerPage
    stories.stories_page(library, locale, first=)                  -> StoriesPage
    contacts.contacts_page(library, locale)                        -> ContactsPage
    search.search_page(library, text, locale)                      -> SearchPage
    print_preview.print_page(state, locale)                        -> PrintPage

Actions that change what the visitor did live beside their page (`interview.answer`,
`interview.previous`, `decision.change`, `decision.wage_changed`, `employer.wage_changed`) and
return the route to follow, if any. Shared parts: `parts` (Route, Link, Button, Line, Section,
Stepper), `icons`, `audience`, `routes`.

Builders are cheap (no I/O beyond the Library's cached records), so a screen may build a new
page on every tick or key and update only what changed. Modules are imported on use: the
attract screen does not pay for the eligibility rules.
"""
from __future__ import annotations

from kiosk.pages.parts import Button, Line, Link, Route, Section, Stepper, route

__all__ = ["Button", "Line", "Link", "Route", "Section", "Stepper", "route"]
