"""The staff panel's counts part: today's anonymous counts on this kiosk, and when the last
upload went out (and where, and whether it worked)."""
from __future__ import annotations

import datetime as dt

from kiosk.counts.outbox import Outbox
from kiosk.i18n import format_number
from ui.context import AppContext
from ui.staff.sections import Section, when
from ui.widgets.text import text_label


class CountsSection(Section):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.today = text_label(role="body", name="staff-counts-today")
        self.upload = text_label(role="body", name="staff-counts-upload")
        self.error = text_label(role="warning", name="staff-counts-error")
        for widget in (self.today, self.upload, self.error):
            self.body.addWidget(widget)
        ctx.locale_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        tr, locale = self.ctx.tr, self.ctx.locale
        n = lambda value: format_number(value, locale)  # noqa: E731
        with Outbox.of(self.ctx.device.root) as outbox:
            totals = outbox.totals(dt.date.today().isoformat())
            last = outbox.last_upload()
            waiting = len(outbox.pending())
        prints = totals.get("print", {})
        paper = sum(v for k, v in prints.items() if k.endswith(":paper"))
        qr = sum(v for k, v in prints.items() if k.endswith(":qr"))
        self.title.setText(tr("Today on this kiosk"))
        self.today.setText(tr("Visits: {visits}. Got an answer: {answers}. Printouts: {paper}. "
                              "QR code instead of paper: {qr}.").format(
            visits=n(totals.get("visits", {}).get("", 0)),
            answers=n(totals.get("funnel", {}).get("decision", 0)), paper=n(paper), qr=n(qr)))
        target = self.ctx.device.settings.upload_target or tr("(not set)")
        if last.result == "never" or not last.at:
            line = tr("Last upload: never. Target: {target}").format(target=target)
        else:
            result = tr("worked") if last.result == "ok" else tr("failed")
            line = tr("Last upload: {when} ({result}). Target: {target}").format(
                when=when(last.at, locale), result=result, target=target)
        line += "\n" + tr("Days waiting to be sent: {days}").format(days=n(waiting))
        self.upload.setText(line)
        self.error.setText(tr("Reason: {reason}").format(reason=last.error)
                           if last.result == "failed" and last.error else "")
        self.error.setVisible(last.result == "failed" and bool(last.error))
