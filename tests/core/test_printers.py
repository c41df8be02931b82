"""Printer settings and the ESC/POS pieces that need no printer: addresses, the status bytes,
the checks `kiosk settings` and provisioning apply, and `kiosk printer` without a printer."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.device import Device, Settings
from kiosk.errors import KioskError
from kiosk.printers import escpos
from kiosk.printers.address import Address, parse_address


@pytest.mark.parametrize("text, address", [
    ("/dev/usb/lp0", Address("device", "/dev/usb/lp0")),
    ("tcp://10.0.0.50:9100", Address("tcp", "10.0.0.50", 9100)),
    ("tcp://printer.office", Address("tcp", "printer.office", 9100)),
    ("tcp://[fe80::1]:9101", Address("tcp", "fe80::1", 9101)),
    ("cups:Receipt", Address("cups", "Receipt")),
])
def test_addresses(text: str, address: Address) -> None:
    assert parse_address(text) == address
    assert parse_address(str(address)) == address


@pytest.mark.parametrize("text", [
    "", "lp0", "usb://EPSON/TM-T20", "tcp://", "tcp://host:0", "tcp://host:70000",
    "tcp://bad host:9100", "tcp://host;rm -rf /:9100", "cups:", "cups:a b", "cups:a/b",
    "/dev/../etc/passwd", "/dev/usb/lp0\n", "http://printer:9100",
])
def test_bad_addresses_are_one_line(text: str) -> None:
    with pytest.raises(KioskError) as caught:
        parse_address(text)
    assert "\n" not in caught.value.en.replace(repr(text), "") and caught.value.km != caught.value.en


def test_printer_settings_are_checked() -> None:
    assert Settings.problem("printer_kind", "escpos") is None
    assert "must be one of system, escpos, none" in str(Settings.problem("printer_kind", "laser"))
    assert Settings.problem("printer_address", "") is None
    assert "tcp://HOST" in str(Settings.problem("printer_address", "lp0"))
    assert "must be one of receipt, a4" in str(Settings.problem("printer_format", "letter"))


def kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                          text=True, timeout=120)


def test_kiosk_settings_refuses_a_bad_printer_and_changes_nothing(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    assert kiosk("settings", "--data-dir", data, "printer_kind=escpos",
                 "printer_address=tcp://10.0.0.50").returncode == 0
    done = kiosk("settings", "--data-dir", data, "printer_kind=escpos", "printer_address=COM3")
    assert done.returncode == 1 and done.stderr.strip().count("\n") == 0, done.stderr
    assert "printer_address must be" in done.stderr and "Traceback" not in done.stderr
    assert Device.open(Path(data)).settings.printer_address == "tcp://10.0.0.50"


def test_printer_cli_without_a_printer(tmp_path: Path) -> None:
    data = str(tmp_path / "d")
    kiosk("settings", "--data-dir", data, "printer_kind=none")
    done = kiosk("printer", "test", "--data-dir", data)
    assert done.returncode == 1 and "QR code instead of printing" in done.stderr
    kiosk("settings", "--data-dir", data, "printer_kind=escpos", f"printer_address={tmp_path}/lp9")
    done = kiosk("printer", "test", "--data-dir", data)
    assert done.returncode == 1
    assert done.stderr.strip() == f"Printer {tmp_path}/lp9 is not connected (no such device)."
    listed = kiosk("printer", "list", "--data-dir", data)
    assert listed.returncode == 0 and "not connected" in listed.stdout


def test_provisioning_sets_the_printer_and_refuses_a_bad_one(tmp_path: Path) -> None:
    from kiosk.device import hash_pin
    from kiosk.provision import apply, read
    from kiosk.sync.keys import init_keys

    keys = tmp_path / "keys"
    init_keys(keys)
    from kiosk.provision import sign

    values = {"kiosk_name": "Factory A", "staff_pin_hash": hash_pin("482915"),
              "printer_kind": "escpos", "printer_address": "tcp://192.168.1.40:9100"}
    (tmp_path / "p.json").write_text(json.dumps(sign(values, keys)))
    device = Device.open(tmp_path / "kiosk")
    apply(device, read(tmp_path / "p.json", root_file=keys / "root.json"))
    again = Device.open(tmp_path / "kiosk").settings
    assert (again.printer_kind, again.printer_address) == ("escpos", "tcp://192.168.1.40:9100")
    values["printer_address"] = "192.168.1.40"
    (tmp_path / "bad.json").write_text(json.dumps(sign(values, keys)))
    with pytest.raises(KioskError, match="bad.json: printer_address must be"):
        read(tmp_path / "bad.json", root_file=keys / "root.json")


@pytest.mark.parametrize("answer, problem", [
    (b"\x12\x12", None),
    (b"\x12\x1e", None),  # near the end of the roll: still prints
    (b"\x32\x7e", "is out of paper"),
    (b"\x16\x12", "has its cover open"),
    (b"\x52\x12", "is in an error state"),
])
def test_status_bytes(answer: bytes, problem: str | None) -> None:
    state = escpos.parse_status(answer)
    assert state is not None
    found = state.problem("P")
    if problem is None:
        assert found is None
    else:
        assert problem in found.en and found.km != found.en


@pytest.mark.parametrize("answer", [b"", b"\x12", b"\x00\x00", b"\xff\xff", b"\x10\x12"])
def test_what_is_not_a_status_is_ignored(answer: bytes) -> None:
    assert escpos.parse_status(answer) is None
