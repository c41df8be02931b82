"""Counts to a real S3-compatible server (SeaweedFS on 127.0.0.1, tests/s3server.py): the
kiosk's key can only write, offline kiosks keep their outbox, every wait ends, a retry never
counts a day twice, and the report over the bucket equals the simulator's totals."""
from __future__ import annotations

import datetime as dt
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from botocore.exceptions import ClientError

from kiosk.counts.outbox import Outbox
from kiosk.counts.recorder import VisitRecorder
from kiosk.counts.storage import Credentials, open_store
from kiosk.counts.upload import save_secret, upload
from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.report.build import build_report


def kiosk(*args: str, env: dict[str, str], input: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                          text=True, input=input, env=env, timeout=600)


def make_kiosk(root: Path, s3, target: str) -> Device:  # S3Server
    device = Device.open(root)
    save_secret(device, s3.kiosk.key_id, s3.kiosk.secret)
    device.settings.upload_target = target
    device.save_settings()
    return device


def visits(device: Device, n: int) -> None:
    now = dt.datetime.now().astimezone()
    with Outbox.of(device.root) as box:
        rec = VisitRecorder(box, lambda: now)
        for _ in range(n):
            rec.step("start")
            rec.step("home")
            rec.end()


def office_keys(s3, prefix: str) -> list[str]:
    client = s3.client(s3.office)
    found = client.list_objects_v2(Bucket=s3.bucket, Prefix=prefix + "/")
    return [item["Key"] for item in found.get("Contents", [])]


def test_the_kiosk_key_writes_but_cannot_list_or_read(s3, s3_prefix: str, tmp_path: Path) -> None:
    device = make_kiosk(tmp_path / "data", s3, s3.url(s3_prefix))
    visits(device, 4)
    no_aws = s3.env(s3.kiosk)
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        no_aws.pop(name)  # the kiosk uses its own key file, nothing from the environment
    result = kiosk("upload", "--data-dir", str(device.root), env=no_aws)
    assert result.returncode == 0, result.stderr
    assert "uploaded 1 objects" in result.stdout
    keys = office_keys(s3, s3_prefix)
    assert len(keys) == 1 and keys[0].endswith(".ndjson.gz")

    kiosk_client = s3.client(s3.kiosk)
    for call in (lambda: kiosk_client.list_objects_v2(Bucket=s3.bucket, Prefix=s3_prefix),
                 lambda: kiosk_client.get_object(Bucket=s3.bucket, Key=keys[0]),
                 lambda: kiosk_client.head_object(Bucket=s3.bucket, Key=keys[0])):
        with pytest.raises(ClientError) as refused:
            call()
        assert refused.value.response["Error"]["Code"] in ("AccessDenied", "403")
    office = s3.client(s3.office)
    assert office.get_object(Bucket=s3.bucket, Key=keys[0])["Body"].read()[:2] == b"\x1f\x8b"
    with pytest.raises(ClientError):
        office.put_object(Bucket=s3.bucket, Key=f"{s3_prefix}/x", Body=b"x")
    # and the report cannot be made with the kiosk's key: one clear line, exit 1
    out = tmp_path / "r.html"
    refused = kiosk("report", "--source", s3.url(s3_prefix), "-o", str(out), env=s3.env(s3.kiosk))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "cannot list" in refused.stderr and not out.exists()


def test_fleet_simulate_then_report_over_s3(s3, s3_prefix: str, tmp_path: Path) -> None:
    end = dt.date.today()
    simulated = kiosk("fleet", "simulate", "--kiosks", "4", "--days", "5", "--to", s3.url(s3_prefix),
                      "--visits-per-day", "10", "--seed", "3", "--end", end.isoformat(),
                      env=s3.env(s3.kiosk))
    assert simulated.returncode == 0, simulated.stderr
    out = tmp_path / "report.html"
    reported = kiosk("report", "--source", s3.url(s3_prefix), "--lang", "km", "-o", str(out),
                     "--as-of", end.isoformat(), env=s3.env(s3.office))
    assert reported.returncode == 0, reported.stderr
    lines = [line for line in reported.stdout.splitlines()
             if ":" in line and not line.startswith(("objects", "wrote"))]
    assert "visits: 0" not in lines
    assert set(lines) <= set(simulated.stdout.splitlines()), set(lines) - set(simulated.stdout.splitlines())
    objects = next(line for line in simulated.stdout.splitlines() if line.startswith("objects uploaded"))
    assert f"objects read: {objects.split(': ')[1]}, skipped: 0" in reported.stdout
    assert '<html lang="km">' in out.read_text(encoding="utf-8")


def test_offline_kiosk_keeps_its_outbox_and_sends_later(s3, s3_prefix: str, tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on: the network is "down"
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    device = make_kiosk(tmp_path / "data", s3, f"http://127.0.0.1:{dead}/{s3.bucket}/{s3_prefix}")
    visits(device, 2)
    env = s3.env(s3.kiosk)
    failed = kiosk("upload", "--data-dir", str(device.root), env=env)
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr and len(failed.stderr.strip().splitlines()) == 1
    assert "cannot reach the storage" in failed.stderr
    with Outbox.of(device.root) as box:
        assert len(box.pending()) == 1
    visits(device, 3)  # the kiosk goes on counting while offline
    sent = kiosk("upload", "--data-dir", str(device.root), "--to", s3.url(s3_prefix), env=env)
    assert sent.returncode == 0, sent.stderr
    page, data, _ = build_report(_office_store(s3, s3_prefix), "en")
    assert data.totals["visits"] == 5


def _office_store(s3, prefix: str):
    return open_store(s3.url(prefix), credentials=Credentials(s3.office.key_id, s3.office.secret))


class SilentServer:
    """Accepts connections and never answers: a storage that hangs."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.held: list[socket.socket] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
                self.held.append(conn)
            except OSError:
                continue

    def close(self) -> None:
        self.stop.set()
        self.thread.join(5)
        for conn in self.held:
            conn.close()
        self.sock.close()


def test_a_hanging_storage_ends_at_the_deadline(s3, tmp_path: Path) -> None:
    server = SilentServer()
    try:
        device = make_kiosk(tmp_path / "data", s3, f"http://127.0.0.1:{server.port}/{s3.bucket}/x")
        visits(device, 1)
        started = time.monotonic()
        with pytest.raises(KioskError, match=r"ran out of time \(3 s\)"):
            upload(device, deadline_s=3)
        assert time.monotonic() - started < 10
        with Outbox.of(device.root) as box:
            assert box.pending() and box.last_upload().result == "failed"
    finally:
        server.close()


def test_a_lost_answer_then_a_retry_counts_the_day_once(s3, s3_prefix: str, tmp_path: Path) -> None:
    device = make_kiosk(tmp_path / "data", s3, s3.url(s3_prefix))
    visits(device, 6)
    real = open_store(s3.url(s3_prefix), credentials=Credentials(s3.kiosk.key_id, s3.kiosk.secret))

    class AnswerLost:
        where = real.where

        def put(self, key: str, body: bytes) -> None:
            real.put(key, body)  # the storage has it, but the kiosk never hears back
            raise ConnectionResetError("connection reset by peer")

    with pytest.raises(KioskError, match="upload failed"):
        upload(device, store=AnswerLost())
    assert upload(device, store=real).objects == 1
    assert len(office_keys(s3, s3_prefix)) == 2  # two revisions of the same day...
    _page, data, loaded = build_report(_office_store(s3, s3_prefix), "en")
    assert data.totals["visits"] == 6  # ...counted once
    assert loaded.superseded == 1 and loaded.objects == 1
