"""Where objects go and come from: S3-compatible storage (boto3) or a folder (a USB stick).

    s3://BUCKET[/PREFIX]            the endpoint from settings (upload_endpoint) or boto3's own
    http(s)://HOST[:PORT]/BUCKET[/PREFIX]   path-style, for Ceph RGW, Garage, SeaweedFS, MinIO
    /media/usb/nssf or any folder

Every network or disk wait has a deadline: boto3's connect and read timeouts bound one request,
and `within()` bounds a whole call, so a server that trickles bytes or a hung network share
ends the try; what was not sent stays in the outbox for the next one.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar
from urllib.parse import urlsplit

from kiosk.counts.contract import PREFIX
from kiosk.errors import KioskError
from kiosk.i18n import N_

T = TypeVar("T")
CONNECT_TIMEOUT_S = 5
READ_TIMEOUT_S = 15


def error(message: str, **values: object) -> KioskError:
    """A KioskError from one catalog message (marked with N_ where it is written)."""
    return KioskError(message, **values)


class DeadlineExceeded(KioskError):
    pass


def within(seconds: float, what: str, call: Callable[[], T]) -> T:
    """`call()`, or DeadlineExceeded after `seconds` (the call is left to end on its own in a
    daemon thread: a socket or a hung share cannot be interrupted from outside)."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            box["error"] = exc

    worker = threading.Thread(target=run, name=f"deadline:{what}", daemon=True)
    worker.start()
    worker.join(max(0.0, seconds))
    if worker.is_alive():
        late = error(N_("{what}: no answer within {seconds} s; it is tried again later"),
                     what=what, seconds=round(seconds))
        raise DeadlineExceeded(late.msg)
    if "error" in box:
        raise box["error"]
    return box["value"]


@dataclass(frozen=True)
class Credentials:
    key_id: str
    secret: str


class Store(Protocol):
    where: str

    def put(self, key: str, body: bytes) -> None: ...
    def keys(self) -> Iterator[str]: ...  # names under v1/, without the store's prefix
    def get(self, key: str, limit: int) -> bytes: ...


def _safe_key(key: str) -> str:
    parts = key.split("/")
    if not key or key.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in key:
        raise ValueError(f"bad object name {key!r}")
    return key


class FolderStore:
    """Objects as files under a folder, in the same layout as the bucket."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.where = str(self.root)

    def put(self, key: str, body: bytes) -> None:
        from kiosk.device import write_atomic

        # on a stick for head office: readable by whoever opens it there, durable before eject
        write_atomic(self.root / _safe_key(key), body, public=True)

    def keys(self) -> Iterator[str]:
        top = self.root / PREFIX.rstrip("/")
        if not top.is_dir():
            return
        for folder, dirs, files in os.walk(top, followlinks=False):
            dirs.sort()
            for name in sorted(files):
                if not name.startswith("."):
                    yield Path(folder, name).relative_to(self.root).as_posix()

    def get(self, key: str, limit: int) -> bytes:
        path = self.root / _safe_key(key)
        if path.is_symlink() or not path.is_file():
            raise ValueError("not a plain file")
        with open(path, "rb") as fh:
            return fh.read(limit + 1)


class S3Store:
    """Objects in a bucket of any S3-compatible storage."""

    def __init__(self, endpoint: str | None, bucket: str, prefix: str,
                 credentials: Credentials | None, region: str = "us-east-1") -> None:
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix
        self.where = f"{endpoint.rstrip('/') + '/' if endpoint else 's3://'}{bucket}/{prefix}"
        config = Config(
            connect_timeout=CONNECT_TIMEOUT_S, read_timeout=READ_TIMEOUT_S,
            retries={"total_max_attempts": 2, "mode": "standard"},
            s3={"addressing_style": "path" if endpoint else "auto"},
            # plain Content-MD5-free PUTs: S3-compatible servers differ on the newer checksums
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
            user_agent_appid="nssf-kiosk")
        session = boto3.session.Session()
        kwargs: dict[str, Any] = {"region_name": region or "us-east-1", "config": config}
        if endpoint:
            kwargs["endpoint_url"] = endpoint
        if credentials is not None:
            kwargs["aws_access_key_id"] = credentials.key_id
            kwargs["aws_secret_access_key"] = credentials.secret
        self.client = session.client("s3", **kwargs)

    def put(self, key: str, body: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.prefix + _safe_key(key), Body=body,
                               ContentType="application/gzip")

    def keys(self) -> Iterator[str]:
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix + PREFIX)
        for page in pages:
            for item in page.get("Contents", []):
                yield item["Key"][len(self.prefix):]

    def get(self, key: str, limit: int) -> bytes:
        answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + _safe_key(key))
        with answer["Body"] as body:
            return body.read(limit + 1)


def is_url(target: str) -> bool:
    return target.startswith(("s3://", "http://", "https://"))


def open_store(target: str, *, endpoint: str = "", credentials: Credentials | None = None,
               region: str = "us-east-1", create: bool = False) -> Store:
    """The store a `--to`/`--source` names. `create`: a folder may be made (an empty stick)."""
    target = target.strip()
    if not target:
        raise error(N_("no upload target: give --to URL|PATH or set upload_target"))
    if target.startswith("file://"):  # a folder, as provisioning may name it
        target = urlsplit(target).path or "/"
    if target.startswith("s3://"):
        parts = urlsplit(target)
        bucket, prefix = parts.netloc, parts.path.lstrip("/")
        endpoint = endpoint or ""
    elif target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        if not parts.hostname:
            raise error(N_("{target}: not a storage URL"), target=target)
        bucket, _, prefix = parts.path.lstrip("/").partition("/")
        endpoint = f"{parts.scheme}://{parts.netloc}"
    else:
        root = Path(target).expanduser()
        if create:
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise error(N_("{target}: cannot make this folder ({reason})"), target=target,
                            reason=exc.strerror or exc) from None
        if not root.is_dir():
            raise error(N_("{target}: no such folder"), target=target)
        return FolderStore(root)
    if not bucket or not _bucket_ok(bucket):
        raise error(N_("{target}: no bucket name in the URL (s3://BUCKET/PREFIX)"), target=target)
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    return S3Store(endpoint or None, bucket, prefix, credentials, region)


def _bucket_ok(bucket: str) -> bool:
    return 3 <= len(bucket) <= 63 and all(c.isalnum() or c in "-." for c in bucket) \
        and bucket[0].isalnum()


def describe(exc: BaseException) -> str:
    """One line for what went wrong talking to storage (no stack trace, no secret)."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

    if isinstance(exc, KioskError):
        return exc.en
    if isinstance(exc, NoCredentialsError):
        return "no storage credential (kiosk upload-key set, or AWS_ACCESS_KEY_ID)"
    if isinstance(exc, ClientError):
        err = exc.response.get("Error", {})
        return f"the storage refused: {err.get('Code', '?')} {err.get('Message', '')}".strip()
    if isinstance(exc, BotoCoreError):
        return f"cannot reach the storage: {exc}"
    if isinstance(exc, OSError):
        return f"cannot write {getattr(exc, 'filename', '') or 'the folder'}: {exc.strerror or exc}"
    return f"{type(exc).__name__}: {exc}"


def elapsed_since(start: float) -> float:
    return time.monotonic() - start
