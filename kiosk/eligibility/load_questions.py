"""Reading the questions: one per fact, from questions.yaml and from a benefit's own file.

A question whose fact is not in the core table (facts.FACTS) defines that fact by its kind, so a
new benefit brings its own questions by files alone: yes/no makes a bool, a choice an enum of
its values, a number an int within its min..max. A core fact keeps its type: its question must
have the matching kind.
"""
from __future__ import annotations

import re
from typing import Any

from kiosk import icons as icon_font
from kiosk.eligibility.expr import KEYWORDS
from kiosk.eligibility.facts import FactSpec
from kiosk.eligibility.model import Bilingual, Question, Rules
from kiosk.eligibility.reader import RuleFile
from kiosk.yamlsrc import LineDict, LineList

_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
QUESTION_KEYS = ("id", "fact", "kind", "text", "help", "choices", "min", "max", "step", "start",
                 "unit")
_KIND_OF = {"bool": "yes_no", "enum": "choice", "int": "number"}


def read_answer_texts(tree: Any, file: RuleFile, rules: Rules) -> None:
    """The texts of the answers every question shares (questions.yaml)."""
    # `yes:` would be a boolean key in YAML 1.1, hence answer_yes / answer_no.
    for key in ("yes", "no", "dont_know"):
        text = file.text(tree, f"answer_{key}", "questions.yaml")
        if text:
            rules.texts[key] = text


def read_questions(nodes: LineList, file: RuleFile, rules: Rules, taken: set[str]) -> None:
    """Add the questions in `nodes` to `rules.questions` (and the facts they define).
    `taken`: names a new fact may not have (parameters, computed values)."""
    yes_no = ((True, rules.texts.get("yes", {})), (False, rules.texts.get("no", {})))
    for node in nodes:
        question = _question(node, file, yes_no, rules, taken)
        if question is None:
            continue
        if question.fact in rules.questions:
            file.problem(node, None, f"question {question.id}: fact {question.fact!r} "
                                     "already has a question")
            continue
        rules.questions[question.fact] = question


def _define_fact(node: LineDict, file: RuleFile, fact: str, kind: Any, what: str,
                 taken: set[str]) -> FactSpec | None:
    """The fact a question for a new name defines, or None (with a problem) if it cannot."""
    if not _NAME.fullmatch(fact) or fact in KEYWORDS:
        file.problem(node, "fact" if "fact" in node else "id",
                     f"{what}: a new fact is named lower_case_with_underscores, not {fact!r}")
        return None
    if fact in taken:
        file.problem(node, "fact" if "fact" in node else "id",
                     f"{what}: {fact!r} is already a parameter or a computed value")
        return None
    if kind == "yes_no":
        return FactSpec(fact, "bool")
    if kind == "choice":
        values = [item.get("value") for item in node.get("choices") or []
                  if isinstance(item, LineDict)]
        if not values or not all(isinstance(v, str) and _NAME.fullmatch(v) for v in values):
            file.problem(node, "choices", f"{what}: the choices of a new fact need values "
                                          "written lower_case_with_underscores")
            return None
        if len(set(values)) != len(values):
            file.problem(node, "choices", f"{what}: a choice value is there twice")
            return None
        return FactSpec(fact, "enum", tuple(values))
    if kind == "number":
        low, high = node.get("min"), node.get("max")
        if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
            file.problem(node, None, f"{what}: a new number fact needs whole min and max")
            return None
        if not 0 <= low < high <= 1_000_000_000:
            file.problem(node, "min", f"{what}: min and max must be 0 or more, min below max")
            return None
        return FactSpec(fact, "int", min=low, max=high)
    file.problem(node, "kind", f"{what}: kind must be yes_no, choice or number, not {kind!r}")
    return None


def _question(node: Any, file: RuleFile, yes_no: tuple[tuple[Any, Bilingual], ...],
              rules: Rules, taken: set[str]) -> Question | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a question must be a mapping")
        return None
    qid = node.get("id")
    what = f"question {qid}"
    file.keys(node, QUESTION_KEYS, what)
    fact = node.get("fact", qid)
    if not isinstance(fact, str):
        file.problem(node, "fact" if "fact" in node else "id", f"{what}: unknown fact {fact!r}")
        return None
    kind = node.get("kind")
    spec = rules.facts.get(fact)
    if spec is None:
        spec = _define_fact(node, file, fact, kind, what, taken)
        if spec is None:
            return None
        rules.facts[fact] = spec
    expected = _KIND_OF[spec.kind]
    if kind != expected:
        file.problem(node, "kind", f"{what}: fact {fact} needs kind {expected!r}, not {kind!r}")
        return None
    text = file.text(node, "text", what)
    help_ = file.text(node, "help", what, required=False)
    unit = file.text(node, "unit", what, required=False)
    choices: tuple[tuple[Any, Bilingual], ...] = yes_no if kind == "yes_no" else ()
    labels: dict[Any, Bilingual] = {}
    pictures: dict[Any, str] = {}
    numbers: dict[str, int | None] = {"min": None, "max": None, "step": None, "start": None}
    if kind == "choice":
        choices = _choices(node, file, spec, what, labels, pictures)
    if kind == "number":
        _numbers(node, file, spec, what, numbers)
    if not isinstance(qid, str) or not text:
        if not isinstance(qid, str):
            file.problem(node, "id", f"{what}: 'id' must be a name")
        return None
    return Question(qid, fact, kind, text, help_, choices, labels, pictures, numbers["min"],
                    numbers["max"], numbers["step"] or (1 if kind == "number" else None),
                    numbers["start"], unit)


def _choices(node: LineDict, file: RuleFile, spec: FactSpec, what: str,
             labels: dict[Any, Bilingual], pictures: dict[Any, str]
             ) -> tuple[tuple[Any, Bilingual], ...]:
    found = []
    for item in file.items(node, "choices", what):
        if not isinstance(item, LineDict) or item.get("value") not in spec.values:
            file.problem(item, "value", f"{what}: choice value must be one of "
                                        f"{', '.join(spec.values)}")
            continue
        file.keys(item, ("value", "text", "label", "icon"), f"{what} choice")
        button = file.text(item, "text", f"{what} choice {item['value']}")
        label = file.text(item, "label", f"{what} choice {item['value']}", required=False)
        if button:
            found.append((item["value"], button))
        if label:
            labels[item["value"]] = label
        picture = item.get("icon")
        if picture is not None:
            # the picture people who read little recognise: one of the font the screen and the
            # paper draw with, never a name the kiosk cannot show
            if not isinstance(picture, str) or not icon_font.exists(picture):
                file.problem(item, "icon", f"{what} choice {item['value']}: unknown icon "
                                           f"{picture!r} (not in the Material Design Icons "
                                           "charmap)")
            else:
                pictures[item["value"]] = picture
    if sorted(v for v, _ in found) != sorted(spec.values):
        file.problem(node, "choices", f"{what}: choices must be exactly {', '.join(spec.values)}")
    return tuple(found)


def _numbers(node: LineDict, file: RuleFile, spec: FactSpec, what: str,
             numbers: dict[str, int | None]) -> None:
    for key in numbers:
        value = node.get(key)
        if value is None and key in ("min", "max"):
            file.problem(node, None, f"{what}: {key!r} is missing")
        elif value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            file.problem(node, key, f"{what}: {key} must be a whole number")
        else:
            numbers[key] = value
    low, high = numbers["min"], numbers["max"]
    if low is not None and high is not None:
        if not spec.min <= low < high <= spec.max:
            file.problem(node, "min", f"{what}: min and max must lie within "
                                      f"{spec.min}..{spec.max}, min below max")
        start = numbers["start"]
        if start is not None and not low <= start <= high:
            file.problem(node, "start", f"{what}: start must lie within min..max")
    if numbers["step"] is not None and numbers["step"] < 1:
        file.problem(node, "step", f"{what}: step must be 1 or more")

