"""The one table of pictures: every icon a page chooses (not the ones content names itself) is
named here, so the screen, the paper and the phone site show the same picture for the same
thing: who does a step, an outcome, "ask staff", a document held or still to bring, a reason
that held or failed.

Names are Material Design Icons names (assets/icons); `kiosk.icons.glyph` draws them, on screen
and on paper. tests/core/test_pages.py checks that every one exists in the font.
"""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.i18n import N_

# --- things ------------------------------------------------------------------------------------
ASK_STAFF = "account-tie-voice"  # "ask NSSF staff", wherever it is said
CHECKLIST = "format-list-checks"  # papers and steps
CLAIM = "clipboard-check-outline"  # a checklist with no benefit of its own
BRING = "bag-personal"  # what to bring
HAVE_HEADING = "checkbox-marked-circle-outline"  # the papers the visitor has
STEPS = "format-list-numbered"
WHERE = "map-marker"
WHEN = "calendar-clock"  # a deadline
PENALTY = "gavel"
PHONE = "phone"
WEB = "web"
HOURS = "clock-outline"
SEARCH = "magnify"
GLOSSARY = "book-alphabet"
STORY = "book-open-variant"
PRINT = "printer"
PRINTED = "printer-check"
TO_PHONE = "cellphone-arrow-down"
OFFLINE = "wifi-off"  # the phone site with no connection
TRY_AGAIN = "refresh"
ABOUT = "information-outline"
INTERVIEW = "help-circle"  # "can I get it?"
ANSWER = "arrow-right-circle"
PREVIOUS_QUESTION = "arrow-left-circle"
PREVIOUS = "chevron-left"
NEXT = "chevron-right"
WALK = "play-circle"
ALL = "view-list"
CHANGE = "pencil"
DONE = "check"
YES = "check-bold"
NO = "close-thick"
WHY = "comment-question-outline"
NEXT_STEP = "arrow-right-bold-circle-outline"
ESTIMATE = "cash"
CALCULATOR = "calculator"
WHO_PAYS = "account-cash"
WAGE_BASE = "scale-balance"
EMPLOYER = "domain"
BENEFITS = "gift-outline"  # what NSSF gives
NOT_NOW = "minus-circle-outline"  # "not for you now": information, not a red cross
FALLBACK = "help-circle-outline"  # content named an icon the font does not have

# --- who acts in a step ------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    label: str  # English msgid, translated when shown
    icon: str


ACTORS: dict[str, Actor] = {
    "worker": Actor(N_("Worker"), "account-hard-hat"),
    "employer": Actor(N_("Employer"), EMPLOYER),
    "nssf": Actor(N_("NSSF"), "office-building"),
    "facility": Actor(N_("Health facility"), "hospital-building"),
    "family": Actor(N_("Family"), "account-group"),
    "staff": Actor(N_("NSSF staff"), ASK_STAFF),
}
UNKNOWN_ACTOR = "account"

# --- who the visitor is ------------------------------------------------------------------------
AUDIENCES: dict[str, str] = {"worker": "account-hard-hat", "employer": EMPLOYER,
                             "staff": "face-agent"}

# --- outcomes of "can I get it?" ---------------------------------------------------------------
OUTCOMES: dict[str, str] = {
    "eligible": "check-circle",
    "not_yet": WHEN,
    "not_eligible": "close-circle-outline",
    "unknown": "help-circle",
    "ask_staff": ASK_STAFF,
}


# the groups of the "what can I get?" answer (kiosk.eligibility GROUPS): each heading's picture
GROUPS: dict[str, str] = {
    "now": OUTCOMES["eligible"],
    "later": WHEN,
    "staff": ASK_STAFF,
    "workers": "account-hard-hat",  # an employer: what the workers get
    "not_now": NOT_NOW,
    "open": "help-circle",
}


def outcome_icon(outcome: str) -> str:
    """An outcome's picture; an outcome this table does not know yet is a question for staff."""
    return OUTCOMES.get(outcome, ASK_STAFF)


# --- marks: a paper held or to bring, a reason that held, failed or is still open ---------------
MARKS: dict[str, str] = {
    "have": "checkbox-marked-circle",
    "need": "checkbox-blank-circle-outline",
    "held": "check-circle-outline",
    "failed": "close-circle-outline",
    "open": "help-circle-outline",
}


def reason_mark(held: bool | None) -> str:
    return "open" if held is None else ("held" if held else "failed")


# --- the parts of a benefit ----------------------------------------------------------------------
SECTIONS: dict[str, str] = {
    "what": BENEFITS,
    "amount": ESTIMATE,
    "who": "account-check-outline",
    "claim": "clipboard-text-outline",
    "gaps": FALLBACK,
    "staff": "account-tie",
}


def every_icon() -> set[str]:
    """Every name in this table (for the test that they all exist in the font)."""
    names = {v for k, v in globals().items() if k.isupper() and isinstance(v, str)}
    names |= {a.icon for a in ACTORS.values()} | {UNKNOWN_ACTOR}
    for table in (AUDIENCES, OUTCOMES, GROUPS, MARKS, SECTIONS):
        names |= set(table.values())
    return names
