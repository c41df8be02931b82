"""The real kiosk, driven by taps through its public widget names, through five visits; the app's
own upload sends the day to a real S3-compatible server with the kiosk's write-only key; the
head-office report's funnel matches the visits made, not one uploaded byte holds the visitors'
text, wage, answers or a time of day, and the staff panel shows today's counts and the upload.

Only the printer is faked, at the Qt print boundary (ui.printing.use_backend)."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Sequence

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.counts.storage import Credentials, open_store
from kiosk.counts.upload import save_secret
from kiosk.eligibility import load_rules
from kiosk.report.build import build_report
from ui import printing
from ui.printing import PageImage, PrinterInfo
from ui.widgets.keyboard_layouts import key_name

SEARCH_MARKER = "qzjx"  # typed on the keyboard: never a word of the content
WAGE = 1_230_000
MOTHER = {"role": "worker", "employer_registered": True, "gave_birth": True,
          "weeks_pregnant": 38, "consecutive_months_contributed": 27,
          "months_contributed_last_12": 12}


class Printer:
    def __init__(self, works: bool) -> None:
        self.works = works

    def printers(self) -> list[PrinterInfo]:
        return [PrinterInfo("TM-T20", True)] if self.works else []

    def resolution(self, name: str) -> int:
        return 203

    def print_pages(self, name: str, pages: Sequence[PageImage], title: str) -> None:
        pass


class Kiosk:
    """A visitor's finger on the shell: taps by objectName, and the event loop between taps."""

    def __init__(self, shell, ui, qtbot) -> None:
        self.shell, self.ui, self.qtbot = shell, ui, qtbot

    @property
    def screen(self) -> str:
        return self.shell.current_name

    def visible(self, name: str) -> bool:
        return any(w.isVisibleTo(self.shell) for w in self.shell.findChildren(QWidget, name))

    def tap(self, name: str) -> None:
        self.ui.click(self.shell, name)
        self.qtbot.wait(1)

    def tap_prefix(self, prefix: str) -> str:
        found = [w for w in self.shell.findChildren(QAbstractButton)
                 if w.objectName().startswith(prefix) and w.isVisibleTo(self.shell)]
        assert found, prefix
        name = found[0].objectName()
        self.tap(name)
        return name

    def touch_attract(self, locale: str | None) -> None:
        assert self.screen == "attract"
        self.qtbot.mouseClick(self.ui.find(self.shell, "attract-touch"), Qt.MouseButton.LeftButton)
        self.qtbot.waitUntil(lambda: self.screen == "start", timeout=2000)
        if locale:
            self.tap(f"start-lang-{locale}")

    def type(self, text: str) -> None:
        for ch in text:
            self.tap(key_name(ch))

    def set_number(self, stepper: str, value: int) -> None:
        widget = self.ui.find(self.shell, stepper)
        for _ in range(400):
            gap = value - widget.value()
            if not gap:
                return
            big = getattr(widget, "big_step", 0)
            step = "plus" if gap > 0 else "minus"
            self.tap(f"{stepper}-{step}-big" if big and abs(gap) >= big else f"{stepper}-{step}")
        raise AssertionError(f"{stepper} never reached {value}")

    def type_wage(self, pad: str, riel: int) -> None:
        self.tap(f"{pad}-currency-riel")
        for digit in str(riel):
            self.tap(f"{pad}-key-{digit}")

    def answer(self, facts: dict[str, object], ctx, benefit: str) -> None:
        question = ctx.visit.interviews[benefit].current()
        value = facts[question.fact]
        if question.kind == "number":
            self.set_number("answer-stepper", int(value))
            self.tap("answer-ok")
        elif isinstance(value, bool):
            self.tap("answer-yes" if value else "answer-no")
        else:
            self.tap(f"answer-{value}")

    def print_finished(self) -> None:
        self.qtbot.waitUntil(lambda: self.shell.current.state in ("printed", "fallback"), timeout=20_000)

    def leave(self) -> None:
        """The visitor walks away: what the idle timer does when it runs out."""
        self.shell.reset_visit()
        self.qtbot.wait(1)
        assert self.screen == "attract"


@pytest.fixture()
def kiosk_at(shell, ui, qtbot) -> Kiosk:
    return Kiosk(shell, ui, qtbot)


def test_five_visits_uploaded_and_reported(kiosk_at: Kiosk, ctx, s3, s3_prefix, qtbot,
                                           monkeypatch) -> None:
    k = kiosk_at
    save_secret(ctx.device, s3.kiosk.key_id, s3.kiosk.secret)
    ctx.device.settings.upload_target = s3.url(s3_prefix)
    ctx.device.save_settings()
    monkeypatch.setattr(printing, "_backend", Printer(works=True))

    # 1: a mother, in English: the benefit, its questions, the answer with a wage, paper, Done
    k.touch_attract("en")
    k.tap("start-audience-worker")
    k.tap("home-tile-benefits")
    k.tap("benefit-tile-maternity-allowance")
    k.tap("benefit-interview")
    for _ in range(12):
        if k.screen != "interview":
            break
        k.answer(MOTHER, ctx, "maternity-allowance")
    assert k.screen == "decision"
    outcome = ctx.visit.interviews["maternity-allowance"].current().outcome
    k.type_wage("wage", WAGE)
    k.tap("decision-print")
    k.print_finished()
    assert k.shell.current.state == "printed"
    k.tap("print-done")
    k.leave()

    # 2: an employer searches: types nonsense, then a word, and opens a result
    k.touch_attract("en")
    k.tap("start-audience-employer")
    k.tap("home-tile-search")
    k.type(SEARCH_MARKER)
    k.tap("key-clear")
    k.type("card")
    opened = k.tap_prefix("result-benefits-")
    assert k.screen == "benefit"
    k.leave()

    # 3: in Khmer: a claim checklist, one paper ticked, printed with no printer: the QR code
    monkeypatch.setattr(printing, "_backend", Printer(works=False))
    k.touch_attract("km")
    k.tap("start-audience-worker")
    k.tap("home-tile-claims")
    k.tap("claim-claim-maternity-allowance")
    k.tap("doc-id-card")
    k.tap("checklist-print")
    k.print_finished()
    assert k.shell.current.state == "fallback"
    k.leave()

    # 4: "what can I get?", one answer, then gone on the next question
    k.touch_attract("km")
    k.tap("start-audience-worker")
    k.tap("home-tile-interview")
    k.answer({"role": "worker"}, ctx, "")
    stopped = ctx.visit.interviews[""].current().id
    k.leave()

    # 5: touched the screen, then left at the language choice
    k.touch_attract(None)
    k.leave()

    # the app's own upload, off the GUI thread, as after a sync
    from ui.counts_hooks import install

    hooks = install(ctx, k.shell)
    hooks.timer.stop()
    hooks.run(after_sync=True)
    qtbot.waitUntil(lambda: not hooks.running, timeout=30_000)

    # head office reads the bucket with its own key
    office = open_store(s3.url(s3_prefix), credentials=Credentials(s3.office.key_id, s3.office.secret))
    page, data, loaded = build_report(office, "en")
    assert loaded.objects == 1 and not loaded.skipped
    funnel = {step: reached for step, reached, _left in data.funnel}
    assert funnel == {"touch": 5, "start": 5, "home": 4, "content": 3, "interview": 2,
                      "decision": 1, "print": 2, "taken": 2}
    deepest = {step: left for step, _reached, left in data.funnel if left}
    assert deepest == {"taken": 2, "content": 1, "interview": 1, "start": 1}
    assert dict(data.ended) == {"print": 2, "benefit": 1, "interview": 1, "start": 1}
    assert data.prints == [("checklist", 0, 1), ("decision", 1, 0)]
    assert dict(data.languages) == {"en": 2, "km": 3}
    assert dict(data.audiences) == {"worker": 3, "employer": 1}
    assert data.outcomes == {"maternity-allowance": {outcome: 1}}
    assert dict(data.searches) == {f"benefits:{opened.removeprefix('result-benefits-')}": 1}
    stops = {q: s for q, _r, _a, s, _l in data.questions if s}
    assert stops == {stopped: 1}
    missing = {doc for cl, doc, _n, _o in data.missing if cl == "claim-maternity-allowance"}
    assert missing and "id-card" not in missing
    assert "From the first touch to the paper" in page

    # every byte that left the kiosk
    client = s3.client(s3.office)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=s3.bucket, Prefix=s3_prefix)["Contents"]]
    for key in keys:
        raw = client.get_object(Bucket=s3.bucket, Key=key)["Body"].read()
        assert_anonymous(gzip.decompress(raw).decode("utf-8"), key)

    # the staff panel: today's counts and the upload
    ctx.device.set_pin("908172")
    k.shell.open_staff()
    for digit in "908172":
        k.tap(f"pin-digit-{digit}")
    k.tap("pin-ok")
    k.qtbot.waitUntil(lambda: k.shell.current.unlocked, timeout=10_000)  # checked off the GUI thread
    assert "ចំនួនភ្ញៀវ៖ ៥" in k.ui.find(k.shell, "staff-today-lines").text()  # Khmer first
    k.tap("topbar-lang-en")
    today = k.ui.find(k.shell, "staff-today-lines").text()
    assert "Visits: 5" in today and "Printed: 1. QR code instead of paper: 1" in today
    assert f"Counts go to: {s3.url(s3_prefix)}" in today
    assert re.search(rf"Last upload: {dt.date.today().day} \w+ \d{{4}} \d\d:\d\d, it worked",
                     today)


WORKERS = 37  # an employer's workers, typed on the monthly total: never in a count (37: no hour of
#   the day, which visits_hour keys by, and more than any count this test makes)


def objects_of(s3, prefix: str) -> list[str]:  # noqa: ANN001
    """Every uploaded object, read with head office's key, as text."""
    client = s3.client(s3.office)
    keys = [o["Key"] for o in client.list_objects_v2(Bucket=s3.bucket, Prefix=prefix)["Contents"]]
    return [gzip.decompress(client.get_object(Bucket=s3.bucket, Key=key)["Body"].read())
            .decode("utf-8") for key in keys]


def test_the_visitor_screens_of_issue_16_counted_and_uploaded(kiosk_at: Kiosk, ctx, s3,  # noqa: ANN001, PLR0915
                                                              s3_prefix, qtbot, monkeypatch) -> None:
    """Taps through the guide and its check, the monthly total with a wage typed, a story
    opened from a benefit, search hits that open a duty's and an office's card, the employer's
    and guide's printouts; visits ended by Finish, Done and the idle reset. The day goes to a
    real S3-compatible server; the counts are read back from the object and through the report,
    and not one byte holds the wage, the number of workers or any amount."""
    from kiosk.money import monthly_total

    k = kiosk_at
    save_secret(ctx.device, s3.kiosk.key_id, s3.kiosk.secret)
    ctx.device.settings.upload_target = s3.url(s3_prefix)
    ctx.device.save_settings()
    monkeypatch.setattr(printing, "_backend", Printer(works=True))
    library = ctx.library
    guide = library.guides("worker")[0]

    # 1: a worker, in Khmer: "Asked to pay?", its "Is my card working?", one answer, Finish
    k.touch_attract("km")
    k.tap("start-audience-worker")
    k.tap(f"home-tile-guide-{guide.id}")
    assert (k.screen, k.shell.current_params) == ("guide", {"id": guide.id})
    k.tap("guide-check")
    assert k.screen == "interview"
    k.answer({"role": "worker"}, ctx, guide.check)
    k.tap("topbar-finish")
    assert k.screen == "attract"

    # 2: an employer's month: 13 workers at 1,230,000 riel, the total printed, Done
    k.touch_attract("en")
    k.tap("start-audience-employer")
    k.tap("home-tile-monthly")
    k.set_number("monthly-workers", WORKERS)
    k.type_wage("monthly-wage", WAGE)
    assert k.ui.find(k.shell, "monthly-wage-shown").text() == "1,230,000 riel"
    assert k.visible("monthly-total")
    k.tap("monthly-print")
    k.print_finished()
    assert k.shell.current.state == "printed"
    k.tap("print-done")
    assert k.screen == "attract"

    # 3: a benefit's story, opened by its id; then the visitor walks away
    k.touch_attract("en")
    k.tap("start-audience-worker")
    k.tap("home-tile-benefits")
    k.tap("benefit-tile-maternity-allowance")
    story = library.stories("maternity-allowance")[0]
    k.tap("benefit-story")
    assert (k.screen, k.shell.current_params) == ("stories", {"id": story.id})
    k.leave()

    # 4: a search hit on a duty opens its card; its printout with no printer: the QR code; Finish
    monkeypatch.setattr(printing, "_backend", Printer(works=False))
    duty = library.duties()[-1]
    k.touch_attract("en")
    k.tap("start-audience-employer")
    k.tap("home-tile-search")
    k.type(duty.title.en.split()[0].lower())
    k.tap(f"result-duties-{duty.id}")
    assert (k.screen, k.shell.current_params) == ("employer", {"card": duty.id})
    k.tap("employer-print")
    k.print_finished()
    assert k.shell.current.state == "fallback"
    k.tap("topbar-finish")

    # 5: a search hit on an office opens the contacts at its card, then the guide printed as a
    # QR code (no printer), and gone
    office = library.offices()[0]
    k.touch_attract("en")
    k.tap("start-audience-worker")
    k.tap("home-tile-search")
    k.type(office.name.en.split()[0].lower())
    k.tap(f"result-offices-{office.id}")
    assert (k.screen, k.shell.current_params) == ("contacts", {"card": office.id})
    k.tap("topbar-home")
    k.tap(f"home-tile-guide-{guide.id}")
    k.tap("guide-print")
    k.print_finished()
    k.leave()

    from ui.counts_hooks import install

    hooks = install(ctx, k.shell)
    hooks.timer.stop()
    hooks.run(after_sync=False)
    qtbot.waitUntil(lambda: not hooks.running, timeout=30_000)

    # the object itself, as head office's key reads it
    texts = objects_of(s3, s3_prefix)
    assert len(texts) == 1
    header, *lines = [json.loads(line) for line in texts[0].splitlines()]
    assert header["version"] == 2
    counts = {(r["metric"], r["key"]): r["n"] for r in lines if r["type"] == "count"}
    assert counts[("visits", "")] == 5
    ended_by = {key: n for (metric, key), n in counts.items() if metric == "ended_by"}
    assert ended_by == {"finish:interview": 1, "done:print": 1, "idle:stories": 1,
                        "finish:print": 1, "idle:print": 1}
    assert counts[("opened", f"guides:{guide.id}")] == 2
    assert counts[("guide_check", guide.id)] == 1
    assert counts[("monthly_total", "")] == 1
    assert counts[("opened", f"stories:{story.id}")] == 1
    assert counts[("opened", f"duties:{duty.id}")] == 1
    assert counts[("opened", f"offices:{office.id}")] == 1
    assert counts[("search_opened", f"duties:{duty.id}")] == 1
    assert counts[("search_opened", f"offices:{office.id}")] == 1
    prints = {key: n for (metric, key), n in counts.items() if metric == "print"}
    assert prints == {"monthly:paper": 1, "employer:qr": 1, "guide:qr": 1}
    reached = {key for metric, key in counts if metric == "reached"}
    assert {"guide", "monthly", "stories", "employer", "contacts", "interview"} <= reached

    # the report shows them, by name
    office_store = open_store(s3.url(s3_prefix),
                              credentials=Credentials(s3.office.key_id, s3.office.secret))
    page, data, loaded = build_report(office_store, "en")
    assert loaded.versions == {2: 1} and not loaded.skipped
    assert data.ends == {"done": 1, "finish": 2, "idle": 2}
    assert data.guides == [(guide.id, 2, 1)] and data.totals["monthly_totals"] == 1
    screens = {row[0]: row[1:] for row in data.screens}
    assert screens["monthly"] == (1, 0, 0, 0, 0) and screens["print"][1:] == (3, 1, 1, 1)
    assert "What I pay each month" in page and guide.title.en in page and story.title.en in page
    assert "Finish in the top bar" in page

    # every byte that left: no wage, no number of workers, no amount
    total = monthly_total([WAGE] * WORKERS, "en", book=ctx.rules)
    amounts = {total.total_riel, total.withheld_riel, total.employer_riel,
               *(s.employer_riel for s in total.shares), *(s.withheld_riel for s in total.shares)}
    amounts = {a for a in amounts if a >= 1000}  # a part nobody pays (0) is no amount of theirs
    assert len(amounts) >= 4
    for text in texts:
        assert_anonymous(text, "monthly visit")
        for amount in amounts:
            assert str(amount) not in text, amount
            assert f"{amount:,}" not in text, amount
        for line in text.splitlines():
            record = json.loads(line)
            if record["type"] == "count":
                assert str(WORKERS) not in record["key"].split(":"), record


QUESTION_IDS = {q.id for q in load_rules().questions.values()}
OUTCOMES = {"eligible", "not_eligible", "not_yet", "unknown", "ask_staff"}
FACTS = set(load_rules().questions) | {"monthly_wage_riel", "wage", "answer", "answers", "text",
                                       "query", "search"}
NUMBERS = {"n", "seq", "revision", "version", "content_version", "pending_version",
           "free_disk_mb", "errors"}


def assert_anonymous(text: str, where: str) -> None:
    """No free text, wage, answer or time of day in one uploaded object."""
    assert SEARCH_MARKER not in text, where
    assert str(WAGE) not in text and "1,230,000" not in text and "1.230.000" not in text, where
    # times: a clock time or an ISO time of day anywhere
    assert not re.search(r"\d{1,2}:\d{2}|T\d{2}(:|\b)|\d{10}", text), where
    for line in text.splitlines():
        record = json.loads(line)
        for field, value in record.items():
            assert field not in FACTS, (where, field)
            if isinstance(value, bool):
                continue
            if isinstance(value, int):
                assert field in NUMBERS, (where, field)
                if field == "n":
                    assert value <= 5, (where, record)  # five visits: no count can be bigger
            if isinstance(value, str) and value and field.endswith("_day"):
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (where, field, value)
        if record.get("type") == "count":
            metric, key = record["metric"], record["key"]
            if metric.startswith("question_"):
                assert key in QUESTION_IDS, (where, record)  # which question, never its answer
            if metric == "outcome":
                assert key.rpartition(":")[2] in OUTCOMES, (where, record)
            if metric != "visits_hour":  # the hour of day is the one number a key may be
                numbers = {str(v) for v in MOTHER.values() if isinstance(v, int)
                           and not isinstance(v, bool)} | {str(WAGE)}
                assert not set(key.split(":")) & numbers, (where, record)
