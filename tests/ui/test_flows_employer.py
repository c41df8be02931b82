"""Register and pay, stories, contacts: duties with deadlines and penalties, rates, the
contribution calculator by taps, the registration checklist, the hotline from content."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel
from test_flows_visitor import visitor  # noqa: F401 - the fixture

from kiosk.eligibility import employer_contribution
from kiosk.i18n import format_riel, tr


def test_duties_rates_and_the_registration_checklist(visitor) -> None:  # noqa: ANN001, F811
    visitor.open("employer", locale="km", audience="employer")
    lib = visitor.ctx.library
    texts = visitor.texts()
    for duty in lib.duties():
        assert visitor.text(f"duty-{duty.id}") == duty.title.km
        assert duty.deadline.km in visitor.text(f"duty-deadline-{duty.id}")
        if duty.penalty is not None:
            assert duty.penalty.km in visitor.text(f"duty-penalty-{duty.id}")
    for contribution in lib.contributions():
        assert visitor.text(f"rate-{contribution.id}") == contribution.rate.km
        assert contribution.title.km in texts
    visitor.tap("employer-checklist")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": "employer-registration"})


def test_the_accident_report_has_its_own_steps(visitor) -> None:  # noqa: ANN001, F811
    visitor.open("employer", audience="employer")
    visitor.tap("duty-checklist-report-accident")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": "employer-accident-report"})


def test_contribution_calculator_by_taps(visitor) -> None:  # noqa: ANN001, F811
    visitor.open("employer", locale="km", audience="employer")
    assert visitor.text("contribution-result") == tr("Set a wage to see what you pay.", "km")
    visitor.set_number("contribution-stepper", 800_000)
    expected = employer_contribution(800_000, "km", book=visitor.ctx.rules)
    shown = visitor.text("contribution-result")
    assert format_riel(expected.amount_riel, "km") in shown
    assert expected.text("km") in shown
    visitor.language("en")  # the wage stays, the figures change language
    assert format_riel(expected.amount_riel, "en") in visitor.text("contribution-result")


def test_the_hotline_is_big_and_comes_from_content(visitor) -> None:  # noqa: ANN001, F811
    for locale, shown in (("km", "១២៨៦ (1286)"), ("en", "1286")):
        visitor.open("contacts", locale=locale)
        assert visitor.text("hotline-number") == shown
        texts = visitor.texts()
        for office in visitor.ctx.library.offices():
            assert any(office.name.get(locale) in t for t in texts)
    assert any("nssf.gov.kh" in t for t in visitor.texts())


def test_stories_open_first_the_one_asked_for(visitor) -> None:  # noqa: ANN001, F811
    stories = visitor.ctx.library.stories()
    last = stories[-1]
    visitor.open("stories", {"id": last.id}, locale="km")
    first = visitor.shell.current.cards.shown()[0]  # the first story card on the screen
    assert first.findChild(QLabel, f"story-{last.id}") is not None
    for story in stories:
        assert visitor.text(f"story-text-{story.id}") == story.text.get("km")  # links as labels
