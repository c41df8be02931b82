"""The report as one self-contained HTML page: text, tables and inline SVG charts, its own
fonts embedded, no script and nothing fetched, so it opens from an e-mail or a USB stick and
prints on A4."""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence

from kiosk.counts.vocabulary import END_HOW
from kiosk.i18n import format_date, format_number, format_percent, native_digits
from kiosk.report import charts
from kiosk.report.fonts import font_faces
from kiosk.report.load import Loaded
from kiosk.report.names import Names
from kiosk.report.queries import ReportData

CSS = """
:root { --ink:#1f2933; --muted:#52606d; --line:#cbd2d9; --blue:#1c4e80; --light:#7aa6d6;
        --warn:#b44d12; --bg:#f5f7fa; }
* { box-sizing: border-box; }
body { font-family: 'Noto Sans', 'Noto Sans Khmer', sans-serif; color: var(--ink); margin: 0;
       background: white; line-height: 1.55; -webkit-print-color-adjust: exact;
       print-color-adjust: exact; }
html[lang=km] body { line-height: 1.8; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 1.9rem; margin: 0 0 4px; color: var(--blue); }
h2 { font-size: 1.35rem; margin: 36px 0 8px; color: var(--blue); border-bottom: 2px solid var(--line);
     padding-bottom: 4px; }
h3 { font-size: 1.05rem; margin: 18px 0 6px; }
p.lead { color: var(--muted); margin: 0 0 16px; }
p.note { color: var(--muted); font-size: 0.9rem; }
.kpis { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.kpi { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px;
       background: var(--bg); }
.kpi b { display: block; font-size: 1.6rem; color: var(--blue); }
.kpi span { color: var(--muted); font-size: 0.9rem; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 4px; font-size: 0.92rem; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--bg); font-weight: 700; }
td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bar { width: 22%; }
.bar span { display: block; height: 0.8em; margin-top: 0.45em; background: var(--light);
            border: 1px solid var(--blue); min-width: 1px; }
tr.flag td { background: #fdf1e7; }
.flags b { color: var(--warn); display: block; }
code { font-size: 0.85rem; color: var(--muted); white-space: nowrap; }
.nw { white-space: nowrap; }
svg.chart { width: 100%; height: auto; max-height: 420px; }
.two { display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
@media (max-width: 800px) { .two { grid-template-columns: 1fr; } }
@page { size: A4; margin: 12mm; }
@media print {
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  table, svg.chart, .kpis { break-inside: avoid; }
  tr { break-inside: avoid; }
}
"""


class Page:
    def __init__(self, data: ReportData, names: Names, loaded: Loaded) -> None:
        self.data, self.names, self.loaded = data, names, loaded
        self.locale = names.locale
        self.tr = names.tr

    # --- formatting --------------------------------------------------------------------------
    def n(self, value: int) -> str:
        return format_number(value, self.locale)

    def pct(self, part: int, whole: int) -> str:
        if not whole:
            return "–"
        return format_percent(round(100 * part / whole, 1), self.locale)

    def day(self, day: dt.date | str | None) -> str:
        if not day:
            return self.tr("never")
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                return html.escape(day)
        return format_date(day, self.locale)

    def compact_day(self, day: dt.date | str | None) -> str:
        """A day in a crowded table: "30 Nov 2026"."""
        from babel.dates import format_date as babel_date

        if not day:
            return self.tr("never")
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day)
            except ValueError:
                return html.escape(day)
        return native_digits(babel_date(day, format="d MMM y", locale=self.locale), self.locale)

    def short_day(self, day: dt.date) -> str:
        """A chart's axis label: "2 Nov" (the year is in the table below)."""
        from babel.dates import format_date as babel_date

        return native_digits(babel_date(day, format="d MMM", locale=self.locale), self.locale)

    @staticmethod
    def esc(text: object) -> str:
        return html.escape(str(text))

    def table(self, head: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int],
              flags: Iterable[bool] | None = None) -> str:
        """A table; cells are HTML already escaped by the caller."""
        out = ["<table><thead><tr>"]
        out += [f'<th class="{"n" if i in numeric else ""}">{self.esc(h)}</th>'
                for i, h in enumerate(head)]
        out.append("</tr></thead><tbody>")
        flag_list = list(flags) if flags is not None else None
        for index, row in enumerate(rows):
            flagged = flag_list is not None and flag_list[index]
            out.append('<tr class="flag">' if flagged else "<tr>")
            for i, cell in enumerate(row):
                cls = "n" if i in numeric else ("bar" if cell.startswith('<div class="bar"') else "")
                out.append(f'<td class="{cls}">{cell}</td>')
            out.append("</tr>")
        if index_empty(out):
            out.append(f'<tr><td colspan="{len(head)}">{self.esc(self.tr("No data yet."))}</td></tr>')
        out.append("</tbody></table>")
        return "".join(out)

    @staticmethod
    def bar(value: int, top: int) -> str:
        width = 0 if not top else max(0.5, 100 * value / top)
        return f'<div class="bar"><span style="width:{width:.1f}%"></span></div>'

    # --- the page ----------------------------------------------------------------------------
    def render(self) -> str:
        body = "\n".join(section() for section in (
            self.header, self.funnel, self.ended, self.questions, self.benefits, self.checklists,
            self.records, self.prints, self.people, self.weeks, self.hours, self.kiosks, self.fleet,
            self.about))
        title = self.tr("NSSF kiosks: where visitors give up")
        fonts = font_faces(title + html.unescape(_strip_tags(body)))
        return (f'<!DOCTYPE html>\n<html lang="{self.locale}"><head><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{self.esc(title)}</title><style>{fonts}\n{CSS}</style></head>"
                f"<body><main>\n{body}\n</main></body></html>\n")

    def header(self) -> str:
        d, tr = self.data, self.tr
        period = (f"{self.day(d.first_day)} – {self.day(d.last_day)}" if d.first_day
                  else tr("No data yet."))
        flagged = sum(1 for r in d.fleet if r.silent or r.behind or r.printer == "problem")
        kpis = [(d.totals.get("visits", 0), tr("visits")),
                (d.totals.get("decisions", 0), tr("got an answer")),
                (d.totals.get("paper", 0), tr("printouts")),
                (d.totals.get("qr", 0), tr("QR code instead of paper")),
                (d.kiosks, tr("kiosks")), (flagged, tr("kiosks to look at"))]
        tiles = "".join(f'<div class="kpi"><b>{self.n(v)}</b><span>{self.esc(t)}</span></div>'
                        for v, t in kpis)
        lead = tr("{period}. As of {day}. Counts only: no visitor can be told apart.").format(
            period=period, day=self.day(d.as_of))
        return (f"<header><h1>{self.esc(tr('NSSF kiosks: where visitors give up'))}</h1>"
                f'<p class="lead">{self.esc(lead)}</p><div class="kpis">{tiles}</div></header>')

    def funnel(self) -> str:
        d, tr = self.data, self.tr
        visits = d.totals.get("visits", 0)
        labels = [self.names.step(step) for step, _r, _l in d.funnel]
        chart = charts.funnel(labels, [r for _s, r, _l in d.funnel], [x for _s, _r, x in d.funnel],
                              tr("left at this step"), tr("reached this step"), self.n) \
            if visits else ""
        rows = []
        for index, (step, reached, left) in enumerate(d.funnel):
            following = d.funnel[index + 1][1] if index + 1 < len(d.funnel) else None
            drop = self.pct(reached - following, reached) if following is not None else ""
            rows.append([self.esc(self.names.step(step)), self.n(reached), self.pct(reached, visits),
                         self.n(left), drop])
        head = [tr("Step"), tr("Visits"), tr("Of all visits"), tr("Left here"),
                tr("Lost before the next step")]
        note = tr("A visit counts at every step it reached; \"left here\" is its deepest step.")
        return (f"<section><h2>{self.esc(tr('From the first touch to the paper'))}</h2>{chart}"
                f"{self.table(head, rows, {1, 2, 3, 4})}<p class=\"note\">{self.esc(note)}</p></section>")

    def ended(self) -> str:
        """Every screen: how many visits showed it, how many ended there, and how they ended."""
        d, tr, names = self.data, self.tr, self.names
        total = sum(n for _k, n in d.ended)
        rows = [[self.esc(names.screen(screen)), self.n(reached), self.n(ended),
                 self.pct(ended, total), self.n(done), self.n(finish), self.n(idle)]
                for screen, reached, ended, done, finish, idle in d.screens]
        # short heads: the table has seven columns (the long names are in the table below)
        head = [tr("Screen"), tr("Visits that showed it"), tr("Ended here"), tr("Share"),
                tr("Done"), tr("Finish"), tr("Walked away")]
        told = sum(d.ends.values())
        ends = [[self.esc(names.end_how(how)), self.n(d.ends.get(how, 0)),
                 self.pct(d.ends.get(how, 0), told)] for how in END_HOW]
        note = tr("How a visit ended is counted by kiosks with counts format version 2; "
                  "older kiosks count only where.")
        return (f"<section><h2>{self.esc(tr('Screens, and where visits ended'))}</h2>"
                f"{self.table(head, rows, {1, 2, 3, 4, 5, 6})}"
                f"<h3>{self.esc(tr('How visits ended'))}</h3>"
                f"{self.table([tr('How'), tr('Visits'), tr('Share')], ends, {1, 2})}"
                f'<p class="note">{self.esc(note)}</p></section>')

    def records(self) -> str:
        """The guides and their check, the other records opened, the monthly totals."""
        d, tr, names = self.data, self.tr, self.names
        guides = [[self.esc(names.record(f"guides:{g}")), self.n(opened), self.n(checks),
                   self.pct(checks, opened)] for g, opened, checks in d.guides]
        guide_head = [tr("Guide"), tr("Opened"), tr("Started \"Is my card working?\""),
                      tr("Of the opens")]
        others = [(ref, n) for ref, n in d.opened if not ref.startswith("guides:")][:15]
        top = max((n for _r, n in others), default=0)
        rows = [[self.esc(names.kind(ref.partition(":")[0])), self.esc(names.record(ref)),
                 self.n(n), self.bar(n, top)] for ref, n in others]
        monthly = dict((s[0], s[1]) for s in d.screens).get("monthly", 0)
        totals = tr("Monthly totals worked out by employers: {totals} (in {visits} visits that "
                    "showed the screen). Counted only: never how many workers, a wage or an "
                    "amount.").format(totals=self.n(d.totals.get("monthly_totals", 0)),
                                      visits=self.n(monthly))
        return (f"<section><h2>{self.esc(tr('Guides, stories, offices and duties'))}</h2>"
                f"{self.table(guide_head, guides, {1, 2, 3})}"
                f"<h3>{self.esc(tr('Opened at one record'))}</h3>"
                f"{self.table([tr('Kind'), tr('Record'), tr('Opened'), ''], rows, {2})}"
                f'<p class="note">{self.esc(totals)}</p></section>')

    def questions(self) -> str:
        d, tr = self.data, self.tr
        top = max((q[3] for q in d.questions), default=0)
        rows = [[self.esc(self.names.question(q)), self.n(reached), self.n(answered), self.n(stopped),
                 self.pct(stopped, reached), self.bar(stopped, top)]
                for q, reached, answered, stopped, _last in d.questions]
        head = [tr("Question"), tr("Shown"), tr("Answered"), tr("Left on it"), tr("Left"), ""]
        return (f"<section><h2>{self.esc(tr('Interview questions where visitors stop'))}</h2>"
                f"{self.table(head, rows, {1, 2, 3, 4})}</section>")

    def benefits(self) -> str:
        d, tr, names = self.data, self.tr, self.names
        top = max((n for _k, n in d.benefits), default=0)
        rows = [[self.esc(names.benefit(k)), self.n(n), self.bar(n, top)] for k, n in d.benefits]
        outcomes = ("eligible", "not_eligible", "not_yet", "unknown", "ask_staff")
        out_rows = []
        for benefit in sorted(d.outcomes, key=lambda b: -sum(d.outcomes[b].values())):
            counts = d.outcomes[benefit]
            out_rows.append([self.esc(names.benefit(benefit)),
                             *[self.n(counts.get(o, 0)) for o in outcomes]])
        answers = self.table([tr("Benefit"), *[names.outcome(o) for o in outcomes]], out_rows,
                             {1, 2, 3, 4, 5})
        return (f"<section><h2>{self.esc(tr('Benefits most looked at'))}</h2>"
                f"{self.table([tr('Benefit'), tr('Card opened'), ''], rows, {1})}"
                f"<h3>{self.esc(tr('Answers given, per benefit'))}</h3>{answers}</section>")

    def checklists(self) -> str:
        d, tr, names = self.data, self.tr, self.names
        top = max((n for _k, n in d.checklists), default=0)
        rows = [[self.esc(names.checklist(k)), self.n(n), self.bar(n, top)] for k, n in d.checklists]
        mtop = max((m[2] for m in d.missing), default=0)
        missing = [[self.esc(names.document(doc)), self.esc(names.checklist(cl)), self.n(n),
                    self.pct(n, opened), self.bar(n, mtop)] for cl, doc, n, opened in d.missing]
        papers = self.table([tr("Paper"), tr("Checklist"), tr("Not ticked"), tr("Of the opens"), ""],
                            missing, {2, 3})
        note = tr("A paper counts as missing when the visitor had not ticked it when the visit ended.")
        return (f"<section><h2>{self.esc(tr('Claim checklists most opened'))}</h2>"
                f"{self.table([tr('Checklist'), tr('Opened'), ''], rows, {1})}"
                f"<h3>{self.esc(tr('Papers most often missing'))}</h3>{papers}"
                f'<p class="note">{self.esc(note)}</p></section>')

    def prints(self) -> str:
        d, tr, names = self.data, self.tr, self.names
        weeks = d.weeks
        chart = charts.bars([self.short_day(w) for w, *_r in weeks],
                            [(tr("paper"), [p for *_x, p, _q in weeks]),
                             (tr("QR code"), [q for *_x, q in weeks])], number=self.n) if weeks else ""
        rows = [[self.esc(names.print_kind(k)), self.n(p), self.n(q), self.pct(q, p + q)]
                for k, p, q in d.prints]
        head = [tr("What was printed"), tr("Paper"), tr("QR code instead"), tr("QR share")]
        return (f"<section><h2>{self.esc(tr('Print or QR code'))}</h2>{chart}"
                f"{self.table(head, rows, {1, 2, 3})}</section>")

    def people(self) -> str:
        d, tr, names = self.data, self.tr, self.names
        visits = d.totals.get("visits", 0)
        lang = [[self.esc(names.language(k)), self.n(n), self.pct(n, visits)] for k, n in d.languages]
        aud = [[self.esc(names.audience(k)), self.n(n), self.pct(n, visits)] for k, n in d.audiences]
        search = [[self.esc(names.record(k)), self.n(n)] for k, n in d.searches]
        return (f"<section><h2>{self.esc(tr('Languages and audiences'))}</h2><div class=\"two\">"
                f"<div>{self.table([tr('Language'), tr('Visits'), tr('Share')], lang, {1, 2})}</div>"
                f"<div>{self.table([tr('Who'), tr('Visits'), tr('Share')], aud, {1, 2})}</div></div>"
                f"<h3>{self.esc(tr('Search results opened'))}</h3>"
                f"{self.table([tr('Record'), tr('Opened')], search, {1})}"
                f"<p class=\"note\">{self.esc(tr('A visit may use both languages.'))}</p></section>")

    def weeks(self) -> str:
        d, tr = self.data, self.tr
        chart = charts.bars([self.short_day(w) for w, *_r in d.weeks],
                            [(tr("visits"), [v for _w, v, *_r in d.weeks]),
                             (tr("got an answer"), [a for _w, _v, a, *_r in d.weeks])],
                            stacked=False, number=self.n) if d.weeks else ""
        rows = [[self.esc(tr("week of {day}").format(day=self.day(w))), self.n(v), self.n(a),
                 self.n(p), self.n(q)] for w, v, a, p, q in d.weeks]
        head = [tr("Week"), tr("Visits"), tr("Got an answer"), tr("Paper"), tr("QR code")]
        return (f"<section><h2>{self.esc(tr('By week'))}</h2>{chart}"
                f"{self.table(head, rows, {1, 2, 3, 4})}</section>")

    def hours(self) -> str:
        d, tr = self.data, self.tr
        if not d.hours:
            return ""
        labels = [native_digits(h, self.locale) for h, _n in d.hours]
        chart = charts.bars(labels, [(tr("visits"), [n for _h, n in d.hours])], height=2.2,
                            number=self.n)
        return (f"<section><h2>{self.esc(tr('Visits by hour of the day'))}</h2>{chart}"
                f"<p class=\"note\">{self.esc(tr('The hour the visit began, kiosk time.'))}</p></section>")

    def kiosks(self) -> str:
        d, tr = self.data, self.tr
        rows = [[self.esc(name or kiosk), f"<code>{self.esc(kiosk)}</code>", self.n(v), self.n(a),
                 self.n(p), self.n(q), self.pct(q, p + q), self.n(days)]
                for kiosk, name, v, a, p, q, days in d.by_kiosk]
        head = [tr("Kiosk"), tr("Id"), tr("Visits"), tr("Got an answer"), tr("Paper"),
                tr("QR code"), tr("QR share"), tr("Days with visits")]
        return (f"<section><h2>{self.esc(tr('By kiosk'))}</h2>"
                f"{self.table(head, rows, {2, 3, 4, 5, 6, 7})}</section>")

    def fleet(self) -> str:
        d, tr = self.data, self.tr
        newest = max((r.content_version for r in d.fleet), default=0)
        rows, flags = [], []
        for r in d.fleet:
            notes = []
            if r.silent:
                days = (d.as_of - r.last_heartbeat).days if r.last_heartbeat else None
                notes.append(tr("Silent for {days} days").format(days=self.n(days)) if days is not None
                             else tr("Never heard from"))
            if r.behind:
                notes.append(tr("Content {version}, newest {newest}").format(
                    version=self.n(r.content_version), newest=self.n(newest)))
            if r.printer == "problem":
                notes.append(tr("Printer problem since {day}").format(
                    day=self.compact_day(r.printer_problem_day)))
            if r.last_sync_result == "failed":
                notes.append(tr("Last sync failed"))
            sync = (f'<span class="nw">{self.compact_day(r.last_sync_day)}</span><br>'
                    f"{self.esc(self.sync_result(r.last_sync_result))}")
            rows.append([
                f"{self.esc(r.name or r.kiosk)}<br><code>{self.esc(r.kiosk)}</code>",
                self.esc(r.location), self.esc(r.app_version), self.n(r.content_version),
                f'<span class="nw">{self.compact_day(r.last_heartbeat)}</span>', sync,
                self.esc(self.printer(r.printer)),
                self.n(r.free_disk_mb), self.n(r.errors_week),
                '<span class="flags">' + "".join(f"<b>{self.esc(x)}</b>" for x in notes) + "</span>"])
            flags.append(bool(notes))
        head = [tr("Kiosk"), tr("Where"), tr("App"), tr("Content"), tr("Last heartbeat"),
                tr("Last sync"), tr("Printer"), tr("Free disk (MiB)"), tr("Errors (7 days)"),
                tr("Look at")]
        note = tr("Flagged: no heartbeat for more than a day, content older than the newest any "
                  "kiosk shows, a printer problem, or a failed last sync.")
        return (f"<section><h2>{self.esc(tr('The fleet'))}</h2>"
                f"{self.table(head, rows, {3, 7, 8}, flags)}<p class=\"note\">{self.esc(note)}</p></section>")

    def sync_result(self, result: str) -> str:
        words = {"updated": self.tr("updated"), "up to date": self.tr("up to date"),
                 "failed": self.tr("failed"), "never": self.tr("never")}
        return words.get(result, result)

    def printer(self, state: str) -> str:
        words = {"ok": self.tr("working"), "problem": self.tr("problem"),
                 "unused": self.tr("nothing printed yet")}
        return words.get(state, state)

    def about(self) -> str:
        loaded, tr = self.loaded, self.tr
        versions = ", ".join(tr("version {version}: {objects}").format(
            version=self.n(v), objects=self.n(n)) for v, n in sorted(loaded.versions.items()))
        lines = [tr("Read {objects} objects (format {versions}); {superseded} older "
                    "revisions of the same days were not needed.").format(
                        objects=self.n(loaded.objects), versions=versions or "–",
                        superseded=self.n(loaded.superseded))]
        skipped = ""
        if loaded.skipped:
            lines.append(tr("{count} objects were skipped because they do not keep the format:")
                         .format(count=self.n(len(loaded.skipped))))
            skipped = "<ul>" + "".join(f"<li><code>{self.esc(s)}</code></li>"
                                      for s in loaded.skipped[:20]) + "</ul>"
        text = "".join(f'<p class="note">{self.esc(line)}</p>' for line in lines)
        return f"<footer><h2>{self.esc(tr('About these numbers'))}</h2>{text}{skipped}</footer>"


def index_empty(parts: list[str]) -> bool:
    return parts[-1] == "</tr></thead><tbody>"


def _strip_tags(text: str) -> str:
    import re

    return re.sub(r"<[^>]+>", " ", text)


def render(data: ReportData, names: Names, loaded: Loaded) -> str:
    return Page(data, names, loaded).render()
