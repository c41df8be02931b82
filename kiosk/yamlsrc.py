"""YAML with line numbers, so every problem in content or rules names its `path:line`.

PyYAML's composer keeps a mark on every node; this turns the node tree into plain dicts and
lists that remember the line of themselves and of each of their keys and items.
"""
from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import yaml

from kiosk.errors import ContentError, KioskError
from kiosk.i18n import Msg
from kiosk.safepath import read_regular


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]
    cols: dict[Any, int]  # column of each key, to edit a file in place


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


MAX_FILE_BYTES = 4 * 1024 * 1024  # the whole shipped content is ~0.3 MB
MAX_DEPTH = 32  # records nest 4-5 levels; PyYAML's composer recurses once per level
MAX_TEXT = 20_000  # characters in one scalar
MAX_INT = 2**53  # what JSON, SQLite and a float all hold exactly
MAX_FLOAT = 1e15
# control characters other than tab and newline, and the bidi embeddings, overrides and
# isolates that make text read differently from how it is stored ("trojan source")
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses what content never needs and an attacker uses: anchors and
    aliases (a 432-byte alias bomb expands to gigabytes), and nesting deeper than MAX_DEPTH
    (the composer recurses per level: deep nesting is a RecursionError)."""

    where = ""
    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        event = self.peek_event()
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise ContentError([f"{self.where}:{line}: YAML anchors and aliases (&name, *name) "
                                "are not allowed in content or rules; write the value out"])
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ContentError([f"{self.where}:{line}: nested deeper than {MAX_DEPTH} levels"])
            return super().compose_node(parent, index)  # type: ignore[arg-type]
        finally:
            self.depth -= 1


def _scalar_problem(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int) and abs(value) > MAX_INT:
        return f"the number {str(value)[:20]}... is too large (at most {MAX_INT})"
    if isinstance(value, float) and not (math.isfinite(value) and abs(value) <= MAX_FLOAT):
        return f"the number {value!r} is too large or not a number"
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            return f"a text of {len(value)} characters (at most {MAX_TEXT})"
        bad = _FORBIDDEN.search(value)
        if bad:
            return (f"a control or text-direction character U+{ord(bad.group()):04X} "
                    "(invisible, and it changes how text reads)")
    return None


def _scalar(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, where: str) -> Any:
    line = node.start_mark.line + 1
    try:
        value = constructor.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. a date like 2026-13-45: PyYAML raises a bare ValueError
        raise ContentError([f"{where}:{line}: bad value {str(node.value)[:60]!r}: {exc}"]) from None
    except yaml.YAMLError as exc:  # an unknown tag, a binary that is not base64
        raise ContentError([f"{where}:{line}: bad value: {getattr(exc, 'problem', exc)}"]) from None
    problem = _scalar_problem(value)
    if problem:
        raise ContentError([f"{where}:{line}: {problem}"])
    return value


def _convert(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, where: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines, out.cols = line, {}, {}
        constructor.flatten_mapping(node)
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise ContentError([f"{where}:{key_node.start_mark.line + 1}: a key must be a "
                                    "plain name, not a list or mapping"])
            key = _scalar(key_node, constructor, where)
            key_line = key_node.start_mark.line + 1
            if key in out:
                raise ContentError([f"{where}:{key_line}: duplicate key {key!r}"])
            out[key] = _convert(value_node, constructor, where)
            out.lines[key] = key_line
            out.cols[key] = key_node.start_mark.column
        return out
    if isinstance(node, yaml.SequenceNode):
        items = LineList(_convert(item, constructor, where) for item in node.value)
        items.line = line
        items.lines = [item.start_mark.line + 1 for item in node.value]
        return items
    return _scalar(node, constructor, where)


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file into LineDict/LineList; every problem (syntax, not UTF-8, not a
    regular file, too large, aliases, control characters...) is a ContentError with path:line."""
    where = display or str(path)
    try:
        data = read_regular(Path(path), MAX_FILE_BYTES, Msg("content file"))
    except KioskError as exc:
        raise ContentError([f"{where}:1: {exc.en}"]) from None
    except OSError as exc:
        raise ContentError([f"{where}:1: cannot read it: {exc.strerror or exc}"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError([f"{where}:{line}: not UTF-8 text (byte {data[exc.start]:#04x}); "
                            "save the file as UTF-8"]) from None
    return loads_yaml(text, where)


def loads_yaml(text: str, where: str) -> Any:
    loader = None
    try:
        loader = _StrictLoader(text)  # the reader checks every character here already
        loader.where = where
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, where)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        raise ContentError([f"{where}:{line}: YAML syntax error: {problem}"]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow in a stream
        line = text[: exc.position].count("\n") + 1
        raise ContentError([f"{where}:{line}: a character YAML does not allow "
                            f"(U+{exc.character:04X})" if isinstance(exc.character, int)
                            else f"{where}:{line}: {exc.reason}"]) from None
    except yaml.YAMLError as exc:
        raise ContentError([f"{where}:1: YAML error: {exc}"]) from None
    except RecursionError:  # the scanner's own limits (flow nesting) reached first
        raise ContentError([f"{where}:1: nested too deeply"]) from None
    finally:
        if loader is not None:
            loader.dispose()


def line_of(tree: Any, loc: tuple[Any, ...], default: int) -> int:
    """The line of the deepest part of `loc` (a pydantic error location) found in `tree`."""
    line = getattr(tree, "line", default) or default
    node = tree
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line
