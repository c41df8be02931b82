"""The eligibility package has no import circle: a data layer at the bottom, the engine above
it, the door (RuleBook, cases, CLI) on top. No module imports one of a higher layer, even for
type checking, and within a layer the imports form no cycle."""
from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter

from kiosk.paths import ROOT

PACKAGE = ROOT / "kiosk" / "eligibility"
LAYERS = {
    "data": ("facts", "tree", "expr", "text", "model", "formulas", "source", "reader",
             "load_questions", "load_rulesets", "loader", "dated"),
    "engine": ("wording", "derive", "reach", "estimate", "decision", "engine", "overview",
               "interview"),
    "door": ("book", "cases", "agree", "cli", "__init__"),
}
RANK = {module: rank for rank, names in enumerate(LAYERS.values()) for module in names}


def imports(module: str) -> set[str]:
    """The kiosk.eligibility modules `module` imports, anywhere in it."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text("utf-8"))
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "kiosk.eligibility":  # submodules, or names of __init__
                out.update(alias.name if alias.name in RANK else "__init__"
                           for alias in node.names)
            elif node.module.startswith("kiosk.eligibility."):
                out.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            out.update(a.name.split(".")[2] for a in node.names
                       if a.name.startswith("kiosk.eligibility."))
    out.discard(module)
    return out


def test_every_module_has_a_layer() -> None:
    assert {p.stem for p in PACKAGE.glob("*.py")} == set(RANK)


def test_no_module_imports_a_higher_layer() -> None:
    wrong = [f"{module} ({layer}) imports {other}"
             for layer, names in LAYERS.items() for module in names if module != "__init__"
             for other in imports(module) if RANK[other] > RANK[module]]
    assert not wrong, wrong


def test_no_import_cycle() -> None:
    graph = {module: imports(module) - {"__init__"} for module in RANK if module != "__init__"}
    try:
        tuple(TopologicalSorter(graph).static_order())
    except CycleError as exc:  # pragma: no cover - the failure message
        raise AssertionError(f"import cycle: {exc.args[1]}") from None
