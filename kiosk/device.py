"""The device's own state: its data folder, settings, staff PIN, sync state and journey log.

Everything a kiosk keeps lives in one data folder (platformdirs' user data dir by default,
`--data-dir` to override), so a kiosk can be reset or backed up by copying one folder. Files are
written to a temporary name and renamed, so a power cut never leaves half a settings file.
"""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from kiosk.errors import KioskError

APP_NAME = "nssf-kiosk"
PIN_MAX_TRIES = 5
PIN_LOCK_SECONDS = 5 * 60
DEFAULT_QR_URL = "https://www.nssf.gov.kh/kiosk/{locale}/{id}?v={version}"


def default_data_dir() -> Path:
    return Path(os.environ.get("NSSF_KIOSK_DATA") or platformdirs.user_data_dir(APP_NAME))


def write_atomic(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a power cut leaves the old file or the new, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


@dataclass
class Settings:
    kiosk_name: str = "NSSF kiosk"
    location: str = ""
    idle_timeout_s: int = 90
    idle_warning_s: int = 15  # the "are you still there?" countdown
    default_locale: str = "km"
    staff_pin_hash: str = ""  # scrypt, "salt$hash" in hex; empty: the install PIN below
    printer: str = ""  # Qt printer name; empty: the system default
    printer_format: str = "receipt"  # receipt (80 mm) or a4
    server_url: str = ""  # sync source: URL or folder
    upload_target: str = ""  # where anonymous counts go (S3-compatible URL or folder); provisioned
    sync_interval_min: int = 60
    qr_url_pattern: str = DEFAULT_QR_URL
    large_text: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Settings:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


# Until staff set their own, the PIN is the hotline number: the installer must change it
# (`kiosk pin set`), and the staff panel says so while it is still the default.
INSTALL_PIN = "1286"


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    return f"{salt.hex()}${digest.hex()}"


def pin_matches(pin: str, stored: str) -> bool:
    if not stored:
        return hmac.compare_digest(pin, INSTALL_PIN)
    salt_hex, _, _ = stored.partition("$")
    return hmac.compare_digest(hash_pin(pin, bytes.fromhex(salt_hex)), stored)


@dataclass
class PinCheck:
    ok: bool
    locked_until: float = 0.0  # epoch seconds; 0 when not locked
    tries_left: int = PIN_MAX_TRIES


@dataclass
class SyncState:
    """What the last sync did; written by kiosk.sync, shown by `kiosk status` and the staff panel."""

    last_try: str = ""
    last_success: str = ""
    last_result: str = "never"  # "updated to N", "up to date", "failed"
    last_error: str = ""
    bytes_fetched: int = 0
    pending_version: int = 0  # a new bundle waiting for the kiosk to be idle


@dataclass
class Device:
    root: Path
    settings: Settings = field(default_factory=Settings)

    # --- layout ----------------------------------------------------------------------------
    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def bundle_path(self) -> Path:
        return self.content_dir / "current.db"

    @property
    def previous_bundle_path(self) -> Path:
        return self.content_dir / "previous.db"

    @property
    def settings_path(self) -> Path:
        return self.root / "settings.json"

    @property
    def sync_state_path(self) -> Path:
        return self.root / "sync-state.json"

    @property
    def pin_state_path(self) -> Path:
        return self.root / "pin-state.json"

    @property
    def journey_path(self) -> Path:
        return self.root / "journey.db"

    @property
    def log_path(self) -> Path:
        return self.root / "kiosk.log"

    # --- settings --------------------------------------------------------------------------
    @classmethod
    def open(cls, root: Path | None = None) -> Device:
        root = Path(root) if root else default_data_dir()
        root.mkdir(parents=True, exist_ok=True)
        device = cls(root)
        if device.settings_path.is_file():
            try:
                data = json.loads(device.settings_path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise KioskError(f"settings file {device.settings_path} is damaged: {exc}") from None
            device.settings = Settings.from_dict(data)
        return device

    def save_settings(self) -> None:
        data = json.dumps(dataclasses.asdict(self.settings), indent=2, ensure_ascii=False)
        write_atomic(self.settings_path, data.encode("utf-8"))

    # --- content ---------------------------------------------------------------------------
    def ensure_bundle(self) -> Path:
        """The current bundle; on first boot, built from the content and the rules shipped with
        the app."""
        if not self.bundle_path.is_file():
            from kiosk.content.bundle import build_bundle
            from kiosk.paths import CONTENT_DIR
            from kiosk.source import load_source, rules_dir

            build_bundle(load_source(CONTENT_DIR, rules_dir(None)), self.bundle_path)
        return self.bundle_path

    # --- sync state ------------------------------------------------------------------------
    def sync_state(self) -> SyncState:
        try:
            data = json.loads(self.sync_state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return SyncState()
        known = {f.name for f in dataclasses.fields(SyncState)}
        return SyncState(**{k: v for k, v in data.items() if k in known})

    def save_sync_state(self, state: SyncState) -> None:
        write_atomic(self.sync_state_path, json.dumps(dataclasses.asdict(state), indent=2).encode())

    # --- staff PIN -------------------------------------------------------------------------
    def set_pin(self, pin: str) -> None:
        if not (pin.isdigit() and 4 <= len(pin) <= 12):
            raise KioskError("the staff PIN must be 4 to 12 digits",
                             "លេខសម្ងាត់បុគ្គលិកត្រូវមានពី ៤ ទៅ ១២ ខ្ទង់")
        self.settings.staff_pin_hash = hash_pin(pin)
        self.save_settings()

    def check_pin(self, pin: str, now: float | None = None) -> PinCheck:
        """Right, wrong, or locked: five wrong tries lock the panel for five minutes."""
        now = time.time() if now is None else now
        state = self._pin_state()
        if state.get("locked_until", 0) > now:
            return PinCheck(False, state["locked_until"], 0)
        if pin_matches(pin, self.settings.staff_pin_hash):
            self._save_pin_state({"failures": 0, "locked_until": 0})
            return PinCheck(True)
        failures = int(state.get("failures", 0)) + 1
        if failures >= PIN_MAX_TRIES:
            self._save_pin_state({"failures": 0, "locked_until": now + PIN_LOCK_SECONDS})
            return PinCheck(False, now + PIN_LOCK_SECONDS, 0)
        self._save_pin_state({"failures": failures, "locked_until": 0})
        return PinCheck(False, 0.0, PIN_MAX_TRIES - failures)

    def _pin_state(self) -> dict[str, Any]:
        try:
            return json.loads(self.pin_state_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}

    def _save_pin_state(self, state: dict[str, Any]) -> None:
        write_atomic(self.pin_state_path, json.dumps(state).encode())

    # --- journey log -----------------------------------------------------------------------
    def journey(self) -> JourneyLog:
        return JourneyLog(self.journey_path)


class JourneyLog:
    """Anonymous steps of each visit (screen, action), so head office can see where people
    give up. A visit is a random id; no answers, names or numbers are kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        # one small write per tap: WAL with normal sync costs ~0.05 ms instead of ~1.5 ms a
        # commit, and a power cut loses at most the last steps, never the file
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS events (at REAL, visit TEXT, screen TEXT, "
                         "action TEXT, locale TEXT)")

    def record(self, visit: str, screen: str, action: str = "view", locale: str = "") -> None:
        self._db.execute("INSERT INTO events VALUES (?, ?, ?, ?, ?)",
                         (time.time(), visit, screen, action, locale))
        self._db.commit()

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM events").fetchone()[0])

    def visits(self) -> int:
        return int(self._db.execute("SELECT count(DISTINCT visit) FROM events").fetchone()[0])

    def close(self) -> None:
        self._db.close()
