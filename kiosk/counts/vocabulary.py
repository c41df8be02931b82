"""The words the counts are made of: metrics, funnel steps, and what an id may look like.

This is the vocabulary of the object format (contract.py): a metric added here is a new field
that leaves the kiosk, so it goes in the README's list too, and the report must know it.
"""
from __future__ import annotations

import re

# An id that may leave the kiosk: a content or rules id, a screen name, a locale. Never text a
# visitor typed: the recorder refuses anything else (a search query cannot look like "a:b").
ID = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
# A count's key: up to three ids joined by ":" ("maternity-allowance:eligible").
KEY = re.compile(rf"(?:{ID.pattern})(?::(?:{ID.pattern})){{0,2}}|")

# metric -> what its key is (the README's table of fields says the same)
METRICS: dict[str, str] = {
    "visits": "(empty): visits that began with a touch on the attract loop",
    "visits_hour": "hour of day 00-23 when the visit began (local time)",
    "funnel": "funnel step the visit reached (see FUNNEL)",
    "depth": "the deepest funnel step of the visit (where it dropped off)",
    "reached": "screen name the visit showed at least once",
    "ended": "screen the visit was on when it ended",
    "language": "locale used during the visit (km, en)",
    "audience": "who the visitor said they are (worker, employer, staff)",
    "large_text": "'on': the visit turned large text on",
    "benefit": "benefit id whose card the visit opened",
    "checklist": "checklist id the visit opened",
    "document_missing": "checklist:document the visit had not ticked when it ended",
    "question_reached": "question id shown to the visit",
    "question_answered": "question id the visit answered",
    "question_stopped": "question id on screen, unanswered, when the visit ended",
    "question_last_answered": "the last question id the visit answered",
    "outcome": "benefit:outcome of an interview the visit finished",
    "print": "kind:result of a printout (kind benefit|checklist|decision|overview|guide|"
             "employer|monthly|other, "
             "result paper|qr)",
    "search_opened": "kind:record id of a search result the visit opened",
    # since version 2 (contract.VERSION): the visitor screens of issue 16 and how a visit ended
    "ended_by": "how:screen the visit ended: how done (Done after a printout), finish (Finish "
                "in the top bar) or idle (nobody touched it until the idle reset, or "
                "the kiosk restarted the visit after an error)",
    "opened": "kind:record id a screen opened at: guides, stories, offices, duties",
    "guide_check": "guide id whose \"Is my card working?\" questions the visit started",
    "monthly_total": "(empty): the visit had an employer's monthly total computed (never how "
                     "many workers, a wage or an amount)",
}
# the first object version each metric may appear in (an older object with a newer metric does
# not keep its format)
SINCE: dict[str, int] = {"ended_by": 2, "opened": 2, "guide_check": 2, "monthly_total": 2}

# The way through the kiosk, in order. A visit counts at every step it reached; `depth` is its
# deepest step, so "left here" is the drop-off.
FUNNEL: tuple[str, ...] = ("touch", "start", "home", "content", "interview", "decision", "print",
                           "taken")
SCREEN_STEP: dict[str, str] = {"start": "start", "home": "home", "interview": "interview",
                               "decision": "decision", "print": "print"}
IDLE_SCREEN = "attract"
STAFF_SCREEN = "staff"  # nothing of the staff panel is counted
AUDIENCES = ("worker", "employer", "staff")
OUTCOMES = ("eligible", "not_eligible", "not_yet", "unknown", "ask_staff")
PRINT_KINDS = ("benefit", "checklist", "decision", "overview", "guide", "employer", "monthly")
END_HOW = ("done", "finish", "idle")  # ended_by: Done, Finish, the idle reset
# a screen that shows one record of a kind at a time or opens at one record's card (its `id` or
# `card` param): the record is counted as `opened` "kind:id", in the kinds of search hits
RECORD_SCREENS: dict[str, str] = {"guide": "guides", "stories": "stories", "contacts": "offices",
                                  "employer": "duties"}
PRINT_RESULTS = ("paper", "qr")


def is_id(text: object) -> bool:
    return isinstance(text, str) and ID.fullmatch(text) is not None


def is_key(text: object) -> bool:
    return isinstance(text, str) and KEY.fullmatch(text) is not None


def step_of(screen: str) -> str:
    """The funnel step a screen belongs to (every content screen is "content")."""
    return SCREEN_STEP.get(screen, "content")
