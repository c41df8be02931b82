"""The staff panel's sync part: the content version, the last try and success, the reason of
the last failure, the bytes fetched, and a "Sync now" button.

It uses the app's SyncRunner (`ctx.sync_runner`, set where the app starts one) so that "Sync
now" and the timer never run two syncs at once; without one it makes its own, which swaps the
new content in when the shell says the kiosk is idle.
"""
from __future__ import annotations

from PySide6.QtWidgets import QWidget

from kiosk.i18n import format_number, native_digits
from kiosk.sync.running import running_since
from ui.context import AppContext
from ui.staff.sections import Section, when
from ui.sync_runner import SyncRunner
from ui.widgets.buttons import BigButton
from ui.widgets.text import text_label


def runner_for(ctx: AppContext, widget: QWidget) -> SyncRunner:
    runner = getattr(ctx, "sync_runner", None)
    if isinstance(runner, SyncRunner):
        return runner
    shell = widget.window() if hasattr(widget.window(), "is_idle") else None
    runner = SyncRunner(ctx, shell=shell, parent=widget)
    return runner


class SyncSection(Section):
    def __init__(self, ctx: AppContext, runner: SyncRunner | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        self._runner = runner
        self.lines = text_label(role="body", name="staff-sync-lines")
        self.error = text_label(role="warning", name="staff-sync-error")
        self.button = BigButton("", "sync", role="secondary")
        self.button.setObjectName("staff-sync-now")
        self.button.clicked.connect(self.sync_now)
        for widget in (self.lines, self.error, self.button):
            self.body.addWidget(widget)
        ctx.content_changed.connect(self.refresh)
        ctx.locale_changed.connect(self.refresh)
        if runner is not None:
            self._connect(runner)
        self.refresh()

    @property
    def runner(self) -> SyncRunner:
        if self._runner is None:
            self._runner = runner_for(self.ctx, self)
            self._connect(self._runner)
        return self._runner

    def _connect(self, runner: SyncRunner) -> None:
        runner.state_changed.connect(self.refresh)

    def sync_now(self) -> None:
        self.runner.sync_now()
        self.refresh()

    def refresh(self) -> None:
        tr, locale = self.ctx.tr, self.ctx.locale
        state = self.ctx.device.sync_state()
        running = self._runner is not None and self._runner.running
        version = native_digits(str(self.ctx.library.meta.content_version), locale)
        lines = [tr("Content version: {version}").format(version=version)]
        if state.pending_version:
            lines.append(tr("Version {version} is ready: it shows when no one is using the kiosk")
                         .format(version=native_digits(str(state.pending_version), locale)))
        since = running_since(self.ctx.device.root)  # this app's sync, or one from the CLI
        if since:
            lines.append(tr("Sync in progress since {when}").format(when=when(since, locale)))
        server = self.ctx.device.settings.server_url or tr("(not set)")
        lines.append(tr("Server: {server}").format(server=server))
        never = tr("never")
        lines.append(tr("Last try: {when} ({result})").format(
            when=when(state.last_try, locale) or never, result=self._result(state.last_result)))
        lines.append(tr("Last success: {when}").format(when=when(state.last_success, locale) or never))
        lines.append(tr("Bytes fetched: {bytes}").format(bytes=format_number(state.bytes_fetched, locale)))
        self.title.setText(tr("Sync"))
        self.lines.setText("\n".join(lines))
        reason = state.last_error if state.last_result == "failed" else ""
        if not reason and self._runner is not None and self._runner.last_message.startswith("no sync"):
            reason = tr("No sync server is set (setting server_url).")
        self.error.setText(tr("Reason of the last failure: {reason}").format(reason=reason)
                           if reason else "")
        self.error.setVisible(bool(reason))
        self.button.set_text(tr("Syncing…") if running else tr("Sync now"))
        self.button.setEnabled(not running)

    def _result(self, result: str) -> str:
        tr, locale = self.ctx.tr, self.ctx.locale
        if result.startswith("updated to "):
            number = result.removeprefix("updated to ")
            return tr("updated to {version}").format(version=native_digits(number, locale))
        if result.startswith("up to date"):
            return tr("up to date")
        if result in ("never", "failed"):
            return tr(result)
        return result
