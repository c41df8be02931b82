"""The report's numbers, asked of DuckDB (tables `counts` and `heartbeats`, see load.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from kiosk.counts.vocabulary import END_HOW, FUNNEL, OUTCOMES, PRINT_KINDS

SILENT_AFTER_DAYS = 1  # a kiosk is flagged when its last heartbeat is older than this


@dataclass(frozen=True)
class FleetRow:
    kiosk: str
    name: str
    location: str
    app_version: str
    content_version: int
    last_heartbeat: dt.date
    last_sync_day: str
    last_sync_result: str
    last_success_day: str
    printer: str
    printer_problem_day: str
    free_disk_mb: int
    errors_week: int
    painted_day: str
    silent: bool
    behind: bool


@dataclass
class ReportData:
    as_of: dt.date
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    kiosks: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    funnel: list[tuple[str, int, int]] = field(default_factory=list)  # step, reached, deepest
    ended: list[tuple[str, int]] = field(default_factory=list)
    # screen, visits that showed it, ended there, of those: done, finish, idle (version 2 on)
    screens: list[tuple[str, int, int, int, int, int]] = field(default_factory=list)
    ends: dict[str, int] = field(default_factory=dict)  # how -> visits (ended_by)
    opened: list[tuple[str, int]] = field(default_factory=list)  # "kind:id" a screen opened at
    guides: list[tuple[str, int, int]] = field(default_factory=list)  # guide, opened, checks
    questions: list[tuple[str, int, int, int, int]] = field(default_factory=list)
    benefits: list[tuple[str, int]] = field(default_factory=list)
    outcomes: dict[str, dict[str, int]] = field(default_factory=dict)
    checklists: list[tuple[str, int]] = field(default_factory=list)
    missing: list[tuple[str, str, int, int]] = field(default_factory=list)  # cl, doc, n, opened
    prints: list[tuple[str, int, int]] = field(default_factory=list)  # kind, paper, qr
    languages: list[tuple[str, int]] = field(default_factory=list)
    audiences: list[tuple[str, int]] = field(default_factory=list)
    searches: list[tuple[str, int]] = field(default_factory=list)
    weeks: list[tuple[dt.date, int, int, int, int]] = field(default_factory=list)
    by_kiosk: list[tuple[str, str, int, int, int, int, int]] = field(default_factory=list)
    hours: list[tuple[str, int]] = field(default_factory=list)
    fleet: list[FleetRow] = field(default_factory=list)

    def total_lines(self) -> list[str]:
        """The totals in the simulator's words ("visits: N"), to check one against the other."""
        funnel = {step: reached for step, reached, _deepest in self.funnel}
        out = [f"kiosks: {self.kiosks}", f"visits: {self.totals.get('visits', 0)}"]
        out += [f"funnel {step}: {funnel.get(step, 0)}" for step in FUNNEL]
        out += [f"printed: {self.totals.get('paper', 0)}", f"qr fallbacks: {self.totals.get('qr', 0)}"]
        out += [f"language {k}: {n}" for k, n in sorted(self.languages)]
        out += [f"audience {k}: {n}" for k, n in sorted(self.audiences)]
        out += [f"ended {how}: {self.ends.get(how, 0)}" for how in END_HOW]
        prints = {kind: (paper, qr) for kind, paper, qr in self.prints}
        out += [f"print {kind}: {prints.get(kind, (0, 0))[0]} paper, {prints.get(kind, (0, 0))[1]} qr"
                for kind in PRINT_KINDS]
        opened: dict[str, int] = {}
        for ref, n in self.opened:
            kind = ref.partition(":")[0]
            opened[kind] = opened.get(kind, 0) + n
        out += [f"opened {kind}: {n}" for kind, n in sorted(opened.items())]
        out += [f"guide checks: {sum(c for _g, _o, c in self.guides)}",
                f"monthly totals: {self.totals.get('monthly_totals', 0)}"]
        return out


def _pairs(db: duckdb.DuckDBPyConnection, metric: str, limit: int | None = None) -> list[tuple[str, int]]:
    sql = "SELECT key, sum(n)::BIGINT AS n FROM counts WHERE metric = ? GROUP BY key ORDER BY n DESC, key"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [(k, int(n)) for k, n in db.execute(sql, [metric]).fetchall()]


def query(db: duckdb.DuckDBPyConnection, as_of: dt.date) -> ReportData:
    data = ReportData(as_of)
    first, last, kiosks = db.execute(
        "SELECT min(day), max(day), count(DISTINCT kiosk) FROM (SELECT kiosk, day FROM counts "
        "UNION ALL SELECT kiosk, day FROM heartbeats)").fetchone()
    data.first_day, data.last_day, data.kiosks = first, last, int(kiosks or 0)

    data.totals = {
        "visits": _sum(db, "metric = 'visits'"),
        "decisions": _sum(db, "metric = 'funnel' AND key = 'decision'"),
        "paper": _sum(db, "metric = 'print' AND key LIKE '%:paper'"),
        "qr": _sum(db, "metric = 'print' AND key LIKE '%:qr'"),
        "searches": _sum(db, "metric = 'search_opened'"),
        "monthly_totals": _sum(db, "metric = 'monthly_total'"),
    }
    reached = dict(_pairs(db, "funnel"))
    deepest = dict(_pairs(db, "depth"))
    data.funnel = [(step, reached.get(step, 0), deepest.get(step, 0)) for step in FUNNEL]
    data.ended = _pairs(db, "ended")
    data.screens = [(screen, int(r), int(e), int(d), int(f), int(i)) for screen, r, e, d, f, i
                    in db.execute("""
        WITH s AS (
            SELECT key AS screen, n, 'reached' AS what FROM counts WHERE metric = 'reached'
            UNION ALL SELECT key, n, 'ended' FROM counts WHERE metric = 'ended'
            UNION ALL SELECT split_part(key, ':', 2), n, split_part(key, ':', 1) FROM counts
                WHERE metric = 'ended_by')
        SELECT screen,
               coalesce(sum(n) FILTER (WHERE what = 'reached'), 0),
               coalesce(sum(n) FILTER (WHERE what = 'ended'), 0),
               coalesce(sum(n) FILTER (WHERE what = 'done'), 0),
               coalesce(sum(n) FILTER (WHERE what = 'finish'), 0),
               coalesce(sum(n) FILTER (WHERE what = 'idle'), 0)
        FROM s GROUP BY screen ORDER BY 2 DESC, 3 DESC, 1""").fetchall()]
    for key, n in _pairs(db, "ended_by"):
        how = key.partition(":")[0]
        data.ends[how] = data.ends.get(how, 0) + n
    data.opened = _pairs(db, "opened")
    checks = dict(_pairs(db, "guide_check"))
    guides = {ref.partition(":")[2]: n for ref, n in data.opened if ref.startswith("guides:")}
    data.guides = sorted(((g, guides.get(g, 0), checks.get(g, 0)) for g in {*guides, *checks}),
                         key=lambda r: (-r[1], -r[2], r[0]))

    data.questions = [tuple(r) for r in db.execute("""
        SELECT key,
               sum(n) FILTER (WHERE metric = 'question_reached')::BIGINT AS reached,
               coalesce(sum(n) FILTER (WHERE metric = 'question_answered'), 0)::BIGINT,
               coalesce(sum(n) FILTER (WHERE metric = 'question_stopped'), 0)::BIGINT AS stopped,
               coalesce(sum(n) FILTER (WHERE metric = 'question_last_answered'), 0)::BIGINT
        FROM counts WHERE metric LIKE 'question_%' GROUP BY key
        HAVING reached IS NOT NULL ORDER BY stopped DESC, reached DESC, key""").fetchall()]

    data.benefits = _pairs(db, "benefit")
    for key, n in _pairs(db, "outcome"):
        benefit, _, outcome = key.rpartition(":")
        if outcome in OUTCOMES:
            data.outcomes.setdefault(benefit, {})[outcome] = n
    data.checklists = _pairs(db, "checklist")
    opened = dict(data.checklists)
    for key, n in _pairs(db, "document_missing", 25):
        checklist, _, document = key.partition(":")
        data.missing.append((checklist, document, n, opened.get(checklist, 0)))

    data.prints = [(k, int(p), int(q)) for k, p, q in db.execute("""
        SELECT split_part(key, ':', 1) AS kind,
               coalesce(sum(n) FILTER (WHERE key LIKE '%:paper'), 0),
               coalesce(sum(n) FILTER (WHERE key LIKE '%:qr'), 0)
        FROM counts WHERE metric = 'print' GROUP BY kind ORDER BY kind""").fetchall()]
    data.languages = _pairs(db, "language")
    data.audiences = _pairs(db, "audience")
    data.searches = _pairs(db, "search_opened", 10)
    data.hours = sorted(_pairs(db, "visits_hour"))

    data.weeks = [(w, int(v), int(d), int(p), int(q)) for w, v, d, p, q in db.execute("""
        SELECT date_trunc('week', day)::DATE AS week,
               coalesce(sum(n) FILTER (WHERE metric = 'visits'), 0),
               coalesce(sum(n) FILTER (WHERE metric = 'funnel' AND key = 'decision'), 0),
               coalesce(sum(n) FILTER (WHERE metric = 'print' AND key LIKE '%:paper'), 0),
               coalesce(sum(n) FILTER (WHERE metric = 'print' AND key LIKE '%:qr'), 0)
        FROM counts GROUP BY week ORDER BY week""").fetchall()]

    data.by_kiosk = [(k, name or "", int(v), int(d), int(p), int(q), int(days))
                     for k, name, v, d, p, q, days in db.execute("""
        WITH names AS (SELECT kiosk, first(kiosk_name ORDER BY day DESC, seq DESC) AS name
                       FROM heartbeats GROUP BY kiosk)
        SELECT c.kiosk, any_value(names.name),
               coalesce(sum(n) FILTER (WHERE metric = 'visits'), 0),
               coalesce(sum(n) FILTER (WHERE metric = 'funnel' AND key = 'decision'), 0),
               coalesce(sum(n) FILTER (WHERE metric = 'print' AND key LIKE '%:paper'), 0),
               coalesce(sum(n) FILTER (WHERE metric = 'print' AND key LIKE '%:qr'), 0),
               count(DISTINCT day) FILTER (WHERE metric = 'visits')
        FROM counts c LEFT JOIN names USING (kiosk)
        GROUP BY c.kiosk ORDER BY 3 DESC, 1""").fetchall()]

    data.fleet = fleet(db, as_of)
    return data


def _sum(db: duckdb.DuckDBPyConnection, where: str) -> int:
    return int(db.execute(f"SELECT coalesce(sum(n), 0) FROM counts WHERE {where}").fetchone()[0])


def fleet(db: duckdb.DuckDBPyConnection, as_of: dt.date) -> list[FleetRow]:
    """Every kiosk with its latest heartbeat; flagged when silent or behind on content."""
    found = db.execute("""
        WITH ranked AS (
            SELECT *, row_number() OVER (PARTITION BY kiosk ORDER BY day DESC, seq DESC) AS r
            FROM heartbeats),
        week AS (SELECT kiosk, sum(errors) AS errors FROM heartbeats
                 WHERE day > ?::DATE - INTERVAL 7 DAY GROUP BY kiosk),
        seen AS (SELECT kiosk FROM counts UNION SELECT kiosk FROM heartbeats)
        SELECT seen.kiosk, kiosk_name, location, app_version, content_version, day,
               last_sync_day, last_sync_result, last_success_day, printer, printer_problem_day,
               free_disk_mb, coalesce(week.errors, 0), painted_day
        FROM seen LEFT JOIN ranked ON ranked.kiosk = seen.kiosk AND r = 1
        LEFT JOIN week ON week.kiosk = seen.kiosk
        ORDER BY seen.kiosk""", [as_of]).fetchall()
    newest = max((r[4] or 0 for r in found), default=0)
    out = []
    for (kiosk, name, location, app, version, day, sync_day, sync_result, success_day, printer,
         problem_day, disk, errors, painted_day) in found:
        silent = day is None or (as_of - day).days > SILENT_AFTER_DAYS
        out.append(FleetRow(kiosk, name or "", location or "", app or "", int(version or 0),
                            day, sync_day or "", sync_result or "", success_day or "",
                            printer or "", problem_day or "", int(disk or 0), int(errors),
                            painted_day or "", silent, int(version or 0) < newest))
    out.sort(key=lambda r: (not (r.silent or r.behind or r.printer == "problem"), r.name, r.kiosk))
    return out
