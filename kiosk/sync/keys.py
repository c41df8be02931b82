"""Signing keys (`kiosk keys init DIR`) and the root metadata kiosks trust.

One ed25519 key per top-level role. The root key signs only root.json: after `keys init` it
belongs offline (a USB key in a safe), and publishing never needs it. The targets key also
signs the hash bins, which targets.json delegates to it.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from cryptography.hazmat.primitives.serialization import load_pem_private_key
from securesystemslib.signer import CryptoSigner
from tuf.api.metadata import Metadata, Role, Root
from tuf.api.serialization.json import JSONSerializer

from kiosk.errors import KioskError
from kiosk.safepath import read_regular

ROLES = ("root", "targets", "snapshot", "timestamp")
ONLINE_ROLES = ("targets", "snapshot", "timestamp")
ROOT_EXPIRES_DAYS = 5 * 365
SERIALIZER = JSONSerializer(compact=True)
ROOT_MAX_BYTES = 512 * 1024  # ngclient's own limit for a root is 512 kB


def key_file(keys_dir: Path, role: str) -> Path:
    return Path(keys_dir) / f"{role}.pem"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def init_keys(keys_dir: Path, *, root_expires_days: int = ROOT_EXPIRES_DAYS) -> Path:
    """Make the four keys and DIR/root.json (version 1); refuses to overwrite existing keys."""
    keys_dir = Path(keys_dir)
    existing = [key_file(keys_dir, r) for r in ROLES if key_file(keys_dir, r).exists()]
    if existing or (keys_dir / "root.json").exists():
        raise KioskError("{path} already holds keys; not overwriting them", path=keys_dir)
    keys_dir.mkdir(parents=True, exist_ok=True)
    signers = {role: CryptoSigner.generate_ed25519() for role in ROLES}
    for role, signer in signers.items():
        path = key_file(keys_dir, role)
        # 0600 from the start: the key is never readable by others, not even for an instant
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(signer.private_bytes)
    root = Root(expires=utcnow() + dt.timedelta(days=root_expires_days), consistent_snapshot=True)
    for role, signer in signers.items():
        root.add_key(signer.public_key, role)
    metadata = Metadata(root)
    metadata.sign(signers["root"])
    out = keys_dir / "root.json"
    out.write_bytes(metadata.to_bytes(JSONSerializer(compact=False)))
    return out


def root_history_file(keys_dir: Path, version: int) -> Path:
    """Every root version the keys have had: a repository must carry the whole chain."""
    return Path(keys_dir) / "history" / f"{version}.root.json"


def _write_private(path: Path, data: bytes) -> None:
    """A new file, 0600 from its first byte, made durable, then renamed into place."""
    from kiosk.device import write_atomic

    write_atomic(path, data)


def rotate_key(keys_dir: Path, roles: str | list[str], *, root_key: Path | None = None,
               root_expires_days: int = ROOT_EXPIRES_DAYS) -> int:
    """Replace the keys of `roles` with new ones: a new root.json (version + 1) names them,
    signed with the current root key (and, when the root key itself changes, with the new one
    too, as TUF requires). Returns the new root version. The next `kiosk publish` carries the
    new root and re-signs what the new keys sign; kiosks then refuse the old keys.

    Order of writes, so that a crash leaves a usable folder: the new keys as `*.pem.new`, the
    root history, root.json, then the keys renamed into place."""
    keys_dir = Path(keys_dir)
    roles = [roles] if isinstance(roles, str) else list(dict.fromkeys(roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        if not unknown:
            raise KioskError("name the roles to rotate: {roles}", roles=", ".join(ROLES))
        raise KioskError("cannot rotate {unknown}: roles are {roles}", unknown=", ".join(unknown),
                         roles=", ".join(ROLES))
    current = load_root(keys_dir / "root.json")
    root_signer = _load_key_file(Path(root_key) if root_key else key_file(keys_dir, "root"), "root")
    if root_signer.public_key.keyid not in current.signed.roles["root"].keyids:
        raise KioskError("{path} is not the root key of {root}",
                         path=root_key or key_file(keys_dir, "root"), root=keys_dir / "root.json")
    old_version = current.signed.version
    history = root_history_file(keys_dir, old_version)
    if not history.is_file():
        _write_private(history, (keys_dir / "root.json").read_bytes())
    signed = current.signed
    signed.version = old_version + 1
    signed.expires = utcnow() + dt.timedelta(days=root_expires_days)
    fresh = {role: CryptoSigner.generate_ed25519() for role in roles}
    for role, signer in fresh.items():
        for keyid in list(signed.roles[role].keyids):
            signed.revoke_key(keyid, role)
        signed.add_key(signer.public_key, role)
    metadata = Metadata(signed)
    metadata.sign(root_signer, append=True)
    if "root" in fresh:
        metadata.sign(fresh["root"], append=True)
    data = metadata.to_bytes(JSONSerializer(compact=False))
    for role, signer in fresh.items():
        _write_private(key_file(keys_dir, role).with_suffix(".pem.new"), signer.private_bytes)
    _write_private(root_history_file(keys_dir, signed.version), data)
    _write_private(keys_dir / "root.json", data)
    for role in fresh:
        os.replace(key_file(keys_dir, role).with_suffix(".pem.new"), key_file(keys_dir, role))
    return signed.version


def _load_key_file(path: Path, role: str) -> CryptoSigner:
    try:
        private = load_pem_private_key(path.read_bytes(), None)
    except FileNotFoundError:
        raise KioskError("no {role} key: {path} is not there", role=role, path=path) from None
    except (ValueError, TypeError) as exc:
        raise KioskError("{path} is not a private key: {reason}", path=path, reason=exc) from None
    return CryptoSigner(private)  # type: ignore[arg-type]


def load_signer(keys_dir: Path, role: str) -> CryptoSigner:
    return _load_key_file(key_file(keys_dir, role), role)


def load_root(path: Path) -> Metadata[Root]:
    try:
        metadata = Metadata[Root].from_bytes(read_regular(Path(path), ROOT_MAX_BYTES))
    except FileNotFoundError:
        raise KioskError("{path} is not there", path=path) from None
    except KioskError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parse problem means the same to the user
        raise KioskError("{path} is not TUF root metadata: {reason}", path=path, reason=exc) from None
    if not isinstance(metadata.signed, Root):
        raise KioskError("{path} is not TUF root metadata (it is {kind})", path=path,
                         kind=metadata.signed.type)
    return metadata


def load_online_signers(keys_dir: Path, root: Root) -> dict[str, CryptoSigner]:
    """The targets, snapshot and timestamp signers, checked against the keys root.json names."""
    signers = {}
    for role in ONLINE_ROLES:
        signer = load_signer(keys_dir, role)
        wanted: Role = root.roles[role]
        if signer.public_key.keyid not in wanted.keyids:
            raise KioskError("{path} is not the {role} key named in the repository's root.json",
                             path=key_file(keys_dir, role), role=role)
        signers[role] = signer
    return signers
