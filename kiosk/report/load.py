"""Read every kiosk-day object from a store into DuckDB.

The names are listed first (a bucket or a folder in the layout of contract.py); per kiosk and
day only the highest revision is fetched, since it holds the whole day so far. Each object is
checked against the contract (size, gzip, hash, every line) before any of it is used: one that
fails is skipped and named, never half-read. DuckDB's own httpfs cannot be had here, so boto3
(or the file system) fetches and DuckDB reads the checked rows from NDJSON files.
"""
from __future__ import annotations

import json
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from kiosk.counts import contract
from kiosk.counts.storage import FolderStore, Store, describe

HEARTBEAT_COLUMNS = {name: ("BIGINT" if kind is int else "JSON" if kind is dict else "VARCHAR")
                     for name, (kind, _what) in contract.HEARTBEAT.items()}


@dataclass
class Loaded:
    db: duckdb.DuckDBPyConnection
    objects: int = 0  # read and used
    superseded: int = 0  # older revisions of a kiosk-day, not fetched
    skipped: list[str] = field(default_factory=list)  # "name: reason"
    bytes: int = 0
    versions: dict[int, int] = field(default_factory=dict)  # format version -> objects read


def _latest(keys: list[str], skipped: list[str]) -> tuple[list[contract.Name], int]:
    best: dict[tuple[str, str], contract.Name] = {}
    superseded = 0
    for key in keys:
        name = contract.parse_name(key)
        if name is None:
            skipped.append(f"{key[:200]}: not a name of the contract")
            continue
        slot = (name.kiosk, name.day)
        old = best.get(slot)
        if old is None or (name.revision, name.digest) > (old.revision, old.digest):
            superseded += old is not None
            best[slot] = name
        else:
            superseded += 1
    return sorted(best.values(), key=lambda n: (n.kiosk, n.day)), superseded


def load(store: Store, workers: int = 8, cache: Path | None = None) -> Loaded:
    """Every latest kiosk-day object of `store`. `cache`: a folder keeping the objects fetched
    before; a name is its content's hash, so a kept object never goes stale (and is checked
    against its name again all the same)."""
    skipped: list[str] = []
    try:
        keys = list(store.keys())
    except Exception as exc:  # noqa: BLE001 - a listing refused or unreachable: one line
        from kiosk.counts.storage import error
        from kiosk.i18n import N_

        raise error(N_("cannot list {where}: {reason}"), where=store.where,
                    reason=describe(exc)) from None
    names, superseded = _latest(keys, skipped)

    def fetch(name: contract.Name) -> contract.ReadObject | str:
        try:
            kept = cache / name.key if cache is not None else None
            if kept is not None and kept.is_file() and not kept.is_symlink():
                try:
                    return contract.read(name, kept.read_bytes()[:contract.MAX_OBJECT + 1])
                except contract.ObjectError:
                    pass  # a damaged copy: fetch it again
            body = store.get(name.key, contract.MAX_OBJECT)
            read = contract.read(name, body)
            if kept is not None:
                FolderStore(cache).put(name.key, body)
            return read
        except contract.ObjectError as exc:
            return f"{name.key}: {exc}"
        except Exception as exc:  # noqa: BLE001 - one unreadable object never stops the report
            return f"{name.key}: {describe(exc)}"

    db = duckdb.connect()
    loaded = Loaded(db, superseded=superseded, skipped=skipped)
    with tempfile.TemporaryDirectory(prefix="nssf-report-") as tmp:
        counts_path, beats_path = Path(tmp, "counts.csv"), Path(tmp, "heartbeats.ndjson")
        with open(counts_path, "w", encoding="utf-8") as counts, \
                open(beats_path, "w", encoding="utf-8") as beats, \
                ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            for result in pool.map(fetch, names):
                if isinstance(result, str):
                    skipped.append(result)
                    continue
                loaded.objects += 1
                loaded.versions[result.version] = loaded.versions.get(result.version, 0) + 1
                kiosk, day = result.name.kiosk, result.name.day
                # ids and numbers only (contract.read checked them): safe as plain CSV fields
                counts.writelines(f"{kiosk},{day},{metric},{key},{n}\n"
                                  for metric, key, n in result.counts)
                for beat in result.heartbeats:
                    beats.write(json.dumps({"kiosk": kiosk, "day": day, **beat},
                                           ensure_ascii=False) + "\n")
        _table(db, "counts", counts_path, {"kiosk": "VARCHAR", "day": "DATE", "metric": "VARCHAR",
                                           "key": "VARCHAR", "n": "BIGINT"}, csv=True)
        _table(db, "heartbeats", beats_path,
               {"kiosk": "VARCHAR", "day": "DATE", **HEARTBEAT_COLUMNS})
    return loaded


def _table(db: duckdb.DuckDBPyConnection, table: str, path: Path, columns: dict[str, str],
           csv: bool = False) -> None:
    schema = ", ".join(f"{name} {kind}" for name, kind in columns.items())
    db.execute(f"CREATE TABLE {table} ({schema})")
    if not path.stat().st_size:
        return
    spec = "{" + ", ".join(f"'{name}': '{kind}'" for name, kind in columns.items()) + "}"
    if csv:
        # an empty key ("visits") stays an empty string, not NULL
        reader = (f"read_csv(?, header=false, delim=',', quote='', escape='', columns={spec}, "
                  "auto_detect=false, nullstr='<null>')")
    else:
        reader = f"read_json(?, format='newline_delimited', columns={spec})"
    db.execute(f"INSERT INTO {table} SELECT * FROM {reader}", [str(path)])


def rows(db: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[tuple]:
    return db.execute(sql, params or []).fetchall()
