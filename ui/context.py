"""What every screen shares: the content, the rules, the device, the language, and the visit.

The rules are those of the bundle shown (`kiosk.eligibility.rules_of_library`): content and
rules are one signed unit, swapped together, so a benefit card never contradicts the answer.

Screens keep nothing of a visitor in their widgets that is not also in `Visit`: a screen fills
its widgets from a page model built from `ctx` when entered or when the language changes, so
switching language keeps the place, and an idle reset only has to replace the `Visit` and let
every screen blank itself.
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
from kiosk.i18n import DEFAULT_LOCALE, check_locale, tr

if TYPE_CHECKING:
    from kiosk.eligibility import Interview, RuleBook

log = logging.getLogger(__name__)


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
    visit_done = Signal()  # the visitor tapped Done: the shell forgets undo and clipboard

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

    # --- language ---------------------------------------------------------------------------
    def tr(self, message: str) -> str:
        return tr(message, self.locale)

    def set_locale(self, locale: str) -> None:
        check_locale(locale)
        if locale != self.locale:
            self.locale = locale
            self.locale_changed.emit(locale)

    # --- rules and content -------------------------------------------------------------------
    @property
    def rules(self) -> RuleBook:
        """The rules the shown bundle carries (a bundle built without any: the shipped ones)."""
        if self._rules is None:
            from kiosk.eligibility import rules_of_library

            self._rules = rules_of_library(self.library)
        return self._rules

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
        self.visit = Visit()
        self.large_text = self.device.settings.large_text
        self.locale = self.device.settings.default_locale or DEFAULT_LOCALE
        self.visit_reset.emit()
        self.locale_changed.emit(self.locale)
        from ui import memory

        memory.trim()  # between visitors: hand back what the last one's screens and prints used

    @contextmanager
    def rehearsal(self, locale: str) -> Iterator[None]:
        """A pretend visit in `locale`, for making screens ahead while nobody is there: it has
        its own empty Visit, sends no signal, logs no step, and leaves nothing behind."""
        saved = self.visit, self.locale
        self.visit, self.locale, self.rehearsing = Visit(), check_locale(locale), True
        try:
            yield
        finally:
            (self.visit, self.locale), self.rehearsing = saved, False

    def log_step(self, screen: str, action: str = "view") -> None:
        """Anonymous journey step; a failure to log never disturbs the visitor."""
        if self.rehearsing:
            return
        try:
            if self._journey is None:
                self._journey = self.device.journey()
            self._journey.record(self.visit.id, screen, action, self.locale)
        except Exception:  # noqa: BLE001
            log.exception("journey log failed")
