"""Content as pieces: one per record (canonical JSON with its kind), one per media file and one
per eligibility rule file (its YAML text), plus the index that lists them (kind and id of each
record, path of each media file, name of each rule file).

Each piece's sha256 is in the signed hash-bin metadata, and the content version and hash are in
the signed entry of the index in targets.json: so a one-field change re-fetches one bin and one
piece, and the index itself only when records are added or removed. (An index carrying every
hash would be re-fetched whole on every change: about 100 bytes per record, which for the
shipped content alone is more than the 5% a one-record change may cost.)
"""
from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.content.bundle import canonical_json, content_hash
from kiosk.content.loader import MEDIA_FIELDS, ContentSet, RawRecord
from kiosk.content.model import KINDS
from kiosk.errors import KioskError
from kiosk.i18n import Msg
from kiosk.safepath import SLUG, contained, unsafe_reason
from kiosk.sync.errors import SyncError
from kiosk.sync.layout import INDEX_PATH, media_path, record_path, rule_path

if TYPE_CHECKING:  # python-tuf loads only where a sync or a publish runs: the app imports this
    # module (through kiosk.sync.apply) to read the bundle's state, and keeps what it imports
    from tuf.api.metadata import TargetFile

INDEX_FORMAT = 1  # records and media only
RULES_FORMAT = 2  # with rules: a kiosk that cannot evaluate them refuses, never drops them
RULE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,63}\.yaml")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def record_piece(kind: str, record: Any) -> bytes:
    # canonical_json is the bundle's own form, so a rebuilt record hashes exactly as published
    return f'{{"kind":{json.dumps(kind)},"record":{canonical_json(record)}}}'.encode()


def _media_refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in MEDIA_FIELDS and isinstance(item, str):
                yield item
            else:
                yield from _media_refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _media_refs(item)


def media_refs(content: ContentSet) -> list[str]:
    """Every media file (path under assets/) the content refers to, sorted."""
    found: set[str] = set()
    for _, record in content.all():
        found.update(_media_refs(record.model_dump(mode="json")))
    return sorted(found)


@dataclass
class Index:
    """Which pieces make the content: record ids by kind, and media paths."""

    records: dict[str, list[str]] = field(default_factory=dict)
    media: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)  # rule file names

    def paths(self) -> list[str]:
        out = [record_path(kind, rid) for kind, ids in self.records.items() for rid in ids]
        out += [rule_path(name) for name in self.rules]
        return sorted(out + [media_path(rel) for rel in self.media])

    def to_bytes(self) -> bytes:
        data: dict[str, Any] = {"format": INDEX_FORMAT, "records": self.records,
                                "media": self.media}
        if self.rules:
            data.update(format=RULES_FORMAT, rules=self.rules)
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Index:
        try:
            raw = json.loads(data)
            if raw.get("format") not in (INDEX_FORMAT, RULES_FORMAT):
                raise SyncError("the index has format {format}; this kiosk reads formats {known} "
                                "(update the kiosk software)", format=repr(raw.get("format")),
                                known=f"{INDEX_FORMAT} and {RULES_FORMAT}")
            records = {str(kind): [str(i) for i in ids] for kind, ids in raw["records"].items()}
            unknown = set(records) - set(KINDS)
            if unknown:
                raise SyncError("the index lists unknown kinds {kinds} (update the kiosk software)",
                                kinds=sorted(unknown))
            media = [str(m) for m in raw.get("media", [])]
            rules = [str(name) for name in raw.get("rules", [])]
            bad = [name for name in rules if not RULE_NAME.fullmatch(name)]
            if bad:
                raise SyncError("the index lists a rule file with a bad name: {name}",
                                name=repr(bad[0][:80]))
        except SyncError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SyncError("the index is malformed: {reason}", reason=exc) from None
        # every id and media path becomes a file name: checked before anything is written
        for kind, ids in records.items():
            for rid in ids:
                if not SLUG.fullmatch(rid):
                    raise SyncError("the index lists {kind} id {id}, which is not a plain id (a-z, "
                                    "0-9, '-'); refused", kind=kind, id=repr(rid[:80]))
        for rel in media:
            reason = unsafe_reason(rel)
            if reason is not None:
                raise SyncError("the index lists media path {path}: {reason}; refused",
                                path=repr(rel[:80]), reason=reason)
        return cls(records, media, rules)


@dataclass(frozen=True)
class Release:
    """What one publish is: signed in the index's entry of targets.json (its `custom`)."""

    version: int
    content_hash: str
    built_at: str = ""
    site_url: str = ""  # the phone site's address (kiosk publish --site-url): the QR codes'

    def target(self, index_bytes: bytes) -> TargetFile:
        from tuf.api.metadata import TargetFile

        info = TargetFile.from_data(INDEX_PATH, index_bytes, ["sha256"])
        custom: dict[str, Any] = {"content_version": self.version,
                                  "content_hash": self.content_hash, "built_at": self.built_at}
        if self.site_url:
            custom["site_url"] = self.site_url
        info.unrecognized_fields["custom"] = custom
        return info

    @classmethod
    def of(cls, info: TargetFile) -> Release:
        custom = info.custom if isinstance(info.custom, dict) else {}
        try:
            release = cls(int(custom["content_version"]), str(custom["content_hash"]),
                          str(custom.get("built_at", "")), str(custom.get("site_url", "")))
        except (KeyError, TypeError, ValueError):
            raise SyncError("the signed index entry carries no content version") from None
        if release.site_url:
            from kiosk.site.address import site_url_problem

            problem = site_url_problem(release.site_url)
            if problem:  # it would be printed in every QR code: refused, never half used
                raise SyncError("the signed site address {url} {problem}",
                                url=repr(release.site_url[:80]), problem=problem)
        return release


def make_pieces(content: ContentSet, assets: Path) -> tuple[dict[str, bytes], Index, str]:
    """The piece bytes by target path, the index, and the content hash."""
    pieces: dict[str, bytes] = {}
    index = Index()
    for kind, record in content.all():
        pieces[record_path(kind, record.id)] = record_piece(kind, record)
        index.records.setdefault(kind, []).append(record.id)
    for rel in media_refs(content):
        try:
            # never a file from outside assets/ (an absolute path, '..', a symlink out)
            pieces[media_path(rel)] = contained(assets, rel, Msg("media file")).read_bytes()
        except OSError as exc:
            raise KioskError("media file assets/{path} cannot be read: {reason}", path=rel,
                             reason=exc) from None
        index.media.append(rel)
    for name, text in sorted(content.rules.items()):
        pieces[rule_path(name)] = text.encode("utf-8")
        index.rules.append(name)
    return pieces, index, content_hash(content)


def _canonical(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_patch(old: bytes, new: bytes) -> bytes | None:
    """The fields of a record piece that changed, or None when a patch would not save much.

    A patch is a hint, not signed: the kiosk applies it to the piece it has, and keeps the result
    only if it hashes to the signed sha256 of the new piece (else it downloads the piece). It
    makes a one-field change of a large record (a checklist of 8 kB) cost that field, not the
    record."""
    before, after = json.loads(old), json.loads(new)
    if before.get("kind") != after.get("kind"):
        return None
    old_rec, new_rec = before["record"], after["record"]
    patch = {"set": {k: v for k, v in new_rec.items() if old_rec.get(k) != v},
             "drop": sorted(k for k in old_rec if k not in new_rec)}
    data = _canonical(patch).encode()
    return data if len(data) < len(new) * 0.6 else None


def text_patch(old: bytes, new: bytes) -> bytes | None:
    """The lines of a rule file that changed (one parameter's value: a line or two), or None
    when a patch would not save much. A hint as record_patch: the result is checked by hash."""
    before = old.decode("utf-8").splitlines(keepends=True)
    after = new.decode("utf-8").splitlines(keepends=True)
    ops = [[i1, i2, after[j1:j2]] for tag, i1, i2, j1, j2
           in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
           if tag != "equal"]
    data = _canonical({"lines": ops}).encode()
    return data if len(data) < len(new) * 0.6 else None


def apply_patch(old: bytes, patch: bytes) -> bytes:
    """The new piece from the old one and a patch (the caller verifies its hash)."""
    change = json.loads(patch)
    if "lines" in change:  # a rule file: line ranges replaced, last first
        lines = old.decode("utf-8").splitlines(keepends=True)
        for start, end, replacement in sorted(change["lines"], key=lambda op: -op[0]):
            if not (0 <= start <= end <= len(lines)) or not all(
                    isinstance(line, str) for line in replacement):
                raise ValueError("a patch outside the file")
            lines[start:end] = replacement
        return "".join(lines).encode("utf-8")
    piece = json.loads(old)
    record = dict(piece["record"])
    for key in change.get("drop", []):
        record.pop(key, None)
    record.update(change.get("set", {}))
    return f'{{"kind":{json.dumps(piece["kind"])},"record":{_canonical(record)}}}'.encode()


def rule_texts(index: Index, read: Callable[[str], bytes]) -> dict[str, str]:
    """Rule file texts back from their pieces (name -> YAML text)."""
    out: dict[str, str] = {}
    for name in index.rules:
        try:
            out[name] = read(rule_path(name)).decode("utf-8")
        except UnicodeDecodeError:
            raise SyncError("piece {path} is not UTF-8 text", path=rule_path(name)) from None
    return out


def raw_records(index: Index, read: Callable[[str], bytes]) -> list[RawRecord]:
    """Records back from their pieces; `read(target_path)` gives verified bytes."""
    raws: list[RawRecord] = []
    for kind in KINDS:
        for rid in index.records.get(kind, []):
            path = record_path(kind, rid)
            try:
                piece = json.loads(read(path))
                if piece["kind"] != kind or piece["record"].get("id") != rid:
                    raise ValueError(f"it holds {piece['kind']} {piece['record'].get('id')!r}")
                raws.append(RawRecord(kind, piece["record"], path, 1))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise SyncError("piece {path} is malformed: {reason}", path=path, reason=exc) from None
    return raws
