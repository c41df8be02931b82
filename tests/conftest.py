"""Fixtures every test folder may use: a made-up eleventh benefit, and the real S3-compatible
server (tests/s3server.py)."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import s3server

from kiosk.content.model import source_hash
from kiosk.eligibility import RULES_DIR
from kiosk.paths import CONTENT_DIR

NEW_BENEFIT = "bicycle-grant"  # made up: no such benefit exists; it proves files alone suffice


@dataclass(frozen=True)
class Source:
    content: Path
    rules: Path


def _text(indent: str, name: str, en: str, km: str) -> str:
    return (f'{indent}{name}:\n{indent}  en: "{en}"\n{indent}  km_src: "{source_hash(en)}"\n'
            f'{indent}  km: "{km}"\n')


def _record(kind_indent: str, rid: str) -> str:
    return (f'{kind_indent}- id: {rid}\n{kind_indent}  sources: ["made up for a test"]\n'
            f'{kind_indent}  review: sample\n{kind_indent}  reviewed_on: 2026-12-01\n'
            f'{kind_indent}  audience: worker\n')


EXTRA_CONTENT = (
    "benefits:\n" + _record("  ", NEW_BENEFIT) + "    scheme: health-care\n"
    + _text("    ", "title", "Bicycle grant", "ជំនួយកង់")
    + _text("    ", "summary", "Help to buy a bicycle for the way to work.",
            "ជំនួយទិញកង់ សម្រាប់ធ្វើដំណើរទៅកន្លែងធ្វើការ។")
    + _text("    ", "what_you_get", "Help to buy a bicycle.", "ជំនួយទិញកង់មួយ។")
    + _text("    ", "who_can_get", "Workers who cycle to work.", "កម្មករដែលជិះកង់ទៅធ្វើការ។")
    + _text("    ", "how_to_claim", "Ask at the counter.", "សូមសួរនៅបញ្ជរ។")
    + f"    icon: bicycle\n    checklist: claim-{NEW_BENEFIT}\n    order: 11\n"
    + "checklists:\n" + _record("  ", f"claim-{NEW_BENEFIT}")
    + _text("    ", "title", "Claiming the bicycle grant", "ស្នើសុំជំនួយកង់")
    + f"    benefit: {NEW_BENEFIT}\n    documents:\n      - id: id-card\n"
    + _text("        ", "name", "Your national ID card", "អត្តសញ្ញាណប័ណ្ណរបស់អ្នក")
    + _text("        ", "where", "Your own card.", "កាតរបស់អ្នកផ្ទាល់។")
    + "        icon: card-account-details\n    steps:\n      - who: worker\n"
    + _text("        ", "text", "Bring your ID card to the counter.",
            "យកអត្តសញ្ញាណប័ណ្ណរបស់អ្នក ទៅបញ្ជរ។")
    + "        icon: office-building\n"
)

EXTRA_RULES = f"""\
benefit: {NEW_BENEFIT}
order: 11
title:
  en: Bicycle grant
  km: ជំនួយកង់
review: sample
reviewed_on: 2026-12-01
sources: ["made up for a test"]
questions:
  - id: cycles_to_work
    kind: yes_no
    text:
      en: Do you cycle to work?
      km: តើអ្នកជិះកង់ទៅធ្វើការឬទេ?
conditions:
  - use: worker
  - id: cycles
    when: cycles_to_work
    held:
      en: You cycle to work.
      km: អ្នកជិះកង់ទៅធ្វើការ។
    failed:
      en: The grant is for workers who cycle to work.
      km: ជំនួយនេះ សម្រាប់កម្មករដែលជិះកង់ទៅធ្វើការ។
    source: made up for a test
    since: "2026"
results:
  - id: bicycle-paid
    text:
      en: You can get help to buy a bicycle.
      km: អ្នកអាចទទួលបានជំនួយទិញកង់។
    source: made up for a test
    since: "2026"
"""


@pytest.fixture()
def eleventh_benefit(tmp_path: Path) -> Source:
    """The shipped content and rules in a temp folder, plus a made-up eleventh benefit added by
    files alone: its card and checklist (content/extra.yaml), its rules and its own question,
    for a fact the kiosk's table does not have (rules/bicycle-grant.yaml)."""
    content, rules = tmp_path / "content", tmp_path / "rules"
    shutil.copytree(CONTENT_DIR, content)
    shutil.copytree(RULES_DIR, rules)
    (content / "extra.yaml").write_text(EXTRA_CONTENT, encoding="utf-8")
    (rules / f"{NEW_BENEFIT}.yaml").write_text(EXTRA_RULES, encoding="utf-8")
    return Source(content, rules)


@pytest.fixture(scope="session")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[s3server.S3Server]:
    """SeaweedFS on 127.0.0.1, started once per session on first use (a few seconds)."""
    try:
        server = s3server.start(tmp_path_factory.mktemp("seaweedfs"))
    except RuntimeError as exc:
        pytest.fail(f"the S3 test server did not start: {exc}")
    yield server
    s3server.stop(server)


@pytest.fixture()
def s3_prefix(request: pytest.FixtureRequest) -> str:
    """A prefix of the bucket for one test, so tests never see each other's objects."""
    name = "".join(c if c.isalnum() else "-" for c in request.node.name.lower())
    return f"t/{name[:60]}"


@pytest.fixture(autouse=True)
def _no_spare_print_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No spare print process unless a test asks for one (tests/ui/test_print_spare.py): each
    would start a Python for every screen that can print, and outlive its test."""
    from ui import print_worker

    monkeypatch.setattr(print_worker, "SPARES", False)
    yield
    print_worker.discard_spare()
