"""`kiosk eligibility`: JSON and table output, km and en, and one clear line for bad input."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from kiosk.cli import main

EXAMPLE = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 9,
           "months_contributed_last_12": 9, "gave_birth": True, "weeks_pregnant": 38}


def write(tmp_path: Path, facts: object, name: str = "facts.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(facts), encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["eligibility", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("lang", "says"),
    [("en", "9 months in a row before the birth"), ("km", "៩ ខែជាប់ៗគ្នា មុនថ្ងៃសម្រាលកូន")],
)
def test_maternity_example(tmp_path: Path, capsys: pytest.CaptureFixture[str], lang: str,
                           says: str) -> None:
    code, out, err = run(capsys, "--facts", write(tmp_path, EXAMPLE),
                         "--benefit", "maternity-allowance", "--lang", lang, "--json")
    assert code == 0 and err == ""
    [decision] = json.loads(out)
    assert decision["benefit"] == "maternity-allowance"
    assert decision["outcome"] == "eligible" and decision["missing"] == []
    assert any(says in reason["text"] for reason in decision["reasons"])
    assert decision["next_step"]["checklist"] == "claim-maternity-allowance"
    assert {"benefit", "outcome", "reasons", "missing"} <= set(decision)


def test_khmer_output_has_khmer_digits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--facts", write(tmp_path, EXAMPLE), "--lang", "km", "--json")
    texts = " ".join(r["text"] for d in json.loads(out) for r in d["reasons"])
    assert "៣៨ សប្ដាហ៍" in texts and "38" not in texts


def test_all_benefits_from_stdin(monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"role": "worker"})))
    code, out, _ = run(capsys, "--facts", "-", "--lang", "en", "--json")
    decisions = json.loads(out)
    assert code == 0 and len(decisions) == 9
    medical = decisions[0]
    assert medical["outcome"] == "unknown" and medical["missing"][0] == "employer_registered"


def test_readable_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--facts", write(tmp_path, EXAMPLE), "--lang", "en")
    assert code == 0
    assert "maternity-allowance     eligible" in out
    assert "+ You gave birth." in out
    assert "[claim-maternity-allowance]" in out
    assert "missing: unable_to_work_days" in out


@pytest.mark.parametrize(
    ("facts", "says"),
    [
        ({"age": -3}, "fact 'age': must be from 0 to 120, not -3"),
        ({"months_contributed_last_12": 13}, "fact 'months_contributed_last_12'"),
        ({"role": "boss"}, "fact 'role': must be one of"),
        ({"agee": 30}, "fact 'agee': unknown fact"),
        ({"gave_birth": "yes"}, "fact 'gave_birth': must be true or false"),
        ([1, 2], "facts must be an object"),
    ],
)
def test_bad_facts_exit_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                        facts: object, says: str) -> None:
    code, out, err = run(capsys, "--facts", write(tmp_path, facts), "--json")
    assert code == 1 and out == ""
    assert says in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_bad_json_and_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"age": 30,\n "role": }', encoding="utf-8")
    code, _, err = run(capsys, "--facts", str(path))
    assert code == 1 and err.startswith(f"{path}:2: not valid JSON")
    code, _, err = run(capsys, "--facts", str(tmp_path / "nope.json"))
    assert code == 1 and "cannot read the facts file" in err and "Traceback" not in err


def test_unknown_benefit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--facts", write(tmp_path, {}), "--benefit", "pension")
    assert code == 1 and "unknown benefit 'pension'" in err


def test_broken_rules_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--facts", write(tmp_path, {}), "--rules", str(tmp_path / "none"))
    assert code == 1 and "no rules folder" in err
