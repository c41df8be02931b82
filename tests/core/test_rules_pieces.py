"""Rules as pieces of the signed repository: hostile names, patches and rule files that come
over a network get one clear reason and leave what the kiosk shows untouched."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.content.library import Library
from kiosk.device import Device
from kiosk.eligibility import RULES_DIR, RuleFiles, rules_of_library
from kiosk.errors import ContentError
from kiosk.sync.client import sync
from kiosk.sync.errors import SyncError
from kiosk.sync.pieces import Index, apply_patch, sha256, text_patch
from kiosk.sync.publish import load_for_publish, publish
from kiosk.sync.sample import SampleWorld


@pytest.mark.parametrize("name", ["../parameters.yaml", "rules/x.yaml", "X.yaml", "a.yml",
                                  "/etc/passwd", "a" * 200 + ".yaml", ".yaml"])
def test_an_index_naming_a_bad_rule_file_is_refused(name: str) -> None:
    data = json.dumps({"format": 2, "records": {}, "media": [], "rules": [name]}).encode()
    with pytest.raises(SyncError, match="rule file with a bad name"):
        Index.from_bytes(data)


def test_index_formats() -> None:
    assert json.loads(Index({}, [], []).to_bytes())["format"] == 1  # no rules: as before
    with_rules = Index({}, [], ["common.yaml"])
    assert json.loads(with_rules.to_bytes()) == {"format": 2, "records": {}, "media": [],
                                                 "rules": ["common.yaml"]}
    assert Index.from_bytes(with_rules.to_bytes()).rules == ["common.yaml"]
    with pytest.raises(SyncError, match="format 3"):
        Index.from_bytes(b'{"format": 3, "records": {}}')


def test_rule_texts_with_bad_names_are_problems_not_paths() -> None:
    files = RuleFiles.from_texts({"../x.yaml": "a: 1", "ok.yaml": "a: 1",
                                  "big.yaml": "#" * 2_000_000}, "bundle.db:rules")
    assert list(files.files) == ["ok.yaml"]
    assert [p.split(":1:")[1].strip() for p in files.problems] == [
        "not a rule file name", "not a rule file (no text, or too long)"]


def test_a_changed_parameter_is_a_line_patch() -> None:
    old = (RULES_DIR / "parameters.yaml").read_bytes()
    new = old.replace(b"    value: 9\n", b"    value: 10\n", 1)
    patch = text_patch(old, new)
    assert patch is not None and len(patch) < 100 < len(new) // 50
    assert sha256(apply_patch(old, patch)) == sha256(new)


@pytest.mark.parametrize("patch", [
    {"lines": [[5, 2, ["x\n"]]]},  # end before start
    {"lines": [[0, 10_000, []]]},  # past the end
    {"lines": [[0, 1, [7]]]},  # not text
])
def test_a_patch_outside_the_file_is_refused(patch: dict) -> None:
    with pytest.raises(ValueError):
        apply_patch(b"one\ntwo\n", json.dumps(patch).encode())


def test_rules_that_do_not_validate_on_the_kiosk_are_refused(tmp_path: Path) -> None:
    world = SampleWorld(tmp_path / "office", terms=3, offices=1)
    world.publish()
    device = Device.open(tmp_path / "kiosk")
    sync(device, str(world.repo), root=world.root_file, require_benefits=False)
    # a publisher that skipped the checks: a rule file that does not even parse
    content = load_for_publish(world.content, assets=world.assets, require_benefits=False)
    content.rules = {p.name: p.read_text("utf-8") for p in RULES_DIR.glob("*.yaml")}
    content.rules["parameters.yaml"] = "parameters: [unclosed\n"
    publish(content, world.keys, world.repo, assets=world.assets)
    with pytest.raises(SyncError, match="published rules/parameters.yaml:2: YAML syntax error"):
        sync(device, str(world.repo), root=world.root_file, require_benefits=False)
    with Library(device.bundle_path) as library:
        assert library.meta.content_version == 1 and library.rule_files() == {}


def test_a_bundle_with_broken_rules_gives_every_problem(tmp_path: Path) -> None:
    import sqlite3

    from kiosk.content.bundle import build_bundle
    from kiosk.paths import CONTENT_DIR
    from kiosk.source import load_source

    bundle = tmp_path / "b.db"
    build_bundle(load_source(CONTENT_DIR, RULES_DIR), bundle)
    conn = sqlite3.connect(bundle)
    conn.execute("UPDATE rules SET text = ? WHERE name = 'common.yaml'", ("outcomes: 3\n",))
    conn.commit()
    conn.close()
    with Library(bundle) as library, pytest.raises(ContentError) as info:
        rules_of_library(library)
    assert all(p.startswith(f"{bundle}:rules/") for p in info.value.problems)
