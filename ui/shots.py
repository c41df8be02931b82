"""`nssf-kiosk --shots DIR [--size WxH] [--text normal|large|both] [--diagonal IN]`: every
screen in Khmer and English, as PNGs, for review and the README, at each of the screens kiosks
have (ui/sizing.py KIOSK_SCREENS: 1280x800, 1920x1080, 1080x1920, 800x480) in normal and large
text. Files are `<screen>-<locale>-<W>x<H>-<normal|large>.png`.

Each size gets a window of its own whose widgets are built for that screen (its scale, from the
usual diagonal of a panel of that size, or `--diagonal`). Screens that need parameters get a
sample from the content (the first benefit that the sample facts make eligible and that pays an
estimate, its checklist, its interview and a decision from those facts, a search for a Khmer
word). A screen whose module is not written yet is skipped with a note; one that fails is
reported and the run goes on.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from kiosk.i18n import LOCALES
from ui import navigation, sizing
from ui.context import AppContext
from ui.shell import Shell
from ui.sizing import KIOSK_SCREENS
from ui.tasks import wait_for_tasks

log = logging.getLogger(__name__)

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


def _guide(ctx: AppContext) -> dict[str, Any]:
    guides = ctx.library.guides()
    return {"id": guides[0].id} if guides else {}


def _monthly(ctx: AppContext) -> dict[str, Any]:
    """Kosal's month: 10 workers at about 1,000,000 riel."""
    from kiosk.pages.monthly import MonthlyInput
    from kiosk.pages.wage import TypedWage
    from ui.screens.monthly import INPUT

    ctx.visit.extra[INPUT] = MonthlyInput(10, typical=TypedWage("1000000", "riel"))
    return {}


def _decision(ctx: AppContext) -> dict[str, Any]:
    """The sample answer, with a wage typed as the worker knows it: US$200 a month."""
    from kiosk.pages.wage import TypedWage
    from ui.context import WAGE

    ctx.visit.extra[WAGE] = TypedWage("200", "usd")
    return _interview(ctx, SAMPLE_FACTS)


def _contacts(ctx: AppContext) -> dict[str, Any]:
    """As on a kiosk standing in an office of the content ("you are here"); in memory, for
    this picture only (shoot puts the setting back)."""
    place = next((o for o in ctx.library.offices() if o.is_place), None)
    if place is not None:
        ctx.device.settings.set("location", place.id)
    return {}


# who the visitor is on a screen's picture (else a worker)
AUDIENCES: dict[str, str] = {"employer": "employer", "monthly": "employer"}
# screen -> how to set up a visit that shows it well (returns the screen's params)
SAMPLES: dict[str, Callable[[AppContext], dict[str, Any]]] = {
    "benefit": lambda ctx: {"id": _first_benefit(ctx)},
    "checklist": _checklist,
    "interview": _interview,
    "decision": _decision,
    "search": _search,
    "guide": _guide,
    "monthly": _monthly,
    "contacts": _contacts,
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


def shoot(shell: Shell, name: str, locale: str, out: Path | None, tag: str = "") -> bool:
    """Open screen `name` as a visitor would see it; save it to `out` (None: only open it) as
    `name-locale-tag.png`."""
    ctx = shell.ctx
    shell.reset_visit()
    ctx.set_locale(locale)
    ctx.visit.audience = AUDIENCES.get(name, "worker")
    location = ctx.device.settings.location  # a sample may set it (contacts): only for its shot
    try:
        params = SAMPLES.get(name, lambda _ctx: {})(ctx)
    except Exception:  # a sample the content cannot give: show it bare
        log.exception("no sample for %s", name)
        params = {}
    try:
        if name != navigation.IDLE_SCREEN:
            shell.go(name, params)
        settle()
        if shell.current_name != name:
            print(f"FAILED {name} ({locale}, {tag}): the screen did not open")
            return False
        if out is not None:
            save(shell, out / picture_name(name, locale, tag))
        return True
    finally:
        ctx.device.settings.location = location


def picture_name(name: str, locale: str, tag: str) -> str:
    return f"{name}-{locale}-{tag}.png" if tag else f"{name}-{locale}.png"


def save(shell: Shell, path: Path) -> None:
    shell.grab().save(str(path))
    print(f"wrote {path}")


TEXT_SIZES = {"normal": (False,), "large": (True,), "both": (False, True)}


def render_all(ctx: AppContext, out: Path, sizes: Iterable[tuple[int, int]] | None = None,
               text: str = "both", diagonal_in: float | None = None) -> int:
    """Every screen in each language, at each size (default: every KIOSK_SCREENS size) and
    text size ("normal", "large", "both"), to `out/<screen>-<locale>-<W>x<H>-<text>.png`.
    `diagonal_in`: the screen's diagonal (default: the usual panel of each size)."""
    from ui.printing import NoPrinterBackend, use_backend

    use_backend(NoPrinterBackend())  # the print screen is shot with its QR, never a real paper
    out.mkdir(parents=True, exist_ok=True)
    ok = True
    before = sizing.current()
    try:
        for width, height in sizes or KIOSK_SCREENS:
            screen = sizing.kiosk_sizing(width, height, diagonal_in)
            print(f"{screen.name}: {screen.describe()}")
            for large in TEXT_SIZES[text]:
                ok = _render_size(ctx, out, screen, large) and ok
    finally:
        sizing.use(before)
    return 0 if ok else 1


def _render_size(ctx: AppContext, out: Path, screen: sizing.Sizing, large: bool) -> bool:
    """One window at `screen`'s size (its widgets built for it), every screen in it."""
    ctx.device.settings.large_text = large  # the scratch device: each visit starts in it
    ctx.large_text = large
    shell = Shell(ctx, idle_ms=10**9, warning_ms=10**9, hide_cursor=False, sizing=screen)
    shell.resize(screen.width, screen.height)
    shell.show()
    settle()
    tag = f"{screen.name}-{'large' if large else 'normal'}"
    ok = True
    try:
        for name in navigation.SCREENS:
            module = missing_module(name)
            if module:
                print(f"skipped {name}: {module} is not written yet")
                continue
            for locale in LOCALES:
                ok = shoot(shell, name, locale, out, tag) and ok
        for locale in LOCALES:  # moments that are not screens of their own
            ok = _shoot_employer_home(shell, locale, out, tag) and ok
            ok = _shoot_idle_warning(shell, locale, out, tag) and ok
            ok = _shoot_staff_open(shell, locale, out, tag) and ok
    finally:
        shell.reset_visit()
        shell.leave_kiosk = True
        shell.close()
        shell.deleteLater()
        settle()
    return ok


def _shoot_employer_home(shell: Shell, locale: str, out: Path, tag: str) -> bool:
    """Home as an employer sees it ("What my workers get", "What I must do", ...)."""
    shell.reset_visit()
    shell.ctx.set_locale(locale)
    shell.ctx.visit.audience = "employer"
    shell.go(navigation.HOME_SCREEN)
    settle()
    if shell.current_name != navigation.HOME_SCREEN:
        return False
    save(shell, out / picture_name("home-employer", locale, tag))
    return True


def _shoot_idle_warning(shell: Shell, locale: str, out: Path, tag: str) -> bool:
    if not shoot(shell, navigation.HOME_SCREEN, locale, None):
        return False
    shell.overlay.show_countdown(15, shell.ctx.tr, locale)
    settle()
    save(shell, out / picture_name("idle-warning", locale, tag))
    shell.overlay.hide()
    return True


STAFF_PAGES = ("", "identity", "pin", "printer", "rollback")  # kiosk.pages.staff.panel.PAGES


def _shoot_staff_open(shell: Shell, locale: str, out: Path, tag: str) -> bool:
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
        save(shell, out / picture_name(f"staff-{page or 'open'}", locale, tag))
        if not page:
            column = panel.overview.area.widget()
            column.grab().save(str(out / picture_name("staff-open-whole", locale, tag)))
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
    save(shell, out / picture_name("benefit-staff", locale, tag))
    return True
