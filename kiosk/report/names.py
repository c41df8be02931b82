"""What the report calls things: screens, funnel steps, outcomes in words, and the titles of
benefits, checklists, papers and questions from the content (both languages), falling back to
the id when the content no longer has it."""
from __future__ import annotations

from pathlib import Path

from kiosk.i18n import LOCALE_NAMES, N_, tr

SCREENS = {
    "attract": N_("Attract loop"), "start": N_("Language and who you are"), "home": N_("Home"),
    "benefits": N_("Benefits list"), "benefit": N_("A benefit"), "claims": N_("Make a claim"),
    "checklist": N_("Claim checklist"), "interview": N_("Questions"), "decision": N_("The answer"),
    "employer": N_("Register and pay (employer)"), "stories": N_("Stories"),
    "contacts": N_("Contact and offices"), "search": N_("Search"), "print": N_("Print"),
    "guide": N_("A guide"), "monthly": N_("What I pay each month"),
}
# how a visit ended (metric ended_by)
END_HOW = {"done": N_("Done after a printout"), "finish": N_("Finish in the top bar"),
           "idle": N_("Walked away (the idle reset)")}
# the kinds of records a screen opens at, or a search opens (metrics opened, search_opened)
KINDS = {"benefits": N_("Benefit"), "checklists": N_("Checklist"), "guides": N_("Guide"),
         "stories": N_("Story"), "offices": N_("Office"), "duties": N_("Employer's duty"),
         "schemes": N_("Scheme")}
STEPS = {
    "touch": N_("Touched the screen"), "start": N_("Chose language"), "home": N_("Reached home"),
    "content": N_("Opened a topic"), "interview": N_("Started the questions"),
    "decision": N_("Got an answer"), "print": N_("Asked for paper"),
    "taken": N_("Took it away (paper or QR)"),
}
OUTCOMES = {
    "eligible": N_("eligible"), "not_eligible": N_("not eligible"), "not_yet": N_("not yet"),
    "unknown": N_("not sure"), "ask_staff": N_("ask staff"),
}
AUDIENCES = {"worker": N_("Worker"), "employer": N_("Employer"), "staff": N_("NSSF staff")}
PRINT_KINDS = {"benefit": N_("A benefit"), "checklist": N_("A checklist"),
               "decision": N_("An answer"), "overview": N_("What can I get? (all benefits)"),
               "guide": N_("A guide"),
               "employer": N_("An employer's duties"), "monthly": N_("A monthly total"),
               "other": N_("Other")}


class Names:
    def __init__(self, locale: str, content_dir: Path | None = None) -> None:
        self.locale = locale
        self.benefits: dict[str, str] = {}
        self.checklists: dict[str, str] = {}
        self.documents: dict[str, str] = {}
        self.questions: dict[str, str] = {}
        self.titles: dict[str, str] = {}  # "kind:id" -> title, for the other kinds of records
        try:
            self._load(content_dir)
        except Exception:  # noqa: BLE001 - without content the report still shows the ids
            pass

    def _load(self, content_dir: Path | None) -> None:
        from kiosk.content.loader import load_content
        from kiosk.eligibility import load_rules
        from kiosk.paths import CONTENT_DIR

        content = load_content(content_dir or CONTENT_DIR)
        loc = self.locale
        for kind, record in content.all():
            if kind == "benefits":
                self.benefits[record.id] = record.title.get(loc)
            elif kind == "checklists":
                self.checklists[record.id] = record.title.get(loc)
                for document in record.documents:
                    self.documents.setdefault(document.id, document.name.get(loc))
            elif kind in KINDS:
                title = getattr(record, "title", None) or getattr(record, "name", None)
                if title is not None:
                    self.titles[f"{kind}:{record.id}"] = title.get(loc)
        for fact, question in load_rules().questions.items():
            self.questions[question.id or fact] = question.text[loc]

    def tr(self, message: str) -> str:
        return tr(message, self.locale)

    def screen(self, name: str) -> str:
        return self.tr(SCREENS[name]) if name in SCREENS else name

    def step(self, name: str) -> str:
        return self.tr(STEPS.get(name, name))

    def outcome(self, name: str) -> str:
        return self.tr(OUTCOMES.get(name, name))

    def audience(self, name: str) -> str:
        return self.tr(AUDIENCES[name]) if name in AUDIENCES else name

    def language(self, name: str) -> str:
        return LOCALE_NAMES.get(name, name)

    def end_how(self, name: str) -> str:
        return self.tr(END_HOW[name]) if name in END_HOW else name

    def kind(self, name: str) -> str:
        return self.tr(KINDS[name]) if name in KINDS else name

    def print_kind(self, name: str) -> str:
        return self.tr(PRINT_KINDS.get(name, name))

    def benefit(self, rid: str) -> str:
        return self.benefits.get(rid, rid) if rid else self.tr("What can I get? (all benefits)")

    def checklist(self, rid: str) -> str:
        return self.checklists.get(rid, rid)

    def document(self, rid: str) -> str:
        return self.documents.get(rid, rid)

    def question(self, rid: str) -> str:
        return self.questions.get(rid, rid)

    def record(self, ref: str) -> str:
        """A record "kind:id" (a search hit, a record a screen opened at) as its title."""
        kind, _, rid = ref.partition(":")
        if kind == "benefits":
            return self.benefit(rid)
        if kind == "checklists":
            return self.checklist(rid)
        return self.titles.get(ref, rid)
