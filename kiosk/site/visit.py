"""The visit in a QR code's fragment: what the visitor ticked, the outcome and their answers.

A browser never sends the fragment (`#...`) to the server, so the phone page shows the
visitor's own ticks and answers while the server, a CDN or a kiosk on the LAN only ever sees
`GET /km/claim-maternity.html`. Nothing is stored anywhere: the slip in the visitor's hand is the
only copy.

The fragment is `&`-separated `key=value` pairs (docs/phone-site.md has the full grammar):

    have=id-card,birth-certificate   a checklist: the papers the visitor has (document ids)
    outcome=eligible                 a decision on one benefit: its outcome id
    o=1-<item>-<item>...             "what can I get?": each benefit's group and outcome
    a=1-<item>-<item>...             the visitor's answers to the questions
    v=7                              the content version the slip was printed from

`a` and `o` are versioned compact lists: the first item is the encoding version (1), then one
item per answer or benefit, joined by '-'. An answer item is the fact's code (3 letters) and its
value: `y` yes, `n` no, `x` "I don't know", digits for a number, or `.` and the choice's code
(2 letters). A benefit item is the benefit's code (3 letters), its group letter and its outcome
letter. Codes are the first letters of the base32 of the sha256 of the name (`fact`, `fact=choice`,
`benefit id`): they stay the same across content versions, need no table kept by hand, and the
site publishes the table that reads them; a build refuses rules whose codes would collide.
The wage a visitor sets for an estimate is not an answer and never goes into the QR code.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from kiosk.errors import KioskError

if TYPE_CHECKING:
    from kiosk.eligibility import Question

ENCODING = 1
FACT_CODE, CHOICE_CODE, BENEFIT_CODE = 3, 2, 3
YES, NO, DONT_KNOW_MARK = "y", "n", "x"
DONT_KNOW = "dont_know"  # kiosk.eligibility.DONT_KNOW (not imported: this module stays light)
OUTCOME_LETTERS: dict[str, str] = {"eligible": "e", "not_yet": "t", "not_eligible": "n",
                                   "unknown": "u", "ask_staff": "s"}
GROUP_LETTERS: dict[str, str] = {"now": "n", "later": "l", "staff": "s", "workers": "w",
                                 "not_now": "x", "open": "o"}
NOT_ANSWERS = frozenset({"monthly_wage_riel"})  # the estimate's wage: the visitor's, not an answer


def code(name: str, length: int) -> str:
    """A short, stable code for a name: base32 of its sha256, lower case."""
    digest = base64.b32encode(hashlib.sha256(name.encode("utf-8")).digest()).decode("ascii")
    return digest[:length].lower()


def fact_code(fact: str) -> str:
    return code(fact, FACT_CODE)


def choice_code(fact: str, value: Any) -> str:
    return code(f"{fact}={value}", CHOICE_CODE)


def benefit_code(benefit: str) -> str:
    return code(benefit, BENEFIT_CODE)


def collisions(names: Iterable[str], make: Any) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    out = []
    for name in names:
        c = make(name)
        if c in seen and seen[c] != name:
            out.append((seen[c], name))
        seen.setdefault(c, name)
    return out


def check_codes(questions: Mapping[str, Question], benefits: Iterable[str]) -> None:
    """Every fact, choice and benefit has a code of its own; KioskError naming two that share
    one (the encoding then needs a new version with longer codes)."""
    clashes = collisions(questions, fact_code) + collisions(benefits, benefit_code)
    for fact, question in questions.items():
        clashes += collisions([str(v) for v, _ in question.choices if not isinstance(v, bool)],
                              lambda v, f=fact: choice_code(f, v))
    if clashes:
        a, b = clashes[0]
        raise KioskError("the phone site cannot tell {a!r} from {b!r} in a QR code (same code); "
                         "the visit encoding needs longer codes (kiosk/site/visit.py)", a=a, b=b)


def answer_value(fact: str, value: Any) -> str | None:
    if value == DONT_KNOW:
        return DONT_KNOW_MARK
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, int) and value >= 0:
        return str(value)
    if isinstance(value, str) and value:
        return "." + choice_code(fact, value)
    return None  # nothing a question answers (a float, a list): left out


def encode_answers(facts: Mapping[str, Any], questions: Iterable[str]) -> str:
    """The answers to `questions` (fact names, in asking order) found in `facts`; "" if none."""
    items = []
    for fact in questions:
        if fact in NOT_ANSWERS or fact not in facts:
            continue
        value = answer_value(fact, facts[fact])
        if value is not None:
            items.append(fact_code(fact) + value)
    return "-".join([str(ENCODING), *items]) if items else ""


def decode_answers(text: str, questions: Mapping[str, Question]) -> dict[str, Any]:
    """`encode_answers` read back (what the page's script does, for tests and tools); items
    it cannot read are skipped, as the page skips them."""
    items = text.split("-")
    if not items or items[0] != str(ENCODING):
        return {}
    facts = {fact_code(f): f for f in questions}
    out: dict[str, Any] = {}
    for item in items[1:]:
        fact = facts.get(item[:FACT_CODE])
        value = item[FACT_CODE:]
        if fact is None or not value:
            continue
        if value in (YES, NO):
            out[fact] = value == YES
        elif value == DONT_KNOW_MARK:
            out[fact] = DONT_KNOW
        elif value.isdigit():
            out[fact] = int(value)
        elif value.startswith("."):
            for choice, _ in questions[fact].choices:
                if not isinstance(choice, bool) and choice_code(fact, choice) == value[1:]:
                    out[fact] = choice
    return out


def encode_overview(outcomes: Iterable[tuple[str, str, str]]) -> str:
    """(benefit, group, outcome) of each benefit of "what can I get?", in the order shown."""
    items = [benefit_code(b) + GROUP_LETTERS.get(g, "o") + OUTCOME_LETTERS.get(o, "s")
             for b, g, o in outcomes]
    return "-".join([str(ENCODING), *items]) if items else ""


def fragment(*, version: int, have: Iterable[str] = (), outcome: str | None = None,
             overview: str = "", answers: str = "") -> str:
    """The fragment (without '#'): the visit's parts, then the content version."""
    from urllib.parse import quote

    parts = []
    held = [quote(doc, safe="") for doc in dict.fromkeys(have)]
    if held:
        parts.append("have=" + ",".join(held))
    if outcome:
        parts.append("outcome=" + quote(outcome, safe=""))
    if overview:
        parts.append("o=" + overview)
    if answers:
        parts.append("a=" + answers)
    parts.append(f"v={int(version)}")
    return "&".join(parts)
