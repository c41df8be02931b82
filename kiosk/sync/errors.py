"""Sync errors: a reason a person can act on, in every language of the catalogs."""
from __future__ import annotations

from kiosk.errors import KioskError
from kiosk.i18n import Msg


class SyncError(KioskError):
    """A sync that failed for a reason outside the code: network, signatures, disk, content."""


class SyncCancelled(SyncError):
    def __init__(self) -> None:
        super().__init__(Msg("sync cancelled"))


class SyncBusy(SyncError):
    """Another sync holds this data dir: not a failure to record, that one will report."""

    def __init__(self) -> None:
        super().__init__(Msg("another sync is running on this data dir"))
