"""`kiosk content confirm`: mark translations as checked against their current English.

Each Khmer text keeps `km_src`, a short hash of the English it was translated from. When the
English changes, the validator reports the Khmer as stale until a translator updates it and runs
this command, which writes the new hash into the YAML file in place (comments and layout kept).
"""
from __future__ import annotations

import re
from pathlib import Path

from kiosk.content.loader import read_source, text_nodes
from kiosk.content.model import source_hash
from kiosk.errors import ContentError

_KM_SRC = re.compile(r"^(\s*km_src:\s*)(\S*)(.*)$")


def confirm(directory: Path, record_id: str | None = None) -> int:
    """Write km_src for every missing or stale text (of one record, if given); returns the count."""
    raws, problems = read_source(directory)
    if problems:
        raise ContentError(problems)
    edits: dict[str, list[tuple[int, str, str]]] = {}  # path -> (line, action, text)
    for raw in raws:
        if record_id is not None and (not isinstance(raw.data, dict) or raw.data.get("id") != record_id):
            continue
        for node in text_nodes(raw):
            # quoted: a hash of only digits would otherwise read back as a number
            wanted = f'"{source_hash(str(node["en"]))}"'
            current = node.get("km_src")
            if current is not None and f'"{current}"' == wanted:
                continue
            if "km_src" in node:
                edits.setdefault(raw.path, []).append((node.lines["km_src"], "replace", wanted))
            elif node.lines["km"] == node.lines["en"]:
                raise ContentError([f"{raw.path}:{node.lines['km']}: write this text in block "
                                    "style (en: and km: on lines of their own) to confirm it"])
            else:
                indent = " " * node.cols["km"]
                edits.setdefault(raw.path, []).append(
                    (node.lines["km"], "insert", f"{indent}km_src: {wanted}\n"))
    count = 0
    for path, changes in edits.items():
        lines = Path(path).read_text(encoding="utf-8").splitlines(keepends=True)
        for line, action, text in sorted(changes, reverse=True):
            if action == "replace":
                lines[line - 1] = _KM_SRC.sub(lambda m, t=text: f"{m.group(1)}{t}{m.group(3)}",
                                              lines[line - 1])
            else:
                lines.insert(line - 1, text)
            count += 1
        Path(path).write_text("".join(lines), encoding="utf-8")
    return count
