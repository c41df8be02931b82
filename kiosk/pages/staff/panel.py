"""The unlocked staff panel: what the kiosk runs, and what staff may do here.

Blocks of state (this kiosk, its content, sync, printer, today's visits), each line already in
the staff member's language: an interface word from the catalogs, a number in the locale's
digits, a time in the kiosk's clock. What only IT can act on (a sync failure's detail as the
sync wrote it, a printer's own error) is labelled as such. Below: the ways to the panel's other
pages (name and location, PIN, printer and paper, rolling back the content), sync now, a test
page, the settings that take one tap (idle time, the language a visit starts in, large text),
and leaving kiosk mode. The actions that change a setting live here too and save at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.content.library import Library
from kiosk.device import Device, Settings
from kiosk.i18n import LOCALE_NAMES, LOCALES, N_, format_number, tr
from kiosk.pages.parts import Button, Choice, Route, Stepper, route
from kiosk.pages.staff.state import KioskState, when

if TYPE_CHECKING:
    from kiosk.guidance.documents import Document

SCREEN = "staff"
IDLE_MIN_S, IDLE_MAX_S, IDLE_STEP_S = 30, 600, 15

# the panel's own pages: Route("staff", {"page": ...}), Back returns to the panel
PAGES = ("identity", "pin", "printer", "rollback")

PAPERS = {"a4": N_("A4 sheet"), "receipt": N_("receipt (80 mm)")}
ICONS = {
    "kiosk": "monitor-dashboard", "content": "database-check-outline", "sync": "sync",
    "printer": "printer", "today": "account-group", "identity": "map-marker-radius",
    "pin": "lock-reset", "rollback": "history", "test": "printer-check", "leave": "exit-run",
    "idle": "timer-sand", "language": "translate", "large-text": "format-size",
}


@dataclass(frozen=True)
class Action:
    """A button of a block: to one of the panel's pages (`route`), or acting here (`route`
    None: the screen does what `key` names: "sync-now", "test-page")."""

    key: str
    text: str
    icon: str
    route: Route | None = None
    enabled: bool = True


@dataclass(frozen=True)
class Block:
    """A titled block of what the kiosk runs: lines to read, the one that needs someone to act
    (`warning`, "" when all is well), the buttons that act on it, and what the last of them
    did (`note`)."""

    key: str
    heading: str
    icon: str
    lines: tuple[str, ...]
    warning: str = ""
    actions: tuple[Action, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class TestPrint:
    """What the last test page did: "" (none yet), "printing", "sent" or "failed"."""

    state: str = ""
    problem: str = ""  # the printer's problem, already in the staff member's language


@dataclass(frozen=True)
class StaffPanelPage:
    title: str
    warnings: tuple[str, ...]  # never provisioned; damaged content shown instead
    blocks: tuple[Block, ...]  # kiosk, content, sync, printer, today
    settings_heading: str
    idle_label: str
    idle: Stepper
    language_label: str
    languages: tuple[Choice, ...]
    large_text_label: str
    large_text: tuple[Choice, ...]  # on, off
    note: str  # "Saved." after a change
    leave: Button

    def block(self, key: str) -> Block:
        return next(block for block in self.blocks if block.key == key)


def panel_page(state: KioskState, locale: str, *, syncing: bool = False,
               test: TestPrint = TestPrint(), note: str = "") -> StaffPanelPage:
    s = state.settings
    warnings = []
    if state.provisioned_at is None:
        warnings.append(tr("This kiosk was never provisioned: it has no name, server or PIN of "
                           "its own. Ask NSSF IT to provision it (kiosk provision FILE).", locale))
    fallback = content_fallback_line(state, locale)
    if fallback:
        warnings.append(fallback)
    idle_top = max(IDLE_MAX_S, s.idle_timeout_s)  # a provisioned value above it stays reachable
    return StaffPanelPage(
        title=tr("Staff panel", locale),
        warnings=tuple(warnings),
        blocks=(kiosk_block(state, locale), content_block(state, locale),
                sync_block(state, locale, syncing), printer_block(state, locale, test),
                today_block(state, locale)),
        settings_heading=tr("Settings", locale),
        idle_label=tr("Start again after this many seconds without a touch", locale),
        idle=Stepper(IDLE_MIN_S, idle_top, IDLE_STEP_S, s.idle_timeout_s, tr("seconds", locale),
                     locale),
        language_label=tr("Language a visit starts in", locale),
        languages=tuple(Choice(loc, LOCALE_NAMES[loc], loc == s.default_locale)
                        for loc in LOCALES),
        large_text_label=tr("Large text for every visit", locale),
        large_text=(Choice("on", tr("On", locale), s.large_text),
                    Choice("off", tr("Off", locale), not s.large_text)),
        note=note,
        leave=Button(tr("Leave kiosk mode (close the app)", locale), ICONS["leave"]),
    )


def page_link(key: str, text: str) -> Action:
    return Action(key, text, ICONS[key], route(SCREEN, page=key))


# --- the blocks --------------------------------------------------------------------------------
def kiosk_block(state: KioskState, locale: str) -> Block:
    s = state.settings
    lines = [tr("Name: {name}", locale).format(name=s.kiosk_name),
             tr("Location: {location}", locale).format(location=s.location or tr("not set", locale))]
    if state.provisioned_at is not None:
        lines.append(tr("Provisioned on {date}", locale).format(
            date=when(state.provisioned_at, locale) or tr("a date not recorded", locale)))
    lines.append(tr("App version {version}", locale).format(version=state.app_version))
    return Block("kiosk", tr("This kiosk", locale), ICONS["kiosk"], tuple(lines), actions=(
        page_link("identity", tr("Name and location", locale)),
        page_link("pin", tr("Change the staff PIN", locale))))


def content_block(state: KioskState, locale: str) -> Block:
    n = lambda value: format_number(value, locale)  # noqa: E731
    content, previous = state.content, state.previous
    lines = [tr("Version {version}, built {date}", locale).format(
                 version=n(content.version),
                 date=when(content.built_at, locale) or tr("on a date not recorded", locale)),
             tr("{count} records", locale).format(count=n(content.records))]
    if previous is not None:
        lines.append(tr("Kept for going back: version {version}, built {date}", locale).format(
            version=n(previous.version),
            date=when(previous.built_at, locale) or tr("on a date not recorded", locale)))
    else:
        lines.append(tr("No earlier content is kept to go back to.", locale))
    back = page_link("rollback", tr("Go back to the previous content", locale))
    if previous is None:
        back = Action(back.key, back.text, back.icon, None, enabled=False)
    return Block("content", tr("Content", locale), ICONS["content"], tuple(lines),
                 content_fallback_line(state, locale), (back,))


def content_fallback_line(state: KioskState, locale: str) -> str:
    """What the kiosk did about a damaged bundle (Device.ensure_bundle), until a sync repairs it."""
    if state.sync.content_fallback == "previous":
        return tr("The content was damaged on this computer. The kiosk shows the previous "
                  "content until the next sync repairs it.", locale)
    if state.sync.content_fallback == "shipped":
        return tr("The content was damaged on this computer. The kiosk shows the content "
                  "that came with the app until the next sync repairs it.", locale)
    return ""


def sync_result(result: str, locale: str) -> str:
    """The sync state's last result ("updated to 8", "up to date", "failed") in words."""
    if result.startswith("updated to "):
        word = (result.removeprefix("updated to ").split() or [""])[0]
        version = format_number(int(word), locale) if word.isdigit() else word
        return tr("updated to version {version}", locale).format(version=version)
    if result.startswith("up to date"):
        return tr("already up to date", locale)
    if result == "failed":
        return tr("failed", locale)
    return result


def sync_block(state: KioskState, locale: str, syncing: bool = False) -> Block:
    n = lambda value: format_number(value, locale)  # noqa: E731
    sync, server = state.sync, state.settings.server_url
    lines = [tr("Server: {server}", locale).format(server=server) if server
             else tr("No sync server is set.", locale)]
    if state.sync_since:
        lines.append(tr("Sync in progress since {when}", locale).format(when=when(state.sync_since, locale)))
    if sync.pending_version:
        lines.append(tr("Version {version} is ready: it shows when no one is using the kiosk", locale)
                     .format(version=n(sync.pending_version)))
    if sync.last_try:
        lines.append(tr("Last try: {when}, {result}", locale).format(
            when=when(sync.last_try, locale), result=sync_result(sync.last_result, locale)))
        lines.append(tr("Bytes fetched by it: {bytes}", locale).format(bytes=n(sync.bytes_fetched)))
    else:
        lines.append(tr("No sync has been tried yet.", locale))
    lines.append(tr("Last success: {when}", locale).format(when=when(sync.last_success, locale))
                 if sync.last_success else tr("No sync has succeeded yet.", locale))
    warning = ""
    if sync.last_result == "failed" and sync.last_error:
        warning = tr("The last sync failed. What it said, for NSSF IT: {reason}", locale).format(
            reason=sync.last_error)
    elif not server:
        warning = tr("Ask NSSF IT to set the sync server (setting server_url).", locale)
    busy = syncing or bool(state.sync_since)
    now = Action("sync-now", tr("Syncing…", locale) if busy else tr("Sync now", locale), ICONS["sync"],
                 enabled=not busy and bool(server))
    return Block("sync", tr("Sync", locale), ICONS["sync"], tuple(lines), warning, (now,))


def printer_name(state: KioskState, locale: str) -> str:
    s = state.settings
    if s.printer_kind == "none":
        return tr("none: visitors scan the QR code", locale)
    if s.printer_kind == "escpos":
        return tr("Receipt printer (ESC/POS) at {address}", locale).format(
            address=s.printer_address or tr("not set", locale))
    return s.printer or tr("the system default printer", locale)


def printer_block(state: KioskState, locale: str, test: TestPrint = TestPrint()) -> Block:
    s, status = state.settings, state.printer
    lines = [tr("Printer: {name}", locale).format(name=printer_name(state, locale)),
             tr("Paper: {paper}", locale).format(paper=tr(PAPERS[s.printer_format], locale))]
    warning = ""
    if not status.problem_at and not status.last_ok:
        lines.append(tr("Nothing printed yet.", locale))
    elif status.working:
        lines.append(tr("Working. Last print: {when}", locale).format(when=when(status.last_ok, locale)))
    else:
        warning = tr("Last problem: {problem} ({when})", locale).format(
            problem=status.problem(locale), when=when(status.problem_at, locale))
    if status.fallbacks:
        lines.append(tr("Visitors shown the QR code instead of paper: {count}", locale).format(
            count=format_number(status.fallbacks, locale)))
    results = {"": "", "printing": tr("Printing the test page…", locale),
               "sent": tr("Test page sent to the printer.", locale)}
    result = results.get(test.state)
    if result is None:
        result = tr("Test page failed: {problem}", locale).format(problem=test.problem)
    return Block("printer", tr("Printer", locale), ICONS["printer"], tuple(lines), warning, (
        page_link("printer", tr("Printer and paper", locale)),
        Action("test-page", tr("Print a test page", locale), ICONS["test"],
               enabled=test.state != "printing" and s.printer_kind != "none"),
    ), result)


def today_block(state: KioskState, locale: str) -> Block:
    n = lambda value: format_number(value, locale)  # noqa: E731
    today, target = state.today, state.settings.upload_target
    heading = tr("Today on this kiosk", locale)
    if today is None:
        return Block("today", heading, ICONS["today"], (),
                     tr("Today's counts cannot be read on this computer.", locale))
    last = today.last_upload
    lines = [tr("Visits: {count}", locale).format(count=n(today.visits)),
             tr("Reached an answer: {count}", locale).format(count=n(today.answers)),
             tr("Printed: {count}. QR code instead of paper: {qr}", locale).format(
                 count=n(today.printed), qr=n(today.qr_instead)),
             tr("Counts go to: {target}", locale).format(target=target) if target
             else tr("Counts are kept here: no upload target is set.", locale)]
    if last.result == "never" or not last.at:
        lines.append(tr("No upload has gone out yet.", locale))
    else:
        lines.append(tr("Last upload: {when}, {result}", locale).format(
            when=when(last.at, locale),
            result=tr("it worked", locale) if last.result == "ok" else tr("failed", locale)))
    lines.append(tr("Days waiting to be sent: {days}", locale).format(days=n(today.waiting_days)))
    warning = ""
    if last.result == "failed" and last.error:
        warning = tr("The last upload failed. What it said, for NSSF IT: {reason}", locale).format(
            reason=last.error)
    return Block("today", heading, ICONS["today"], tuple(lines), warning)


# --- actions that take one tap ---------------------------------------------------------------
def set_idle(device: Device, seconds: int) -> None:
    s = device.settings
    top = max(IDLE_MAX_S, s.idle_timeout_s)
    s.set("idle_timeout_s", min(top, max(IDLE_MIN_S, int(seconds))))
    device.save_settings()


def set_default_locale(device: Device, locale: str) -> None:
    device.settings.set("default_locale", locale)
    device.save_settings()


def set_large_text(device: Device, on: bool) -> None:
    device.settings.set("large_text", on)
    device.save_settings()


def saved_note(locale: str) -> str:
    return tr("Saved.", locale)


def printer_test_document(library: Library, settings: Settings, locale: str) -> Document:
    """The printer test page as a document (quick), its QR to the phone site; the kiosk
    renders and prints it in a print process (ui/print_worker.py)."""
    from kiosk.guidance.compose import test_document
    from kiosk.i18n import check_locale
    from kiosk.site.address import site_url_for

    check_locale(locale)
    return test_document(locale, kiosk_name=settings.kiosk_name, printer=settings.printer,
                         version=library.meta.content_version,
                         site_url=site_url_for(library, settings))
