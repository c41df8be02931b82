"""The rule files: the bundled ones validate; a bad one is named with its path:line."""
from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.eligibility import FACTS, RULES_DIR, load_rules, validate_rules
from kiosk.eligibility.derive import derive
from kiosk.errors import ContentError
from kiosk.paths import CONTENT_DIR


def content_benefit_ids() -> list[str]:
    """The benefit ids of the content source, in display order (data, not a list in code)."""
    from kiosk.content.loader import validate

    content, _ = validate(CONTENT_DIR)
    return [b.id for b in sorted(content.records["benefits"].values(),
                                 key=lambda b: (b.order, b.id))]


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """A copy of the bundled rules, to break."""
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> int:
    """Replace `old` (once) and return the 1-based line where the new text starts."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    index = text.index(old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:index].count("\n") + 1


def one_problem_at(problems: list[str], path: Path, line: int, says: str) -> None:
    wanted = f"{path}:{line}: "
    matching = [p for p in problems if p.startswith(wanted) and says in p]
    assert matching, f"no problem at {wanted} saying {says!r} in {problems}"


def test_bundled_rules_validate() -> None:
    assert validate_rules() == []
    book = load_rules()
    assert list(book.rulesets) == content_benefit_ids()  # every benefit, in display order
    assert "funeral-grant" in book.rulesets


def test_default_rule_book_is_cached() -> None:
    assert load_rules() is load_rules()


def test_every_threshold_is_a_named_parameter_with_source_and_date() -> None:
    book = load_rules()
    for name in ("medical_min_consecutive_months", "medical_min_months_last_12",
                 "maternity_min_consecutive_months", "pension_age", "old_age_min_months",
                 "invalidity_min_months", "birth_min_weeks", "injury_pension_min_percent"):
        param = book.params[name]
        assert param.source and re.fullmatch(r"\d{4}(-\d\d){0,2}", param.since)
    # No bare number that a law sets inside an expression (0 and 1 are not thresholds).
    for ruleset in book.rulesets.values():
        for item in [*ruleset.conditions, *ruleset.results]:
            if item.when is not None:
                numbers = re.findall(r"\b\d+(?:\.\d+)?\b", item.when.text)
                assert set(numbers) <= {"0", "1"}, (ruleset.benefit, item.id, item.when.text)


@pytest.mark.parametrize(
    ("expression", "says"),
    [
        ("weeks_pregnant.__class__ == 1", "attribute access is not allowed"),
        ("__import__('os').system('true') == 0", "names starting with '_' are not allowed"),
        ("open('/etc/passwd') == 1", "calls are not allowed"),
        ("weeks_pregnant[0] >= 26", "subscripts are not allowed"),
        ("lambda: weeks_pregnant", "'lambda' is not part of the rule language"),
        ("weeks_pregnant >= birth_min_weks", "did you mean 'birth_min_weeks'"),
        ("week_pregnant >= 26", "unknown name 'week_pregnant'"),
        ("weeks_pregnant >= 'twenty-six'", "'>=' compares numbers"),
    ],
)
def test_bad_expression_is_refused_with_path_and_line(rules: Path, expression: str,
                                                      says: str) -> None:
    path = rules / "maternity-allowance.yaml"
    line = edit(path, "when: weeks_pregnant >= birth_min_weeks", f'when: "{expression}"')
    problems = validate_rules(rules)
    one_problem_at(problems, path, line, says)
    with pytest.raises(ContentError) as info:
        load_rules(rules)
    assert info.value.problems == problems


def test_yaml_syntax_error_has_path_and_line(rules: Path) -> None:
    path = rules / "old-age-pension.yaml"
    line = edit(path, "  - id: pension-age\n", "  - id: pension-age\n  bad: [unclosed\n")
    problems = validate_rules(rules)
    assert any(p.startswith(f"{path}:") and "YAML syntax error" in p for p in problems)
    assert line > 1


def test_unknown_key_and_missing_source(rules: Path) -> None:
    path = rules / "old-age-pension.yaml"
    line = edit(path, "  - id: pension-age\n", "  - id: pension-age\n    whenn: age > 1\n")
    edit(path, '    source: "Pension scheme: old-age pension at 60', '    sauce: "x')
    problems = validate_rules(rules)
    one_problem_at(problems, path, line + 1, "unknown key 'whenn'")
    assert any("'source' is missing" in p for p in problems)


def test_unknown_placeholder_in_a_reason(rules: Path) -> None:
    path = rules / "maternity-allowance.yaml"
    text = path.read_text(encoding="utf-8")
    old = "The baby was born after {weeks_pregnant} weeks"
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, "The baby was born after {weeks_pregnant.real} weeks"),
                    encoding="utf-8")
    one_problem_at(validate_rules(rules), path, line, "must be a plain name")
    path.write_text(text.replace(old, "The baby was born after {weks} weeks"), encoding="utf-8")
    one_problem_at(validate_rules(rules), path, line, "unknown placeholder {weks}")


def test_malformed_khmer_is_refused(rules: Path) -> None:
    path = rules / "common.yaml"
    line = edit(path, "km: អ្នកអាចទទួលបាន\n", "km: \u17b6អ្នកអាចទទួលបាន\n")  # a vowel sign, no base
    one_problem_at(validate_rules(rules), path, line, "malformed Khmer")


def test_english_in_the_khmer_slot_is_refused(rules: Path) -> None:
    path = rules / "common.yaml"
    line = edit(path, "km: អ្នកអាចទទួលបាន\n", "km: You can get it\n")
    one_problem_at(validate_rules(rules), path, line, "is not Khmer")


def test_enum_value_typo(rules: Path) -> None:
    path = rules / "common.yaml"
    line = edit(path, "when: injury in ['at_work', 'commuting', 'occupational_disease']",
                "when: injury in ['at_work', 'comuting', 'occupational_disease']")
    one_problem_at(validate_rules(rules), path, line, "'comuting' is not a value of injury")


def test_parameter_needs_value_source_and_date(rules: Path) -> None:
    path = rules / "parameters.yaml"
    line = edit(path, "    value: 9\n", "    value: nine\n")
    edit(path, '    since: "2022-07-01"\n', '    since: "last year"\n')
    problems = validate_rules(rules)
    one_problem_at(problems, path, line, "value must be a number")
    assert any("must be a date" in p for p in problems)


def test_a_benefit_without_rules_is_a_problem(rules: Path) -> None:
    from kiosk.source import validate_source

    (rules / "survivors-pension.yaml").unlink()
    assert validate_rules(rules) == []  # the rules alone are sound ...
    _, problems = validate_source(CONTENT_DIR, rules)  # ... but the content has that benefit
    assert [p for p in problems if "benefit 'survivors-pension' has no rules" in p], problems


def test_a_fact_without_a_question_is_a_problem(rules: Path) -> None:
    path = rules / "questions.yaml"
    edit(path, "  - id: member_died\n", "  - id: member_died_removed\n    fact: monthly_wage_riel\n")
    problems = validate_rules(rules)
    assert any("fact 'member_died' is used but no question" in p for p in problems)


def test_the_last_result_is_the_default(rules: Path) -> None:
    path = rules / "injury-disability.yaml"
    line = edit(path, "  - id: disability-lump-sum\n",
                "  - id: disability-lump-sum\n    when: disability_percent > 0\n")
    one_problem_at(validate_rules(rules), path, line + 1, "the last result is the default")


def test_unknown_shared_condition(rules: Path) -> None:
    path = rules / "medical-care.yaml"
    line = edit(path, "  - use: worker\n", "  - use: wroker\n")
    one_problem_at(validate_rules(rules), path, line, "unknown shared condition 'wroker'")


def test_a_rules_folder_that_is_not_there() -> None:
    assert validate_rules("/nonexistent/rules") == ["/nonexistent/rules:1: no rules folder"]


def test_core_never_evaluates_content_as_python() -> None:
    source = Path(__file__).resolve().parents[2] / "kiosk" / "eligibility"
    for path in source.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<![\w.])(eval|exec|compile|__import__)\(", text), path
        assert ".format(" not in text and "format_map" not in text, path  # attribute lookups


def test_eligibility_core_imports_no_qt() -> None:
    code = ("import sys, kiosk.eligibility, kiosk.eligibility.cli; kiosk.eligibility.load_rules(); "
            "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- every benefit answers, and what is decided stays decided ------------------------------------
def _random_facts(rng: random.Random) -> dict:
    facts: dict = {}
    for name, spec in FACTS.items():
        if spec.kind == "bool":
            facts[name] = rng.random() < 0.5
        elif spec.kind == "enum":
            facts[name] = rng.choice(spec.values)
        else:
            high = min(spec.max, 130)
            facts[name] = rng.choice([spec.min, high, rng.randint(spec.min, high),
                                      rng.randint(spec.min, min(high, 30))])
    return facts


def test_every_benefit_decides_a_complete_set_of_facts() -> None:
    book = load_rules()
    rng = random.Random(1286)
    seen = set()
    for _ in range(400):
        facts = _random_facts(rng)
        for locale in ("km", "en"):
            for decision in book.decide_all(facts, locale):
                assert decision.outcome in ("eligible", "not_eligible", "not_yet", "ask_staff")
                assert decision.decided_by and decision.missing == []
                assert decision.reasons and decision.headline
                assert decision.next_step["km"] and decision.next_step["en"]
                seen.add((decision.benefit, decision.outcome))
    for benefit in book.benefits:  # each benefit reached more than one outcome
        assert len({o for b, o in seen if b == benefit}) >= 2, benefit


def test_a_decision_on_partial_facts_holds_for_every_completion() -> None:
    """Three-valued soundness: what is decided without a fact cannot depend on it."""
    book = load_rules()
    rng = random.Random(20)
    checked = 0
    for _ in range(300):
        full = _random_facts(rng)
        partial = {k: v for k, v in full.items() if rng.random() < 0.5}
        for decision in book.decide_all(partial, "en"):
            if decision.outcome == "unknown":
                assert decision.missing
                assert not set(decision.missing) & set(partial)
                continue
            for _ in range(5):
                # a completion agrees with what follows from the partial facts
                completion = {**_random_facts(rng), **derive(book.data, partial, book.on())[0]}
                again = book.decide(decision.benefit, completion, "en")
                assert again.outcome == decision.outcome, (decision.benefit, partial, completion)
                checked += 1
    assert checked > 500


def test_every_claim_checklist_exists_in_the_content() -> None:
    from kiosk.paths import CONTENT_DIR
    from kiosk.yamlsrc import load_yaml

    ids = set()
    for path in CONTENT_DIR.glob("*.yaml"):
        tree = load_yaml(path)
        for record in (tree or {}).get("checklists", []) if isinstance(tree, dict) else []:
            ids.add(record.get("id"))
    for ruleset in load_rules().rulesets.values():
        assert ruleset.checklist in ids, ruleset.checklist


def test_mangled_rule_files_give_problems_never_a_crash(rules: Path) -> None:
    """Rules come over a network: whatever arrives, validation answers with path:line lines."""
    rng = random.Random(5)
    originals = {p: p.read_text(encoding="utf-8") for p in rules.glob("*.yaml")}
    junk = ["[]", "{}", "1", "true", "null", "'x'", "[1, {a: 2}]", "-5", "{en: x}", "2026-13-45",
            "'{__class__}'", "!!python/object:os.system x"]
    for _ in range(12):
        path = rng.choice(sorted(originals))
        lines = originals[path].split("\n")
        for _ in range(rng.randint(1, 3)):
            k = rng.randrange(len(lines))
            op = rng.choice(["delete", "duplicate", "swap", "value", "indent"])
            if op == "delete":
                del lines[k]
            elif op == "duplicate":
                lines.insert(k, lines[k])
            elif op == "swap":
                j = rng.randrange(len(lines))
                lines[k], lines[j] = lines[j], lines[k]
            elif op == "value" and ":" in lines[k]:
                lines[k] = lines[k].split(":")[0] + ": " + rng.choice(junk)
            else:
                lines[k] = "  " + lines[k]
        path.write_text("\n".join(lines), encoding="utf-8")
        for problem in validate_rules(rules):
            assert re.match(rf"{re.escape(str(rules))}/[\w.-]+\.yaml:\d+: ", problem), problem
        path.write_text(originals[path], encoding="utf-8")
