"""Claim checklists by taps: ticking papers shrinks "what to bring", ticks live in the visit (a
language switch and a trip away keep them, a reset drops them), steps show who acts, Print
carries the ticks."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel
from test_flows_visitor import visitor  # noqa: F401 - the fixture

from kiosk.i18n import format_number, tr
from kiosk.pages.icons import ACTORS

MATERNITY = "claim-maternity-allowance"


def bring_list(v, checklist_id: str) -> list[str]:
    checklist = v.ctx.library.checklist(checklist_id)
    return [d.id for d in checklist.documents if v.visible(f"bring-{d.id}")]


def test_ticking_two_papers_shrinks_what_to_bring(visitor) -> None:  # noqa: F811
    visitor.open("checklist", {"id": MATERNITY}, locale="km")
    documents = [d.id for d in visitor.ctx.library.checklist(MATERNITY).documents]
    assert bring_list(visitor, MATERNITY) == documents
    first, second = documents[1], documents[2]
    visitor.tap(f"doc-{first}")
    assert bring_list(visitor, MATERNITY) == [d for d in documents if d != first]
    visitor.tap(f"doc-{second}")
    assert bring_list(visitor, MATERNITY) == [d for d in documents if d not in (first, second)]
    assert visitor.ctx.visit.ticks[MATERNITY] == {first, second}
    assert visitor.find(f"doc-{first}").isChecked()

    # the ticks are the visit's: a language switch re-renders with them
    visitor.language("en")
    assert visitor.find(f"doc-{first}").isChecked() and visitor.find(f"doc-{second}").isChecked()
    assert bring_list(visitor, MATERNITY) == [d for d in documents if d not in (first, second)]
    checklist = visitor.ctx.library.checklist(MATERNITY)
    assert visitor.text("checklist-title") == checklist.title.en

    # untick one: it is back on the list
    visitor.tap(f"doc-{first}")
    assert first in bring_list(visitor, MATERNITY)
    visitor.tap(f"doc-{first}")

    # Print sends the ticks, sorted
    assert visitor.sends("checklist-print") == [
        "print", {"kind": "checklist", "id": MATERNITY, "ticks": sorted([first, second])}]


def test_ticking_everything_says_so_and_a_new_visit_forgets(visitor) -> None:  # noqa: F811
    visitor.open("checklist", {"id": "claim-medical-care"})
    for document in visitor.ctx.library.checklist("claim-medical-care").documents:
        visitor.tap(f"doc-{document.id}")
    assert bring_list(visitor, "claim-medical-care") == []
    assert visitor.visible("bring-done")
    visitor.shell.reset_visit()
    visitor.open("checklist", {"id": "claim-medical-care"})
    assert visitor.ctx.visit.ticks["claim-medical-care"] == set()
    assert len(bring_list(visitor, "claim-medical-care")) == 2


def test_steps_in_order_with_who_where_and_when(visitor) -> None:  # noqa: F811
    visitor.open("checklist", {"id": MATERNITY}, locale="km")
    checklist = visitor.ctx.library.checklist(MATERNITY)
    texts = visitor.texts()
    numbers = [w.text() for w in visitor.shell.current.findChildren(QLabel, "step-number")
               if w.isVisible()]
    assert numbers == [format_number(i, "km") for i in range(1, len(checklist.steps) + 1)]
    step_texts = [t for t in texts if t in {s.text.km for s in checklist.steps}]
    assert step_texts == [s.text.km for s in checklist.steps]
    shown = " ".join(texts)
    for step in checklist.steps:
        for part in (step.where, step.deadline):
            if part is not None:
                assert part.km in shown
    who = [w.text() for w in visitor.shell.current.findChildren(QLabel, "step-who")
           if w.isVisible()]
    assert who == [tr("Who: {who}", "km").format(who=tr(ACTORS[s.who].label, "km"))
                   for s in checklist.steps]


def test_a_paper_says_where_to_get_it(visitor) -> None:  # noqa: F811
    visitor.open("checklist", {"id": MATERNITY})
    texts = " ".join(visitor.texts())
    for document in visitor.ctx.library.checklist(MATERNITY).documents:
        assert document.where.en in texts


def test_claims_lists_the_checklists_and_opens_one(visitor) -> None:  # noqa: F811
    visitor.open("claims", locale="km")
    for checklist in visitor.ctx.library.checklists("worker"):
        assert visitor.visible(f"claim-{checklist.id}")
    assert not visitor.visible("claim-employer-registration")
    visitor.tap(f"claim-{MATERNITY}")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": MATERNITY})
    visitor.tap("checklist-benefit")
    assert (visitor.screen, visitor.params) == ("benefit", {"id": "maternity-allowance"})
