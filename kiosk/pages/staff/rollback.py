"""The panel's "Go back to the previous content" page: say what will happen, ask, then do it.

The kiosk keeps the content it showed before the last update (content/previous.db). Going back
is the core's `rollback` (kiosk/sync/apply.py, as `kiosk rollback`): one rename, refused while
a sync holds the data dir; the sync then brings only content newer than the version left. The
page shows the version the kiosk shows after.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.device import Device
from kiosk.i18n import format_number, tr
from kiosk.pages.parts import Button, Link, route
from kiosk.pages.staff.state import KioskState, when

Step = Literal["ask", "working", "done", "failed"]


@dataclass(frozen=True)
class RollbackPage:
    title: str
    text: str  # what going back does, or what it did
    confirm: Button
    problem: str  # why it did not happen
    done: str  # "The kiosk now shows content version 7."
    back: Link


def rollback_page(state: KioskState, locale: str, step: Step = "ask", *,
                  problem: str = "") -> RollbackPage:
    n = lambda value: format_number(value, locale)  # noqa: E731
    now, previous = state.content, state.previous
    if previous is None:
        text = tr("No earlier content is kept on this kiosk, so there is nothing to go back "
                 "to. It shows content version {now}.", locale).format(now=n(now.version))
    else:
        text = tr("The kiosk shows content version {now}. Going back shows version {previous} "
                 "(built {built}) instead, at once. Afterwards a sync only brings content newer "
                 "than version {now}.", locale).format(
            now=n(now.version), previous=n(previous.version),
            built=when(previous.built_at, locale) or tr("on a date not recorded", locale))
    confirm = Button(tr("Yes, go back to version {version}", locale).format(
        version=n(previous.version)) if previous else tr("Go back", locale), "backup-restore",
        enabled=previous is not None and step in ("ask", "failed"))
    return RollbackPage(
        title=tr("Go back to the previous content", locale),
        text=text if step != "done" else "",
        confirm=confirm,
        problem=problem,
        done=tr("Done. The kiosk now shows content version {version}.", locale).format(
            version=n(now.version)) if step == "done" else "",
        back=Link(tr("Back to the staff panel", locale) if step == "done"
                  else tr("No, keep this content", locale), "arrow-left", route("staff")),
    )


def roll_back(device: Device) -> int:
    """Back to the previous bundle (KioskError, bilingual, if there is none or a sync runs);
    the version now current. Slow enough (the bundle is checked) to run off the GUI thread."""
    from kiosk.sync.apply import rollback

    version = rollback(device)
    state = device.sync_state()
    if state.pending_version:  # the panel shows the content at once: nothing waits any more
        state.pending_version = 0
        device.save_sync_state(state)
    return version


def problem_text(exc: BaseException, locale: str) -> str:
    from kiosk.errors import KioskError
    from kiosk.sync.errors import SyncBusy

    if isinstance(exc, SyncBusy):
        return tr("A sync is running. Nothing was changed: try again when it has finished.",
                  locale)
    if isinstance(exc, KioskError):
        return tr("Nothing was changed: {reason}", locale).format(reason=exc.message(locale))
    return tr("Nothing was changed: the previous content could not be opened.", locale)
