"""An employer's screens, stories, contacts: duties with deadlines and penalties, rates, the
registration checklist, the monthly total by taps (10 workers at 1,000,000 riel), the employer's
home and its "pay every month" checklist, a duty found by search, the hotline and offices."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QLabel
from test_flows_visitor import visitor  # noqa: F401 - the fixture

from kiosk.i18n import format_date, format_number, format_riel, tr
from kiosk.money import dollars_for_reading, format_dollars, monthly_total, next_payment, parse_wage


def test_duties_rates_and_the_registration_checklist(visitor) -> None:  # noqa: F811
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


def test_the_accident_report_has_its_own_steps(visitor) -> None:  # noqa: F811
    visitor.open("employer", audience="employer")
    visitor.tap("duty-checklist-report-accident")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": "employer-accident-report"})


def test_ten_workers_at_a_million_riel(visitor) -> None:  # noqa: F811
    """Kosal: the employer's home, "What I pay each month", 10 workers at 1,000,000 riel: what he
    pays per scheme, what he takes from the wages, the total and the day it is due."""
    visitor.open("home", locale="en", audience="employer")
    visitor.tap("home-tile-monthly")
    assert visitor.screen == "monthly"
    assert visitor.text("monthly-prompt") == tr("Type the wage to see what you pay each month.",
                                                "en")
    assert not visitor.find("monthly-print").isEnabled()
    visitor.set_number("monthly-workers", 10)
    visitor.type_wage("monthly-wage", "1000000", "riel")
    assert visitor.text("monthly-wage-shown") == "1,000,000 riel"
    today = dt.date.today()
    total = monthly_total([1_000_000] * 10, "en", today=today, book=visitor.ctx.rules)
    _month, due = next_payment(today)
    dollars = format_dollars(dollars_for_reading(total.total_riel, visitor.ctx.rules), "en")
    assert visitor.text("monthly-total") == (
        f"In all to NSSF: {format_riel(total.total_riel, 'en')} (about {dollars})")
    assert visitor.text("monthly-due") == (
        f"Pay by the 15th of the next month: {format_date(due, 'en')}")
    assert format_riel(total.withheld_riel, "en") in visitor.text("monthly-withheld")
    assert format_riel(total.employer_riel, "en") in visitor.text("monthly-employer")
    for share in total.shares:
        assert visitor.text(f"monthly-share-{share.part}-1") == format_number(
            share.employer_riel, "en")
    pension = next(s for s in total.shares if s.part == "pension")
    assert visitor.text("monthly-share-pension-2") == format_number(pension.withheld_riel, "en")
    # in Khmer, the same sums and the date in Khmer
    visitor.language("km")
    assert format_riel(total.total_riel, "km") in visitor.text("monthly-total")
    assert format_date(due, "km") in visitor.text("monthly-due")
    assert visitor.sends("monthly-print") == [
        "print", {"kind": "monthly", "id": "monthly-total",
                  "facts": {"wages_riel": [1_000_000] * 10}}]


def test_each_workers_wage_one_by_one(visitor) -> None:  # noqa: F811
    visitor.open("monthly", locale="en", audience="employer")
    visitor.set_number("monthly-workers", 3)
    visitor.tap("monthly-mode-each")
    assert visitor.text("monthly-prompt") == "Type the wage of every worker: 3 still to type."
    for worker, wage in ((1, "200"), (2, "250"), (3, "300")):
        visitor.tap(f"monthly-worker-{worker}")
        assert visitor.text("monthly-wage-title") == f"Wage of worker {worker}"
        visitor.type_wage("monthly-wage", wage, "usd")
    wages = [parse_wage(w, "usd", book=visitor.ctx.rules).riel for w in ("200", "250", "300")]
    total = monthly_total(wages, "en", today=dt.date.today(), book=visitor.ctx.rules)
    assert format_riel(total.total_riel, "en") in visitor.text("monthly-total")
    assert visitor.find("monthly-worker-2").text().startswith("Worker 2: ")


def test_the_employer_screen_prints_and_leads_to_the_monthly_total(visitor) -> None:  # noqa: F811
    visitor.open("home", locale="km", audience="employer")
    visitor.tap("home-tile-employer")
    assert visitor.text("employer-title") == tr("What I must do", "km")
    visitor.tap("employer-monthly")
    assert visitor.screen == "monthly"
    visitor.tap("topbar-back")
    assert visitor.sends("employer-print") == ["print", {"kind": "employer", "id": "employer"}]


def test_pay_every_month_from_the_employers_home(visitor) -> None:  # noqa: F811
    checklist = visitor.ctx.library.checklist("pay-every-month")
    visitor.open("home", locale="km", audience="employer")
    visitor.tap("home-tile-checklist-pay-every-month")
    assert (visitor.screen, visitor.params) == ("checklist", {"id": "pay-every-month"})
    assert visitor.text("checklist-penalty") == checklist.penalty.km
    assert visitor.text("checklist-gaps") == checklist.gaps.km
    assert "ប.ស.ស." in visitor.text("checklist-gaps")  # which number to enter: ask NSSF


def test_a_search_hit_opens_the_duty_it_found(visitor) -> None:  # noqa: F811
    duty = visitor.ctx.library.duties()[-1]  # the last card: far down the screen
    visitor.open("search", locale="en", audience="employer")
    visitor.type(duty.title.en.split()[0].lower())
    visitor.tap(f"result-duties-{duty.id}")
    assert (visitor.screen, visitor.params) == ("employer", {"card": duty.id})
    card = visitor.card(f"duty-{duty.id}")
    assert card.property("marked") is True
    area = visitor.shell.current.area
    top = card.mapTo(area.viewport(), card.rect().topLeft()).y()
    assert 0 <= top < area.viewport().height() // 2, top  # in view, near the top
    assert area.verticalScrollBar().value() > 0
    others = [visitor.card(f"duty-{d.id}") for d in visitor.ctx.library.duties()
              if d.id != duty.id]
    assert not any(c.property("marked") for c in others)
    visitor.open("employer", locale="en", audience="employer")  # from home: its top, no mark
    assert visitor.shell.current.area.verticalScrollBar().value() == 0
    assert not visitor.card(f"duty-{duty.id}").property("marked")


def test_the_hotline_is_big_and_comes_from_content(visitor) -> None:  # noqa: F811
    for locale, shown in (("km", "១២៨៦ (1286)"), ("en", "1286")):
        visitor.open("contacts", locale=locale)
        assert visitor.text("hotline-number") == shown
        texts = visitor.texts()
        for office in visitor.ctx.library.offices():
            assert any(office.name.get(locale) in t for t in texts)
    assert any("nssf.gov.kh" in t for t in visitor.texts())


def test_stories_open_first_the_one_asked_for(visitor) -> None:  # noqa: F811
    stories = visitor.ctx.library.stories()
    last = stories[-1]
    visitor.open("stories", {"id": last.id}, locale="km")
    first = visitor.shell.current.cards.shown()[0]  # the first story card on the screen
    assert first.findChild(QLabel, f"story-{last.id}") is not None
    for story in stories:
        assert visitor.text(f"story-text-{story.id}") == story.text.get("km")  # links as labels
