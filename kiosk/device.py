"""The device's own state: its data folder, settings, staff PIN, sync state and journey log.

Everything a kiosk keeps lives in one data folder (platformdirs' user data dir by default,
`--data-dir` to override), so a kiosk can be reset or backed up by copying one folder. Files are
written to a temporary name, fsynced and renamed, so a power cut never leaves half a settings
file. The folder is 0700 and its files 0600: another user of the PC reads nothing of it.
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import platformdirs

from kiosk.counts import settings as counts_settings
from kiosk.errors import KioskError
from kiosk.i18n import Msg, latin_digits
from kiosk.pin import (
    PIN_LOCK_SECONDS,
    PIN_MAX_TRIES,
    LockState,
    PinCheck,
    decide,
    hash_pin,
    lost_lock,
    needs_rehash,
    normalize_pin,
    pin_matches,
    valid_hash,
)

if TYPE_CHECKING:
    from kiosk.counts.journey import JourneyLog

__all__ = ["PIN_LOCK_SECONDS", "PIN_MAX_TRIES", "Device", "PinCheck", "Settings",
           "SyncState", "default_data_dir", "hash_pin", "pin_matches", "write_atomic"]

APP_NAME = "nssf-kiosk"
PRIVATE_DIR, PRIVATE_FILE = 0o700, 0o600  # nothing in the data dir is for other local users
_WRITE_DELAY = os.environ.get("KIOSK_WRITE_DELAY")  # tests only: see write_atomic


def default_data_dir() -> Path:
    return Path(os.environ.get("NSSF_KIOSK_DATA") or platformdirs.user_data_dir(APP_NAME))


def fsync_dir(path: Path) -> None:
    """Make a rename in `path` durable (a power cut right after it keeps it). No-op on Windows."""
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


PUBLIC_DIR, PUBLIC_FILE = 0o755, 0o644  # a published repository: any web server reads it


def make_dirs(path: Path, mode: int = PRIVATE_DIR) -> None:
    """`path` and any missing parents, each new folder's entry made durable in its parent (a
    file renamed into a folder created just before survives a power cut only then)."""
    if path.is_dir():
        return
    make_dirs(path.parent, mode)
    try:
        path.mkdir(mode=mode)
    except FileExistsError:
        return
    os.chmod(path, mode)  # whatever the umask
    fsync_dir(path.parent)


def write_atomic(path: Path, data: bytes, *, tmp_dir: Path | None = None,
                 public: bool = False) -> None:
    """Write `data` to `path` so that a power cut leaves the old file or the new, never half:
    a temporary file (in `tmp_dir`, default the same folder), fsync, rename, fsync of the
    folder. Private (0600, folders 0700) unless `public` (0644 and 0755: a repository)."""
    make_dirs(path.parent, PUBLIC_DIR if public else PRIVATE_DIR)
    tmp = (tmp_dir or path.parent) / f".{path.name}.{os.getpid()}.tmp"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
        if public:
            os.fchmod(fd, PUBLIC_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if _WRITE_DELAY:  # the killed-publish test: a kill lands while the temporary exists
            time.sleep(float(_WRITE_DELAY))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def private_file(path: Path) -> Path:
    """Create `path` (if not there) readable and writable by this user only, so that SQLite,
    which copies a database's mode to its journal and WAL files, keeps those private too."""
    path.parent.mkdir(parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
    return path


# --- settings --------------------------------------------------------------------------------
# why a value cannot be the setting ("must be from 30 to 3600"), or None
Check = Callable[[Any], "Msg | None"]


def _between(low: int, high: int) -> Check:
    return lambda v: None if low <= v <= high else Msg("must be from {low} to {high}", low=low,
                                                        high=high)


def _one_of(*choices: str) -> Check:
    return lambda v: None if v in choices else Msg("must be one of {choices}",
                                                   choices=", ".join(choices))


def _text(max_len: int, min_len: int = 0) -> Check:
    def check(v: str) -> Msg | None:
        if not min_len <= len(v) <= max_len:
            return Msg("must be {low} to {high} characters", low=min_len, high=max_len)
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in v):
            return Msg("must not hold control characters")
        return None
    return check


def _server(v: str) -> Msg | None:
    if not v:
        return None
    if v.startswith(("http://", "https://")):
        return None if len(v) > 9 and " " not in v else Msg("is not a URL")
    if v.startswith("file://") or Path(v).is_absolute():
        return None
    return Msg("must be an http(s):// URL or an absolute folder path")


_upload_target = counts_settings.target_problem  # kiosk/counts: the bucket must be named


def _site_url(v: str) -> Msg | None:
    if not v:
        return None
    from kiosk.site.address import site_url_problem

    return site_url_problem(v)


def _root_file(v: str) -> Msg | None:
    if not v:
        return None
    if not Path(v).is_absolute():
        return Msg("must be an absolute path to a root.json")
    return None


def _diagonal(v: float) -> Msg | None:
    if v == 0 or 3 <= v <= 100:  # 0: the size the screen reports (NaN fails both)
        return None
    return Msg("must be 0 (ask the screen) or from 3 to 100 inches")


def _pin_hash(v: str) -> Msg | None:
    return None if not v or valid_hash(v) else Msg("is not a staff PIN hash (set one: kiosk pin set)")


PRINTER_KINDS = ("system", "escpos", "none")


def _printer_address(v: str) -> Msg | None:
    from kiosk.printers.address import address_problem

    if not v:
        return None
    return Msg("must be /dev/…, tcp://HOST[:PORT] or cups:QUEUE") if address_problem(v) else None


def setting(default: Any, check: Check | None = None) -> Any:
    return field(default=default, metadata={"check": check})


@dataclass
class Settings:
    """The device settings, each with its check: validated when set (`set`, `save_settings`)
    and when read (`Device.open`). To add one: a field with `setting(default, check)`."""

    kiosk_name: str = setting("NSSF kiosk", _text(80, 1))
    location: str = setting("", _text(120))
    idle_timeout_s: int = setting(90, _between(30, 3600))
    idle_warning_s: int = setting(15, _between(5, 120))  # the "are you still there?" countdown
    default_locale: str = setting("km", _one_of("km", "en"))
    staff_pin_hash: str = setting("", _pin_hash)  # kiosk.pin; empty: the panel stays locked
    printer: str = setting("", _text(300))  # the CUPS (or Windows) queue; empty: its default
    printer_format: str = setting("receipt", _one_of("receipt", "a4"))  # 80 mm receipt or A4
    # system: the queue above; escpos: the receipt printer at printer_address; none: QR only
    printer_kind: str = setting("system", _one_of(*PRINTER_KINDS))
    printer_address: str = setting("", _printer_address)  # /dev/usb/lp0, tcp://HOST:9100, cups:Q
    server_url: str = setting("", _server)  # sync source: URL or folder
    # where anonymous counts go (S3-compatible URL or folder); provisioned
    upload_target: str = setting("", _upload_target)
    sync_interval_min: int = setting(60, _between(1, 7 * 24 * 60))
    sync_deadline_s: int = setting(600, _between(1, 24 * 3600))  # every sync ends by then
    sync_min_rate_bps: int = setting(100, _between(0, 10**8))  # slower over 30 s: given up
    trusted_root: str = setting("", _root_file)  # root.json a sync trusts; empty: the shipped one
    # the phone site the QR codes open; empty: the address head office published with the
    # content (kiosk.site.address). Set it where this kiosk feeds phones itself (kiosk serve)
    site_url: str = setting("", _site_url)
    large_text: bool = setting(False)
    # anonymous counts and heartbeats (kiosk/counts): how they go, and how long they stay
    upload_endpoint: str = setting("", counts_settings.endpoint_problem)  # s3:// off AWS
    upload_region: str = setting("us-east-1", counts_settings.region_problem)
    upload_key_id: str = setting("", counts_settings.key_id_problem)  # secret: upload-secret
    upload_interval_min: int = setting(360, _between(15, 7 * 24 * 60))  # the app, after syncs
    upload_deadline_s: int = setting(120, _between(10, 3600))  # one upload, all objects
    retention_days: int = setting(90, _between(1, 3650))  # journey log and outbox forget older
    # the screen's diagonal in inches, for a panel that reports a wrong physical size: text and
    # touch targets are sized from it (ui/sizing.py); 0: what the screen reports
    screen_diagonal_in: float = setting(0.0, _diagonal)

    @classmethod
    def fields(cls) -> dict[str, dataclasses.Field]:
        return {f.name: f for f in dataclasses.fields(cls)}

    @classmethod
    def problem(cls, key: str, value: Any) -> Msg | None:
        """Why `value` cannot be setting `key`, or None."""
        f = cls.fields().get(key)
        if f is None:
            return Msg("{key} is not a setting (known: {known})", key=key, known=", ".join(cls.fields()))
        kind = type(f.default)
        # bool is an int in Python: compare types exactly (a float setting takes a whole number)
        if type(value) is not kind and not (kind is float and type(value) is int):
            if kind in (int, float):
                return Msg("{key} must be a number", key=key)
            if kind is str:
                return Msg("{key} must be text", key=key)
            return Msg("{key} must be true or false", key=key)
        check = f.metadata.get("check")
        reason = check(value) if check else None
        return Msg("{key} {reason} (not {value})", key=key, reason=reason, value=repr(value)) \
            if reason else None

    @classmethod
    def parse(cls, key: str, text: str) -> Any:
        """A value typed as text (`kiosk settings KEY=VALUE`), converted and checked."""
        f = cls.fields().get(key)
        if f is None:
            raise KioskError(cls.problem(key, text) or Msg("{key} is not a setting", key=key))
        kind = type(f.default)
        value: Any = text
        if kind is bool:
            words = {"1": True, "true": True, "yes": True, "on": True,
                     "0": False, "false": False, "no": False, "off": False}
            if text.lower() not in words:
                raise KioskError("{key} must be true or false, not {text}", key=key, text=repr(text))
            value = words[text.lower()]
        elif kind is int:
            try:
                value = int(latin_digits(text.strip()))
            except ValueError:
                raise KioskError("{key} must be a whole number, not {text}", key=key,
                                 text=repr(text)) from None
        elif kind is float:
            digits = latin_digits(text.strip())
            if not digits.replace(".", "", 1).isdigit():  # no sign, exponent, nan or inf
                raise KioskError("{key} must be a number, not {text}", key=key, text=repr(text))
            value = float(digits)
        problem = cls.problem(key, value)
        if problem:
            raise KioskError(problem)
        return value

    def set(self, key: str, value: Any) -> None:
        problem = self.problem(key, value)
        if problem:
            raise KioskError(problem)
        setattr(self, key, value)

    def problems(self) -> list[Msg]:
        return [p for key in self.fields() if (p := self.problem(key, getattr(self, key)))]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> tuple[Settings, list[Msg]]:
        """Settings from a file's mapping, and the problems of the values left at their
        defaults because they were wrong. Unknown keys (a newer app's) are ignored."""
        settings, problems = cls(), []
        for key, value in data.items():
            if key in cls.fields():
                problem = cls.problem(key, value)
                if problem:
                    problems.append(problem)
                else:
                    setattr(settings, key, value)
        return settings, problems


@dataclass
class SyncState:
    """What the last sync did; written by kiosk.sync, shown by `kiosk status` and the staff panel."""

    last_try: str = ""
    last_success: str = ""
    last_result: str = "never"  # "updated to N", "up to date", "failed"
    last_error: str = ""
    bytes_fetched: int = 0
    pending_version: int = 0  # a new bundle waiting for the kiosk to be idle
    content_note: str = ""  # a damaged bundle replaced, and by what (cleared by an update)
    content_fallback: str = ""  # what shows instead of it: "previous", "shipped" or ""


@dataclass
class Device:
    root: Path
    settings: Settings = field(default_factory=Settings)
    settings_problems: list[Msg] = field(default_factory=list)  # open(repair=True) only

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
    def open(cls, root: Path | None = None, *, repair: bool = False) -> Device:
        """The device of data dir `root` (made private: 0700). Settings that fail their check
        are a KioskError naming the file and the setting; with `repair` they are left at
        their defaults instead and listed in `settings_problems` (for `kiosk settings`)."""
        root = Path(root) if root else default_data_dir()
        try:
            make_dirs(root)
            _make_private(root)
        except OSError as exc:
            raise KioskError("cannot use the data dir {root}: {reason}", root=root,
                             reason=exc.strerror or exc) from None
        device = cls(root)
        device.settings_problems = []
        path = device.settings_path
        if path.exists() or path.is_symlink():
            try:
                data = json.loads(path.read_bytes().decode("utf-8"))
            except (OSError, ValueError) as exc:
                raise KioskError("{path}: the settings file is damaged or unreadable ({reason}); "
                                 "fix or remove it", path=path, reason=exc) from None
            if not isinstance(data, dict):
                raise KioskError("{path}: the settings file is not a JSON object; fix or remove it",
                                 path=path)
            device.settings, problems = Settings.from_dict(data)
            if problems and not repair:
                if len(problems) > 1:
                    raise KioskError("{path}: {problem} (and {count} more); fix it with `kiosk "
                                     "settings KEY=VALUE`", path=path, problem=problems[0],
                                     count=len(problems) - 1)
                raise KioskError("{path}: {problem}; fix it with `kiosk settings KEY=VALUE`",
                                 path=path, problem=problems[0])
            device.settings_problems = problems
        return device

    def save_settings(self) -> None:
        """Save the settings, each checked first: an invalid value is never written."""
        problems = self.settings.problems()
        if problems:
            raise KioskError("not saved: {problem}", problem=problems[0])
        data = json.dumps(dataclasses.asdict(self.settings), indent=2, ensure_ascii=False)
        write_atomic(self.settings_path, data.encode("utf-8"))

    # --- content ---------------------------------------------------------------------------
    def ensure_bundle(self) -> Path:
        """The current bundle, checked whole (kiosk.content.health). On first boot it is built
        from the content and the rules shipped with the app; a damaged one is moved aside (content/
        damaged.db) and replaced by the previous bundle if that one is whole, else by the
        shipped content. What happened is noted in the sync state (`content_note`), which
        `kiosk status` and the staff panel show; the next sync brings the newest content."""
        from kiosk.content.health import bundle_problem

        current = self.bundle_path
        if current.is_file():
            problem = bundle_problem(current)
            if problem is None:
                return current
            os.replace(current, self.content_dir / "damaged.db")
            version = _bundle_version(self.content_dir / "damaged.db")
            if bundle_problem(self.previous_bundle_path) is None:
                _copy_durable(self.previous_bundle_path, current)
                shown, fallback = f"the previous content (version {_bundle_version(current)})", "previous"
            else:
                self._build_shipped()
                shown, fallback = "the content shipped with the app", "shipped"
            which = f" (version {version})" if version != "?" else ""
            self.note_content(f"the current content{which} was damaged: {problem}; "
                              f"showing {shown} until the next sync repairs it", fallback)
        else:
            self._build_shipped()
        return current

    def _build_shipped(self) -> None:
        from kiosk.content.bundle import build_bundle
        from kiosk.paths import CONTENT_DIR
        from kiosk.source import load_source, rules_dir

        build_bundle(load_source(CONTENT_DIR, rules_dir(None)), self.bundle_path)

    def note_content(self, note: str, fallback: str = "") -> None:
        """Something staff should know about the content shown (a repair, a fallback)."""
        state = self.sync_state()
        state.content_note, state.content_fallback = note, fallback
        try:
            self.save_sync_state(state)
        except OSError:
            pass  # a full disk: the kiosk still shows content; the log has the note

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

    # --- staff PIN (kiosk/pin.py: the hash, the lockout and why deleting its file locks) ---
    def set_pin(self, pin: str) -> None:
        """A new staff PIN (Latin or Khmer digits, 4 to 12), hashed; the lockout starts afresh."""
        self.set_pin_hash(hash_pin(normalize_pin(pin)))

    def set_pin_hash(self, stored: str) -> None:
        """Install a PIN hash made elsewhere (a provisioning file carries the hash, never the
        PIN), with a fresh lockout state bound to it."""
        if not valid_hash(stored):
            raise KioskError("not a staff PIN hash")
        write_atomic(self.pin_state_path, LockState().to_bytes(stored))
        self.settings.staff_pin_hash = stored
        self.save_settings()

    @property
    def pin_provisioned(self) -> bool:
        return bool(self.settings.staff_pin_hash)

    def check_pin(self, pin: str, now: float | None = None) -> PinCheck:
        """Right, wrong, or locked: five wrong tries lock the panel for five minutes; with no
        PIN hash the panel stays locked (there is no default PIN)."""
        now = time.time() if now is None else now
        stored = self.settings.staff_pin_hash
        if not stored:
            return PinCheck(False, 0.0, 0, provisioned=False)
        try:
            raw = self.pin_state_path.read_bytes()
        except FileNotFoundError:
            raw = None
        except OSError:
            raw = b""
        state = LockState.read(raw, stored)
        if state.lost:  # deleted, emptied or not this hash's: lock, never unlock
            state = lost_lock(now)
            self._save_pin_state(state, stored)
            return PinCheck(False, state.locked_until, 0)
        locked = min(state.locked_until, now + PIN_LOCK_SECONDS) > now
        result, after = decide(state, not locked and pin_matches(pin, stored), now)
        self._save_pin_state(after, stored)
        if result.ok and needs_rehash(stored):  # an older, cheaper hash: upgrade it now
            self.set_pin(pin)
        return result

    def _save_pin_state(self, state: LockState, stored: str) -> None:
        write_atomic(self.pin_state_path, state.to_bytes(stored))

    # --- journey log -----------------------------------------------------------------------
    def journey(self) -> JourneyLog:
        from kiosk.counts.journey import JourneyLog

        return JourneyLog(self.journey_path, self.settings.retention_days)


def _bundle_version(path: Path) -> str:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'content_version'").fetchone()
        finally:
            conn.close()
        return str(row[0]) if row else "?"
    except sqlite3.Error:
        return "?"


def _copy_durable(source: Path, target: Path) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, PRIVATE_FILE)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)


def _make_private(root: Path) -> None:
    """The data dir and its top-level files: this user's only (an older install made them
    world-readable). What is created later inherits it (private_file, write_atomic, umask)."""
    if os.name != "posix" or root.stat().st_uid != os.getuid():
        return
    if root.stat().st_mode & 0o077:
        root.chmod(PRIVATE_DIR)
    for entry in root.iterdir():
        try:
            info = entry.lstat()
        except OSError:
            continue
        if info.st_uid == os.getuid() and info.st_mode & 0o077 and not entry.is_symlink():
            entry.chmod(PRIVATE_DIR if entry.is_dir() else PRIVATE_FILE)

