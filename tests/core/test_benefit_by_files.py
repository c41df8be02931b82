"""A benefit is added by files alone: a made-up eleventh one, its card, checklist, rules and its
own question, from files in a temp folder, shows in the bundle, in search and in `kiosk
eligibility`; and no list of benefit ids is left in the code."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.library import Library
from kiosk.eligibility import rules_of_library
from kiosk.paths import ROOT

NEW = "bicycle-grant"


def test_an_eleventh_benefit_from_files(eleventh_benefit, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    src = eleventh_benefit
    assert main(["content", "validate", str(src.content), "--rules", str(src.rules)]) == 0
    bundle = tmp_path / "content.db"
    assert main(["content", "build", str(src.content), "-o", str(bundle),
                 "--rules", str(src.rules)]) == 0
    capsys.readouterr()
    with Library(bundle) as lib:
        assert NEW in lib.ids("benefits") and lib.checklist(NEW).id == f"claim-{NEW}"
        assert [h.id for h in lib.search("Bicycle", "en")][:1] == [NEW]
        assert NEW in [h.id for h in lib.search("ជំនួយកង់", "km")]
        book = rules_of_library(lib)
        assert book.benefits[-1] == NEW and book.facts["cycles_to_work"].kind == "bool"
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps({"role": "worker", "cycles_to_work": True}), "utf-8")
    assert main(["eligibility", "--facts", str(facts), "--bundle", str(bundle), "--json",
                 "--lang", "en"]) == 0
    decisions = {d["benefit"]: d for d in json.loads(capsys.readouterr().out)}
    assert len(decisions) == 11
    assert decisions[NEW]["outcome"] == "eligible"
    assert decisions[NEW]["next_step"]["checklist"] == f"claim-{NEW}"
    # the checkout's rules know nothing of it: the fact is refused there, one clear line
    assert main(["eligibility", "--facts", str(facts), "--json"]) == 1
    assert "fact 'cycles_to_work': unknown fact" in capsys.readouterr().err
    interview = book.interview(NEW, "en")
    assert interview.current().fact == "role"
    interview.answer("worker")
    assert interview.current().text["en"] == "Do you cycle to work?"
    assert interview.answer(False).outcome == "not_eligible"


def _docstrings(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
    return out


def test_no_list_of_benefit_ids_in_the_code() -> None:
    """Benefit ids are data (DESIGN.md): no string in kiosk/ or ui/ code names one (docstring
    examples aside), not even as a sample."""
    ids = {p.stem for p in (ROOT / "data" / "rules").glob("*.yaml")
           if p.stem not in ("parameters", "questions", "common", "estimates")}
    assert len(ids) >= 10
    found = []
    for folder in ("kiosk", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text("utf-8"))
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if isinstance(node, ast.Constant) and isinstance(node.value, str) and \
                        id(node) not in skip and node.value in ids:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value!r}")
    assert not found, "benefit ids in code:\n" + "\n".join(found)
