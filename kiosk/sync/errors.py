"""Sync errors: a reason a person can act on, in English and Khmer."""
from __future__ import annotations

from kiosk.errors import KioskError


class SyncError(KioskError):
    """A sync that failed for a reason outside the code: network, signatures, disk, content."""

    def __init__(self, en: str, km: str | None = None) -> None:
        super().__init__(en, km or f"ការធ្វើសមកាលកម្មបរាជ័យ: {en}")


class SyncCancelled(SyncError):
    def __init__(self) -> None:
        super().__init__("sync cancelled", "ការធ្វើសមកាលកម្មត្រូវបានបោះបង់")


class SyncBusy(SyncError):
    """Another sync holds this data dir: not a failure to record, that one will report."""

    def __init__(self) -> None:
        super().__init__("another sync is running on this data dir",
                         "ការធ្វើសមកាលកម្មមួយទៀតកំពុងដំណើរការ")
