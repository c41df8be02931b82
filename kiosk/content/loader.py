"""Reads the content source (`data/content/*.yaml`) and reports every problem as `path:line`.

Validation runs in three passes: the shape of each record (pydantic), the texts in it (Khmer
present, really Khmer, well formed, not stale against its English), and the links between
records (references, icons, media files, at least one benefit). All problems are collected, so
a content editor sees the whole list at once. Benefit ids are data: whether every benefit has
its rules is checked against the rules (kiosk/source.py), not against a list in code.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from kiosk import icons
from kiosk.content import khmer
from kiosk.content.model import KINDS, SINGULAR, Record, Text
from kiosk.errors import ContentError
from kiosk.paths import ASSETS
from kiosk.safepath import inside, unsafe_reason
from kiosk.yamlsrc import LineDict, line_of, load_yaml

# (kind, field) -> kind the field refers to
REFERENCES: dict[tuple[str, str], str] = {
    ("benefits", "scheme"): "schemes",
    ("benefits", "checklist"): "checklists",
    ("benefits", "stories"): "stories",
    ("stories", "benefits"): "benefits",
    ("checklists", "benefit"): "benefits",
    ("duties", "checklist"): "checklists",
    ("messages", "benefit"): "benefits",
    ("contributions", "scheme"): "schemes",
    ("guides", "check"): "benefits",
    ("guides", "stories"): "stories",
}
MEDIA_FIELDS = ("image", "audio_en", "audio_km", "map")
MIN_KHMER_SHARE = 0.5


@dataclass
class RawRecord:
    """One record as read, before validation, with where it came from."""

    kind: str
    data: Any
    path: str
    line: int


@dataclass
class ContentSet:
    """Validated content: records by kind and id, with where each was written, and the
    eligibility rule files that travel with it (name -> YAML text; empty: none)."""

    records: dict[str, dict[str, Record]] = field(default_factory=lambda: {k: {} for k in KINDS})
    where: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)

    def all(self) -> Iterator[tuple[str, Record]]:
        """Every record, kinds in schema order and ids sorted: a stable order for building."""
        for kind in KINDS:
            for rid in sorted(self.records[kind]):
                yield kind, self.records[kind][rid]

    def get(self, kind: str, rid: str) -> Record:
        return self.records[kind][rid]

    def count(self) -> int:
        return sum(len(by_id) for by_id in self.records.values())


def _display(path: Path) -> str:
    """A path as the editor would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def read_source(directory: Path) -> tuple[list[RawRecord], list[str]]:
    """Every record of every YAML file in `directory`, and the problems found reading them."""
    raws: list[RawRecord] = []
    problems: list[str] = []
    files = sorted(directory.glob("*.yaml"))
    if not files:
        return [], [f"{_display(directory)}:0: no content files (*.yaml) here"]
    for path in files:
        display = _display(path)
        if not inside(directory, path):  # a symlink to a file elsewhere is not content
            problems.append(f"{display}:1: resolves outside {_display(directory)} "
                            "(a symlink?); refused")
            continue
        try:
            tree = load_yaml(path, display)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if tree is None:
            continue
        if not isinstance(tree, LineDict):
            problems.append(f"{display}:1: expected a mapping of kinds ({', '.join(KINDS)})")
            continue
        for kind, items in tree.items():
            kline = tree.lines[kind]
            if kind not in KINDS:
                problems.append(f"{display}:{kline}: unknown kind {kind!r}; known: {', '.join(KINDS)}")
                continue
            if not isinstance(items, list):
                problems.append(f"{display}:{kline}: {kind} must be a list of records")
                continue
            for index, item in enumerate(items):
                raws.append(RawRecord(kind, item, display, items.lines[index]))
    return raws, problems


def _describe(error: dict[str, Any]) -> str:
    loc = ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        last = error["loc"][-1] if error["loc"] else ""
        if last == "km":
            return f"missing Khmer text ({loc})"
        if last == "en":
            return f"missing English text ({loc})"
        return f"missing field {loc!r}"
    if error["type"] == "extra_forbidden":
        return f"unknown field {loc!r}"
    return f"{loc}: {error['msg']}"


def _walk(value: Any, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every (location, value) inside a model, depth first."""
    yield loc, value
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*loc, index))


def _check_text(text: Text, loc: tuple[Any, ...], at: Any, where: str, line: int) -> list[str]:
    name = ".".join(str(p) for p in loc)
    km_line = line_of(at, (*loc, "km"), line)
    out: list[str] = []
    for lang in ("en", "km"):
        value = text.get(lang)  # as a reader sees it (a link shows its label)
        at_line = line_of(at, (*loc, lang), line)
        if khmer.is_invisible(value):
            out.append(f"{where}:{at_line}: {name}.{lang} shows nothing (only spaces or invisible "
                       "characters)")
        elif (longest := khmer.longest_cluster(value)) > khmer.MAX_CLUSTER:
            out.append(f"{where}:{at_line}: {name}.{lang} stacks {longest} marks on one letter "
                       f"(more than any real text, at most {khmer.MAX_CLUSTER})")
    if out:
        return out  # the checks below would only repeat it
    if khmer.khmer_share(text.get("km")) < MIN_KHMER_SHARE:  # a link's target is not words
        out.append(f"{where}:{km_line}: {name}.km is not Khmer (mostly Latin letters): {text.km[:40]!r}")
    for bit in khmer.broken_clusters(text.km):
        out.append(f"{where}:{km_line}: {name}.km has malformed Khmer near {bit!r} "
                   "(a vowel sign or coeng with no base; it would show a dotted circle)")
    if text.km_src is None:
        out.append(f"{where}:{km_line}: {name}.km has no km_src (the English it translates); "
                   "run `kiosk content confirm` once a translator has checked it")
    elif text.stale:
        out.append(f"{where}:{km_line}: {name}.km is stale: {name}.en changed since it was "
                   "translated; update the Khmer, then run `kiosk content confirm`")
    return out


def media_problem(relpath: str, assets: Path, what: str = "media file") -> str | None:
    """Why a media path of the content cannot be used, or None. A media path names a file
    under assets/ in safe characters; it may not leave assets/, not even through a symlink
    (publishing would otherwise ship any file of the publishing machine, and every kiosk would
    write it where the path says)."""
    reason = unsafe_reason(relpath)
    if reason is not None:
        return f"{what} path {relpath!r} is refused: {reason}; give a path under assets/"
    path = assets / relpath
    if not inside(assets, path):
        return f"{what} assets/{relpath} resolves outside assets/ (a symlink?); refused"
    if not path.is_file():
        return f"{what} assets/{relpath} is not there"
    return None


def _check_record(kind: str, record: Record, raw: RawRecord, assets: Path) -> list[str]:
    out: list[str] = []
    for loc, value in _walk(record):
        line = line_of(raw.data, loc, raw.line)
        last = loc[-1] if loc else None
        if isinstance(value, Text):
            out.extend(_check_text(value, loc, raw.data, raw.path, line))
            for name in ("audio_en", "audio_km"):
                media = getattr(value, name)
                problem = media_problem(media, assets, "audio file") if media else None
                if problem:
                    out.append(f"{raw.path}:{line_of(raw.data, (*loc, name), line)}: {problem}")
        elif last == "icon" and isinstance(value, str) and not icons.exists(value):
            out.append(f"{raw.path}:{line}: unknown icon {value!r} "
                       "(not in the Material Design Icons charmap)")
        elif last in MEDIA_FIELDS and isinstance(value, str):
            problem = media_problem(value, assets)
            if problem:
                out.append(f"{raw.path}:{line}: {problem}")
    return out


def check_records(
    raws: list[RawRecord], *, assets: Path = ASSETS, require_benefits: bool = True
) -> tuple[ContentSet, list[str]]:
    """Validate raw records into a ContentSet; returns it with every problem found."""
    content = ContentSet()
    problems: list[str] = []
    by_key: dict[tuple[str, str], RawRecord] = {}
    invalid: set[tuple[str, str]] = set()  # records with problems of their own: no cascades
    for raw in raws:
        model = KINDS[raw.kind]
        if not isinstance(raw.data, dict):
            problems.append(f"{raw.path}:{raw.line}: a {raw.kind} record must be a mapping")
            continue
        label = f"{SINGULAR[raw.kind]} {raw.data.get('id', '?')}"
        try:
            record = model.model_validate(dict(raw.data))
        except ValidationError as exc:
            invalid.add((raw.kind, str(raw.data.get("id"))))
            for error in exc.errors():
                line = line_of(raw.data, tuple(error["loc"]), raw.line)
                problems.append(f"{raw.path}:{line}: {label}: {_describe(error)}")
            continue
        key = (raw.kind, record.id)
        if key in by_key:
            first = by_key[key]
            problems.append(f"{raw.path}:{raw.line}: duplicate id {record.id!r} in {raw.kind} "
                            f"(first at {first.path}:{first.line})")
            continue
        by_key[key] = raw
        content.records[raw.kind][record.id] = record
        content.where[key] = (raw.path, raw.line)
        problems.extend(_check_record(raw.kind, record, raw, assets))

    for (kind, fname), target in REFERENCES.items():
        for rid, record in content.records[kind].items():
            value = getattr(record, fname)
            for ref in value if isinstance(value, list) else [value]:
                known = ref in content.records[target] or (target, ref) in invalid
                if ref is not None and not known:
                    raw = by_key[(kind, rid)]
                    line = line_of(raw.data, (fname,), raw.line)
                    problems.append(f"{raw.path}:{line}: {SINGULAR[kind]} {rid}: {fname} refers to "
                                    f"unknown {SINGULAR[target]} {ref!r}")
    if require_benefits and not content.records["benefits"] and not any(
            kind == "benefits" for kind, _ in invalid):
        first = raws[0].path if raws else "content"
        problems.append(f"{first}:1: the content defines no benefit (a kiosk needs at least one)")
    from kiosk.content.crosscheck import cross_problems  # it builds on this module

    problems.extend(cross_problems(content, raws, assets))
    return content, problems


def validate(directory: Path, assets: Path = ASSETS) -> tuple[ContentSet, list[str]]:
    raws, problems = read_source(directory)
    content, more = check_records(raws, assets=assets)
    return content, problems + more


def load_content(directory: Path, assets: Path = ASSETS) -> ContentSet:
    """The validated content of `directory`; ContentError listing every problem otherwise."""
    content, problems = validate(directory, assets)
    if problems:
        raise ContentError(problems)
    return content


def text_nodes(raw: RawRecord) -> Iterator[LineDict]:
    """Every bilingual text mapping in a raw record (for `kiosk content confirm`)."""
    stack: list[Any] = [raw.data]
    while stack:
        node = stack.pop()
        if isinstance(node, LineDict):
            if "en" in node and "km" in node and isinstance(node["en"], str):
                yield node
                continue
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


