"""Reading `data/rules/`: every problem found, each as `path:line: message`, none fatal early.

Layout of the folder:
- `parameters.yaml`: thresholds and rates, each with value, unit, source and since;
- `questions.yaml`: one question per fact, in the order the "what can I get?" interview asks;
- `common.yaml`: outcome names, shared texts and next steps, and conditions many benefits use;
- `estimates.yaml`: the formula texts of the estimates;
- one `<benefit-id>.yaml` per benefit: its conditions (in the order they are asked) and results.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kiosk.eligibility import estimate
from kiosk.eligibility.expr import KEYWORDS, Scope
from kiosk.eligibility.facts import FACTS, fact_type
from kiosk.eligibility.model import Bilingual, Condition, Parameter, Question, Result, RuleSet
from kiosk.eligibility.reader import SLUG, RuleFile
from kiosk.errors import ContentError
from kiosk.yamlsrc import LineDict, load_yaml

RESERVED = ("parameters.yaml", "questions.yaml", "common.yaml", "estimates.yaml")
UNITS = ("months", "weeks", "days", "years", "percent", "riel", "riel_per_usd", "number")
REQUIRED_NEXT_STEPS = ("claim", "ask-staff", "not-eligible", "answer")
REQUIRED_TEXTS = {"still_to_answer": ("question",)}
_PARAM = re.compile(r"[a-z][a-z0-9_]*")


@dataclass
class Loaded:
    params: dict[str, Parameter] = field(default_factory=dict)
    questions: dict[str, Question] = field(default_factory=dict)  # by fact, in asking order
    outcomes: dict[str, Bilingual] = field(default_factory=dict)
    texts: dict[str, Bilingual] = field(default_factory=dict)
    next_steps: dict[str, Bilingual] = field(default_factory=dict)
    estimate_texts: dict[str, Bilingual] = field(default_factory=dict)
    rulesets: dict[str, RuleSet] = field(default_factory=dict)


def read_rules(directory: Path) -> tuple[Loaded, list[str]]:
    """Everything in `directory`, and every problem found (an empty list: it is sound)."""
    problems: list[str] = []
    out = Loaded()
    if not directory.is_dir():
        return out, [f"{directory}:1: no rules folder"]
    trees: dict[str, Any] = {}
    for path in sorted(directory.glob("*.yaml")):
        try:
            tree = load_yaml(path, str(path))
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        except (ValueError, TypeError) as exc:  # PyYAML raises these unmarked: `2026-13-45`
            problems.append(f"{path}:1: a value YAML cannot read: {exc}")
            continue
        if not isinstance(tree, LineDict):
            problems.append(f"{path}:{getattr(tree, 'line', 1) or 1}: a rule file must be a "
                            "mapping (key: value at the top)")
            continue
        trees[path.name] = (tree, RuleFile(str(path), problems))
    for name in RESERVED:
        if name not in trees and not any(p.startswith(str(directory / name)) for p in problems):
            problems.append(f"{directory / name}:1: missing file")
    if "parameters.yaml" in trees:
        out.params = _parameters(*trees["parameters.yaml"])
    scope = Scope(
        facts={name: fact_type(name) for name in FACTS},
        params={name: p.value for name, p in out.params.items()},
        enums={name: spec.values for name, spec in FACTS.items() if spec.kind == "enum"},
    )
    text_names = {*FACTS, *out.params}
    shared: dict[str, Condition] = {}
    if "common.yaml" in trees:
        shared = _common(*trees["common.yaml"], out, scope, text_names)
    if "questions.yaml" in trees:
        _questions(*trees["questions.yaml"], out)
    if "estimates.yaml" in trees:
        _estimates(*trees["estimates.yaml"], out)
    for name, (tree, file) in trees.items():
        if name not in RESERVED:
            ruleset = _ruleset(tree, file, scope, shared, out, text_names)
            if ruleset is not None:
                if ruleset.benefit in out.rulesets:
                    file.problem(tree, "benefit", f"benefit {ruleset.benefit!r} defined twice")
                elif Path(name).stem != ruleset.benefit:
                    file.problem(tree, "benefit", f"the file of {ruleset.benefit!r} must be "
                                                  f"named {ruleset.benefit}.yaml")
                out.rulesets[ruleset.benefit] = ruleset
    _cross_checks(directory, out, problems)
    out.rulesets = dict(sorted(out.rulesets.items(), key=lambda kv: (kv[1].order, kv[0])))
    return out, problems


def _parameters(tree: Any, file: RuleFile) -> dict[str, Parameter]:
    out: dict[str, Parameter] = {}
    params = file.mapping(tree, "parameters", "parameters.yaml")
    for name, node in (params or {}).items():
        what = f"parameter {name}"
        if not isinstance(name, str) or not _PARAM.fullmatch(name):
            file.problem(params, name, f"{what}: name must be lower_case_with_underscores")
            continue
        if name in FACTS or name in KEYWORDS:
            file.problem(params, name, f"{what}: the name is taken by a fact or a keyword")
            continue
        if not isinstance(node, LineDict):
            file.problem(params, name, f"{what} must be a mapping (value, unit, source, since)")
            continue
        file.keys(node, ("value", "unit", "source", "since", "notes"), what)
        raw = node.get("value")
        try:
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                raise InvalidOperation
            value = Decimal(str(raw))
            if not value.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            file.problem(node, "value", f"{what}: value must be a number, not {raw!r}")
            continue
        unit = node.get("unit")
        if unit not in UNITS:
            file.problem(node, "unit", f"{what}: unit must be one of {', '.join(UNITS)}")
            continue
        source = file.string(node, "source", what)
        since = file.since(node, "since", what)
        if source and since:
            out[name] = Parameter(name, value, unit, source, since, node.get("notes"),
                                  file.at(params, name))
    return out


def _questions(tree: Any, file: RuleFile, out: Loaded) -> None:
    # `yes:` would be a boolean key in YAML 1.1, hence answer_yes / answer_no.
    for key in ("yes", "no"):
        text = file.text(tree, f"answer_{key}", "questions.yaml")
        if text:
            out.texts[key] = text
    file.keys(tree, ("answer_yes", "answer_no", "questions"), "questions.yaml")
    yes_no = ((True, out.texts.get("yes", {})), (False, out.texts.get("no", {})))
    for node in file.items(tree, "questions", "questions.yaml"):
        question = _question(node, file, yes_no)
        if question is None:
            continue
        if question.fact in out.questions:
            file.problem(node, None, f"question {question.id}: fact {question.fact!r} "
                                     "already has a question")
            continue
        out.questions[question.fact] = question


def _question(node: Any, file: RuleFile, yes_no: tuple[tuple[Any, Bilingual], ...]) -> Question | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a question must be a mapping")
        return None
    qid = node.get("id")
    what = f"question {qid}"
    file.keys(node, ("id", "fact", "kind", "text", "help", "choices", "min", "max", "step",
                     "start", "unit"), what)
    fact = node.get("fact", qid)
    spec = FACTS.get(fact) if isinstance(fact, str) else None
    if spec is None:
        file.problem(node, "fact" if "fact" in node else "id", f"{what}: unknown fact {fact!r}")
        return None
    kind = node.get("kind")
    expected = {"bool": "yes_no", "enum": "choice", "int": "number"}[spec.kind]
    if kind != expected:
        file.problem(node, "kind", f"{what}: fact {fact} needs kind {expected!r}, not {kind!r}")
        return None
    text = file.text(node, "text", what)
    help_ = file.text(node, "help", what, required=False)
    unit = file.text(node, "unit", what, required=False)
    choices: tuple[tuple[Any, Bilingual], ...] = yes_no if kind == "yes_no" else ()
    labels: dict[Any, Bilingual] = {}
    numbers: dict[str, int | None] = {"min": None, "max": None, "step": None, "start": None}
    if kind == "choice":
        found = []
        for item in file.items(node, "choices", what):
            if not isinstance(item, LineDict) or item.get("value") not in spec.values:
                file.problem(item, "value", f"{what}: choice value must be one of "
                                            f"{', '.join(spec.values)}")
                continue
            file.keys(item, ("value", "text", "label"), f"{what} choice")
            button = file.text(item, "text", f"{what} choice {item['value']}")
            label = file.text(item, "label", f"{what} choice {item['value']}", required=False)
            if button:
                found.append((item["value"], button))
            if label:
                labels[item["value"]] = label
        if sorted(v for v, _ in found) != sorted(spec.values):
            file.problem(node, "choices", f"{what}: choices must be exactly "
                                          f"{', '.join(spec.values)}")
        choices = tuple(found)
    if kind == "number":
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
    if not isinstance(qid, str) or not text:
        if not isinstance(qid, str):
            file.problem(node, "id", f"{what}: 'id' must be a name")
        return None
    return Question(qid, fact, kind, text, help_, choices, labels, numbers["min"],
                    numbers["max"], numbers["step"] or (1 if kind == "number" else None),
                    numbers["start"], unit)


def _common(tree: Any, file: RuleFile, out: Loaded, scope: Scope,
            text_names: set[str]) -> dict[str, Condition]:
    file.keys(tree, ("outcomes", "texts", "next_steps", "conditions"), "common.yaml")
    outcomes = file.mapping(tree, "outcomes", "common.yaml") or LineDict()
    for outcome in ("eligible", "not_eligible", "unknown", "ask_staff"):
        text = file.text(outcomes, outcome, "outcomes")
        if text:
            out.outcomes[outcome] = text
    texts = file.mapping(tree, "texts", "common.yaml") or LineDict()
    text = file.text(texts, "still_to_answer", "texts", REQUIRED_TEXTS["still_to_answer"])
    if text:
        out.texts["still_to_answer"] = text
    steps = file.mapping(tree, "next_steps", "common.yaml") or LineDict()
    for name in steps:
        text = file.text(steps, name, "next step", set(scope.params))
        if text:
            out.next_steps[name] = text
    for name in REQUIRED_NEXT_STEPS:
        if name not in steps:
            file.problem(steps, None, f"next_steps: {name!r} is missing")
    shared: dict[str, Condition] = {}
    for node in file.items(tree, "conditions", "common.yaml"):
        condition = _condition(node, file, scope, {}, out, text_names)
        if condition is not None:
            shared[condition.id] = condition
    return shared


def _estimates(tree: Any, file: RuleFile, out: Loaded) -> None:
    file.keys(tree, ("texts",), "estimates.yaml")
    texts = file.mapping(tree, "texts", "estimates.yaml") or LineDict()
    for name, allowed in estimate.TEXTS.items():
        text = file.text(texts, name, "estimate text", allowed)
        if text:
            out.estimate_texts[name] = text
    for name in texts:
        if name not in estimate.TEXTS:
            file.problem(texts, name, f"estimate text {name!r} is not used by any estimate")


def _next(node: LineDict, file: RuleFile, what: str, out: Loaded, scope: Scope) -> Bilingual | None:
    value = node.get("next")
    if value is None:
        return None
    if isinstance(value, str):
        if value not in out.next_steps:
            file.problem(node, "next", f"{what}: unknown next step {value!r} (known: "
                                       f"{', '.join(out.next_steps)})")
        return out.next_steps.get(value)
    return file.text(node, "next", what, set(scope.params))


_CONDITION_KEYS = ("id", "when", "held", "failed", "otherwise", "next", "source", "since", "notes")


def _condition(node: Any, file: RuleFile, scope: Scope, shared: dict[str, Condition],
               out: Loaded, text_names: set[str]) -> Condition | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a condition must be a mapping")
        return None
    where = file.at(node)
    if "use" in node:
        name = node["use"]
        base = shared.get(name) if isinstance(name, str) else None
        if base is None:
            file.problem(node, "use", f"unknown shared condition {name!r} (in common.yaml: "
                                      f"{', '.join(shared)})")
            return None
        file.keys(node, ("use", "held", "failed", "otherwise", "next", "source", "since",
                         "notes"), f"condition {name}")
        changes: dict[str, Any] = {}
        for key in ("held", "failed"):
            if key in node:
                changes[key] = file.text(node, key, f"condition {name}", text_names)
        if "otherwise" in node:
            changes["otherwise"] = _otherwise(node, file, f"condition {name}")
        if "next" in node:
            changes["next"] = _next(node, file, f"condition {name}", out, scope)
        for key in ("source", "notes"):
            if key in node:
                changes[key] = file.string(node, key, f"condition {name}")
        if "since" in node:
            changes["since"] = file.since(node, "since", f"condition {name}")
        return replace(base, **changes, where=where)
    cid = file.slug(node, "id", "condition")
    what = f"condition {cid}"
    file.keys(node, _CONDITION_KEYS, what)
    when = file.expression(node, "when", what, scope)
    held = file.text(node, "held", what, text_names, required=False)
    failed = file.text(node, "failed", what, text_names)
    otherwise = _otherwise(node, file, what)
    next_ = _next(node, file, what, out, scope)
    source = file.string(node, "source", what)
    since = file.since(node, "since", what)
    if None in (cid, when, failed, source, since):
        return None
    assert cid and when and failed and source and since
    return Condition(cid, when, failed, held, otherwise, next_, source, since,
                     node.get("notes"), where)


def _otherwise(node: LineDict, file: RuleFile, what: str) -> str:
    value = node.get("otherwise", "not_eligible")
    if value not in ("not_eligible", "ask_staff"):
        file.problem(node, "otherwise", f"{what}: otherwise must be not_eligible or ask_staff")
        return "not_eligible"
    return value


def _result(node: Any, file: RuleFile, scope: Scope, out: Loaded, last: bool,
            text_names: set[str]) -> Result | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a result must be a mapping")
        return None
    rid = file.slug(node, "id", "result")
    what = f"result {rid}"
    file.keys(node, ("id", "when", "outcome", "text", "next", "source", "since"), what)
    when = file.expression(node, "when", what, scope) if "when" in node else None
    if last and "when" in node:
        file.problem(node, "when", f"{what}: the last result is the default: no 'when'")
    if not last and "when" not in node:
        file.problem(node, None, f"{what}: only the last result may leave out 'when'")
    outcome = node.get("outcome", "eligible")
    if outcome not in ("eligible", "not_eligible", "ask_staff"):
        file.problem(node, "outcome", f"{what}: outcome must be eligible, not_eligible or "
                                      "ask_staff")
    text = file.text(node, "text", what, text_names)
    next_ = _next(node, file, what, out, scope)
    source = file.string(node, "source", what)
    since = file.since(node, "since", what)
    if None in (rid, text, source, since) or ("when" in node and when is None):
        return None
    assert rid and text and source and since
    return Result(rid, when, outcome, text, next_, source, since, file.at(node))


_RULESET_KEYS = ("benefit", "order", "title", "checklist", "estimate", "review", "reviewed_on",
                 "sources", "notes", "conditions", "results")


def _ruleset(tree: Any, file: RuleFile, scope: Scope, shared: dict[str, Condition], out: Loaded,
             text_names: set[str]) -> RuleSet | None:
    if not isinstance(tree, LineDict):
        file.problem(tree, None, "a rule file must be a mapping with benefit: and conditions:")
        return None
    benefit = file.slug(tree, "benefit", "rule set")
    what = f"benefit {benefit}"
    file.keys(tree, _RULESET_KEYS, what)
    title = file.text(tree, "title", what)
    order = tree.get("order", 0)
    if isinstance(order, bool) or not isinstance(order, int):
        file.problem(tree, "order", f"{what}: order must be a whole number")
        order = 0
    checklist = tree.get("checklist", f"claim-{benefit}")
    if not isinstance(checklist, str) or not SLUG.fullmatch(checklist):
        file.problem(tree, "checklist", f"{what}: checklist must be a checklist id")
    has_estimate = tree.get("estimate", False)
    if has_estimate not in (True, False):
        file.problem(tree, "estimate", f"{what}: estimate must be true or false")
    elif has_estimate and benefit not in estimate.ALLOWANCE_BENEFITS:
        file.problem(tree, "estimate", f"{what}: no estimate is known for this benefit "
                                       f"(known: {', '.join(estimate.ALLOWANCE_BENEFITS)})")
    review = tree.get("review")
    if review not in ("sample", "approved"):
        file.problem(tree, "review", f"{what}: review must be sample or approved")
    reviewed_on = file.since(tree, "reviewed_on", what)
    sources = [s for s in file.items(tree, "sources", what) if isinstance(s, str) and s.strip()]
    if not sources:
        file.problem(tree, "sources", f"{what}: at least one source is needed")
    conditions: list[Condition] = []
    for node in file.items(tree, "conditions", what):
        condition = _condition(node, file, scope, shared, out, text_names)
        if condition is not None:
            conditions.append(condition)
    results_nodes = file.items(tree, "results", what)
    results: list[Result] = []
    for index, node in enumerate(results_nodes):
        result = _result(node, file, scope, out, index == len(results_nodes) - 1, text_names)
        if result is not None:
            results.append(result)
    if not results_nodes:
        file.problem(tree, "results", f"{what}: at least one result is needed")
    seen: set[str] = set()
    for item in [*conditions, *results]:
        if item.id in seen:
            file.problems.append(f"{item.where}: {what}: id {item.id!r} used twice")
        seen.add(item.id)
    if benefit is None or title is None:
        return None
    return RuleSet(benefit, title, order, str(checklist),
                   bool(has_estimate), tuple(sources), str(review), str(reviewed_on),
                   tree.get("notes"), tuple(conditions), tuple(results), file.at(tree))


def _cross_checks(directory: Path, out: Loaded, problems: list[str]) -> None:
    from kiosk.content.model import BENEFIT_IDS  # the contract's list; pydantic loads lazily

    for benefit in BENEFIT_IDS:
        if benefit not in out.rulesets:
            problems.append(f"{directory / (benefit + '.yaml')}:1: no rules for benefit "
                            f"{benefit!r}")
    for benefit, ruleset in out.rulesets.items():
        if benefit not in BENEFIT_IDS:
            problems.append(f"{ruleset.where}: unknown benefit {benefit!r} (known: "
                            f"{', '.join(BENEFIT_IDS)})")
        for fact in ruleset.facts:
            if fact not in out.questions and out.questions:
                problems.append(f"{ruleset.where}: benefit {benefit}: fact {fact!r} is used but "
                                "no question in questions.yaml sets it")
    if out.params or (directory / "parameters.yaml").is_file():
        for name in estimate.REQUIRED_PARAMS:
            if name not in out.params:
                problems.append(f"{directory / 'parameters.yaml'}:1: parameter {name!r} is "
                                "needed by the estimates")
