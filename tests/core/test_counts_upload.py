"""`kiosk upload` to a folder (the USB stick), the object contract, settings and the key file."""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.counts import contract
from kiosk.counts.outbox import Outbox
from kiosk.counts.recorder import VisitRecorder
from kiosk.counts.storage import FolderStore
from kiosk.counts.upload import credentials_of, save_secret, upload
from kiosk.device import Device
from kiosk.errors import KioskError


def kiosk(*args: str, input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                          text=True, input=input, timeout=120)


def visits(device: Device, n: int, at: dt.datetime | None = None) -> None:
    at = at or dt.datetime.now().astimezone()
    with Outbox.of(device.root) as box:
        rec = VisitRecorder(box, lambda: at)
        for _ in range(n):
            rec.step("start")
            rec.step("home")
            rec.end()


def objects(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.ndjson.gz"))


def test_upload_to_a_folder_one_object_per_day(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "data")
    now = dt.datetime.now().astimezone()  # the upload's heartbeat goes under the kiosk's today
    visits(device, 3, now - dt.timedelta(days=1))
    visits(device, 2, now)
    stick = tmp_path / "usb"
    stick.mkdir()
    result = kiosk("upload", "--data-dir", str(device.root), "--to", str(stick))
    assert result.returncode == 0, result.stderr
    assert "uploaded 2 objects" in result.stdout  # yesterday and today (today's heartbeat)
    found = objects(stick)
    assert [p.parent.name for p in found] == [(now - dt.timedelta(days=1)).date().isoformat(),
                                               now.date().isoformat()]
    for path in found:
        name = contract.parse_name(path.relative_to(stick).as_posix())
        assert name is not None
        read = contract.read(name, path.read_bytes())
        assert read.name == name
    # nothing new since: the next upload sends only today's new heartbeat
    again = kiosk("upload", "--data-dir", str(device.root), "--to", str(stick))
    assert again.returncode == 0 and "uploaded 1 objects" in again.stdout


def test_same_counts_same_name_and_bytes() -> None:
    counts = [("visits", "", 3), ("funnel", "home", 2)]
    one = contract.build("k-0123456789ab", "2026-11-26", 4, counts, [])
    two = contract.build("k-0123456789ab", "2026-11-26", 4, list(reversed(counts)), [])
    assert one.key == two.key and one.body == two.body
    assert one.key.startswith("v1/k-0123456789ab/2026-11-26/00000004-")
    assert gzip.decompress(one.body).startswith(b'{"day":"2026-11-26"')


def test_no_folder_keeps_the_outbox_one_line_no_traceback(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "data")
    visits(device, 1)
    result = kiosk("upload", "--data-dir", str(device.root), "--to", str(tmp_path / "no-stick"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert "days kept to send later: 1" in result.stderr
    with Outbox.of(device.root) as box:
        assert len(box.pending()) == 1
        assert box.last_upload().result == "failed"


def test_hung_folder_write_ends_at_the_deadline(tmp_path: Path) -> None:
    """A stick that never answers (here: a FIFO where the object should go) cannot hold the
    upload past its deadline; the day stays in the outbox."""
    device = Device.open(tmp_path / "data")
    visits(device, 1)
    with Outbox.of(device.root) as box:
        kiosk_id = box.kiosk_id
    stick = tmp_path / "usb"
    store = FolderStore(stick)

    class Hung(FolderStore):
        def put(self, key: str, body: bytes) -> None:
            fifo = stick / "fifo"
            os.mkfifo(fifo)
            with open(fifo, "wb"):  # blocks: nobody opens the other end
                pass

    stick.mkdir()
    started = dt.datetime.now()
    with pytest.raises(KioskError, match=r"ran out of time \(2 s\)"):
        upload(device, store=Hung(stick), deadline_s=2)
    assert (dt.datetime.now() - started).total_seconds() < 10
    with Outbox.of(device.root) as box:
        assert box.pending() and box.kiosk_id == kiosk_id
    assert not list(store.keys())
    # unblock the writer thread left behind, so the test leaves nothing running
    with open(stick / "fifo", "rb"):
        pass


@pytest.mark.parametrize("pair", [
    "upload_target=relative/folder", "upload_target=s3://", "upload_target=ftp://host/x",
    "upload_endpoint=http://host/path", "upload_endpoint=file:///x", "upload_region=EU WEST",
    "upload_interval_min=1", "upload_deadline_s=0", "retention_days=0", "retention_days=x",
    "upload_key_id=a b",
])
def test_bad_upload_settings_refused(tmp_path: Path, pair: str) -> None:
    result = kiosk("settings", "--data-dir", str(tmp_path), pair)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "settings.json").exists()


def test_good_upload_settings_kept(tmp_path: Path) -> None:
    result = kiosk("settings", "--data-dir", str(tmp_path), "upload_target=s3://counts/kiosks",
                   "upload_endpoint=https://s3.example.org:9000", "retention_days=30")
    assert result.returncode == 0, result.stderr
    saved = json.loads((tmp_path / "settings.json").read_text())
    assert saved["upload_target"] == "s3://counts/kiosks" and saved["retention_days"] == 30


def test_upload_key_secret_is_private(tmp_path: Path) -> None:
    result = kiosk("upload-key", "set", "--id", "kiosk-017", "--data-dir", str(tmp_path),
                   input="s3cr3t-value\n")
    assert result.returncode == 0, result.stderr
    assert "s3cr3t" not in result.stdout
    device = Device.open(tmp_path)
    path = tmp_path / "upload-secret"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert credentials_of(device).secret == "s3cr3t-value"
    assert "s3cr3t" not in (tmp_path / "settings.json").read_text()
    path.chmod(0o644)
    with pytest.raises(KioskError, match="can be read by others"):
        credentials_of(device)
    with pytest.raises(KioskError):
        save_secret(device, "kiosk-017", "two words")


def test_provisioning_gives_the_kiosk_its_upload_key(tmp_path: Path) -> None:
    from kiosk import provision
    from kiosk.device import hash_pin
    from kiosk.sync.keys import init_keys

    keys = tmp_path / "keys"
    init_keys(keys)
    values = {"kiosk_name": "Chaom Chau factory", "staff_pin_hash": hash_pin("482915"),
              "upload_target": "s3://nssf-counts/kiosks", "upload_endpoint": "https://s3.example.org",
              "upload_key_id": "kiosk-017", "upload_secret": "w-only-s3cr3t"}
    file = tmp_path / "p.json"
    file.write_text(json.dumps(provision.sign(values, keys)), encoding="utf-8")
    device = Device.open(tmp_path / "data")
    provision.apply(device, provision.read(file, root_file=keys / "root.json"))
    again = Device.open(tmp_path / "data")
    assert again.settings.upload_endpoint == "https://s3.example.org"
    assert credentials_of(again).secret == "w-only-s3cr3t"
    assert "s3cr3t" not in again.settings_path.read_text()
    assert stat.S_IMODE((tmp_path / "data" / "upload-secret").stat().st_mode) == 0o600

    bad = dict(values, upload_endpoint="ftp://s3.example.org")  # refused before anything is written
    file.write_text(json.dumps(provision.sign(bad, keys)), encoding="utf-8")
    fresh = Device.open(tmp_path / "fresh")
    with pytest.raises(KioskError, match="upload_endpoint"):
        provision.apply(fresh, provision.read(file, root_file=keys / "root.json"))
    assert not (tmp_path / "fresh" / "upload-secret").exists()
    assert provision.provisioned(fresh) is None
