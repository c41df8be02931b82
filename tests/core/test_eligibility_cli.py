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
    assert code == 0 and len(decisions) == 10
    medical = decisions[0]
    assert medical["outcome"] == "unknown" and medical["missing"][0] == "employer_registered"


def test_readable_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--facts", write(tmp_path, EXAMPLE), "--lang", "en")
    assert code == 0
    assert "maternity-allowance     eligible" in out
    assert "+ The baby was born after 38 weeks of pregnancy" in out
    assert "+ Contributions were paid for you for 9 months in a row, so your employer" not in out
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


def test_json_keeps_the_documented_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "--facts", write(tmp_path, EXAMPLE), "--json", "--lang", "en")
    for decision in json.loads(out):
        assert {"benefit", "outcome", "reasons", "missing", "next_step", "sources",
                "estimate"} <= set(decision)
        assert decision["outcome"] in ("eligible", "not_eligible", "not_yet", "unknown",
                                       "ask_staff")
        for reason in decision["reasons"]:
            assert {"condition", "held", "text", "source", "since", "parameters"} <= set(reason)


@pytest.mark.parametrize(("day", "rate", "since"), [("2028-06-01", "8%", "2027-10-01"),
                                                    ("2026-06-01", "4%", "2022-10-01")])
def test_an_employer_sees_the_contributions_at_the_rates_of_the_day(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str, rate: str,
        since: str) -> None:
    facts = write(tmp_path, {"role": "employer", "monthly_wage_riel": 800_000})
    code, out, _ = run(capsys, "--facts", facts, "--on", day, "--lang", "en", "--json")
    decisions = json.loads(out)
    workers = [d for d in decisions if d["group"] == "workers"]
    assert code == 0 and len(workers) == 8  # sent to what the workers get, not refusals
    estimate = workers[0]["estimate"]
    assert estimate["kind"] == "employer-contribution" and estimate["on"] == day
    assert any(line.startswith(f"Pension (employer and worker): {rate} × 825,000 riel")
               for line in estimate["lines"])
    [pension] = [p for p in estimate["parameters"] if p["name"] == "pension_contribution_rate"]
    assert (pension["text"], pension["since"]) == (rate, since)  # the value and its date
    code, out, _ = run(capsys, "--facts", facts, "--on", day, "--lang", "en")
    assert out.count(f": {rate} × 825,000 riel") == 1  # the table shows it once
    assert f"pension_contribution_rate {rate} (since {since})" in out


def test_dont_know_in_a_facts_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = {"role": "worker", "age": 62, "total_months_contributed": "dont_know"}
    _, out, _ = run(capsys, "--facts", write(tmp_path, facts), "--benefit", "old-age-pension",
                    "--json", "--lang", "en")
    [decision] = json.loads(out)
    assert decision["outcome"] == "ask_staff" and decision["missing"] == ["total_months_contributed"]
    assert decision["unanswered"] == ["total_months_contributed"]
    assert decision["decided_by"] == "dont-know"


def test_not_yet_names_the_condition(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    facts = {"role": "worker", "age": 45, "total_months_contributed": 30}
    code, out, _ = run(capsys, "--facts", write(tmp_path, facts), "--benefit", "old-age-pension",
                       "--lang", "en")
    assert code == 0 and "old-age-pension  not_yet" in out
    assert "until: At age 60, in 15 years" in out


@pytest.mark.parametrize(("args", "says"), [
    (["--on", "2028-13-01"], "not a date: '2028-13-01'"),
    (["--on", "tomorrow"], "not a date"),
    (["--on", "2020-01-01"], "has no value on 2020-01-01"),
])
def test_bad_day_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                             says: str) -> None:
    code, out, err = run(capsys, "--facts", write(tmp_path, EXAMPLE), *args)
    assert code == 1 and out == "" and says in err and len(err.strip().splitlines()) == 1


def test_rules_of_a_bundle_and_of_a_data_dir(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.content.bundle import build_bundle
    from kiosk.device import Device
    from kiosk.eligibility import RULES_DIR
    from kiosk.paths import CONTENT_DIR
    from kiosk.source import load_source

    rules = tmp_path / "rules"
    import shutil

    shutil.copytree(RULES_DIR, rules)
    params = rules / "parameters.yaml"
    params.write_text(params.read_text("utf-8").replace("    value: 9\n", "    value: 7\n", 1),
                      "utf-8")
    bundle = tmp_path / "content.db"
    build_bundle(load_source(CONTENT_DIR, rules), bundle)
    seven = {**EXAMPLE, "consecutive_months_contributed": 7}
    args = ("--facts", write(tmp_path, seven), "--benefit", "maternity-allowance", "--json")
    assert json.loads(run(capsys, *args)[1])[0]["outcome"] == "not_eligible"  # the checkout's
    assert json.loads(run(capsys, *args, "--bundle", str(bundle))[1])[0]["outcome"] == "eligible"
    device = Device.open(tmp_path / "data")
    device.content_dir.mkdir(parents=True)
    shutil.copyfile(bundle, device.bundle_path)
    assert json.loads(run(capsys, *args, "--data-dir", str(device.root))[1])[0]["outcome"] == \
        "eligible"
    with pytest.raises(SystemExit):  # one source of rules at a time
        run(capsys, *args, "--bundle", str(bundle), "--rules", str(rules))

