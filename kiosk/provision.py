"""Provisioning: the first settings of one kiosk, from a small file on a USB stick or disk.

The file (JSON) names the kiosk, its location, sync server, upload target, printer, default
language and its own staff PIN hash, so no two kiosks share a PIN and none runs on a default.
It is applied once (`kiosk provision FILE`, or `nssf-kiosk-provision.service` at first boot)
and leaves `provisioned.json` in the data dir; after that no provisioning file is read again.

Who may provision: a file signed by head office's targets key (the key in the TUF root the
kiosk ships, so the kiosk already knows it), or, from a root shell, an unsigned file that only
root can write. A USB stick's file system has no owners worth trusting, so at first boot only
signed files count.

    {"signed": {"kiosk_name": ..., ...}, "signatures": [{"keyid": ..., "sig": ...}]}
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.device import Device, Settings, write_atomic
from kiosk.errors import KioskError
from kiosk.i18n import LOCALES, Msg
from kiosk.pin import valid_hash

MARKER = "provisioned.json"
FILE_NAME = "nssf-kiosk-provision.json"  # what first boot looks for on a USB stick
MAX_BYTES = 16 * 1024
FIELDS = ("kiosk_name", "location", "server_url", "upload_target", "printer", "printer_kind",
          "printer_address", "printer_format", "default_locale", "staff_pin_hash",
          "upload_endpoint", "upload_key_id", "upload_secret")
SECRETS = ("upload_secret",)  # the counts' write-only key: its own 0600 file, never in settings
REQUIRED = ("kiosk_name", "staff_pin_hash")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def canonical(signed: dict[str, Any]) -> bytes:
    """The bytes a signature covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


@dataclass
class Provisioning:
    values: dict[str, str]
    signed_by: str  # a key id, or "root-only file"
    sha256: str


def _problem(path: Path, problem: Msg) -> KioskError:
    return KioskError("{path}: {problem}", path=path, problem=problem)


def _check_value(path: Path, key: str, value: object) -> str:
    if not isinstance(value, str):
        raise _problem(path, Msg("{key} must be text", key=key))
    if _CONTROL.search(value) or len(value) > 200:
        raise _problem(path, Msg("{key} has control characters or is too long", key=key))
    if key == "default_locale" and value not in LOCALES:
        raise _problem(path, Msg("default_locale must be one of {known}, not {value}",
                                 known=", ".join(LOCALES), value=repr(value)))
    if key == "staff_pin_hash" and not valid_hash(value):  # kiosk.pin's scrypt format
        raise _problem(path, Msg("staff_pin_hash is not a PIN hash (make one with `kiosk "
                                 "provision hash-pin`)"))
    if key in ("server_url", "upload_target") and value and not (
            value.startswith(("https://", "http://", "s3://", "file://", "/"))):
        raise _problem(path, Msg("{key} must be a URL (https://, http://, s3://) or an absolute "
                                 "folder, not {value}", key=key, value=repr(value)))
    problem = Settings.problem(key, value) if key in Settings.fields() else None
    if problem:  # the device's own check (printer_kind, printer_address, ...)
        raise _problem(path, problem)
    return value


def _verify(path: Path, document: dict[str, Any], root_file: Path) -> str:
    """The key id that signed `document`; KioskError if no trusted targets key did."""
    from securesystemslib.exceptions import UnverifiedSignatureError

    from kiosk.sync.keys import load_root

    root = load_root(root_file).signed
    trusted = set(root.roles["targets"].keyids)
    data = canonical(document["signed"])
    for entry in document.get("signatures") or []:
        if not isinstance(entry, dict) or entry.get("keyid") not in trusted:
            continue
        from securesystemslib.signer import Signature

        try:
            root.keys[entry["keyid"]].verify_signature(Signature(entry["keyid"], str(entry["sig"])), data)
        except (UnverifiedSignatureError, ValueError, TypeError):
            continue
        return str(entry["keyid"])
    raise _problem(path, Msg("not signed by head office's key (the targets key in the kiosk's "
                             "trusted root); refused"))


def _root_only(path: Path) -> bool:
    """Owned by root, writable by nobody else, and read by root: a file only root put there."""
    info = path.stat()
    return (os.name == "posix" and os.geteuid() == 0 and info.st_uid == 0
            and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


def read(path: Path, *, root_file: Path, require_signature: bool = False) -> Provisioning:
    """Read and check a provisioning file; KioskError with one clear line if it is not one."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise _problem(path, Msg("too big for a provisioning file"))
        raw = path.read_bytes()
    except OSError as exc:
        raise _problem(path, Msg("cannot read it: {reason}", reason=exc.strerror)) from None
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _problem(path, Msg("not JSON: {reason}", reason=exc)) from None
    if not isinstance(document, dict):
        raise _problem(path, Msg("not a provisioning file (a JSON object is expected)"))
    if "signed" in document:
        if not isinstance(document["signed"], dict):
            raise _problem(path, Msg("'signed' must be an object"))
        signed_by = _verify(path, document, root_file)
        values = document["signed"]
    elif require_signature:
        raise _problem(path, Msg("unsigned; a provisioning file on a USB stick must be signed by "
                                 "head office (kiosk provision sign)"))
    elif _root_only(path):
        signed_by, values = "root-only file", document
    else:
        raise _problem(path, Msg("unsigned and not a root-only file: sign it (kiosk provision "
                                 "sign) or, as root, make it owned by root and writable by root "
                                 "alone"))
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise _problem(path, Msg("unknown field {field!r} (known: {known})", field=unknown[0],
                                 known=", ".join(FIELDS)))
    for key in REQUIRED:
        if not values.get(key):
            raise _problem(path, Msg("{key} is missing", key=key))
    checked = {key: _check_value(path, key, value) for key, value in values.items()}
    return Provisioning(checked, signed_by, hashlib.sha256(raw).hexdigest())


def marker_path(device: Device) -> Path:
    return device.root / MARKER


def provisioned(device: Device) -> dict[str, Any] | None:
    """What provisioning left (when, from which file), or None for a never-provisioned kiosk."""
    try:
        data = json.loads(marker_path(device).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def apply(device: Device, provisioning: Provisioning) -> None:
    """Write the settings and the marker; refuses a kiosk that was provisioned already."""
    done = provisioned(device)
    if done is not None:
        raise KioskError("this kiosk was provisioned on {day}; nothing changed",
                         day=done.get("at", "?"))
    secret = provisioning.values.get("upload_secret", "")
    for key, value in provisioning.values.items():
        if key != "staff_pin_hash" and key not in SECRETS:
            setattr(device.settings, key, value)
    from kiosk.counts import settings as counts_settings

    counts_settings.check(device.settings)  # every setting checked before anything is written
    if secret:
        from kiosk.counts.upload import save_secret

        save_secret(device, device.settings.upload_key_id, secret)
    # the hash with a fresh lockout state bound to it (a hash alone reads as a lost state)
    device.set_pin_hash(provisioning.values["staff_pin_hash"])
    marker = {"at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "sha256": provisioning.sha256, "signed_by": provisioning.signed_by,
              "kiosk_name": provisioning.values["kiosk_name"]}
    write_atomic(marker_path(device), json.dumps(marker, indent=2, ensure_ascii=False).encode())
    files = [device.settings_path, device.pin_state_path, marker_path(device)]
    if secret:
        from kiosk.counts.upload import secret_path

        files.append(secret_path(device))
    _give_to_data_dir_owner(device, files)


def _give_to_data_dir_owner(device: Device, files: list[Path]) -> None:
    """Run as root on a kiosk, the files must still belong to the kiosk user who reads them."""
    if os.name != "posix" or os.geteuid() != 0:
        return
    owner = device.root.stat()
    for file in files:
        os.chown(file, owner.st_uid, owner.st_gid)
        os.chmod(file, 0o600)


def sign(values: dict[str, Any], keys_dir: Path) -> dict[str, Any]:
    """Head office: the signed provisioning document for `values`, with the targets key."""
    from kiosk.sync.keys import load_signer

    signer = load_signer(keys_dir, "targets")
    signature = signer.sign(canonical(values))
    return {"signed": values, "signatures": [{"keyid": signature.keyid, "sig": signature.signature}]}
