"""The parts of the unlocked staff panel: what the kiosk runs (content, sync, printer) and the
settings staff may change here (idle timeout, default language).

The printer and sync sections are written by other parts of the app
(`ui.staff.printer_section.PrinterSection`, `ui.staff.sync_section.SyncSection`); each appears
as soon as its module exists, and a plain status line stands in until then. Such a section is
made once per panel as `Section(ctx)`; if it defines `refresh()` (or its own argument-less
`render()`), the panel calls it each time the unlocked panel is shown or re-rendered (a language
switch included).
"""
from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import LOCALE_NAMES, LOCALES, N_, format_date, format_datetime, native_digits
from ui.context import AppContext
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label

log = logging.getLogger(__name__)

IDLE_MIN_S, IDLE_MAX_S, IDLE_STEP_S = 30, 600, 15


def optional_section(module: str, cls: str, ctx: AppContext) -> QWidget | None:
    """Another engineer's section widget, if its module is there yet."""
    try:
        return getattr(importlib.import_module(module), cls)(ctx)
    except ImportError as exc:
        if getattr(exc, "name", None) != module:
            log.exception("staff section %s could not be imported", module)
        return None


def refresh_section(widget: QWidget) -> None:
    """Bring another engineer's section up to date, by whichever name it offers."""
    for name in ("refresh", "render"):
        method = getattr(type(widget), name, None)
        if method is not None and method is not getattr(QWidget, name, None):
            getattr(widget, name)()
            return


class Section(QFrame):
    """A white panel with a heading; add lines to `body`."""

    def __init__(self, title: str = "") -> None:
        super().__init__()
        self.setObjectName("staff-section")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 16, 24, 16)
        self.body.setSpacing(8)
        self.title = text_label(title, "subtitle")
        self.body.addWidget(self.title)

    def set_lines(self, lines: list[str], name: str = "staff-status-line") -> None:
        while self.body.count() > 1:
            item = self.body.takeAt(1)
            if item.widget() is not None:
                item.widget().deleteLater()
        for line in lines:
            self.body.addWidget(text_label(line, "body", name=name))


def when(text: str, locale: str) -> str:
    """An ISO time from the content or sync state, as people read it ("" stays "")."""
    if not text:
        return ""
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    if len(text) <= 10:
        return format_date(moment.date(), locale)
    return format_datetime(moment, locale)


SYNC_RESULTS = (N_("never"), N_("up to date"), N_("failed"))


def content_lines(ctx: AppContext) -> list[str]:
    tr, locale, meta = ctx.tr, ctx.locale, ctx.library.meta
    return [
        tr("Version {version}, built {date}").format(
            version=native_digits(str(meta.content_version), locale),
            date=when(meta.built_at, locale) or tr("(date not recorded)")),
        tr("{count} records").format(count=native_digits(str(meta.records), locale)),
    ] + _fallback_lines(ctx)


def _fallback_lines(ctx: AppContext) -> list[str]:
    """What the kiosk did about a damaged bundle (Device.ensure_bundle), until a sync repairs it."""
    fallback = ctx.device.sync_state().content_fallback
    if fallback == "previous":
        return [ctx.tr("The content was damaged on this computer. The kiosk shows the previous "
                       "content until the next sync repairs it.")]
    if fallback == "shipped":
        return [ctx.tr("The content was damaged on this computer. The kiosk shows the content "
                       "that came with the app until the next sync repairs it.")]
    return []


def sync_lines(ctx: AppContext) -> list[str]:
    tr, locale = ctx.tr, ctx.locale
    state = ctx.device.sync_state()
    never = tr("never")
    result = tr(state.last_result) if state.last_result in SYNC_RESULTS else state.last_result
    if not state.last_try:
        return [tr("Last sync: never")]
    lines = [
        tr("Last sync: {when} ({result})").format(when=when(state.last_try, locale), result=result),
        tr("Last success: {when}").format(when=when(state.last_success, locale) or never),
    ]
    if state.last_error:
        lines.append(tr("Last error: {error}").format(error=state.last_error))
    return lines


def printer_lines(ctx: AppContext) -> list[str]:
    settings, tr = ctx.device.settings, ctx.tr
    if settings.printer_kind == "none":
        return [tr("No printer: every visitor gets the QR code on screen.")]
    if settings.printer_kind == "escpos":
        return [tr("Receipt printer (ESC/POS) at {address}").format(
            address=settings.printer_address or tr("(not set)"))]
    return [tr("Printer: {name}, paper {format}").format(
        name=settings.printer or tr("the system default"), format=settings.printer_format)]


class SettingsEditor(QFrame):
    """Idle timeout and default language, saved to the device at once."""

    saved = Signal()

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("staff-section")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(10)
        self.title = text_label(role="subtitle")
        self.identity = text_label(role="body", name="staff-identity")
        layout.addWidget(self.title)
        layout.addWidget(self.identity)

        row = QHBoxLayout()
        self.idle_label = text_label(role="body")
        self.minus = BigButton("", "minus", role="secondary")
        self.minus.setObjectName("staff-idle-minus")
        self.value = QLabel()
        self.value.setObjectName("staff-idle-value")
        self.value.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.value.setMinimumWidth(160)
        self.plus = BigButton("", "plus", role="secondary")
        self.plus.setObjectName("staff-idle-plus")
        self.minus.clicked.connect(lambda: self.step_idle(-IDLE_STEP_S))
        self.plus.clicked.connect(lambda: self.step_idle(IDLE_STEP_S))
        row.addWidget(self.idle_label, 1)
        for widget in (self.minus, self.value, self.plus):
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            row.addWidget(widget)
        layout.addLayout(row)

        row = QHBoxLayout()
        self.language_label = text_label(role="body")
        row.addWidget(self.language_label, 1)
        self.language_buttons: dict[str, BigButton] = {}
        for locale in LOCALES:
            button = BigButton(LOCALE_NAMES[locale], role="choice")
            button.setObjectName(f"staff-default-{locale}")
            button.setCheckable(True)
            button.clicked.connect(lambda _=False, loc=locale: self.set_default_locale(loc))
            self.language_buttons[locale] = button
            row.addWidget(button)
        layout.addLayout(row)
        self.note = text_label(role="note", name="staff-saved")
        layout.addWidget(self.note)

    def render(self) -> None:
        tr, settings = self.ctx.tr, self.ctx.device.settings
        self.title.setText(tr("This kiosk"))
        self.identity.setText(tr("Name: {name}. Location: {location}").format(
            name=settings.kiosk_name, location=settings.location or tr("(not set)")))
        self.idle_label.setText(tr("Start again after this many seconds without a touch"))
        self.value.setText(native_digits(str(settings.idle_timeout_s), self.ctx.locale))
        self.language_label.setText(tr("Language a visit starts in"))
        for locale, button in self.language_buttons.items():
            button.setChecked(locale == settings.default_locale)

    def step_idle(self, delta: int) -> None:
        settings = self.ctx.device.settings
        settings.idle_timeout_s = min(IDLE_MAX_S, max(IDLE_MIN_S, settings.idle_timeout_s + delta))
        self._save()

    def set_default_locale(self, locale: str) -> None:
        self.ctx.device.settings.default_locale = locale
        self._save()

    def _save(self) -> None:
        self.ctx.device.save_settings()
        self.render()
        self.note.setText(self.ctx.tr("Saved."))
        self.saved.emit()


def leave_button(tr: Callable[[str], str]) -> BigButton:
    button = BigButton(tr("Leave kiosk mode (close the app)"), "exit-run", role="danger")
    button.setObjectName("staff-leave")
    return button
