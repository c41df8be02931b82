"""Content as pieces: one per record (canonical JSON with its kind) and one per media file,
plus the index that lists them (kind and id of each record, path of each media file).

Each piece's sha256 is in the signed hash-bin metadata, and the content version and hash are in
the signed entry of the index in targets.json: so a one-field change re-fetches one bin and one
piece, and the index itself only when records are added or removed. (An index carrying every
hash would be re-fetched whole on every change: about 100 bytes per record, which for the
shipped content alone is more than the 5% a one-record change may cost.)
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tuf.api.metadata import TargetFile

from kiosk.content.bundle import canonical_json, content_hash
from kiosk.content.loader import MEDIA_FIELDS, ContentSet, RawRecord
from kiosk.content.model import KINDS
from kiosk.errors import KioskError
from kiosk.safepath import SLUG, contained, unsafe_reason
from kiosk.sync.errors import SyncError
from kiosk.sync.layout import INDEX_PATH, media_path, record_path

INDEX_FORMAT = 1


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

    def paths(self) -> list[str]:
        out = [record_path(kind, rid) for kind, ids in self.records.items() for rid in ids]
        return sorted(out + [media_path(rel) for rel in self.media])

    def to_bytes(self) -> bytes:
        data = {"format": INDEX_FORMAT, "records": self.records, "media": self.media}
        return json.dumps(data, sort_keys=True, separators=(",", ":")).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Index:
        try:
            raw = json.loads(data)
            if raw.get("format") != INDEX_FORMAT:
                raise SyncError(f"the index has format {raw.get('format')!r}; this kiosk reads "
                                f"format {INDEX_FORMAT} (update the kiosk software)")
            records = {str(kind): [str(i) for i in ids] for kind, ids in raw["records"].items()}
            unknown = set(records) - set(KINDS)
            if unknown:
                raise SyncError(f"the index lists unknown kinds {sorted(unknown)} "
                                "(update the kiosk software)")
            media = [str(m) for m in raw.get("media", [])]
        except SyncError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise SyncError(f"the index is malformed: {exc}") from None
        # every id and media path becomes a file name: checked before anything is written
        for kind, ids in records.items():
            for rid in ids:
                if not SLUG.fullmatch(rid):
                    raise SyncError(f"the index lists {kind} id {rid[:80]!r}, which is not a "
                                    "plain id (a-z, 0-9, '-'); refused")
        for rel in media:
            reason = unsafe_reason(rel)
            if reason is not None:
                raise SyncError(f"the index lists media path {rel[:80]!r}: {reason}; refused")
        return cls(records, media)


@dataclass(frozen=True)
class Release:
    """What one publish is: signed in the index's entry of targets.json (its `custom`)."""

    version: int
    content_hash: str
    built_at: str = ""

    def target(self, index_bytes: bytes) -> TargetFile:
        info = TargetFile.from_data(INDEX_PATH, index_bytes, ["sha256"])
        info.unrecognized_fields["custom"] = {"content_version": self.version,
                                              "content_hash": self.content_hash,
                                              "built_at": self.built_at}
        return info

    @classmethod
    def of(cls, info: TargetFile) -> Release:
        custom = info.custom if isinstance(info.custom, dict) else {}
        try:
            return cls(int(custom["content_version"]), str(custom["content_hash"]),
                       str(custom.get("built_at", "")))
        except (KeyError, TypeError, ValueError):
            raise SyncError("the signed index entry carries no content version") from None


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
            pieces[media_path(rel)] = contained(assets, rel, "media file").read_bytes()
        except OSError as exc:
            raise KioskError(f"media file assets/{rel} cannot be read: {exc}") from None
        index.media.append(rel)
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


def apply_patch(old: bytes, patch: bytes) -> bytes:
    """The new piece from the old one and a patch (the caller verifies its hash)."""
    piece = json.loads(old)
    change = json.loads(patch)
    record = dict(piece["record"])
    for key in change.get("drop", []):
        record.pop(key, None)
    record.update(change.get("set", {}))
    return f'{{"kind":{json.dumps(piece["kind"])},"record":{_canonical(record)}}}'.encode()


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
                raise SyncError(f"piece {path} is malformed: {exc}") from None
    return raws
