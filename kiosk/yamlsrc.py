"""YAML with line numbers, so every problem in content or rules names its `path:line`.

PyYAML's composer keeps a mark on every node; this turns the node tree into plain dicts and
lists that remember the line of themselves and of each of their keys and items.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kiosk.errors import ContentError


class LineDict(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]
    cols: dict[Any, int]  # column of each key, to edit a file in place


class LineList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


def _convert(node: yaml.Node, constructor: yaml.constructor.SafeConstructor, where: str) -> Any:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line, out.lines, out.cols = line, {}, {}
        constructor.flatten_mapping(node)
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node, deep=True)
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
    try:
        return constructor.construct_object(node, deep=True)
    except ValueError as exc:  # e.g. a date like 2026-13-45: PyYAML raises a bare ValueError
        raise ContentError([f"{where}:{line}: bad value {node.value!r}: {exc}"]) from None


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file into LineDict/LineList; syntax errors as ContentError with path:line."""
    where = display or str(path)
    text = path.read_text(encoding="utf-8")
    return loads_yaml(text, where)


def loads_yaml(text: str, where: str) -> Any:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        return _convert(node, loader, where)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        raise ContentError([f"{where}:{line}: YAML syntax error: {problem}"]) from None
    finally:
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
