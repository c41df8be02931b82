"""Where rule files come from: a folder in the checkout, or the rules a bundle carries.

Either way they are YAML texts by file name, read by the same loader, so what head office
validates is byte for byte what a kiosk evaluates. Names are plain (`maternity-allowance.yaml`):
rules arrive over a network, so a name can never be a path.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

RULE_FILE = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\.yaml")
MAX_RULE_FILE = 1_000_000  # bytes: a rule file is a few kB; anything near this is not rules


@dataclass(frozen=True)
class RuleFiles:
    """Rule file texts by name, and where they came from (for `where:line` messages)."""

    files: dict[str, str] = field(default_factory=dict)
    origin: str = ""  # a folder, or "bundle.db:rules"
    problems: tuple[str, ...] = ()  # files that could not even be read

    def where(self, name: str) -> str:
        return f"{self.origin}/{name}"

    @classmethod
    def from_dir(cls, directory: Path | str) -> RuleFiles:
        directory = Path(directory)
        if not directory.is_dir():
            return cls({}, str(directory), (f"{directory}:1: no rules folder",))
        files: dict[str, str] = {}
        problems: list[str] = []
        for path in sorted(directory.glob("*.yaml")):
            if not RULE_FILE.fullmatch(path.name):
                problems.append(f"{path}:1: a rule file is named lower-case-with-dashes.yaml")
                continue
            try:
                files[path.name] = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                problems.append(f"{path}:1: not UTF-8 text")
            except OSError as exc:
                problems.append(f"{path}:1: cannot read it: {exc.strerror}")
        return cls(files, str(directory), tuple(problems))

    @classmethod
    def from_texts(cls, files: dict[str, str], origin: str) -> RuleFiles:
        """Rule files from a bundle or a sync; a bad name or size is a problem, not a path."""
        good: dict[str, str] = {}
        problems: list[str] = []
        for name, text in sorted(files.items()):
            if not isinstance(name, str) or not RULE_FILE.fullmatch(name):
                problems.append(f"{origin}/{name!s:.80}:1: not a rule file name")
            elif not isinstance(text, str) or len(text) > MAX_RULE_FILE:
                problems.append(f"{origin}/{name}:1: not a rule file (no text, or too long)")
            else:
                good[name] = text
        return cls(good, origin, tuple(problems))
