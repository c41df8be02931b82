"""Device files are private, the staff PIN is costly to guess and has no default, its lockout
survives any deletion or emptying of its file, and settings are checked when set and read."""
from __future__ import annotations

import io
import json
import os
import stat
import sys
from pathlib import Path

import pytest

from kiosk import pin as pins
from kiosk.cli import main
from kiosk.device import Device, Settings
from kiosk.errors import KioskError

# one hash of the real cost for the whole module: each costs ~0.4 s and 128 MiB
PIN = "908172"


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return pins.hash_pin(PIN)


@pytest.fixture()
def device(tmp_path: Path) -> Device:
    """A kiosk with PIN set. The lockout tests try many wrong PINs: their hash is the same
    scrypt with N = 2**14 (a format pin_matches reads; 0.05 s a try instead of 0.4 s). The
    cost a real `kiosk pin set` uses is test_the_hash_is_scrypt_2_17's business."""
    device = Device.open(tmp_path / "data")
    device.set_pin_hash(pins.hash_pin(PIN, log2_n=14))
    return device


def modes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix() or ".": stat.S_IMODE(p.lstat().st_mode)
            for p in [root, *root.rglob("*")] if not p.is_symlink()}


def test_every_file_of_a_used_kiosk_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """After a sync, a PIN, settings, status and a journey step through the real commands,
    the data dir is 0700 and every folder in it 0700, every file 0600."""
    from kiosk.sync.sample import SampleWorld

    world = SampleWorld(tmp_path / "office", terms=2, offices=1)
    world.publish()
    data = tmp_path / "data"
    assert main(["sync", "--server", str(world.repo), "--data-dir", str(data), "--root",
                 str(world.root_file), "--allow-missing-benefits"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("១២៣៤៥៦\n"))
    assert main(["pin", "set", "--data-dir", str(data)]) == 0
    assert main(["settings", "--data-dir", str(data), "kiosk_name=Factory"]) == 0
    assert main(["status", "--data-dir", str(data)]) == 0
    Device.open(data).journey().record("v", "home")
    found = modes(data)
    assert len(found) > 20
    wrong = {name: oct(mode) for name, mode in found.items()
             if mode != (0o700 if (data / name).is_dir() else 0o600)}
    assert wrong == {}


def test_an_old_world_readable_data_dir_is_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    (data / "settings.json").write_text("{}")
    os.chmod(data / "settings.json", 0o644)
    Device.open(data)
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "settings.json").stat().st_mode) == 0o600


def test_the_hash_is_scrypt_2_17(pin_hash: str) -> None:
    log2_n, r, p = (int(x) for x in pin_hash.split("$")[1:4])
    assert (2**log2_n, r, p) == (2**17, 8, 1)
    assert pins.pin_matches(PIN, pin_hash) and not pins.pin_matches("908173", pin_hash)
    assert PIN not in pin_hash


def test_khmer_digits_are_the_same_pin(tmp_path: Path, pin_hash: str) -> None:
    assert pins.normalize_pin("៩០៨១៧២") == PIN
    device = Device.open(tmp_path / "data")
    device.set_pin_hash(pin_hash)
    assert device.check_pin("៩០៨១៧២").ok  # typed in Khmer on the pad, set in Latin


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "١٢٣٤", "²²²²", "12 34", ""])
def test_only_4_to_12_latin_or_khmer_digits(bad: str) -> None:
    with pytest.raises(KioskError, match="4 to 12 digits"):
        pins.normalize_pin(bad)


def test_there_is_no_default_pin(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "fresh")
    for guess in ("1286", "0000", "1234", ""):
        result = device.check_pin(guess)
        assert not result.ok and not result.provisioned


def five_wrong(device: Device, now: float) -> None:
    for n in range(5):
        assert not device.check_pin("000000", now=now + n).ok


def test_deleting_the_lockout_file_locks_instead_of_unlocking(device: Device) -> None:
    now = 1_000_000.0
    five_wrong(device, now)
    assert device.check_pin(PIN, now=now + 10).locked_until > now  # locked, right PIN or not
    device.pin_state_path.unlink()  # the attack: forget the wrong tries
    result = device.check_pin(PIN, now=now + 20)
    assert not result.ok and result.locked_until >= now + 20 + pins.PIN_LOCK_SECONDS - 1
    # once that lock ends, one wrong try locks again: deleting never buys five more
    later = result.locked_until + 1
    assert not device.check_pin("000000", now=later).ok
    assert device.check_pin(PIN, now=later + 1).locked_until > later


@pytest.mark.parametrize("content", [b"", b"not json", b'{"failures": 0, "locked_until": 0}'])
def test_emptying_or_forging_the_lockout_file_locks(device: Device, content: bytes) -> None:
    now = 2_000_000.0
    five_wrong(device, now)
    device.pin_state_path.write_bytes(content)  # emptied, or written without the hash's mark
    assert not device.check_pin(PIN, now=now + 10).ok


def test_deleting_the_settings_file_locks_until_provisioned(device: Device) -> None:
    device.settings_path.unlink()
    again = Device.open(device.root)
    result = again.check_pin(PIN)
    assert not result.ok and not result.provisioned


def test_the_right_pin_after_the_lock_opens(device: Device) -> None:
    now = 3_000_000.0
    five_wrong(device, now)
    assert device.check_pin(PIN, now=now + pins.PIN_LOCK_SECONDS + 10).ok


def test_a_clock_set_back_does_not_lock_forever(device: Device) -> None:
    now = 4_000_000.0
    five_wrong(device, now)
    earlier = now - 10 * 365 * 86400  # the clock jumps back ten years
    result = device.check_pin(PIN, now=earlier)
    assert not result.ok and result.locked_until <= earlier + pins.PIN_LOCK_SECONDS
    assert device.check_pin(PIN, now=earlier + pins.PIN_LOCK_SECONDS + 1).ok


def test_an_older_cheaper_hash_still_opens_and_is_upgraded(tmp_path: Path) -> None:
    import hashlib

    salt = bytes(16)
    legacy = f"{salt.hex()}${hashlib.scrypt(b'4321', salt=salt, n=2**14, r=8, p=1, dklen=32).hex()}"
    device = Device.open(tmp_path / "old")
    device.set_pin_hash(legacy)
    assert device.check_pin("4321").ok
    assert Device.open(tmp_path / "old").settings.staff_pin_hash.startswith("scrypt$17$8$1$")


# --- settings: checked when set and when read ---------------------------------------------

@pytest.mark.parametrize(("key", "value", "says"), [
    ("idle_timeout_s", 0, "idle_timeout_s must be from 30 to 3600"),
    ("idle_timeout_s", True, "idle_timeout_s must be a number"),
    ("idle_timeout_s", "90", "idle_timeout_s must be a number"),
    ("default_locale", "fr", "default_locale must be one of km, en"),
    ("printer_format", "letter", "printer_format must be one of receipt, a4"),
    ("large_text", 1, "large_text must be true or false"),
    ("kiosk_name", "a\x1b[2Jb", "must not hold control characters"),
    ("sync_deadline_s", 0, "sync_deadline_s must be from 1"),
    ("staff_pin_hash", "1286", "is not a staff PIN hash"),
    ("screen_diagonal_in", 2.5, "screen_diagonal_in must be 0"),
    ("screen_diagonal_in", 150, "from 3 to 100 inches"),
    ("screen_diagonal_in", float("nan"), "from 3 to 100 inches"),
    ("screen_diagonal_in", "10.1", "screen_diagonal_in must be a number"),
    ("screen_diagonal_in", True, "screen_diagonal_in must be a number"),
])
def test_a_bad_setting_is_refused_when_set_and_when_read(tmp_path: Path, key: str, value: object,
                                                         says: str) -> None:
    device = Device.open(tmp_path / "data")
    with pytest.raises(KioskError, match=says):
        device.settings.set(key, value)
    setattr(device.settings, key, value)  # a screen that sets the attribute directly
    with pytest.raises(KioskError, match=says):
        device.save_settings()  # is refused on saving: never written
    device.settings_path.write_text(json.dumps({key: value}))  # a file edited by hand
    with pytest.raises(KioskError, match=says):
        Device.open(tmp_path / "data")
    repaired = Device.open(tmp_path / "data", repair=True)  # `kiosk settings` can fix it
    assert getattr(repaired.settings, key) == getattr(Settings(), key)
    assert repaired.settings_problems and says in str(repaired.settings_problems[0])


def test_kiosk_settings_repairs_a_bad_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "settings.json").write_text(json.dumps({"idle_timeout_s": 0, "location": "PP"}))
    assert main(["status", "--data-dir", str(data)]) == 1
    assert main(["settings", "--data-dir", str(data), "idle_timeout_s=120"]) == 0
    assert Device.open(data).settings.idle_timeout_s == 120
    assert Device.open(data).settings.location == "PP"
    capsys.readouterr()


def test_khmer_digits_in_a_number_setting(tmp_path: Path) -> None:
    assert Settings.parse("idle_timeout_s", "១២០") == 120


def test_the_screen_diagonal_is_inches_with_a_decimal(tmp_path: Path) -> None:
    assert Settings.parse("screen_diagonal_in", "10.1") == 10.1
    assert Settings.parse("screen_diagonal_in", "២១.៥") == 21.5
    assert Settings.parse("screen_diagonal_in", "0") == 0.0  # back to what the screen reports
    for bad in ("1e2", "-7", "nan", "inf", "7 inch"):
        with pytest.raises(KioskError, match="must be a number"):
            Settings.parse("screen_diagonal_in", bad)
    device = Device.open(tmp_path / "data")
    device.settings.set("screen_diagonal_in", 7)  # a whole number of inches is a number too
    device.save_settings()
    assert Device.open(tmp_path / "data").settings.screen_diagonal_in == 7
