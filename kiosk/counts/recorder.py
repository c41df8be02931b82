"""The visit recorder: the events of one visit, in memory, then added to the day's counts.

The screens report what happens as one-line calls (through `ctx.log_step` and `ctx.counts` in
ui/context.py); the fleet simulator makes the same calls. A visit's tally lives only in this
object: when the visit ends (`end()`, on the idle reset) it becomes a handful of +1s in the
outbox, and the tally is dropped. So the outbox holds sums, never a visit.

    recorder.step("benefit", "view", "maternity-allowance")   # a screen shown (its record id)
    recorder.step("start", "audience-worker")                 # the journey's own actions
    recorder.step("print", "printed", "decision")             # paper came out (or qr-fallback)
    recorder.step("search", "open-result", "benefits:medical-care")
    recorder.step("guide", "view", "asked-to-pay")            # a guide, a story, an office card
    recorder.step("guide", "check")                           # its "Is my card working?"
    recorder.step("monthly", "total")                         # a monthly total computed
    recorder.step("print", "done")                            # how the visit ends: done, finish,
    recorder.step("interview", "reset")                       #   or the idle reset ("reset")
    recorder.language("en")                                   # the language in use (after start)
    recorder.interview("maternity-allowance", interview)      # reached/answered/stopped/outcome
    recorder.checklist("maternity-claim", documents, ticked)  # opened; what was still missing
    recorder.end()

Anything that is not an id (vocabulary.ID) is dropped, so text a visitor typed can never
become a key. Nothing of the staff panel is counted.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.counts.outbox import Outbox
from kiosk.counts.vocabulary import (
    AUDIENCES,
    END_HOW,
    FUNNEL,
    IDLE_SCREEN,
    OUTCOMES,
    PRINT_KINDS,
    RECORD_SCREENS,
    STAFF_SCREEN,
    is_id,
    step_of,
)

if TYPE_CHECKING:
    from kiosk.eligibility import Interview

log = logging.getLogger(__name__)

Clock = Callable[[], dt.datetime]


LANGUAGE_SCREEN = "start"  # where the language is chosen: a visit's languages are those after it
# the journey's action -> how the visit ended (ended_by); an end with none of them is "idle"
END_ACTIONS = {"done": "done", "finish": "finish", "reset": "idle"}


def local_now() -> dt.datetime:
    return dt.datetime.now().astimezone()


@dataclass
class VisitTally:
    """One visit, as counts will see it. Never written anywhere as it is."""

    began: dt.datetime
    screens: set[str] = field(default_factory=set)
    steps: set[str] = field(default_factory=lambda: {"touch"})
    last_screen: str = ""
    languages: set[str] = field(default_factory=set)
    audience: str = ""
    large_text: bool = False
    benefits: set[str] = field(default_factory=set)
    checklists: dict[str, tuple[str, ...]] = field(default_factory=dict)  # id -> missing docs
    interviews: dict[str, dict[str, Any]] = field(default_factory=dict)  # benefit -> summary
    prints: Counter[str] = field(default_factory=Counter)
    searches: Counter[str] = field(default_factory=Counter)
    done: bool = False  # "Done" after a printout: the visit ended well, wherever it idles
    opened: set[str] = field(default_factory=set)  # "kind:id" of guides, stories, offices, duties
    guide_checks: set[str] = field(default_factory=set)  # guide ids whose check started
    monthly_total: bool = False  # a monthly total was computed (nothing of it is kept)
    end_how: str = ""  # done | finish | idle

    def counts(self) -> Counter[tuple[str, str]]:
        out: Counter[tuple[str, str]] = Counter()
        out["visits", ""] = 1
        out["visits_hour", f"{self.began.hour:02d}"] = 1
        for step in self.steps:
            out["funnel", step] = 1
        out["depth", max(self.steps, key=FUNNEL.index)] = 1
        for screen in self.screens:
            out["reached", screen] = 1
        if self.last_screen:
            out["ended", self.last_screen] = 1
            how = self.end_how if self.end_how in END_HOW else "idle"
            out["ended_by", f"{how}:{self.last_screen}"] = 1
        for locale in self.languages:
            out["language", locale] = 1
        if self.audience:
            out["audience", self.audience] = 1
        if self.large_text:
            out["large_text", "on"] = 1
        for benefit in self.benefits:
            out["benefit", benefit] = 1
        for checklist, missing in self.checklists.items():
            out["checklist", checklist] = 1
            for document in missing:
                out["document_missing", f"{checklist}:{document}"] = 1
        questions = Counter[tuple[str, str]]()
        for summary in self.interviews.values():
            for fact in summary["reached"]:
                questions["question_reached", fact] = 1
            for fact in summary["answered"]:
                questions["question_answered", fact] = 1
            if summary["stopped"]:
                questions["question_stopped", summary["stopped"]] = 1
            for benefit, outcome in summary["outcomes"].items():
                out["outcome", f"{benefit}:{outcome}"] = 1
        out.update(questions)  # a question asked by two interviews of one visit counts once
        last = [s["answered"][-1] for s in self.interviews.values() if s["answered"]]
        if last:
            out["question_last_answered", last[-1]] = 1
        for key, n in self.prints.items():
            out["print", key] = n
        for key, n in self.searches.items():
            out["search_opened", key] = n
        for ref in self.opened:
            out["opened", ref] = 1
        for guide in self.guide_checks:
            out["guide_check", guide] = 1
        if self.monthly_total:
            out["monthly_total", ""] = 1
        return out


class VisitRecorder:
    def __init__(self, outbox: Outbox, clock: Clock = local_now) -> None:
        self.outbox = outbox
        self.clock = clock
        self.tally: VisitTally | None = None
        self.screen = IDLE_SCREEN  # what is on screen now
        self.subject = ""  # the record it shows (an id), or ""
        self._locale = ""

    # --- the journey's steps -----------------------------------------------------------------
    def step(self, screen: str, action: str = "view", subject: str | None = None) -> None:
        """What `ctx.log_step(screen, action, subject)` reports; `subject` is a record id."""
        if action == "view":
            self._shown(screen, subject)
            return
        tally = self.tally
        if tally is None or screen == STAFF_SCREEN or self.screen == STAFF_SCREEN:
            return
        if action.startswith("audience-") and action[9:] in AUDIENCES:
            tally.audience = action[9:]
        elif action == "large-text-on":
            tally.large_text = True
        elif action in ("printed", "qr-fallback"):
            kind = subject if subject in PRINT_KINDS else "other"
            tally.prints[f"{kind}:{'paper' if action == 'printed' else 'qr'}"] += 1
            tally.steps.add("taken")
        elif action == "open-result" and subject and _is_ref(subject):
            tally.searches[subject] += 1
        elif action == "done" and screen == "print":
            tally.done = True
            tally.end_how = "done"
        elif action in END_ACTIONS:  # finish (the top bar), reset (the idle timer)
            tally.end_how = END_ACTIONS[action]
        elif action == "check" and screen == "guide" and self.subject:
            tally.guide_checks.add(self.subject)
        elif action == "total" and screen == "monthly":
            tally.monthly_total = True

    def _shown(self, screen: str, subject: str | None) -> None:
        self.screen = screen
        self.subject = subject if is_id(subject) else ""
        if screen == IDLE_SCREEN:
            if self.tally is not None:
                self.end()
            return
        if screen == STAFF_SCREEN or not is_id(screen):
            return
        tally = self.tally
        if tally is None:
            tally = self.tally = VisitTally(self.clock())
        if screen != LANGUAGE_SCREEN and self._locale:
            tally.languages.add(self._locale)
        tally.screens.add(screen)
        tally.steps.add(step_of(screen))
        if not (tally.done and screen == "home"):  # Done after a printout leads home
            tally.last_screen = screen
            tally.done = tally.done and screen == "print"
            if not tally.done:  # the visit went on after a Finish: it did not end that way
                tally.end_how = ""
        if screen == "benefit" and is_id(subject):
            tally.benefits.add(subject)
        elif screen == "checklist" and is_id(subject):
            tally.checklists.setdefault(subject, ())
        elif screen in RECORD_SCREENS and is_id(subject):
            tally.opened.add(f"{RECORD_SCREENS[screen]}:{subject}")

    # --- what a screen knows -----------------------------------------------------------------
    def language(self, locale: str) -> None:
        """The language now in use (the visit's first one too, set before the first touch)."""
        if not is_id(locale):
            return
        self._locale = locale
        if self.tally is not None and self.screen not in (STAFF_SCREEN, LANGUAGE_SCREEN):
            self.tally.languages.add(locale)

    def checklist(self, checklist_id: str, documents: Iterable[str], ticked: Iterable[str]) -> None:
        """A checklist the visit opened, and which of its papers were not ticked (the last call
        for a checklist wins, so call it at the end of the visit or on every tick)."""
        if self.tally is None or not is_id(checklist_id):
            return
        have = set(ticked)
        self.tally.checklists[checklist_id] = tuple(d for d in documents if is_id(d) and d not in have)

    def interview(self, benefit: str, interview: Interview) -> None:
        """An interview of this visit ("" = what can I get?): the questions it showed, those
        answered, the one left unanswered, and the outcome of each benefit it decided."""
        if self.tally is None:
            return
        from kiosk.eligibility import Question

        answered = [f for f in interview.asked if is_id(f)]
        current = interview.current()
        stopped = current.id if isinstance(current, Question) and is_id(current.id) else ""
        outcomes: dict[str, str] = {}
        if not stopped:
            decisions = current if isinstance(current, list) else [current]
            for decision in decisions:
                if is_id(decision.benefit) and decision.outcome in OUTCOMES:
                    outcomes[decision.benefit] = decision.outcome
        if not answered and not stopped and not outcomes:
            return
        self.tally.interviews[benefit] = {
            "reached": [*answered, *([stopped] if stopped else [])], "answered": answered,
            "stopped": stopped, "outcomes": outcomes}

    # --- the end -----------------------------------------------------------------------------
    def end(self) -> None:
        """The visitor left: add the visit to its day (the day it began) and forget it."""
        tally, self.tally = self.tally, None
        if tally is None or not tally.screens:
            return
        if not tally.languages and self._locale:  # left on the language choice: the one shown
            tally.languages.add(self._locale)
        self.outbox.add(tally.began.date().isoformat(), tally.counts())


def _is_ref(subject: str) -> bool:
    kind, sep, rid = subject.partition(":")
    return bool(sep) and is_id(kind) and is_id(rid)
