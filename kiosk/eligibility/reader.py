"""Reading one YAML rule file: typed values out, problems collected as `path:line: message`.

Nothing stops at the first problem: a content editor fixes a whole file in one round.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from kiosk.eligibility.expr import ExprError, Expression, Scope, parse
from kiosk.eligibility.model import Bilingual
from kiosk.eligibility.text import PLACEHOLDER, check_template
from kiosk.yamlsrc import LineDict, LineList

SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_SINCE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
MIN_KHMER_SHARE = 0.5


class RuleFile:
    """One YAML file being read: knows its display path and collects problems with lines."""

    def __init__(self, where: str, problems: list[str], *, check_khmer: bool = True) -> None:
        self.where = where
        self.problems = problems
        self.check_khmer = check_khmer  # off for rules a checked bundle carries (start-up time)

    def at(self, node: Any, key: Any = None) -> str:
        return f"{self.where}:{self.line(node, key)}"

    def line(self, node: Any, key: Any = None) -> int:
        if key is not None and isinstance(node, LineDict) and key in node:
            return node.lines[key]
        if key is not None and isinstance(node, LineList) and isinstance(key, int):
            return node.lines[key]
        return getattr(node, "line", 1) or 1

    def problem(self, node: Any, key: Any, message: str) -> None:
        self.problems.append(f"{self.at(node, key)}: {message}")

    def keys(self, node: LineDict, allowed: tuple[str, ...], what: str) -> None:
        for key in node:
            if key not in allowed:
                self.problem(node, key, f"{what}: unknown key {key!r} (allowed: "
                                        f"{', '.join(allowed)})")

    def mapping(self, node: Any, key: str, what: str, required: bool = True) -> LineDict | None:
        value = node.get(key) if isinstance(node, LineDict) else None
        if value is None:
            if required:
                self.problem(node, key, f"{what}: {key!r} is missing")
            return None
        if not isinstance(value, LineDict):
            self.problem(node, key, f"{what}: {key!r} must be a mapping")
            return None
        return value

    def items(self, node: Any, key: str, what: str, required: bool = True) -> LineList:
        value = node.get(key) if isinstance(node, LineDict) else None
        if value is None:
            if required:
                self.problem(node, key, f"{what}: {key!r} is missing")
            return LineList()
        if not isinstance(value, LineList):
            self.problem(node, key, f"{what}: {key!r} must be a list")
            return LineList()
        return value

    def string(self, node: LineDict, key: str, what: str, required: bool = True) -> str | None:
        value = node.get(key)
        if value is None:
            if required:
                self.problem(node, key, f"{what}: {key!r} is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(node, key, f"{what}: {key!r} must be a non-empty text")
            return None
        return value.strip()

    def slug(self, node: LineDict, key: str, what: str) -> str | None:
        value = self.string(node, key, what)
        if value is not None and not SLUG.fullmatch(value):
            self.problem(node, key, f"{what}: {key!r} must be lower-case-with-dashes: {value!r}")
            return None
        return value

    def since(self, node: LineDict, key: str, what: str) -> str | None:
        value = node.get(key)
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not _SINCE.fullmatch(value) or not _real_date(value):
            self.problem(node, key, f"{what}: {key!r} must be a date: YYYY, YYYY-MM or "
                                    f"YYYY-MM-DD, not {value!r}")
            return None
        return value

    def text(self, node: Any, key: str, what: str, allowed: tuple[str, ...] | set[str] = (),
             required: bool = True) -> Bilingual | None:
        value = node.get(key) if isinstance(node, LineDict) else None
        if value is None:
            if required:
                self.problem(node, key, f"{what}: {key!r} is missing")
            return None
        return self.bilingual(node, key, value, f"{what}: {key}", allowed)

    def bilingual(self, parent: Any, key: Any, value: Any, what: str,
                  allowed: tuple[str, ...] | set[str] = ()) -> Bilingual | None:
        if not isinstance(value, LineDict):
            self.problem(parent, key, f"{what} must be a mapping with km: and en:")
            return None
        self.keys(value, ("km", "en"), what)
        out: Bilingual = {}
        for locale in ("km", "en"):
            body = value.get(locale)
            if not isinstance(body, str) or not body.strip():
                self.problem(value, locale if locale in value else None,
                             f"{what}.{locale} must be a non-empty text")
                continue
            out[locale] = " ".join(body.split())
        if len(out) != 2:
            return None
        for message in check_template(out, allowed):  # "km: ..." or "en: ...": that key's line
            self.problem(value, message[:2], f"{what}.{message}")
        if self.check_khmer:
            self._check_khmer(value, out["km"], what)
        return out

    def _check_khmer(self, node: LineDict, text: str, what: str) -> None:
        from kiosk.content import khmer  # uharfbuzz: loaded only when rules are read

        words = PLACEHOLDER.sub("", text)
        if khmer.khmer_share(words) < MIN_KHMER_SHARE:
            self.problem(node, "km", f"{what}.km is not Khmer (mostly Latin letters)")
        for bit in khmer.broken_clusters(words):
            self.problem(node, "km", f"{what}.km has malformed Khmer near {bit!r} "
                                     "(it would show a dotted circle)")

    def expression(self, node: LineDict, key: str, what: str, scope: Scope,
                   want: str = "bool") -> Expression | None:
        if key not in node:
            self.problem(node, None, f"{what}: {key!r} is missing")
            return None
        try:
            return parse(node[key], scope, want)
        except ExprError as exc:
            self.problem(node, key, f"{what}: {key}: {exc.message} (column {exc.column} of "
                                    f"{str(node[key])!r})")
            return None


def _real_date(since: str) -> bool:
    parts = [int(p) for p in since.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True
