"""`nssf-kiosk --shots DIR`: every screen in Khmer and English, as PNGs, for review and the README.

Screens that need parameters get a sample from the content (the first benefit that the sample
facts make eligible and that pays an estimate, its checklist, its interview and a decision from
those facts, a search for a Khmer word). A screen
whose module is not written yet is skipped with a note; one that fails is reported and the run
goes on.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from kiosk.i18n import LOCALES
from ui import navigation
from ui.context import AppContext
from ui.shell import Shell
from ui.tasks import wait_for_tasks

log = logging.getLogger(__name__)

SIZE = (1280, 800)
SAMPLE_SEARCH = "ប្រាក់"  # "money": in almost every benefit
# A mother two months after the birth, employer registered, contributions paid: a clear answer.
SAMPLE_FACTS: dict[str, Any] = {
    "role": "worker", "employer_registered": True, "gave_birth": True, "weeks_pregnant": 39,
    "months_contributed_last_12": 12, "consecutive_months_contributed": 12,
}


def _first_benefit(ctx: AppContext) -> str:
    """The benefit the sample facts make eligible, with an estimate (no id in code: the
    benefits are data); else the first benefit."""
    ids = ctx.library.ids("benefits")
    rules = ctx.rules
    for benefit in rules.benefits:
        if benefit in ids and rules.ruleset(benefit).estimate is not None and \
                rules.decide(benefit, SAMPLE_FACTS, ctx.locale).outcome == "eligible":
            return benefit
    return ids[0] if ids else ""


def _interview(ctx: AppContext, known: dict[str, Any] | None = None) -> dict[str, Any]:
    benefit = _first_benefit(ctx)
    ctx.visit.interviews[benefit] = ctx.rules.interview(benefit, ctx.locale, known=known)
    return {"benefit": benefit}


def _checklist(ctx: AppContext) -> dict[str, Any]:
    benefit = _first_benefit(ctx)
    return {"id": ctx.library.benefit(benefit).checklist} if benefit else {}


def _search(ctx: AppContext) -> dict[str, Any]:
    ctx.visit.search_text = SAMPLE_SEARCH
    return {"text": SAMPLE_SEARCH}


# screen -> how to set up a visit that shows it well (returns the screen's params)
SAMPLES: dict[str, Callable[[AppContext], dict[str, Any]]] = {
    "benefit": lambda ctx: {"id": _first_benefit(ctx)},
    "checklist": _checklist,
    "interview": _interview,
    "decision": lambda ctx: _interview(ctx, SAMPLE_FACTS),
    "search": _search,
    "print": lambda ctx: {"kind": "checklist", **_checklist(ctx)},
}


def settle() -> None:
    """Let the screen finish what it started (background work included) before the picture."""
    for _ in range(3):
        wait_for_tasks(10_000)
        QApplication.processEvents()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def missing_module(name: str) -> str | None:
    """The module of screen `name` if it is not written yet, else None."""
    module = navigation.SCREENS[name].partition(":")[0]
    try:
        navigation.screen_class(name)
    except ModuleNotFoundError as exc:
        if exc.name == module:
            return module
        raise
    return None


def shoot(shell: Shell, name: str, locale: str, out: Path | None) -> bool:
    """Open screen `name` as a visitor would see it; save it to `out` (None: only open it)."""
    ctx = shell.ctx
    shell.reset_visit()
    ctx.set_locale(locale)
    ctx.visit.audience = "worker"
    try:
        params = SAMPLES.get(name, lambda _ctx: {})(ctx)
    except Exception:  # noqa: BLE001 - a sample the content cannot give: show it bare
        log.exception("no sample for %s", name)
        params = {}
    if name != navigation.IDLE_SCREEN:
        shell.go(name, params)
    settle()
    if shell.current_name != name:
        print(f"FAILED {name} ({locale}): the screen did not open")
        return False
    if out is not None:
        save(shell, out / f"{name}-{locale}.png")
    return True


def save(shell: Shell, path: Path) -> None:
    shell.grab().save(str(path))
    print(f"wrote {path}")


def render_all(ctx: AppContext, out: Path, size: tuple[int, int] = SIZE) -> int:
    from ui.printing import NoPrinterBackend, use_backend

    use_backend(NoPrinterBackend())  # the print screen is shot with its QR, never a real paper
    out.mkdir(parents=True, exist_ok=True)
    shell = Shell(ctx, idle_ms=10**9, warning_ms=10**9, hide_cursor=False)
    shell.resize(*size)
    shell.show()
    settle()
    ok = True
    for name in navigation.SCREENS:
        module = missing_module(name)
        if module:
            print(f"skipped {name}: {module} is not written yet")
            continue
        for locale in LOCALES:
            ok = shoot(shell, name, locale, out) and ok
    for locale in LOCALES:  # moments that are not screens of their own
        ok = _shoot_idle_warning(shell, locale, out) and ok
        ok = _shoot_staff_open(shell, locale, out) and ok
        ok = _shoot_large_text(shell, locale, out) and ok
    shell.leave_kiosk = True
    shell.close()
    return 0 if ok else 1


def _shoot_idle_warning(shell: Shell, locale: str, out: Path) -> bool:
    if not shoot(shell, navigation.HOME_SCREEN, locale, None):
        return False
    shell.overlay.show_countdown(15, shell.ctx.tr, locale)
    settle()
    save(shell, out / f"idle-warning-{locale}.png")
    shell.overlay.hide()
    return True


STAFF_PAGES = ("", "identity", "pin", "printer", "rollback")  # kiosk.pages.staff.panel.PAGES


def _shoot_staff_open(shell: Shell, locale: str, out: Path) -> bool:
    """The unlocked panel and each of its pages; the panel's first page also whole (it
    scrolls), and a benefit as staff see it."""
    shell.reset_visit()
    shell.ctx.set_locale(locale)
    shell.go("staff")
    panel = shell.current
    if shell.current_name != "staff" or panel is None:
        return False
    panel.unlocked = True  # shots use a scratch data dir: show the panel as after the PIN
    for page in STAFF_PAGES:
        shell.go("staff", {"page": page} if page else {})
        settle()
        save(shell, out / f"staff-{page or 'open'}-{locale}.png")
        if not page:
            column = panel.overview.area.widget()
            column.grab().save(str(out / f"staff-open-whole-{locale}.png"))
    shell.reset_visit()
    shell.ctx.set_locale(locale)
    shell.ctx.visit.audience = "staff"
    shell.go("benefit", {"id": _first_benefit(shell.ctx)})
    settle()
    benefit = shell.current
    if shell.current_name != "benefit" or benefit is None:
        return False
    benefit.area.ensureWidgetVisible(benefit.staff)
    settle()
    save(shell, out / f"benefit-staff-{locale}.png")
    return True


def _shoot_large_text(shell: Shell, locale: str, out: Path) -> bool:
    ok = shoot(shell, navigation.HOME_SCREEN, locale, None)
    if ok:
        shell.set_large_text(True)
        settle()
        save(shell, out / f"home-large-text-{locale}.png")
    shell.reset_visit()  # back to normal text
    return ok
