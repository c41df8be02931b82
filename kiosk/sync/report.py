"""What a sync reports, importable without the sync's own libraries (python-tuf, urllib3,
cryptography): the kiosk app runs each sync in a process of its own (`kiosk.sync.process`) and
only ever needs these."""
from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import KioskError


@dataclass
class SyncReport:
    message: str  # "updated to N" or "up to date"
    version: int
    updated: bool
    bytes_fetched: int
    pieces_fetched: int


def describe(exc: BaseException) -> str:
    """A reason a person can act on, from whatever stopped the sync. A sync raises SyncError,
    whose text is already that reason; anything else is described by the sync client."""
    if isinstance(exc, KioskError) and exc.__cause__ is None and exc.__context__ is None:
        return exc.en
    from kiosk.sync.client import describe as describe_in_detail

    return describe_in_detail(exc)
