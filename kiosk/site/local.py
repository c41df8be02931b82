"""A kiosk's own copy of the phone site, for `kiosk serve --data-dir`: phones on the kiosk's
LAN (a factory HR corner's Wi-Fi) read the guidance from the kiosk itself.

The copy is rendered from the kiosk's current bundle, the one its sync verified and applied
(signed by head office), into `repo/site/` beside the servable repository, and swapped in
whole like a publish. It is rebuilt when the bundle changes (a stamp, hidden from the server,
records what it was built from), so a sync in another process shows on the phones within
`CHECK_S`. The site itself is never downloaded: it costs a sync no byte.
"""
from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from kiosk.device import Device, write_atomic
from kiosk.errors import KioskError
from kiosk.sync.layout import SyncPaths

log = logging.getLogger(__name__)
STAMP = ".site-stamp.json"  # hidden: kiosk serve never serves a dot file
CHECK_S = 30.0


def site_dir(device: Device) -> Path:
    return SyncPaths(device.root).repo / "site"


def _generator() -> str:
    """What the pages are made by: a new app version renders them again."""
    import hashlib

    from kiosk.site.build import STATIC

    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")) + sorted(STATIC.iterdir()):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_local_site(device: Device) -> bool:
    """Render the site from the current bundle if it is not the one already there; True if it
    was rendered. A bundle that cannot make a site (no rules in it) leaves the old one and
    raises KioskError once: the stamp remembers it, so it is not tried every CHECK_S."""
    from kiosk.content.library import Library
    from kiosk.eligibility import rules_of_library
    from kiosk.site.build import build_site

    bundle = device.bundle_path
    if not bundle.is_file():
        return False
    live = site_dir(device)
    stamp_file = live.parent / STAMP
    with Library(bundle) as library:
        stamp = {"content_hash": library.meta.content_hash, "version": library.meta.content_version,
                 "generator": _generator()}
        try:
            seen = json.loads(stamp_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            seen = None
        if isinstance(seen, dict) and {k: seen.get(k) for k in stamp} == stamp and (
                live.is_dir() or seen.get("problem")):
            return False
        try:
            build_site(library, rules_of_library(library, fallback=False), live)
        except KioskError as exc:
            write_atomic(stamp_file, json.dumps({**stamp, "problem": exc.en}).encode(),
                         public=True)
            raise
    write_atomic(stamp_file, json.dumps(stamp).encode("utf-8"), public=True)
    return True


class SiteKeeper:
    """Keeps the kiosk's site in step with its bundle while `kiosk serve` runs."""

    def __init__(self, device: Device, every: float = CHECK_S) -> None:
        self.device, self.every = device, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="site-keeper")

    def start(self) -> SiteKeeper:
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            try:
                if ensure_local_site(self.device):
                    log.info("phone site rendered again from the new content")
            except KioskError as exc:
                log.warning("no phone site from the current content: %s", exc.en)
            except Exception:  # the old site keeps being served
                log.exception("could not render the phone site from the current content")

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
