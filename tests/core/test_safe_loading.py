"""Loading never explodes: every hostile YAML file in content or rules is one `file:line`
problem from `kiosk content validate` (exit 1), never a traceback, a hang or all the memory."""
from __future__ import annotations

import os
import resource
import shutil
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.paths import DATA
from kiosk.sync.sample import write_sample

# 432 bytes that expand to 9**9 strings: ~3 GiB of lists once aliases are followed
ALIAS_BOMB = """glossary:
  - id: a
    sources: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
    h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
    i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def validate(directory: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """Run `kiosk content validate` in-process: exit 1, and return what it printed."""
    code = main(["content", "validate", str(directory), *extra])
    out = capsys.readouterr()
    assert code == 1, out
    assert "Traceback" not in out.out + out.err
    return out.out


def source(tmp_path: Path, text: bytes | str, name: str = "bad.yaml") -> Path:
    content = tmp_path / "content"
    write_sample(content, terms=1, offices=0)
    data = text.encode() if isinstance(text, str) else text
    (content / name).write_bytes(data)
    return content


def test_the_alias_bomb_is_refused_at_its_first_anchor(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert len(ALIAS_BOMB.encode()) < 600
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = validate(source(tmp_path, ALIAS_BOMB), capsys, "--rules", "-")
    assert "bad.yaml:3: YAML anchors and aliases (&name, *name) are not allowed" in out, out
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 50  # the expansion (gigabytes) never happened


def test_the_alias_bomb_in_the_rules_is_refused_too(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(DATA / "rules", rules)
    (rules / "parameters.yaml").write_text(ALIAS_BOMB.replace("glossary:", "parameters:"))
    out = validate(source(tmp_path, ""), capsys, "--rules", str(rules))
    assert "parameters.yaml:3: YAML anchors and aliases" in out, out


@pytest.mark.parametrize(("text", "line", "words"), [
    (b"glossary:\n  - id: x\n    notes: \"caf\xe9\"\n", 3, "not UTF-8 text (byte 0xe9)"),
    (b"glossary:\n  - id: x\n    notes: a\x00b\n", 3, "a character YAML does not allow (U+0000)"),
    ("glossary:\n  - id: x\n    notes: \"bell \\a here\"\n", 3, "control or text-direction "
     "character U+0007"),
    ("glossary:\n  - id: x\n    notes: \"abc \u202e cba\"\n", 3, "U+202E"),
    ("glossary:\n  - id: x\n    order: " + "[" * 5000 + "]" * 5000 + "\n", 3,
     "nested deeper than 32 levels"),
    ("glossary:\n  - id: x\n    order: 1.0e+999\n", 3, "too large or not a number"),
    ("glossary:\n  - id: x\n    order: .nan\n", 3, "too large or not a number"),
    ("glossary:\n  - id: x\n    order: 123456789012345678901234567890\n", 3, "is too large"),
    ("glossary:\n  - id: x\n    order: " + "9" * 10000 + "\n", 3, "bad value"),
    ("glossary:\n  - id: x\n    notes: " + "x" * 30000 + "\n", 3, "a text of 30000 characters"),
    ("glossary:\n  - ? [a, b]\n    : c\n", 2, "a key must be a plain name"),
    ("glossary:\n  - id: !!python/object:os.system x\n", 2, "bad value"),
])
def test_hostile_yaml_is_one_line_with_its_place(tmp_path: Path, text: bytes | str, line: int,
                                                 words: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = validate(source(tmp_path, text), capsys, "--rules", "-")
    assert f"bad.yaml:{line}: " in out and words in out, out


def test_a_fifo_or_a_huge_file_is_refused_without_waiting(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    content = source(tmp_path, "")
    os.mkfifo(content / "pipe.yaml")  # opening it for reading would wait for a writer
    with open(content / "huge.yaml", "wb") as fh:
        fh.truncate(5 * 1024 * 1024)
    out = validate(content, capsys, "--rules", "-")
    assert "pipe.yaml:1: " in out and "not a regular file" in out, out
    assert "huge.yaml:1: " in out and "larger than" in out, out


def _text_yaml(en: str, km: str) -> str:
    from kiosk.content.model import source_hash

    q = lambda s: '"' + s.encode("unicode_escape").decode().replace('"', '\\"') + '"'  # noqa: E731
    return ("glossary:\n  - id: term-x\n    sources: [\"test\"]\n    review: sample\n"
            "    reviewed_on: 2026-11-26\n    term:\n"
            f"      en: {q(en)}\n      km: {q(km)}\n      km_src: \"{source_hash(en)}\"\n"
            "    definition:\n      en: A word.\n      km: ពាក្យ។\n"
            f"      km_src: \"{source_hash('A word.')}\"\n")


@pytest.mark.parametrize(("en", "km", "line", "words"), [
    ("Card", "\u200b\u200b\u200c", 8, "term.km shows nothing"),
    ("\u00a0\u200b", "កាត", 7, "term.en shows nothing"),
    ("Card", "ក" + "\u17b7" * 30, 8, "term.km stacks 31 marks on one letter"),
    ("Ca" + "\u0301" * 40 + "rd", "កាត", 7, "term.en stacks 41 marks"),
])
def test_invisible_or_overstacked_text_is_refused(tmp_path: Path, en: str, km: str, line: int,
                                                  words: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = validate(source(tmp_path, _text_yaml(en, km)), capsys, "--rules", "-")
    assert f"bad.yaml:{line}: {words}" in out, out


def test_real_khmer_passes_the_same_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The longest clusters Khmer really writes (two subscripts, a vowel and signs) pass."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "ok.yaml").write_text(_text_yaml("Strength", "ស្ត្រី ក្ស្ម៉ី សង្គ្រាម់"))
    code = main(["content", "validate", str(content), "--rules", "-"])
    out = capsys.readouterr().out
    assert "ok.yaml:8" not in out, out
    assert code == 1  # only for what this tiny source lacks (the nine benefits)
