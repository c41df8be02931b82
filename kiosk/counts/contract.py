"""The object format: what one kiosk sends for one day. A versioned contract (README: "What
leaves a kiosk"); head office reads it with `kiosk report`.

An object is gzip-compressed NDJSON, one JSON object a line, keys sorted:

    {"type": "day", "schema": "nssf-kiosk-counts", "version": 2, "kiosk": "k-3f9a0c1d2e4b",
     "day": "2026-11-26", "revision": 4}
    {"type": "count", "metric": "funnel", "key": "decision", "n": 12}
    ...
    {"type": "heartbeat", "seq": 17, "trigger": "upload", "app_version": "0.1.0", ...}

Its name is `v1/<kiosk>/<day>/<revision>-<sha256 of the NDJSON, 16 hex>.ndjson.gz`: the same
counts always make the same name and bytes (gzip without a time stamp), so a retry writes the
same object again, never a second one; a later revision of the same day supersedes it. The
hash in the name also keeps a write-only key from guessing (and so deleting) another kiosk's
objects.

Versions: 1 (issue 14) and 2, which adds metrics (vocabulary.SINCE: how a visit ended, the
records a screen opened at, the guide's check, a monthly total computed) and changes none. A
kiosk writes version 2; the report reads both, so kiosks not yet updated still count. A reader
of version 1 skips a version 2 object and names it (its header's version), never misreads it.
The `v1/` of a name is the layout of names, which has not changed.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from typing import Any

from kiosk.counts.vocabulary import METRICS, SINCE, is_id, is_key

SCHEMA = "nssf-kiosk-counts"
VERSION = 2  # what this kiosk writes
READS = (1, 2)  # what the report reads
PREFIX = "v1/"  # the layout of names (unchanged since version 1)
KIOSK = re.compile(r"k-[0-9a-f]{12}")
NAME = re.compile(r"v1/(?P<kiosk>k-[0-9a-f]{12})/(?P<day>\d{4}-\d{2}-\d{2})/"
                  r"(?P<revision>\d{8})-(?P<digest>[0-9a-f]{16})\.ndjson\.gz")
MAX_OBJECT = 1 << 20  # bytes, compressed: a real day is a few KB
MAX_TEXT = 8 << 20  # bytes, once decompressed (a gzip bomb stops here)
MAX_COUNT = 10_000_000

# heartbeat field -> (type, what it is); the README's table says the same
HEARTBEAT: dict[str, tuple[type | tuple[type, ...], str]] = {
    "seq": (int, "heartbeat number on this kiosk"),
    "trigger": (str, "sync | upload: what made it"),
    "app_version": (str, "the kiosk app's version"),
    "content_version": (int, "content version shown (0: none)"),
    "content_hash": (str, "first 12 hex of the content hash"),
    "pending_version": (int, "a newer version waiting for an idle moment (0: none)"),
    "last_sync_day": (str, "day of the last sync try ('' never)"),
    "last_sync_result": (str, "updated | up to date | failed | never"),
    "last_success_day": (str, "day of the last good sync"),
    "printer": (str, "ok | problem | unused"),
    "printer_problem_day": (str, "day of the last printer problem ('' none)"),
    "free_disk_mb": (int, "free space on the data disk, MiB"),
    "errors": (int, "errors logged since the previous heartbeat"),
    "error_sources": (dict, "logger name -> errors, since the previous heartbeat"),
    "painted_day": (str, "day the screen last painted ('' never)"),
    "painted_within": (str, "1h | 1d | older | never: how long before the heartbeat"),
    "kiosk_name": (str, "the kiosk's name as staff set it (settings kiosk_name)"),
    "location": (str, "where it stands, as staff set it (settings location)"),
}
SHORT_TEXT = 80  # kiosk_name and location: set by staff, cut to this length


# a count line exactly as build() writes it (keys sorted, no spaces); any other spelling of a
# count goes through the JSON parser and the same checks
COUNT_LINE = re.compile(r'\{"key":"(?P<key>[a-z0-9_.:-]*)","metric":"(?P<metric>[a-z0-9_.-]+)",'
                        r'"n":(?P<n>0|[1-9][0-9]{0,7}),"type":"count"\}')


class ObjectError(ValueError):
    """An object that does not keep the contract (head office skips it, naming it)."""


@dataclass(frozen=True)
class Name:
    kiosk: str
    day: str
    revision: int
    digest: str

    @property
    def key(self) -> str:
        return f"{PREFIX}{self.kiosk}/{self.day}/{self.revision:08d}-{self.digest}.ndjson.gz"


def parse_name(key: str) -> Name | None:
    """The parts of an object's name (without the bucket's prefix), or None if it is not one."""
    match = NAME.fullmatch(key)
    if match is None:
        return None
    try:
        dt.date.fromisoformat(match["day"])
    except ValueError:
        return None
    return Name(match["kiosk"], match["day"], int(match["revision"]), match["digest"])


@dataclass(frozen=True)
class DayObject:
    name: Name
    body: bytes  # gzip

    @property
    def key(self) -> str:
        return self.name.key


def _line(record: dict[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def build(kiosk: str, day: str, revision: int, counts: list[tuple[str, str, int]],
          heartbeats: list[dict[str, Any]]) -> DayObject:
    """The object for one kiosk-day: same inputs, same name and bytes."""
    if not KIOSK.fullmatch(kiosk):
        raise ValueError(f"bad kiosk id {kiosk!r}")
    lines = [_line({"type": "day", "schema": SCHEMA, "version": VERSION, "kiosk": kiosk,
                    "day": day, "revision": revision})]
    for metric, key, n in sorted(counts):
        lines.append(_line({"type": "count", "metric": metric, "key": key, "n": n}))
    for beat in sorted(heartbeats, key=lambda b: b["seq"]):
        lines.append(_line({"type": "heartbeat", **check_heartbeat(beat)}))
    text = ("\n".join(lines) + "\n").encode("utf-8")
    digest = hashlib.sha256(text).hexdigest()[:16]
    body = gzip.compress(text, compresslevel=9, mtime=0)
    return DayObject(Name(kiosk, day, revision, digest), body)


def check_heartbeat(beat: dict[str, Any]) -> dict[str, Any]:
    """Only the fields of the contract, of their types; short texts cut; dates only."""
    out: dict[str, Any] = {}
    for field_name, (kind, _what) in HEARTBEAT.items():
        if field_name not in beat:
            continue
        value = beat[field_name]
        if isinstance(value, bool) or not isinstance(value, kind):
            raise ObjectError(f"heartbeat field {field_name} is not a {kind}")
        if field_name.endswith("_day") and value:
            dt.date.fromisoformat(value)  # a day, never a time of day
            if len(value) != 10:
                raise ObjectError(f"heartbeat field {field_name} is not a day: {value!r}")
        if field_name == "error_sources":
            value = {k: int(v) for k, v in value.items() if is_id(k) and isinstance(v, int)}
        if isinstance(value, str):
            value = value[:SHORT_TEXT]
        out[field_name] = value
    return out


def _decompress(body: bytes) -> bytes:
    if len(body) > MAX_OBJECT:
        raise ObjectError(f"larger than {MAX_OBJECT} bytes")
    inflater = zlib.decompressobj(wbits=31)
    try:
        text = inflater.decompress(body, MAX_TEXT + 1)
    except zlib.error as exc:
        raise ObjectError(f"not gzip: {exc}") from None
    if len(text) > MAX_TEXT or inflater.unconsumed_tail:
        raise ObjectError(f"more than {MAX_TEXT} bytes once decompressed")
    if not inflater.eof:
        raise ObjectError("the gzip stream is cut short")
    return text


@dataclass(frozen=True)
class ReadObject:
    name: Name
    counts: list[tuple[str, str, int]]
    heartbeats: list[dict[str, Any]]
    version: int = VERSION


def read(name: Name, body: bytes) -> ReadObject:
    """Check one object against the contract and its name; ObjectError naming the line if not."""
    text = _decompress(body)
    if hashlib.sha256(text).hexdigest()[:16] != name.digest:
        raise ObjectError("its content does not match the hash in its name")
    try:
        lines = text.decode("utf-8").splitlines()
    except UnicodeDecodeError:
        raise ObjectError("not UTF-8") from None
    counts: list[tuple[str, str, int]] = []
    beats: list[dict[str, Any]] = []
    version = 0  # the header's, once line 1 is read

    def known(metric: object) -> bool:  # a metric of this object's version
        return metric in METRICS and SINCE.get(metric, 1) <= version  # type: ignore[arg-type]

    for number, line in enumerate(lines, start=1):
        fast = COUNT_LINE.fullmatch(line) if number > 1 else None
        if fast is not None:  # the canonical form build() writes: no JSON parser needed
            metric, key, n = fast["metric"], fast["key"], int(fast["n"])
            if known(metric) and is_key(key) and n <= MAX_COUNT:
                counts.append((metric, key, n))
                continue
        try:
            record = json.loads(line)
        except ValueError as exc:
            raise ObjectError(f"line {number}: not JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise ObjectError(f"line {number}: not a JSON object")
        kind = record.get("type")
        if number == 1:
            got = record.get("version")
            version = got if got in READS and not isinstance(got, bool) else 0
            want = {"type": "day", "schema": SCHEMA, "version": version, "kiosk": name.kiosk,
                    "day": name.day, "revision": name.revision}
            if not version or record != want:
                raise ObjectError("line 1: the header does not match the name or the schema "
                                  f"(version {got!r})")
        elif kind == "count":
            metric, key, n = record.get("metric"), record.get("key"), record.get("n")
            if not known(metric) or not is_key(key) or isinstance(n, bool) \
                    or not isinstance(n, int) or not 0 <= n <= MAX_COUNT or len(record) != 4:
                raise ObjectError(f"line {number}: not a count of the contract")
            counts.append((metric, key, n))
        elif kind == "heartbeat":
            body_fields = {k: v for k, v in record.items() if k != "type"}
            try:
                checked = check_heartbeat(body_fields)
            except (ValueError, TypeError, AttributeError) as exc:
                raise ObjectError(f"line {number}: {exc}") from None
            if set(checked) != set(body_fields):
                raise ObjectError(f"line {number}: fields outside the contract")
            beats.append(checked)
        else:
            raise ObjectError(f"line {number}: unknown type {kind!r}")
    if not lines:
        raise ObjectError("empty")
    return ReadObject(name, counts, beats, version)
