"""Reading conditions, results and one benefit's rule file (`<benefit-id>.yaml`).

A benefit file holds its conditions (in the order they are asked), its results, how its
allowance is estimated, and any questions of its own: a benefit is added by files alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from kiosk.eligibility.expr import Scope
from kiosk.eligibility.formulas import ALLOWANCE_KEYS
from kiosk.eligibility.model import (
    CONTRIBUTIONS,
    GROUPS,
    AllowanceSpec,
    Bilingual,
    Condition,
    Result,
    Rules,
    RuleSet,
)
from kiosk.eligibility.reader import SLUG, RuleFile
from kiosk.yamlsrc import LineDict


@dataclass
class Context:
    """What reading a condition needs: the names it may use and the shared conditions."""

    rules: Rules
    scope: Scope
    text_names: set[str]
    shared: dict[str, Condition] = field(default_factory=dict)


_CONDITION_KEYS = ("id", "applies", "when", "held", "failed", "otherwise", "until", "next",
                   "group", "estimate", "source", "since", "notes")
_USE_KEYS = ("use", "applies", "held", "failed", "otherwise", "until", "next", "group",
             "estimate", "source", "since", "notes")
_FAIL_OUTCOMES = ("not_eligible", "not_yet", "ask_staff")
_RESULT_OUTCOMES = ("eligible", "not_eligible", "not_yet", "ask_staff")


def _next(node: LineDict, file: RuleFile, what: str, ctx: Context) -> Bilingual | None:
    value = node.get("next")
    if value is None:
        return None
    steps = ctx.rules.next_steps
    if isinstance(value, str):
        if value not in steps:
            file.problem(node, "next", f"{what}: unknown next step {value!r} (known: "
                                       f"{', '.join(steps)})")
        return steps.get(value)
    return file.text(node, "next", what, set(ctx.scope.params))


def _group(node: LineDict, file: RuleFile, what: str) -> str | None:
    value = node.get("group")
    if value is not None and value not in GROUPS:
        file.problem(node, "group", f"{what}: group must be one of {', '.join(GROUPS)}")
        return None
    return value


def _estimate(node: LineDict, file: RuleFile, what: str) -> str | None:
    value = node.get("estimate")
    if value is not None and value != CONTRIBUTIONS:
        file.problem(node, "estimate", f"{what}: a condition's estimate can only be "
                                       f"{CONTRIBUTIONS!r} (what an employer pays)")
        return None
    return value


def _otherwise(node: LineDict, file: RuleFile, what: str) -> str:
    value = node.get("otherwise", "not_eligible")
    if value not in _FAIL_OUTCOMES:
        file.problem(node, "otherwise", f"{what}: otherwise must be {', '.join(_FAIL_OUTCOMES)}")
        return "not_eligible"
    return value


def _until(node: LineDict, file: RuleFile, what: str, outcome: str, ctx: Context
           ) -> Bilingual | None:
    """A not_yet answer names the condition still to meet; no other outcome has one."""
    if outcome == "not_yet" and "until" not in node:
        file.problem(node, None, f"{what}: a not_yet answer needs 'until': the condition to meet")
    if outcome != "not_yet" and "until" in node:
        file.problem(node, "until", f"{what}: 'until' is only for a not_yet answer")
        return None
    return file.text(node, "until", what, ctx.text_names, required=False)


def read_condition(node: Any, file: RuleFile, ctx: Context) -> Condition | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a condition must be a mapping")
        return None
    if "use" in node:
        return _use(node, file, ctx)
    cid = file.slug(node, "id", "condition")
    what = f"condition {cid}"
    file.keys(node, _CONDITION_KEYS, what)
    when = file.expression(node, "when", what, ctx.scope)
    applies = file.expression(node, "applies", what, ctx.scope) if "applies" in node else None
    held = file.text(node, "held", what, ctx.text_names, required=False)
    failed = file.text(node, "failed", what, ctx.text_names)
    otherwise = _otherwise(node, file, what)
    until = _until(node, file, what, otherwise, ctx)
    next_ = _next(node, file, what, ctx)
    group, estimate = _group(node, file, what), _estimate(node, file, what)
    source = file.string(node, "source", what)
    since = file.since(node, "since", what)
    if None in (cid, when, failed, source, since) or ("applies" in node and applies is None):
        return None
    assert cid and when and failed and source and since
    return Condition(cid, when, failed, held, otherwise, next_, source, since,
                     node.get("notes"), file.at(node), until, group, estimate, applies)


def _use(node: LineDict, file: RuleFile, ctx: Context) -> Condition | None:
    """A shared condition of common.yaml, with some of its texts or its outcome changed."""
    name = node["use"]
    base = ctx.shared.get(name) if isinstance(name, str) else None
    if base is None:
        file.problem(node, "use", f"unknown shared condition {name!r} (in common.yaml: "
                                  f"{', '.join(ctx.shared)})")
        return None
    what = f"condition {name}"
    file.keys(node, _USE_KEYS, what)
    changes: dict[str, Any] = {}
    for key in ("held", "failed"):
        if key in node:
            changes[key] = file.text(node, key, what, ctx.text_names)
    if "otherwise" in node:
        changes["otherwise"] = _otherwise(node, file, what)
    outcome = changes.get("otherwise", base.otherwise)
    if "until" in node or outcome != base.otherwise:
        changes["until"] = _until(node, file, what, outcome, ctx)
    if "next" in node:
        changes["next"] = _next(node, file, what, ctx)
    if "group" in node:
        changes["group"] = _group(node, file, what)
    if "estimate" in node:
        changes["estimate"] = _estimate(node, file, what)
    if "applies" in node:
        changes["applies"] = file.expression(node, "applies", what, ctx.scope)
    for key in ("source", "notes"):
        if key in node:
            changes[key] = file.string(node, key, what)
    if "since" in node:
        changes["since"] = file.since(node, "since", what)
    return replace(base, **changes, where=file.at(node))


def _result(node: Any, file: RuleFile, ctx: Context, last: bool) -> Result | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a result must be a mapping")
        return None
    rid = file.slug(node, "id", "result")
    what = f"result {rid}"
    file.keys(node, ("id", "when", "outcome", "text", "until", "next", "group", "source",
                     "since"), what)
    when = file.expression(node, "when", what, ctx.scope) if "when" in node else None
    if last and "when" in node:
        file.problem(node, "when", f"{what}: the last result is the default: no 'when'")
    if not last and "when" not in node:
        file.problem(node, None, f"{what}: only the last result may leave out 'when'")
    outcome = node.get("outcome", "eligible")
    if outcome not in _RESULT_OUTCOMES:
        file.problem(node, "outcome", f"{what}: outcome must be {', '.join(_RESULT_OUTCOMES)}")
        outcome = "eligible"
    text = file.text(node, "text", what, ctx.text_names)
    until = _until(node, file, what, outcome, ctx)
    next_ = _next(node, file, what, ctx)
    group = _group(node, file, what)
    source = file.string(node, "source", what)
    since = file.since(node, "since", what)
    if None in (rid, text, source, since) or ("when" in node and when is None):
        return None
    assert rid and text and source and since
    return Result(rid, when, outcome, text, next_, source, since, file.at(node), until, group)


def _allowance(tree: LineDict, file: RuleFile, what: str, ctx: Context) -> AllowanceSpec | None:
    node = tree.get("estimate")
    if node is None:
        return None
    if not isinstance(node, LineDict):
        file.problem(tree, "estimate", f"{what}: estimate must be a mapping of parameters "
                                       f"({', '.join(ALLOWANCE_KEYS)})")
        return None
    file.keys(node, ALLOWANCE_KEYS, f"{what} estimate")
    values: dict[str, str] = {}
    for key in ALLOWANCE_KEYS:
        name = node.get(key)
        if name is None:
            continue
        if not isinstance(name, str) or name not in ctx.rules.params:
            file.problem(node, key, f"{what} estimate: {key} must name a parameter, not {name!r}")
            continue
        values[key] = name
    if "rate" not in values:
        if "rate" not in node:
            file.problem(node, None, f"{what} estimate: 'rate' is missing")
        return None
    return AllowanceSpec(**values)


_RULESET_KEYS = ("benefit", "order", "title", "checklist", "estimate", "review", "reviewed_on",
                 "sources", "notes", "conditions", "results", "questions")


def read_ruleset(tree: Any, file: RuleFile, ctx: Context) -> RuleSet | None:
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
    estimate = _allowance(tree, file, what, ctx)
    review = tree.get("review")
    if review not in ("sample", "approved"):
        file.problem(tree, "review", f"{what}: review must be sample or approved")
    reviewed_on = file.since(tree, "reviewed_on", what)
    sources = [s for s in file.items(tree, "sources", what) if isinstance(s, str) and s.strip()]
    if not sources:
        file.problem(tree, "sources", f"{what}: at least one source is needed")
    conditions = [c for c in (read_condition(n, file, ctx)
                              for n in file.items(tree, "conditions", what)) if c is not None]
    nodes = file.items(tree, "results", what)
    results = [r for r in (_result(n, file, ctx, i == len(nodes) - 1)
                           for i, n in enumerate(nodes)) if r is not None]
    if not nodes:
        file.problem(tree, "results", f"{what}: at least one result is needed")
    seen: set[str] = set()
    for item in [*conditions, *results]:
        if item.id in seen:
            file.problems.append(f"{item.where}: {what}: id {item.id!r} used twice")
        seen.add(item.id)
    if benefit is None or title is None:
        return None
    ruleset = RuleSet(benefit, title, order, str(checklist), estimate, tuple(sources),
                      str(review), str(reviewed_on), tree.get("notes"), tuple(conditions),
                      tuple(results), file.at(tree))
    if estimate is not None and estimate.days is None and "unable_to_work_days" not in ruleset.facts:
        file.problem(tree, "estimate", f"{what} estimate: without fixed 'days' it counts the "
                                       "days off work, so the rules must read unable_to_work_days")
    return ruleset
