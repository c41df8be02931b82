"""What every screen shares: the content, the rules, the device, the language, and the visit.

The rules are those of the bundle shown (`kiosk.eligibility.rules_of_library`): content and
rules are one signed unit, swapped together, so a benefit card never contradicts the answer.

Screens keep nothing of a visitor in their widgets that is not also in `Visit`: a screen fills
its widgets from a page model built from `ctx` when entered or when the language changes, so
switching language keeps the place, and an idle reset only has to replace the `Visit` and let
every screen blank itself.

Screens report what a visitor does with one line, `ctx.log_step(screen, action, subject)`
(the journey log, and the anonymous daily counts of kiosk/counts); the shell reports every
screen shown with its record id. When the visit ends, `new_visit()` hands the visit's
interviews and checklists to the counts (which questions, which outcomes, which papers still
missing) and the counts add the visit to the day; nothing else of it is kept.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.content.library import Library
from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.i18n import DEFAULT_LOCALE, check_locale, tr

if TYPE_CHECKING:
    from kiosk.counts.recorder import VisitRecorder
    from kiosk.eligibility import Interview, RuleBook
    from kiosk.pages.wage import TypedWage

log = logging.getLogger(__name__)


class Counts:
    """`ctx.counts`: the visit recorder (kiosk.counts.recorder.VisitRecorder), opened on first
    use. A failure to count is logged and never disturbs the visitor."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self._recorder: VisitRecorder | None = None
        self._painted_hour = ""

    @property
    def recorder(self) -> VisitRecorder:
        if self._recorder is None:
            from kiosk.counts.outbox import Outbox
            from kiosk.counts.recorder import VisitRecorder

            self._recorder = VisitRecorder(Outbox.of(self.device.root))
        return self._recorder

    def __getattr__(self, name: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> None:
            try:
                getattr(self.recorder, name)(*args, **kwargs)
            except Exception:
                log.exception("counting %s failed", name)

        return call

    def painted(self) -> None:
        """The screen painted: noted in the outbox once an hour, for the heartbeat."""
        import datetime as dt

        hour = dt.datetime.now().strftime("%Y-%m-%dT%H")
        if hour != self._painted_hour:
            self._painted_hour = hour
            try:
                self.recorder.outbox.painted(hour)
            except Exception:
                log.exception("noting the paint failed")


WAGE = "wage"  # Visit.extra: the monthly wage the visitor typed (a TypedWage), for estimates


def typed_wage(visit: Visit) -> TypedWage:
    """The wage this visitor typed on a keypad (benefit examples and decision estimates share
    it), or an empty one."""
    from kiosk.pages.wage import TypedWage

    found = visit.extra.get(WAGE)
    return found if isinstance(found, TypedWage) else TypedWage()


@dataclass
class Visit:
    """Everything one visitor did. Replaced whole on idle reset; nothing survives it."""

    id: str = field(default_factory=lambda: uuid.uuid4().hex)
    audience: str | None = None  # worker, employer, staff
    ticks: dict[str, set[str]] = field(default_factory=dict)  # checklist id -> documents held
    interviews: dict[str, Any] = field(default_factory=dict)  # benefit id ("" = all) -> Interview
    search_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)  # screen-specific visit state


class AppContext(QObject):
    locale_changed = Signal(str)
    content_changed = Signal()
    visit_reset = Signal()
    # the visitor ended the visit (Done after printing, Finish in the top bar): the shell ends it
    # exactly as the idle reset does (Shell.reset_visit -> new_visit) and forgets the buffers
    visit_done = Signal()

    def __init__(self, device: Device, bundle: Path | None = None) -> None:
        super().__init__()
        self.device = device
        self.library = Library(bundle or device.ensure_bundle())
        self._rules: RuleBook | None = None
        self.locale = device.settings.default_locale or DEFAULT_LOCALE
        self.large_text = device.settings.large_text
        self.visit = Visit()
        self._journey = None
        self.rehearsing = False
        self.counts = Counts(device)
        self.counts.language(self.locale)

    # --- language ---------------------------------------------------------------------------
    def tr(self, message: str) -> str:
        return tr(message, self.locale)

    def set_locale(self, locale: str) -> None:
        check_locale(locale)
        if locale != self.locale:
            self.locale = locale
            self.counts.language(locale)
            self.locale_changed.emit(locale)

    # --- rules and content -------------------------------------------------------------------
    @property
    def rules(self) -> RuleBook:
        """The rules the shown bundle carries (a bundle built without any: the shipped ones)."""
        if self._rules is None:
            from kiosk.eligibility import rules_of_library

            self._rules = rules_of_library(self.library)
        return self._rules

    def rules_or_none(self) -> RuleBook | None:
        """The rules, or None (logged) when they do not load: a content screen that only adds
        something from them (a worked example) still shows the rest."""
        try:
            return self.rules
        except KioskError:
            log.exception("the rules do not load")
            return None

    def interview(self, benefit: str) -> Interview:
        """This visitor's interview for `benefit` ("" = what can I get?), started on first ask:
        the interview and decision screens share it, so a language switch or Back keeps it."""
        interviews = self.visit.interviews
        if benefit not in interviews:
            interviews[benefit] = self.rules.interview(benefit or None, self.locale)
        return interviews[benefit]

    def swap_library(self, path: Path) -> None:
        """Open a new bundle and its rules (after a sync, only ever while the kiosk is idle):
        both or neither, so the old content and rules stay if the new ones do not load."""
        from kiosk.eligibility import rules_of_library

        new = Library(path)
        try:
            rules = rules_of_library(new)
        except Exception:
            new.close()
            raise
        old = self.library
        self.library, self._rules = new, rules
        self.visit.interviews.clear()  # an interview belongs to the rules it started with
        old.close()
        self.content_changed.emit()

    # --- the visit ---------------------------------------------------------------------------
    def new_visit(self) -> None:
        """Forget the last visitor entirely and return to the kiosk's default language."""
        self.count_visit()
        self.visit = Visit()
        self.large_text = self.device.settings.large_text
        self.locale = self.device.settings.default_locale or DEFAULT_LOCALE
        self.counts.language(self.locale)
        self.visit_reset.emit()
        self.locale_changed.emit(self.locale)
        from ui import memory, print_worker

        print_worker.discard_spare()  # a print process made ready for them, never used
        memory.trim()  # between visitors: hand back what the last one's screens and prints used

    @contextmanager
    def rehearsal(self, locale: str) -> Iterator[None]:
        """A pretend visit in `locale`, for making screens ahead while nobody is there: it has
        its own empty Visit, sends no signal, logs no step, and leaves nothing behind."""
        saved, self.visit = self.visit, Visit()
        try:
            with self.shown_in(locale):
                yield
        finally:
            self.visit = saved

    @contextmanager
    def shown_in(self, locale: str) -> Iterator[None]:
        """This visit, shown in `locale` for a moment (the shell laying a screen out in the
        other language while the visitor reads): no signal, no step logged."""
        saved, rehearsing = self.locale, self.rehearsing
        self.locale, self.rehearsing = check_locale(locale), True
        try:
            yield
        finally:
            self.locale, self.rehearsing = saved, rehearsing

    def count_visit(self) -> None:
        """The visit ends: its interviews and checklists to the counts, then the visit to its day."""
        for benefit, interview in self.visit.interviews.items():
            self.counts.interview(benefit, interview)
        for checklist_id, ticked in self.visit.ticks.items():
            try:
                documents = [d.id for d in self.library.checklist(checklist_id).documents]
            except KioskError:  # gone with a content update: nothing to count it against
                continue
            self.counts.checklist(checklist_id, documents, ticked)
        self.counts.end()

    def log_step(self, screen: str, action: str = "view", subject: str | None = None) -> None:
        """Anonymous journey step (`subject`: the record id it concerns, never visitor text);
        a failure to log never disturbs the visitor."""
        if self.rehearsing:
            return
        try:
            if self._journey is None:
                self._journey = self.device.journey()
            self._journey.record(self.visit.id, screen, action, self.locale)
        except Exception:
            log.exception("journey log failed")
        self.counts.step(screen, action, subject)
