"""Reading rule files: every problem found, each as `path:line: message`, none fatal early.

The files (a folder in the checkout, or the rules a bundle carries: see source.py):
- `parameters.yaml`: thresholds and rates, each with its values by the date they took effect,
  and the source of each value (OpenFisca style);
- `questions.yaml`: one question per fact, in the order the "what can I get?" interview asks,
  and the shared answers (yes, no, I don't know);
- `common.yaml`: outcome and group names, shared texts and next steps, the conditions many
  benefits use, the facts that follow from others (`derived:`) and computed values for texts;
- `estimates.yaml`: the formula texts of the estimates and what an employer pays (`contributions:`);
- one `<benefit-id>.yaml` per benefit: its conditions (in the order they are asked), its
  results, its estimate and its own questions. A benefit is added by files alone.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from kiosk.eligibility.expr import KEYWORDS, Scope
from kiosk.eligibility.facts import fact_type, validate_fact
from kiosk.eligibility.formulas import ALLOWANCE_PARAMS, TEXTS
from kiosk.eligibility.load_questions import read_answer_texts, read_questions
from kiosk.eligibility.load_rulesets import Context, read_condition, read_ruleset
from kiosk.eligibility.model import (
    GROUPS,
    OUTCOMES,
    ContributionSpec,
    DatedValue,
    Derivation,
    Parameter,
    Rules,
    SchemeRate,
    WageBase,
)
from kiosk.eligibility.reader import RuleFile
from kiosk.eligibility.source import RuleFiles
from kiosk.errors import ContentError, KioskError
from kiosk.yamlsrc import LineDict, LineList, loads_yaml

RESERVED = ("parameters.yaml", "questions.yaml", "common.yaml", "estimates.yaml")
UNITS = ("months", "weeks", "days", "years", "percent", "riel", "riel_per_usd", "number")
REQUIRED_NEXT_STEPS = ("claim", "ask-staff", "not-eligible", "answer", "not-yet", "dont-know")
REQUIRED_TEXTS = {"still_to_answer": ("question",), "not_known": ("question",), "ask_about": ()}
_NAME = re.compile(r"[a-z][a-z0-9_]*")


def read_rules(source: RuleFiles | Path | str, *, check_khmer: bool = True
               ) -> tuple[Rules, list[str]]:
    """Everything in `source`, and every problem found (an empty list: it is sound)."""
    files = source if isinstance(source, RuleFiles) else RuleFiles.from_dir(source)
    problems: list[str] = list(files.problems)
    out = Rules(origin=files.origin)
    if not files.files:
        return out, problems or [f"{files.origin}:1: no rule files"]
    trees: dict[str, tuple[LineDict, RuleFile]] = {}
    for name, text in files.files.items():
        where = files.where(name)
        try:
            tree = loads_yaml(text, where)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        except (ValueError, TypeError, RecursionError) as exc:  # PyYAML raises these unmarked
            problems.append(f"{where}:1: a value YAML cannot read: {exc}")
            continue
        if not isinstance(tree, LineDict):
            problems.append(f"{where}:{getattr(tree, 'line', 1) or 1}: a rule file must be a "
                            "mapping (key: value at the top)")
            continue
        trees[name] = (tree, RuleFile(where, problems, check_khmer=check_khmer))
    for name in RESERVED:
        if name not in trees and not any(p.startswith(files.where(name)) for p in problems):
            problems.append(f"{files.where(name)}:1: missing file")
    benefit_files = {name: pair for name, pair in trees.items() if name not in RESERVED}
    if "parameters.yaml" in trees:
        out.params = _parameters(*trees["parameters.yaml"])
    taken = {*out.params, *_value_names(trees.get("common.yaml"))}
    if "questions.yaml" in trees:
        tree, file = trees["questions.yaml"]
        file.keys(tree, ("answer_yes", "answer_no", "answer_dont_know", "questions"),
                  "questions.yaml")
        read_answer_texts(tree, file, out)
        read_questions(file.items(tree, "questions", "questions.yaml"), file, out, taken)
    for tree, file in benefit_files.values():  # a benefit's own questions, in file order
        if isinstance(tree.get("questions"), LineList):
            read_questions(tree["questions"], file, out, taken)
        elif "questions" in tree:
            file.problem(tree, "questions", "questions must be a list")
    ctx = Context(out, Scope(
        facts={name: fact_type(name, out.facts) for name in out.facts},
        # any value of a parameter may be the one in force: 0 if any is (a division checks it)
        params={name: min((abs(v.value) for v in p.values), default=Decimal(0))
                for name, p in out.params.items()},
        enums={name: spec.values for name, spec in out.facts.items() if spec.kind == "enum"},
    ), {*out.facts, *out.params})
    if "common.yaml" in trees:
        _common(*trees["common.yaml"], ctx)
    if "estimates.yaml" in trees:
        _estimates(*trees["estimates.yaml"], out)
    for name, (tree, file) in benefit_files.items():
        ruleset = read_ruleset(tree, file, ctx)
        if ruleset is None:
            continue
        if ruleset.benefit in out.rulesets:
            file.problem(tree, "benefit", f"benefit {ruleset.benefit!r} defined twice")
        elif Path(name).stem != ruleset.benefit:
            file.problem(tree, "benefit", f"the file of {ruleset.benefit!r} must be named "
                                          f"{ruleset.benefit}.yaml")
        out.rulesets[ruleset.benefit] = ruleset
    _cross_checks(files, out, problems)
    out.rulesets = dict(sorted(out.rulesets.items(), key=lambda kv: (kv[1].order, kv[0])))
    return out, problems


def load(source: RuleFiles | Path | str, *, check_khmer: bool = True) -> Rules:
    """The rules of `source`; ContentError listing every problem if they do not validate."""
    rules, problems = read_rules(source, check_khmer=check_khmer)
    if problems:
        raise ContentError(problems)
    return rules


# --- parameters ------------------------------------------------------------------------------
def _number(raw: Any) -> Decimal | None:
    try:
        if isinstance(raw, bool) or not isinstance(raw, int | float | str):
            raise InvalidOperation
        value = Decimal(str(raw))
        return value if value.is_finite() else None
    except InvalidOperation:
        return None


def _dated(node: LineDict, file: RuleFile, what: str) -> DatedValue | None:
    raw = node.get("value")
    value = _number(raw)
    if value is None:
        file.problem(node, "value", f"{what}: value must be a number, not {raw!r}")
    source = file.string(node, "source", what)
    since = file.since(node, "since", what)
    if value is None or not source or not since:
        return None
    return DatedValue(since, value, source, node.get("notes"), file.at(node))


def _parameters(tree: LineDict, file: RuleFile) -> dict[str, Parameter]:
    out: dict[str, Parameter] = {}
    file.keys(tree, ("parameters",), "parameters.yaml")
    params = file.mapping(tree, "parameters", "parameters.yaml")
    for name, node in (params or {}).items():
        what = f"parameter {name}"
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            file.problem(params, name, f"{what}: name must be lower_case_with_underscores")
            continue
        if name in KEYWORDS:
            file.problem(params, name, f"{what}: the name is a keyword of the rule language")
            continue
        if not isinstance(node, LineDict):
            file.problem(params, name, f"{what} must be a mapping (unit, and value, source, since"
                                       " or values:)")
            continue
        unit = node.get("unit")
        if unit not in UNITS:
            file.problem(node, "unit", f"{what}: unit must be one of {', '.join(UNITS)}")
            continue
        if "values" in node:  # values by the date they took effect, oldest first
            file.keys(node, ("unit", "values", "notes"), what)
            dated = []
            for item in file.items(node, "values", what):
                if not isinstance(item, LineDict):
                    file.problem(item, None, f"{what}: each value is a mapping (since, value, "
                                             "source)")
                    continue
                file.keys(item, ("since", "value", "source", "notes"), f"{what} value")
                one = _dated(item, file, what)
                if one is not None:
                    dated.append(one)
            if not dated:
                if "values" in node and node["values"]:
                    continue
                file.problem(node, "values", f"{what}: at least one value is needed")
                continue
            starts = [d.start for d in dated]
            if starts != sorted(set(starts)) or len(set(starts)) != len(starts):
                file.problem(node, "values", f"{what}: values must be oldest first, each "
                                             "from a later date")
                continue
            values = tuple(dated)
        else:
            file.keys(node, ("value", "unit", "source", "since", "notes"), what)
            one = _dated(node, file, what)
            if one is None:
                continue
            values = (one,)
        out[name] = Parameter(name, unit, values, node.get("notes"), file.at(params, name))
    return out


# --- common.yaml -----------------------------------------------------------------------------
def _value_names(pair: tuple[LineDict, RuleFile] | None) -> set[str]:
    if pair is None or not isinstance(pair[0].get("values"), LineDict):
        return set()
    return {name for name in pair[0]["values"] if isinstance(name, str)}


def _common(tree: LineDict, file: RuleFile, ctx: Context) -> None:
    out = ctx.rules
    file.keys(tree, ("outcomes", "groups", "texts", "next_steps", "conditions", "derived",
                     "values"), "common.yaml")
    _values(tree, file, ctx)
    outcomes = file.mapping(tree, "outcomes", "common.yaml") or LineDict()
    for outcome in OUTCOMES:
        text = file.text(outcomes, outcome, "outcomes")
        if text:
            out.outcomes[outcome] = text
    groups = file.mapping(tree, "groups", "common.yaml") or LineDict()
    for group in GROUPS:
        text = file.text(groups, group, "groups")
        if text:
            out.groups[group] = text
    texts = file.mapping(tree, "texts", "common.yaml") or LineDict()
    for name, allowed in REQUIRED_TEXTS.items():
        text = file.text(texts, name, "texts", allowed)
        if text:
            out.texts[name] = text
    steps = file.mapping(tree, "next_steps", "common.yaml") or LineDict()
    for name in steps:
        text = file.text(steps, name, "next step", set(ctx.scope.params))
        if text:
            out.next_steps[name] = text
    for name in REQUIRED_NEXT_STEPS:
        if name not in steps:
            file.problem(steps, None, f"next_steps: {name!r} is missing")
    for node in file.items(tree, "conditions", "common.yaml"):
        condition = read_condition(node, file, ctx)
        if condition is not None:
            ctx.shared[condition.id] = condition
    out.derivations = tuple(d for d in (_derivation(node, file, ctx) for node in
                                        file.items(tree, "derived", "common.yaml", False)) if d)


def _values(tree: LineDict, file: RuleFile, ctx: Context) -> None:
    """Computed numbers a text may show (`years_to_pension_age: pension_age - age`)."""
    values = file.mapping(tree, "values", "common.yaml", required=False) or LineDict()
    for name in values:
        what = f"value {name}"
        if not isinstance(name, str) or not _NAME.fullmatch(name) or name in KEYWORDS:
            file.problem(values, name, f"{what}: name must be lower_case_with_underscores")
            continue
        if name in ctx.rules.facts or name in ctx.rules.params:
            file.problem(values, name, f"{what}: the name is taken by a fact or a parameter")
            continue
        expression = file.expression(values, name, what, ctx.scope, want="number")
        if expression is not None:
            ctx.rules.values[name] = expression
            ctx.text_names.add(name)


def _derivation(node: Any, file: RuleFile, ctx: Context) -> Derivation | None:
    if not isinstance(node, LineDict):
        file.problem(node, None, "a derived fact must be a mapping")
        return None
    did = file.slug(node, "id", "derived fact")
    what = f"derived fact {did}"
    file.keys(node, ("id", "fact", "value", "when", "text", "source", "since"), what)
    fact = node.get("fact")
    if fact not in ctx.rules.facts:
        file.problem(node, "fact", f"{what}: unknown fact {fact!r}")
        return None
    try:
        value = validate_fact(fact, node.get("value"), ctx.rules.facts)
    except KioskError as exc:
        file.problem(node, "value", f"{what}: {exc.en}")
        return None
    when = file.expression(node, "when", what, ctx.scope)
    if when is not None and fact in when.facts:
        file.problem(node, "when", f"{what}: a fact cannot follow from itself")
        return None
    text = file.text(node, "text", what, ctx.text_names)
    source = file.string(node, "source", what)
    since = file.since(node, "since", what)
    if None in (did, when, text, source, since):
        return None
    assert did and when and text and source and since
    return Derivation(did, fact, value, when, text, source, since, file.at(node))


# --- estimates.yaml --------------------------------------------------------------------------
def _estimates(tree: LineDict, file: RuleFile, out: Rules) -> None:
    file.keys(tree, ("texts", "names", "contributions"), "estimates.yaml")
    texts = file.mapping(tree, "texts", "estimates.yaml") or LineDict()
    for name, allowed in TEXTS.items():
        text = file.text(texts, name, "estimate text", allowed)
        if text:
            out.estimate_texts[name] = text
    for name in texts:
        if name not in TEXTS:
            file.problem(texts, name, f"estimate text {name!r} is not used by any estimate")
    names = file.mapping(tree, "names", "estimates.yaml", required=False) or LineDict()
    for name in names:
        if name in TEXTS:
            file.problem(names, name, f"name {name!r} is taken by a formula text")
            continue
        text = file.text(names, name, "estimate name")
        if text:
            out.estimate_texts[name] = text
    spec = file.mapping(tree, "contributions", "estimates.yaml", required=False)
    if spec is not None:
        out.contributions = _contributions(spec, file, out, set(names))


def _param_ref(node: LineDict, key: str, file: RuleFile, what: str, out: Rules,
               required: bool = True) -> str | None:
    name = node.get(key)
    if name is None and not required:
        return None
    if not isinstance(name, str) or name not in out.params:
        file.problem(node, key, f"{what}: {key} must name a parameter, not {name!r}")
        return None
    return name


def _contributions(spec: LineDict, file: RuleFile, out: Rules, names: set[str]
                   ) -> ContributionSpec:
    file.keys(spec, ("wage_bases", "schemes"), "contributions")
    bases: list[WageBase] = []
    for node in file.items(spec, "wage_bases", "contributions"):
        if not isinstance(node, LineDict):
            file.problem(node, None, "contributions: a wage base is a mapping")
            continue
        file.keys(node, ("text", "floor", "cap", "band"), "wage base")
        text = node.get("text")
        if text not in names:
            file.problem(node, "text", f"wage base: text {text!r} is not under names:")
        refs = [_param_ref(node, key, file, "wage base", out) for key in ("floor", "cap", "band")]
        if text in names and all(refs):
            bases.append(WageBase(text, *refs))  # type: ignore[arg-type]
    schemes: list[SchemeRate] = []
    known_bases = {b.text for b in bases}
    for node in file.items(spec, "schemes", "contributions"):
        if not isinstance(node, LineDict):
            file.problem(node, None, "contributions: a scheme is a mapping")
            continue
        file.keys(node, ("part", "text", "rate", "base", "worker_share"), "scheme")
        part, text, base = node.get("part"), node.get("text"), node.get("base")
        ok = isinstance(part, str) and bool(_NAME.fullmatch(part))
        if not ok:
            file.problem(node, "part", "scheme: part must be lower_case_with_underscores")
        if text not in names:
            file.problem(node, "text", f"scheme: text {text!r} is not under names:")
            ok = False
        if base not in known_bases:
            file.problem(node, "base", f"scheme: base {base!r} is not a wage base")
            ok = False
        rate = _param_ref(node, "rate", file, "scheme", out)
        share = _param_ref(node, "worker_share", file, "scheme", out, required=False)
        if ok and rate and ("worker_share" not in node or share):
            schemes.append(SchemeRate(part, text, rate, base, share))  # type: ignore[arg-type]
    return ContributionSpec(tuple(bases), tuple(schemes))


# --- across files ----------------------------------------------------------------------------
def _cross_checks(files: RuleFiles, out: Rules, problems: list[str]) -> None:
    params_where = files.where("parameters.yaml")
    for benefit, ruleset in out.rulesets.items():
        for fact in ruleset.facts:
            if fact not in out.questions and out.questions:
                problems.append(f"{ruleset.where}: benefit {benefit}: fact {fact!r} is used but "
                                "no question sets it")
        if ruleset.estimate is not None:
            for name in ALLOWANCE_PARAMS:
                if name not in out.params and out.params:
                    problems.append(f"{params_where}:1: parameter {name!r} is needed by the "
                                    f"estimate of {benefit}")
        uses_contributions = any(c.estimate for c in ruleset.conditions)
        if uses_contributions and not out.contributions.schemes and "estimates.yaml" in files.files:
            problems.append(f"{ruleset.where}: benefit {benefit}: a condition shows what an "
                            "employer pays, but estimates.yaml has no contributions:")
    if out.contributions.schemes and "riel_per_usd" not in out.params and out.params:
        problems.append(f"{params_where}:1: parameter 'riel_per_usd' is needed by the estimates")
