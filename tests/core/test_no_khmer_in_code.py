"""No Khmer text written into the code: every text a person reads comes from the catalogs
(`tr`/`N_`/`Msg`/`KioskError`, kiosk/locale/km/LC_MESSAGES/messages.po) or from the content,
so that a third language is a catalog and content, not code. The few Khmer literals that are not
interface texts (keyboard keys, digits to convert, words the search and the breaker are measured
on) are listed below, each with why."""
from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("kiosk", "ui", "bench", "packaging")  # the code; tests may say what they check
# a Khmer word: a letter (consonant or independent vowel) with another Khmer letter or sign
# after it. Single letters, digits and the character ranges of the code that handles the script
# (the breaker, the shaper, the keyboard's keys) are no text to translate.
KHMER_WORD = re.compile("[\u1780-\u17b3][\u1780-\u17dd]")

# file -> why its Khmer literals are not interface texts (the whole file)
ALLOWED_FILES = {
    "kiosk/sync/sample.py": "sample content for benchmarks and tests, not a kiosk's",
    "bench/bench_search.py": "Khmer words typed key by key to time the search",
    "bench/driver.py": "Khmer words the tap benchmark types",
}
# (file, literal) -> why
ALLOWED = {
    ("kiosk/i18n.py", "ខ្មែរ"): "the language's own name on its switch, in every language",
    ("kiosk/money.py", "ដុល្លារ"): "a currency word a visitor may type, to read the wage",
    ("kiosk/money.py", "រៀល"): "a currency word a visitor may type, to read the wage",
    ("kiosk/guidance/documents.py", "ប្រាក់បំណាច់មាតុភាព ស្ត្រី ទៅ អត្តសញ្ញាណប័ណ្ណ ៧០% ១២៨៦"):
        "the sample the paper's Khmer font is measured on",
    ("kiosk/pages/search.py", "Type a word, for example: មាតុភាព or card"):
        "a catalog msgid (tr): the hint shows a Khmer word to type in either language",
    ("ui/shots.py", "ប្រាក់"): "the word the search screen's picture is taken with",
}


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of string statements: docstrings and other bare strings (words about the code)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def khmer_literals(root: Path = ROOT) -> Iterator[tuple[str, int, str]]:
    """(file, line, literal) for each string literal with a Khmer word in the code under
    `root`; comments and docstrings are not literals. Run this file to print them."""
    for folder in FOLDERS:
        for path in sorted((root / folder).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if "/." in f"/{rel}" or rel.startswith(("bench/.", "kiosk/locale/")):
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"), rel)
            skip = _docstrings(tree)
            for node in ast.walk(tree):
                if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                        and id(node) not in skip and KHMER_WORD.search(node.value)):
                    yield rel, node.lineno, node.value


def test_no_khmer_text_in_the_code() -> None:
    found = [f"{rel}:{line}: {text!r}" for rel, line, text in khmer_literals()
             if rel not in ALLOWED_FILES and (rel, text) not in ALLOWED]
    assert not found, ("Khmer written into the code: give the English to tr()/N_()/Msg()/"
                       "KioskError() and its Khmer to kiosk/locale/km/LC_MESSAGES/messages.po "
                       "(or, if it is no interface text, add it to ALLOWED with why):\n"
                       + "\n".join(found))


def test_the_allow_list_names_only_what_is_there() -> None:
    """An entry whose literal has gone is removed, so the list stays the truth."""
    present = {(rel, text) for rel, _line, text in khmer_literals()}
    files = {rel for rel, _text in present}
    assert not [key for key in ALLOWED if key not in present]
    assert not [rel for rel in ALLOWED_FILES if rel not in files]


def test_the_check_finds_a_khmer_word_in_a_string_not_in_a_comment_docstring_or_range(
        tmp_path: Path) -> None:
    (tmp_path / "kiosk").mkdir()
    (tmp_path / "kiosk" / "x.py").write_text(
        '"""ការ in a docstring."""\n# ខ្មែរ in a comment\n'
        'KEYS = ("ក", "[ក-អ]", "០១២", "ុំ")  # a key, a range, digits, a vowel\n'
        'def f(name):\n    """គោ too."""\n    raise KioskError("bad", f"ឃើញ {name}")\n',
        encoding="utf-8")
    assert [(rel, line) for rel, line, _text in khmer_literals(tmp_path)] == [("kiosk/x.py", 6)]


if __name__ == "__main__":  # python tests/core/test_no_khmer_in_code.py [ROOT]: list and count
    where = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    rows = list(khmer_literals(where))
    for rel, line, text in rows:
        print(f"{rel}:{line}: {text!r}")
    print(f"{len({(r, n) for r, n, _t in rows})} lines in {len({r for r, _n, _t in rows})} files")
