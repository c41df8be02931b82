"""The visit recorder and its outbox: a visit becomes a handful of daily counts, nothing more."""
from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path

import pytest

from kiosk.counts.outbox import Outbox
from kiosk.counts.recorder import VisitRecorder
from kiosk.eligibility import Question, load_rules

ICT = dt.timezone(dt.timedelta(hours=7))
MORNING = dt.datetime(2026, 11, 26, 9, 41, 7, tzinfo=ICT)


class Clock:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


@pytest.fixture()
def outbox(tmp_path: Path) -> Outbox:
    box = Outbox.of(tmp_path)
    yield box
    box.close()


def test_one_visit_is_counts_of_its_day(outbox: Outbox) -> None:
    clock = Clock(MORNING)
    rec = VisitRecorder(outbox, clock)
    rec.language("km")
    rec.step("attract")
    rec.step("start")
    rec.step("start", "audience-worker")
    rec.step("home")
    rec.language("en")
    rec.step("benefit", "view", "maternity-allowance")
    rec.step("checklist", "view", "claim-maternity-allowance")
    rec.checklist("claim-maternity-allowance", ["id-card", "nssf-card", "birth-certificate"],
                  {"id-card"})
    rec.step("print", "view", "claim-maternity-allowance")
    rec.step("print", "printed", "checklist")
    rec.step("print", "done")
    rec.step("home")  # Done leads home: the visit still ended at the printout
    clock.at = MORNING + dt.timedelta(days=1)  # a visit straddling midnight counts on its first day
    rec.end()
    counts = outbox.totals("2026-11-26")
    assert counts["visits"] == {"": 1}
    assert counts["visits_hour"] == {"09": 1}
    assert counts["language"] == {"km": 1, "en": 1}
    assert counts["audience"] == {"worker": 1}
    assert counts["benefit"] == {"maternity-allowance": 1}
    assert counts["checklist"] == {"claim-maternity-allowance": 1}
    assert counts["document_missing"] == {"claim-maternity-allowance:nssf-card": 1,
                                          "claim-maternity-allowance:birth-certificate": 1}
    assert counts["print"] == {"checklist:paper": 1}
    assert counts["ended"] == {"print": 1}
    assert counts["depth"] == {"taken": 1}
    assert counts["funnel"] == {s: 1 for s in ("touch", "start", "home", "content", "print", "taken")}
    assert outbox.totals("2026-11-27") == {}


def test_interview_questions_stopped_answered_and_outcomes(outbox: Outbox) -> None:
    rules = load_rules()
    rec = VisitRecorder(outbox, Clock(MORNING))
    finished = rules.interview("maternity-allowance", "en")
    answers = {"role": "worker", "employer_registered": True, "gave_birth": True}
    while isinstance(question := finished.current(), Question):
        finished.answer(answers.get(question.fact, 9 if question.kind == "number" else True))
    halfway = rules.interview("sickness-allowance", "en")
    halfway.answer("worker")  # then the visitor walked away from the second question
    stopped_at = halfway.current().id
    rec.step("start")
    rec.step("interview")
    rec.interview("maternity-allowance", finished)
    rec.interview("sickness-allowance", halfway)
    rec.end()
    counts = outbox.totals(MORNING.date().isoformat())
    assert counts["question_stopped"] == {stopped_at: 1}
    assert counts["question_answered"]["role"] == 1  # asked by both interviews: counted once
    assert counts["question_reached"][stopped_at] == 1
    outcome = finished.current().outcome
    assert counts["outcome"] == {f"maternity-allowance:{outcome}": 1}
    assert sum(counts["question_last_answered"].values()) == 1


def test_staff_panel_and_text_never_counted(outbox: Outbox) -> None:
    rec = VisitRecorder(outbox, Clock(MORNING))
    rec.step("staff")  # the corner gesture on the attract loop: no visit
    rec.step("staff", "unlocked")
    rec.step("attract")
    rec.end()
    assert outbox.totals(MORNING.date().isoformat()) == {}

    rec.step("start")
    rec.step("search")
    rec.step("search", "open-result", "my name is Sok, wage 1200000")  # not a record id
    rec.step("search", "open-result", "benefits:medical-care")
    rec.step("benefit", "view", "Medical care, please!")  # not an id: no benefit counted
    rec.step("staff")  # staff came to help: the panel's own events are not the visit's
    rec.step("staff", "audience-employer")
    rec.step("home")
    rec.step("attract")  # the attract loop ends the visit
    counts = outbox.totals(MORNING.date().isoformat())
    assert counts["search_opened"] == {"benefits:medical-care": 1}
    assert "benefit" not in counts and "audience" not in counts
    assert "staff" not in counts["reached"]
    assert counts["ended"] == {"home": 1}
    for metric, keys in counts.items():
        for key in keys:
            assert " " not in key and "," not in key, (metric, key)


def test_revisions_pending_and_sent(outbox: Outbox) -> None:
    rec = VisitRecorder(outbox, Clock(MORNING))
    for _ in range(3):
        rec.step("start")
        rec.end()
    day = MORNING.date().isoformat()
    assert [(p.day, p.revision) for p in outbox.pending()] == [(day, 3)]
    outbox.mark_sent(day, 3, "v1/x")
    assert outbox.pending() == []
    rec.step("start")
    rec.end()
    assert [(p.day, p.revision) for p in outbox.pending()] == [(day, 4)]
    outbox.mark_sent(day, 3, "v1/late")  # an older send noted late never un-sends a newer one
    assert outbox.pending()[0].revision == 4


def test_kiosk_id_is_random_stable_and_file_private(tmp_path: Path) -> None:
    first = Outbox.of(tmp_path / "a")
    kiosk = first.kiosk_id
    assert kiosk.startswith("k-") and len(kiosk) == 14
    first.close()
    again = Outbox.of(tmp_path / "a")
    assert again.kiosk_id == kiosk
    assert Outbox.of(tmp_path / "b").kiosk_id != kiosk
    mode = stat.S_IMODE(os.stat(tmp_path / "a" / "outbox.db").st_mode)
    assert mode == 0o600


def test_retention_forgets_old_days(outbox: Outbox) -> None:
    rec = VisitRecorder(outbox, Clock(MORNING - dt.timedelta(days=100)))
    rec.step("start")
    rec.end()
    rec.clock = Clock(MORNING)
    rec.step("start")
    rec.end()
    assert outbox.prune(MORNING.date(), 90) > 0
    assert [p.day for p in outbox.pending()] == [MORNING.date().isoformat()]


def test_bad_counts_refused(outbox: Outbox) -> None:
    for metric, key, n in (("visits", "free text", 1), ("Visits!", "", 1), ("visits", "", -1),
                           ("visits", "a:b:c:d", 1)):
        with pytest.raises(ValueError):
            outbox.add("2026-11-26", {(metric, key): n})
    with pytest.raises(ValueError):
        outbox.add("26/11/2026", {("visits", ""): 1})


def test_visitor_screens_of_version_two_and_how_visits_end(outbox: Outbox) -> None:
    """The guide and its check, a monthly total, records opened at (a story, an office, a
    duty), search hits on cards, and Done, Finish and the idle reset as three ends."""
    rec = VisitRecorder(outbox, Clock(MORNING))
    # 1: a worker reads "Asked to pay?", checks their card, opens its story by id, then Finish
    rec.step("start")
    rec.step("home")
    rec.step("guide", "view", "asked-to-pay")
    rec.step("guide", "check")
    rec.step("interview", "view")
    rec.step("stories", "view", "asked-to-pay")
    rec.step("stories", "finish")
    rec.step("attract")
    # 2: an employer: the monthly total (a wage typed: the recorder never hears it), printed, Done
    rec.step("start")
    rec.step("start", "audience-employer")
    rec.step("monthly", "view")
    rec.step("monthly", "workers")
    rec.step("monthly", "total")
    rec.step("monthly", "total")  # the total came again after a key: still one visit's total
    rec.step("print", "view", "monthly-total")
    rec.step("print", "printed", "monthly")
    rec.step("print", "done")
    rec.step("attract")
    # 3: search hits that open cards, the contacts opened at an office, then gone (idle reset)
    rec.step("start")
    rec.step("search")
    rec.step("search", "open-result", "duties:register-workers")
    rec.step("employer", "view", "register-workers")
    rec.step("search", "view")
    rec.step("search", "open-result", "offices:head-office")
    rec.step("contacts", "view", "head-office")
    rec.step("print", "view", "employer")
    rec.step("print", "qr-fallback", "employer")
    rec.step("print", "qr-fallback", "guide")
    rec.step("contacts", "finish")  # Finish tapped ...
    rec.step("contacts", "view")  # ... but the visit went on: it did not end by Finish
    rec.step("contacts", "reset")
    rec.step("attract")
    # 4: Finish from a guide whose check the visitor never started
    rec.step("start")
    rec.step("guide", "view", "asked-to-pay")
    rec.step("guide", "finish")
    rec.end()
    counts = outbox.totals(MORNING.date().isoformat())
    assert counts["visits"] == {"": 4}
    assert counts["ended_by"] == {"finish:stories": 1, "done:print": 1, "idle:contacts": 1,
                                  "finish:guide": 1}
    assert counts["ended"] == {"stories": 1, "print": 1, "contacts": 1, "guide": 1}
    assert counts["opened"] == {"guides:asked-to-pay": 2, "stories:asked-to-pay": 1,
                                "duties:register-workers": 1, "offices:head-office": 1}
    assert counts["guide_check"] == {"asked-to-pay": 1}
    assert counts["monthly_total"] == {"": 1}
    assert counts["print"] == {"monthly:paper": 1, "employer:qr": 1, "guide:qr": 1}
    assert counts["search_opened"] == {"duties:register-workers": 1, "offices:head-office": 1}
    assert counts["reached"]["guide"] == 2 and counts["reached"]["monthly"] == 1


def test_an_object_of_version_two_reads_back(outbox: Outbox) -> None:
    from kiosk.counts import contract

    rec = VisitRecorder(outbox, Clock(MORNING))
    rec.step("start")
    rec.step("monthly")
    rec.step("monthly", "total")
    rec.step("monthly", "finish")
    rec.end()
    day = MORNING.date().isoformat()
    rows = [(m, k, n) for m, keys in outbox.totals(day).items() for k, n in keys.items()]
    made = contract.build("k-0123456789ab", day, 1, rows, [])
    read = contract.read(made.name, made.body)
    assert read.version == contract.VERSION == 2
    assert ("monthly_total", "", 1) in read.counts and ("ended_by", "finish:monthly", 1) in read.counts
