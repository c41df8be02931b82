"""Provisioning: a signed file (or a root-only one) is applied once; anything else is refused
with one clear line and nothing changed."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kiosk import provision
from kiosk.device import Device, hash_pin
from kiosk.errors import KioskError
from kiosk.sync.keys import init_keys


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys") / "keys"
    init_keys(folder)
    return folder


def _values() -> dict[str, str]:
    return {"kiosk_name": "Chaom Chau factory", "location": "HR corner",
            "server_url": "https://content.example/repo", "upload_target": "s3://counts/k",
            "printer": "Receipt", "default_locale": "en", "staff_pin_hash": hash_pin("482915")}


def _write(path: Path, document: dict) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_signed_file_is_applied_once(tmp_path: Path, keys: Path) -> None:
    device = Device.open(tmp_path / "data")
    assert provision.provisioned(device) is None  # what the staff panel warns about
    file = _write(tmp_path / "p.json", provision.sign(_values(), keys))
    found = provision.read(file, root_file=keys / "root.json", require_signature=True)
    provision.apply(device, found)
    again = Device.open(tmp_path / "data")
    assert again.settings.kiosk_name == "Chaom Chau factory"
    assert again.settings.upload_target == "s3://counts/k"
    assert again.check_pin("482915").ok and not again.check_pin("1286").ok
    assert provision.provisioned(again)["signed_by"] == found.signed_by
    with pytest.raises(KioskError, match="provisioned on"):
        provision.apply(again, found)


@pytest.mark.parametrize("change, expected", [
    (lambda d: d["signed"].__setitem__("kiosk_name", "Evil"), "not signed by head office"),
    (lambda d: d.__setitem__("signatures", []), "not signed by head office"),
    (lambda d: d["signed"].__setitem__("staff_pin_hash", "1286"), "not signed"),
])
def test_a_tampered_file_is_refused(tmp_path: Path, keys: Path, change, expected: str) -> None:
    document = provision.sign(_values(), keys)
    change(document)
    file = _write(tmp_path / "p.json", document)
    with pytest.raises(KioskError, match=expected):
        provision.read(file, root_file=keys / "root.json")


@pytest.mark.parametrize("key, value, expected", [
    ("default_locale", "fr", "default_locale must be one of km, en"),
    ("staff_pin_hash", "1286", "not a PIN hash"),
    ("server_url", "ftp://x", "must be a URL"),
    ("kiosk_name", "a\nb", "control characters"),
    ("colour", "red", "unknown field 'colour'"),
])
def test_bad_values_are_named(tmp_path: Path, keys: Path, key: str, value: str, expected: str) -> None:
    values = _values() | {key: value}
    file = _write(tmp_path / "p.json", provision.sign(values, keys))
    with pytest.raises(KioskError, match=expected):
        provision.read(file, root_file=keys / "root.json")


def test_unsigned_files_need_root_and_no_usb(tmp_path: Path, keys: Path) -> None:
    file = _write(tmp_path / "p.json", _values())
    with pytest.raises(KioskError, match="must be signed"):
        provision.read(file, root_file=keys / "root.json", require_signature=True)
    os.chmod(file, 0o666)
    with pytest.raises(KioskError, match="not a root-only file"):
        provision.read(file, root_file=keys / "root.json")
    if os.geteuid() == 0:
        os.chmod(file, 0o600)
        assert provision.read(file, root_file=keys / "root.json").signed_by == "root-only file"


def test_not_json_is_one_line(tmp_path: Path, keys: Path) -> None:
    file = tmp_path / "p.json"
    file.write_bytes(b"\xff\xfe not json")
    with pytest.raises(KioskError, match="not JSON"):
        provision.read(file, root_file=keys / "root.json")
