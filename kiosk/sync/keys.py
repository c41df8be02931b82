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

ROLES = ("root", "targets", "snapshot", "timestamp")
ONLINE_ROLES = ("targets", "snapshot", "timestamp")
ROOT_EXPIRES_DAYS = 5 * 365
SERIALIZER = JSONSerializer(compact=True)


def key_file(keys_dir: Path, role: str) -> Path:
    return Path(keys_dir) / f"{role}.pem"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def init_keys(keys_dir: Path, *, root_expires_days: int = ROOT_EXPIRES_DAYS) -> Path:
    """Make the four keys and DIR/root.json (version 1); refuses to overwrite existing keys."""
    keys_dir = Path(keys_dir)
    existing = [key_file(keys_dir, r) for r in ROLES if key_file(keys_dir, r).exists()]
    if existing or (keys_dir / "root.json").exists():
        raise KioskError(f"{keys_dir} already holds keys; not overwriting them",
                         f"{keys_dir} មានសោរួចហើយ មិនសរសេរជាន់ទេ")
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


def load_signer(keys_dir: Path, role: str) -> CryptoSigner:
    path = key_file(keys_dir, role)
    try:
        private = load_pem_private_key(path.read_bytes(), None)
    except FileNotFoundError:
        raise KioskError(f"no {role} key in {keys_dir} ({path.name} is not there)",
                         f"គ្មានសោ {role} ក្នុង {keys_dir}") from None
    except ValueError as exc:
        raise KioskError(f"{path} is not a private key: {exc}") from None
    return CryptoSigner(private)  # type: ignore[arg-type]


def load_root(path: Path) -> Metadata[Root]:
    try:
        metadata = Metadata[Root].from_bytes(Path(path).read_bytes())
    except FileNotFoundError:
        raise KioskError(f"{path} is not there", f"រកមិនឃើញ {path}") from None
    except Exception as exc:  # noqa: BLE001 - any parse problem means the same to the user
        raise KioskError(f"{path} is not TUF root metadata: {exc}") from None
    if not isinstance(metadata.signed, Root):
        raise KioskError(f"{path} is not TUF root metadata (it is {metadata.signed.type})")
    return metadata


def load_online_signers(keys_dir: Path, root: Root) -> dict[str, CryptoSigner]:
    """The targets, snapshot and timestamp signers, checked against the keys root.json names."""
    signers = {}
    for role in ONLINE_ROLES:
        signer = load_signer(keys_dir, role)
        wanted: Role = root.roles[role]
        if signer.public_key.keyid not in wanted.keyids:
            raise KioskError(f"{key_file(keys_dir, role)} is not the {role} key named in the "
                             "repository's root.json")
        signers[role] = signer
    return signers
