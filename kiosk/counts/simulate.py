"""`kiosk fleet simulate`: a fleet of kiosks and their visitors, for sizing and demos.

Each simulated kiosk is a real device folder with its own outbox; its visitors walk the real
content (benefits, checklists and their papers, the guide and its check, stories, offices and
duties, from the shipped bundle), work out an employer's monthly total, answer the real
interview (kiosk.eligibility, with random answers), print or get the QR code, and end their
visit with Done, Finish or by walking away; every step goes through the same `VisitRecorder`
calls the screens make. Each simulated day ends with the kiosk's heartbeat and
the same `upload()` the kiosk runs, to the same storage.

The totals printed at the end are counted by the simulation itself, from the visits it made,
not read back from the outboxes: `kiosk report` on the same storage must find the same numbers.
"""
from __future__ import annotations

import datetime as dt
import random
import shutil
import tempfile
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.counts.outbox import Outbox
from kiosk.counts.recorder import VisitRecorder
from kiosk.counts.storage import Store
from kiosk.counts.upload import upload
from kiosk.counts.vocabulary import END_HOW, FUNNEL, PRINT_KINDS, step_of
from kiosk.device import Device
from kiosk.i18n import Msg

TZ = dt.timezone(dt.timedelta(hours=7), "ICT")  # Cambodia
PLACES = ("Phnom Penh", "Kandal", "Kampong Speu", "Siem Reap", "Battambang", "Kampong Cham",
          "Takeo", "Svay Rieng", "Preah Sihanouk", "Kampot", "Pursat", "Prey Veng")
CONTENT_VERSION = 42  # the version the simulated head office publishes last
INTERVIEW_POOL = 40  # finished and abandoned interviews per benefit, reused by visits
FIRST_PICKED = 0.35  # a benefit further down the list is picked less: 1 / (1 + 0.35 x its place)


@dataclass
class Totals:
    """What the simulation did, counted from its own visits."""

    kiosks: int = 0
    days: int = 0
    visits: int = 0
    funnel: Counter[str] = field(default_factory=Counter)
    printed: int = 0
    qr: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    audiences: Counter[str] = field(default_factory=Counter)
    ends: Counter[str] = field(default_factory=Counter)  # done | finish | idle
    prints: Counter[str] = field(default_factory=Counter)  # "kind:paper|qr"
    opened: Counter[str] = field(default_factory=Counter)  # kind -> records opened (once a visit)
    guide_checks: int = 0
    monthly_totals: int = 0
    objects: int = 0
    bytes: int = 0
    kiosk_days: int = 0  # days a kiosk was on and uploaded

    def add(self, other: Totals) -> None:
        for name in ("visits", "printed", "qr", "guide_checks", "monthly_totals", "objects",
                     "bytes", "kiosk_days"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in ("funnel", "languages", "audiences", "ends", "prints", "opened"):
            getattr(self, name).update(getattr(other, name))

    def count(self, visitor: Visitor) -> None:
        """One visit, from what the visitor did (not from the recorder's counts)."""
        self.visits += 1
        self.funnel.update(visitor.steps)
        self.printed += visitor.printed
        self.qr += visitor.qr
        self.languages.update(visitor.languages)
        if visitor.audience:
            self.audiences[visitor.audience] += 1
        self.ends[visitor.end_how] += 1
        self.prints.update(visitor.prints)
        self.opened.update(ref.partition(":")[0] for ref in visitor.opened)
        self.guide_checks += len(visitor.guide_checks)
        self.monthly_totals += visitor.monthly_total

    def lines(self) -> list[str]:
        out = [f"kiosks: {self.kiosks}", f"days: {self.days}", f"visits: {self.visits}"]
        out += [f"funnel {step}: {self.funnel[step]}" for step in FUNNEL]
        out += [f"printed: {self.printed}", f"qr fallbacks: {self.qr}"]
        out += [f"language {k}: {n}" for k, n in sorted(self.languages.items())]
        out += [f"audience {k}: {n}" for k, n in sorted(self.audiences.items())]
        out += [f"ended {how}: {self.ends[how]}" for how in END_HOW]
        out += [f"print {kind}: {self.prints[kind + ':paper']} paper, {self.prints[kind + ':qr']} qr"
                for kind in PRINT_KINDS]
        out += [f"opened {kind}: {n}" for kind, n in sorted(self.opened.items()) if n]
        out += [f"guide checks: {self.guide_checks}", f"monthly totals: {self.monthly_totals}"]
        per = self.bytes / self.kiosk_days if self.kiosk_days else 0
        out += [f"objects uploaded: {self.objects}", f"bytes uploaded: {self.bytes}",
                f"bytes per kiosk per day: {per:.0f}"]
        return out


class World:
    """The content and rules every simulated visitor walks through (read-only, shared)."""

    def __init__(self, work: Path, seed: int) -> None:
        from kiosk.content.bundle import build_bundle
        from kiosk.content.library import Library
        from kiosk.content.loader import load_content
        from kiosk.eligibility import load_rules
        from kiosk.paths import CONTENT_DIR

        bundle = work / "content.db"
        build_bundle(load_content(CONTENT_DIR), bundle, version=CONTENT_VERSION)
        with Library(bundle) as library:
            self.benefits = {aud: [b.id for b in library.benefits(aud)]
                             for aud in ("worker", None)}
            self.checklists = {c.id: [d.id for d in c.documents] for c in library.checklists()}
            self.by_benefit = {}
            for c in library.checklists():
                if c.benefit:
                    self.by_benefit.setdefault(c.benefit, c.id)
            self.stories = [s.id for s in library.stories()]
            self.guides = {g.id: g.check for g in library.guides()}  # id -> benefit it checks
            self.duties = sorted(library.ids("duties"))
            self.offices = sorted(library.ids("offices"))
        self.rules = load_rules()
        rng = random.Random(seed)
        self.interviews = {b: [self._walk(b, rng) for _ in range(INTERVIEW_POOL)]
                           for b in ["", *self.rules.benefits]}

    def _walk(self, benefit: str, rng: random.Random) -> Any:
        """One visitor's interview, answered at random, perhaps left half-way."""
        from kiosk.eligibility import Question

        interview = self.rules.interview(benefit or None, "km")
        for _ in range(30):
            question = interview.current()
            if not isinstance(question, Question) or rng.random() < 0.07:
                break
            interview.answer(_answer(question, rng))
        interview.current()  # fill its memo before threads share it
        return interview


def _answer(question: Any, rng: random.Random) -> Any:
    if question.kind == "yes_no":
        return rng.random() < 0.75
    if question.kind == "choice":
        values = [value for value, _text in question.choices]
        return values[0] if rng.random() < 0.7 else rng.choice(values)
    low = question.min or 0
    high = question.max if question.max is not None else low + 100
    return rng.randint(low, min(high, low + 120))


@dataclass
class KioskPlan:
    """What is special about one simulated kiosk."""

    number: int
    busy: float  # mean visits a day
    printer_breaks: tuple[int, int] | None  # days [from, to) with no paper
    behind: bool  # stays on an older content version
    off_from: int | None  # powered off (no visits, no uploads) from this day on
    sync_fails: float


def plan_fleet(kiosks: int, days: int, visits_per_day: float, seed: int) -> list[KioskPlan]:
    rng = random.Random(seed)
    plans = []
    for number in range(1, kiosks + 1):
        broken = None
        if rng.random() < 0.08:
            start = rng.randrange(days)
            broken = (start, start + rng.randint(1, 4))
        off = days - rng.randint(2, 4) if days > 5 and rng.random() < 0.03 else None
        plans.append(KioskPlan(number, visits_per_day * rng.lognormvariate(0, 0.45), broken,
                               rng.random() < 0.06, off, 0.02 + 0.1 * (rng.random() < 0.1)))
    return plans


class VisitOver(Exception):
    """Done or Finish: the visitor ended the visit where they were."""


class Visitor:
    """One visit: which screens, in which order, through the recorder's calls."""

    def __init__(self, world: World, recorder: VisitRecorder, rng: random.Random,
                 paper: bool) -> None:
        self.world, self.recorder, self.rng, self.paper = world, recorder, rng, paper
        self.steps: set[str] = set()
        self.printed = self.qr = 0
        self.languages: set[str] = set()
        self.audience = ""
        self.checklists: dict[str, set[str]] = {}
        self.interviews: dict[str, Any] = {}
        self.prints: Counter[str] = Counter()
        self.opened: set[str] = set()  # "kind:id" a screen opened at
        self.guide_checks: set[str] = set()
        self.monthly_total = False
        self.end_how = ""  # done | finish | idle, once the visit is over

    def show(self, screen: str, subject: str | None = None) -> None:
        self.recorder.step(screen, "view", subject)
        self.steps.add(step_of(screen))
        kind = {"guide": "guides", "stories": "stories", "contacts": "offices",
                "employer": "duties"}.get(screen)
        if kind and subject:
            self.opened.add(f"{kind}:{subject}")

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def walk(self, default_locale: str) -> None:
        try:
            self._walk(default_locale)
        except VisitOver:
            pass

    def _walk(self, default_locale: str) -> None:
        rec, rng = self.recorder, self.rng
        locale = default_locale if self.chance(0.85) else ("en" if default_locale == "km" else "km")
        rec.language(locale)
        self.languages.add(locale)
        self.steps.add("touch")
        self.show("start")
        if self.chance(0.06):
            return
        self.audience = rng.choices(("worker", "employer", "staff"), (75, 15, 10))[0]
        rec.step("start", f"audience-{self.audience}")
        self.show("home")
        if self.chance(0.04):
            rec.step("home", "large-text-on")
        if self.chance(0.03):
            other = "en" if locale == "km" else "km"
            rec.language(other)
            self.languages.add(other)
        for _ in range(rng.choice((1, 1, 1, 2, 2, 3))):
            if self.chance(0.10):
                break
            self.topic()
            if self.chance(0.2):
                self.show("home")
        if self.chance(0.15):
            self.finish()

    def topic(self) -> None:
        rng, world = self.rng, self.world
        employer = self.audience == "employer"
        weights = {"benefits": 34, "claims": 15, "interview": 20, "employer": 30 if employer else 3,
                   "monthly": 25 if employer else 0, "guide": 0 if employer else 8,
                   "stories": 5, "contacts": 5, "search": 8}
        topic = rng.choices(list(weights), list(weights.values()))[0]
        if topic == "benefits":
            self.show("benefits")
            ids = world.benefits["worker" if self.audience == "worker" else None]
            weights = [1 / (1 + FIRST_PICKED * place) for place in range(len(ids))]  # content order
            for benefit in dict.fromkeys(rng.choices(ids, weights, k=rng.choice((1, 1, 2, 3)))):
                self.benefit(benefit)
        elif topic == "claims":
            self.show("claims")
            self.checklist(rng.choice(sorted(world.checklists)))
        elif topic == "interview":
            self.interview("")
        elif topic == "search":
            self.search()
        elif topic == "stories":
            self.show("stories", rng.choice(world.stories) if world.stories else None)
        elif topic == "guide" and world.guides:
            self.guide(rng.choice(sorted(world.guides)))
        elif topic == "monthly":
            self.monthly()
        elif topic == "employer":
            self.employer(rng.choice(world.duties) if world.duties and self.chance(0.2) else None)
        elif topic == "contacts":
            self.show("contacts", rng.choice(world.offices) if world.offices and self.chance(0.3)
                      else None)
        else:
            self.show(topic)

    def search(self) -> None:
        """A search, perhaps a hit opened: a benefit mostly, else a card of another kind."""
        rng, world = self.rng, self.world
        self.show("search")
        if not self.chance(0.6):
            return
        kinds = [k for k, ids in (("guides", world.guides), ("duties", world.duties),
                                  ("offices", world.offices), ("stories", world.stories)) if ids]
        kind = "benefits" if not kinds or self.chance(0.7) else rng.choice(kinds)
        if kind == "benefits":
            benefit = rng.choice(world.benefits[None])
            self.recorder.step("search", "open-result", f"benefits:{benefit}")
            self.benefit(benefit)
            return
        rid = rng.choice(sorted({"guides": world.guides, "duties": world.duties,
                                 "offices": world.offices, "stories": world.stories}[kind]))
        self.recorder.step("search", "open-result", f"{kind}:{rid}")
        if kind == "guides":
            self.guide(rid)
        elif kind == "duties":
            self.employer(rid)
        else:
            self.show("contacts" if kind == "offices" else "stories", rid)

    def guide(self, guide: str) -> None:
        """"Asked to pay?": read it, perhaps check one's card (its benefit's questions), print."""
        self.show("guide", guide)
        benefit = self.world.guides.get(guide)
        if benefit and self.chance(0.35):
            self.recorder.step("guide", "check")
            self.guide_checks.add(guide)
            self.interview(benefit)
        elif self.chance(0.15):
            self.print("guide", guide)

    def employer(self, duty: str | None) -> None:
        self.show("employer", duty)
        if self.chance(0.15):
            self.print("employer", "employer")

    def monthly(self) -> None:
        """An employer's month: workers and wages typed (never counted), perhaps a total."""
        self.show("monthly")
        for action in ("workers", "mode", "currency"):
            if self.chance(0.5):
                self.recorder.step("monthly", action)
        if self.chance(0.7):
            self.recorder.step("monthly", "total")
            self.monthly_total = True
            if self.chance(0.25):
                self.print("monthly", "monthly-total")

    def benefit(self, benefit: str) -> None:
        self.show("benefit", benefit)
        if self.world.stories and self.chance(0.05):  # a story the card names, opened by id
            self.show("stories", self.rng.choice(self.world.stories))
            return
        roll = self.rng.random()
        if roll < 0.30:
            self.interview(benefit)
        elif roll < 0.55 and benefit in self.world.by_benefit:
            self.checklist(self.world.by_benefit[benefit])
        elif roll < 0.63:
            self.print("benefit", benefit)

    def checklist(self, checklist: str) -> None:
        self.show("checklist", checklist)
        documents = self.world.checklists[checklist]
        ticked = self.checklists.setdefault(checklist, set())
        ticked.update(d for d in documents if self.chance(0.55))
        if self.chance(0.35):
            self.print("checklist", checklist)

    def interview(self, benefit: str) -> None:
        self.show("interview")
        interview = self.rng.choice(self.world.interviews.get(benefit) or self.world.interviews[""])
        self.interviews[benefit] = interview
        if interview.finished:
            self.show("decision")
            if self.chance(0.4):  # "what can I get?" prints its overview of every benefit
                self.print("decision" if benefit else "overview", benefit)

    def print(self, kind: str, record: str) -> None:
        self.show("print", record or None)
        if self.chance(0.03):
            return  # left before the paper came out
        if self.paper:
            self.recorder.step("print", "printed", kind)
            self.printed += 1
        else:
            self.recorder.step("print", "qr-fallback", kind)
            self.qr += 1
        self.prints[f"{kind}:{'paper' if self.paper else 'qr'}"] += 1
        self.steps.add("taken")
        if self.chance(0.6):
            self.recorder.step("print", "done")  # Done ends the visit
            self.end_how = "done"
            raise VisitOver

    def finish(self) -> None:
        """Finish in the top bar, wherever the visitor is."""
        self.recorder.step(self.recorder.screen, "finish")
        self.end_how = "finish"
        raise VisitOver

    def end(self) -> None:
        """What the shell and ctx do when a visit ends (Done, Finish, or else the idle reset):
        the visit's state, then the attract loop."""
        if not self.end_how:
            self.recorder.step(self.recorder.screen, "reset")  # nobody touched it: the idle reset
            self.end_how = "idle"
        for checklist, ticked in self.checklists.items():
            self.recorder.checklist(checklist, self.world.checklists[checklist], ticked)
        for benefit, interview in self.interviews.items():
            self.recorder.interview(benefit, interview)
        self.recorder.step("attract", "view")  # the shell shows the attract loop: the visit ends


def visit_times(rng: random.Random, day: dt.date, count: int) -> list[dt.datetime]:
    """Opening hours 7:00-17:00, busiest after opening and after lunch."""
    times = []
    for _ in range(count):
        hour = rng.choices(range(7, 17), (6, 12, 11, 9, 5, 4, 9, 10, 7, 4))[0]
        times.append(dt.datetime.combine(day, dt.time(hour, rng.randrange(60)), TZ))
    return sorted(times)


def poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method is slow for big means; a rounded normal is close enough past 30
    if mean > 30:
        return max(0, round(rng.gauss(mean, mean ** 0.5)))
    limit, k, p = 2.718281828459045 ** -mean, 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def simulate_kiosk(plan: KioskPlan, world: World, store: Store, root: Path, first: dt.date,
                   days: int, seed: int) -> Totals:
    from kiosk.guidance.state import record_ok, record_problem, save_status

    rng = random.Random(seed * 1_000_003 + plan.number)
    device = Device.open(root / f"kiosk-{plan.number:04d}")
    device.settings.kiosk_name = f"Kiosk {plan.number:03d}"
    device.settings.location = PLACES[plan.number % len(PLACES)]
    device.settings.default_locale = "km"
    device.save_settings()
    totals = Totals()
    now = dt.datetime.combine(first, dt.time(7), TZ)
    outbox = Outbox.of(device.root)
    recorder = VisitRecorder(outbox, clock=lambda: now)
    try:
        for index in range(days):
            day = first + dt.timedelta(days=index)
            if plan.off_from is not None and index >= plan.off_from:
                break
            version = CONTENT_VERSION - (3 if plan.behind else (0 if index > 2 else 1))
            content = (version, f"{version:012x}")
            morning = dt.datetime.combine(day, dt.time(7), TZ)
            failed = rng.random() < plan.sync_fails
            state = device.sync_state()
            state.last_try = morning.isoformat()
            state.last_result = "failed" if failed else "up to date"
            if not failed:
                state.last_success = morning.isoformat()
            device.save_sync_state(state)
            _heartbeat(device, outbox, morning, content)
            paper = not (plan.printer_breaks and plan.printer_breaks[0] <= index < plan.printer_breaks[1])
            if paper:
                status = record_ok(device, "")
                status.last_ok = morning.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            else:
                paper_out = Msg("out of paper")
                status = record_problem(device, "", paper_out.text("en"), paper_out.text("km"))
                status.problem_at = morning.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
            save_status(device, status)  # the simulated day's time, not the machine's
            weekday = day.weekday()
            mean = plan.busy * (0.15 if weekday == 6 else 0.6 if weekday == 5 else 1.0)
            with outbox.batch():
                for now in visit_times(rng, day, poisson(rng, mean)):  # noqa: B007 - the clock reads it
                    visitor = Visitor(world, recorder, rng, paper)
                    visitor.walk(device.settings.default_locale)
                    visitor.end()
                    totals.count(visitor)
                outbox.painted(f"{day.isoformat()}T16")
            evening = dt.datetime.combine(day, dt.time(17, 30), TZ)
            report = upload(device, store=store, now=evening, content=content, deadline_s=300)
            totals.objects += report.objects
            totals.bytes += report.bytes
            totals.kiosk_days += 1
    finally:
        outbox.close()
    return totals


def _heartbeat(device: Device, outbox: Outbox, now: dt.datetime, content: tuple[int, str]) -> None:
    from kiosk.counts import heartbeat

    heartbeat.record(device, "sync", now, content, outbox)


def simulate(kiosks: int, days: int, store: Store, *, seed: int = 1, end: dt.date | None = None,
             visits_per_day: float = 25.0, work: Path | None = None, workers: int = 4,
             progress: Callable[[int, int], None] | None = None) -> Totals:
    """Simulate `kiosks` kiosks for `days` days ending `end` (today), uploading to `store`."""
    end = end or dt.datetime.now(TZ).date()
    first = end - dt.timedelta(days=days - 1)
    own = work is None
    root = Path(tempfile.mkdtemp(prefix="nssf-fleet-")) if own else Path(work)
    root.mkdir(parents=True, exist_ok=True)
    try:
        world = World(root, seed)
        plans = plan_fleet(kiosks, days, visits_per_day, seed)
        totals = Totals(kiosks=kiosks, days=days)
        lock = threading.Lock()
        done = 0

        def run(plan: KioskPlan) -> Totals:
            nonlocal done
            result = simulate_kiosk(plan, world, store, root, first, days, seed)
            with lock:
                done += 1
                if progress:
                    progress(done, kiosks)
            return result

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for result in pool.map(run, plans):
                totals.add(result)
        return totals
    finally:
        if own:
            shutil.rmtree(root, ignore_errors=True)

