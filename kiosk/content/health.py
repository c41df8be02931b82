"""Is a content bundle whole? Checked at start-up and before a sync calls itself up to date.

A bundle can be damaged on disk (a bad sector, a full disk during an old write, a person) and
still open: SQLite reads whatever pages are left. So "it opens" is not enough: the pages must
pass SQLite's quick check, every locale must be there, and the records and the rules must hash
to the content hash the bundle was built with (which sync also compares with the signed one).
A few milliseconds for the shipped content.
"""
from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from kiosk.content.model import KINDS
from kiosk.i18n import LOCALES

_KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}


def bundle_problem(path: Path) -> str | None:
    """What is wrong with the bundle at `path`, or None if it is whole."""
    if not path.is_file():
        return "it is not there"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"it cannot be opened ({exc})"
    try:
        check = [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()]
        if check != ["ok"]:
            return f"its pages are damaged ({'; '.join(check[:2])})"
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        missing = [loc for loc in LOCALES if loc not in meta.get("locales", "").split(",")]
        if missing:
            return f"it lacks the languages {', '.join(missing)}"
        rows = conn.execute("SELECT kind, id, json FROM records").fetchall()
        has_rules = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
                                 "name = 'rules'").fetchone() is not None
        rules = conn.execute("SELECT name, text FROM rules").fetchall() if has_rules else []
    except sqlite3.Error as exc:
        return f"it cannot be read ({exc})"
    finally:
        conn.close()
    if any(kind not in _KIND_ORDER for kind, _, _ in rows):
        return "it holds records of unknown kinds"
    # the order of ContentSet.all(): kinds in schema order, ids sorted (bundle.content_hash)
    digest = hashlib.sha256()
    for kind, _, data in sorted(rows, key=lambda r: (_KIND_ORDER[r[0]], r[1])):
        digest.update(f"{kind}\0{data}\n".encode())
    for name, text in sorted(rules):  # the rules travel in the bundle, under the same hash
        digest.update(f"rules\0{name}\0{text}\n".encode())
    if digest.hexdigest() != meta.get("content_hash"):
        return "its records or rules do not match its content hash (changed or cut short)"
    if str(len(rows)) != meta.get("records"):
        return "its record count does not match"
    return None
