"""Rules travel with the content, as one signed unit (issue: "what done looks like").

Head office changes the maternity months parameter: with the cases not updated, `kiosk publish`
refuses, naming the case file:line, and the repository stays byte for byte as it was; with the
cases updated it publishes. After `kiosk sync` from a real HTTP server on 127.0.0.1, `kiosk
eligibility --data-dir DEV` uses the new value, `kiosk eligibility` on the checkout's rules the
old one, and the kiosk app swaps its rules with its content.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kiosk.cli import main
from kiosk.eligibility import CASES_DIR, RULES_DIR
from kiosk.paths import CONTENT_DIR

if TYPE_CHECKING:
    from conftest import RepoServer

MOTHER = {"role": "worker", "employer_registered": True, "gave_birth": True,
          "weeks_pregnant": 38, "consecutive_months_contributed": 9}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def fetched(out: str) -> int:
    return int(out.rsplit("(", 1)[1].split()[0])


def months_in_force(decision: dict) -> int:
    return next(p["value"] for p in decision["parameters"]
                if p["name"] == "maternity_min_consecutive_months")


def eligibility(capsys: pytest.CaptureFixture[str], facts: Path, *where: str) -> dict:
    assert main(["eligibility", "--facts", str(facts), "--benefit", "maternity-allowance",
                 "--json", "--lang", "en", *where]) == 0
    return json.loads(capsys.readouterr().out)[0]


def test_a_changed_parameter_is_a_publish_checked_by_the_cases(
        tmp_path: Path, start_server, capsys: pytest.CaptureFixture[str], qtbot) -> None:
    office = tmp_path / "office"
    keys, repo = office / "keys", office / "repo"
    rules, cases = office / "rules", office / "cases"
    shutil.copytree(RULES_DIR, rules)
    shutil.copytree(CASES_DIR, cases)
    dev = tmp_path / "DEV"
    assert main(["keys", "init", str(keys)]) == 0
    capsys.readouterr()
    publish = ["publish", str(CONTENT_DIR), "--keys", str(keys), "--repo", str(repo),
               "--rules", str(rules), "--cases", str(cases)]
    assert main(publish) == 0
    assert capsys.readouterr().out.startswith("published content version 1")
    server: RepoServer = start_server(repo)
    # this office's own root, named on every sync (a kiosk's shipped root did not sign it)
    sync = ["sync", "--server", server.url, "--data-dir", str(dev), "--timeout", "5",
            "--root", str(keys / "root.json")]
    assert main(sync) == 0
    first = capsys.readouterr().out
    assert first.startswith("updated to 1 (")

    from kiosk.device import Device
    from ui.context import AppContext

    ctx = AppContext(Device.open(dev))  # the kiosk app, on the synced bundle
    book_v1 = ctx.rules
    assert book_v1.param("maternity_min_consecutive_months") == 9

    # the law changes: 10 months in a row. The cases still say 9: refused, nothing written
    params = rules / "parameters.yaml"
    text = params.read_text("utf-8")
    at = text.index("  maternity_min_consecutive_months:")
    params.write_text(text[:at] + text[at:].replace("    value: 9\n", "    value: 10\n", 1),
                      "utf-8")
    before = files(repo)
    assert main(publish) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[-1].startswith("publish refused: ") and "the repository is unchanged" in err[-1]
    failing = [line for line in err if "maternity-allowance.yaml:" in line]
    assert failing and all(line.startswith(f"{cases}/maternity-allowance.yaml:")
                           for line in failing)
    assert any(":nine-months-in-a-row: outcome 'not_eligible', expected 'eligible'" in line
               for line in failing)
    assert files(repo) == before

    # the cases updated with the law: published, as version 2
    case_file = cases / "maternity-allowance.yaml"
    updated = case_file.read_text("utf-8")
    for old, new in (("consecutive_months_contributed: 10", "consecutive_months_contributed: 11"),
                     ("consecutive_months_contributed: 9", "consecutive_months_contributed: 10"),
                     ("consecutive_months_contributed: 8", "consecutive_months_contributed: 9"),
                     ("at least 9 months", "at least 10 months")):
        updated = updated.replace(old, new)
    case_file.write_text(updated, "utf-8")
    assert main(publish) == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith("published content version 2")
    start = len(server.faults.requests)
    assert main(sync) == 0
    second = capsys.readouterr().out
    asked = server.faults.requests[start:]
    assert second.startswith("updated to 2 (")
    assert fetched(second) < 0.05 * fetched(first)  # a changed value costs bytes, not a bundle
    # the parameter's line came as a patch, not the whole rule file
    assert len([r for r in asked if r.startswith("/targets/patches/")]) == 1
    assert not [r for r in asked if r.endswith(".parameters.yaml")]

    facts = tmp_path / "mother.json"
    facts.write_text(json.dumps(MOTHER), "utf-8")
    on_kiosk = eligibility(capsys, facts, "--data-dir", str(dev))
    in_checkout = eligibility(capsys, facts)
    assert (on_kiosk["outcome"], months_in_force(on_kiosk)) == ("not_eligible", 10)
    assert (in_checkout["outcome"], months_in_force(in_checkout)) == ("eligible", 9)
    assert on_kiosk["decided_by"] == "months-in-a-row-before-birth"

    # the app takes the new rules with the new content, in one swap
    ctx.swap_library(ctx.device.bundle_path)
    assert ctx.library.meta.content_version == 2
    assert ctx.rules is not book_v1
    assert ctx.rules.param("maternity_min_consecutive_months") == 10
    ctx.library.close()
