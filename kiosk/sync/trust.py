"""The root of trust of a sync: the root this kiosk was given, plus the chain ngclient verified.

A kiosk trusts exactly one root it did not download: `--root FILE` for one sync, else the
`trusted_root` setting (a file an installer chose), else the root shipped with the app
(`data/trust/root.json`). It is passed to ngclient as `bootstrap` on every sync, so a root file
in the metadata cache is never trusted because it is there: ngclient walks `root_history/`
from the anchor, accepting each newer root only if the one before it signed it (and it signed
itself), and fetches the rest from the repository under the same rule.

ngclient's own writes (trusted metadata) are made durable here: temporary file, fsync, rename,
fsync of the folder, so a power cut right after a sync never brings back older metadata.
"""
from __future__ import annotations

from pathlib import Path

from tuf.ngclient import Updater

from kiosk.device import Device
from kiosk.paths import DATA
from kiosk.sync.keys import load_root
from kiosk.sync.layout import write_durable

SHIPPED_ROOT = DATA / "trust" / "root.json"


def anchor_file(device: Device, root: Path | None = None) -> Path:
    """The one root file this sync starts its trust from."""
    if root:
        return Path(root)
    if device.settings.trusted_root:
        return Path(device.settings.trusted_root)
    return SHIPPED_ROOT


def anchor_bytes(device: Device, root: Path | None = None) -> bytes:
    """The anchor's bytes, checked to be TUF root metadata (KioskError if not)."""
    path = anchor_file(device, root)
    load_root(path)
    return path.read_bytes()


class KioskUpdater(Updater):
    """ngclient's Updater with durable writes, and the root version it reached."""

    def _persist_file(self, filename: str, data: bytes) -> None:
        # ngclient's own version renames a temporary file without an fsync: after a power cut
        # the file system may hold an empty or older timestamp.json
        write_durable(Path(filename), data)

    @property
    def trusted_root_version(self) -> int:
        """The newest root version ngclient verified in this run (the anchor's, at least)."""
        return int(self._trusted_set.root.version)

    @property
    def anchor_version(self) -> int:
        return self._anchor_version

    def __init__(self, *args: object, bootstrap: bytes, **kw: object) -> None:
        from tuf.api.metadata import Metadata, Root

        self._anchor_version = int(Metadata[Root].from_bytes(bootstrap).signed.version)
        super().__init__(*args, bootstrap=bootstrap, **kw)  # type: ignore[arg-type]
