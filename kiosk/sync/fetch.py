"""Fetchers for python-tuf's ngclient: HTTP with short timeouts, a folder (USB stick, shared
folder), and a wrapper that counts bytes and honours cancellation.

ngclient verifies everything it is given; these only move bytes. Each download lands in a
temporary file first (ngclient's), and `fetch_target` renames a piece into the cache only
after its length and sha256 match the signed metadata (as Kolibri's file transfers do).
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import getproxies, proxy_bypass

import urllib3
from tuf.api import exceptions
from tuf.api.metadata import TargetFile
from tuf.ngclient import FetcherInterface, Updater

from kiosk.sync.errors import SyncCancelled
from kiosk.sync.layout import SyncPaths, patch_name, write_durable
from kiosk.sync.pieces import apply_patch, sha256

DEFAULT_TIMEOUT = 5.0  # seconds to connect, and the longest silence mid-body
CHUNK = 16 * 1024  # small: cancellation and byte counts stay responsive on a slow link

Cancel = Callable[[], bool]


class HttpFetcher(FetcherInterface):
    """urllib3 with short timeouts and few retries: a kiosk on a poor link should give up
    quickly and try again at the next interval, not hang the staff panel for minutes."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._managers: dict[str | None, urllib3.PoolManager] = {}

    def _manager(self, url: str) -> urllib3.PoolManager:
        parts = urlparse(url)
        proxy = getproxies().get(parts.scheme)
        if proxy and parts.hostname and proxy_bypass(parts.hostname):
            proxy = None
        if proxy not in self._managers:
            # connect errors retried once (a dropped Wi-Fi packet); reads never (a stall stays one)
            kw = {"retries": urllib3.Retry(total=2, connect=1, read=0, status=0, redirect=2),
                  "timeout": urllib3.Timeout(connect=self.timeout, read=self.timeout)}
            self._managers[proxy] = urllib3.ProxyManager(proxy, **kw) if proxy else urllib3.PoolManager(**kw)
        return self._managers[proxy]

    def _fetch(self, url: str) -> Iterator[bytes]:
        slow = f"no answer within {self.timeout:g} s from {url}"
        try:
            response = self._manager(url).request("GET", url, preload_content=False)
        except urllib3.exceptions.MaxRetryError as exc:
            # NewConnectionError (refused, no route) is a ConnectTimeoutError too: test it first
            if (isinstance(exc.reason, urllib3.exceptions.TimeoutError)
                    and not isinstance(exc.reason, urllib3.exceptions.NewConnectionError)):
                raise exceptions.SlowRetrievalError(slow) from exc
            raise exceptions.DownloadError(f"cannot reach {url}: {_reason(exc.reason)}") from exc
        except urllib3.exceptions.TimeoutError as exc:
            raise exceptions.SlowRetrievalError(slow) from exc
        except urllib3.exceptions.HTTPError as exc:
            raise exceptions.DownloadError(f"cannot reach {url}: {_reason(exc)}") from exc
        if response.status >= 400:
            response.drain_conn()  # an error page is short; a pooled connection must be clean
            response.release_conn()
            raise exceptions.DownloadHTTPError(f"the server answered HTTP {response.status} for {url}",
                                               response.status)
        return self._chunks(response, url)

    def _chunks(self, response: urllib3.BaseHTTPResponse, url: str) -> Iterator[bytes]:
        complete = False
        try:
            yield from response.stream(CHUNK)
            complete = True
        except urllib3.exceptions.TimeoutError as exc:
            raise exceptions.SlowRetrievalError(
                f"the server stopped sending {url} (nothing for {self.timeout:g} s)") from exc
        except urllib3.exceptions.HTTPError as exc:
            raise exceptions.DownloadError(f"the download of {url} broke off: {_reason(exc)}") from exc
        finally:
            if complete:
                response.release_conn()
            else:  # half read (an error, or the reader gave up): never reuse this connection
                response.close()


def _reason(exc: object) -> str:
    text = str(exc)
    for known in ("Connection refused", "Name or service not known", "No route to host",
                  "Network is unreachable", "IncompleteRead"):
        if known in text:
            return known.lower() if known != "IncompleteRead" else "connection closed early"
    return text


class FolderFetcher(FetcherInterface):
    """Reads `file://` URLs: a repository copied to a USB stick or a shared folder."""

    def _fetch(self, url: str) -> Iterator[bytes]:
        path = Path(unquote(urlparse(url).path))
        if os.name == "nt" and str(path).startswith("\\"):
            path = Path(str(path).lstrip("\\"))
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed by the generator
        except FileNotFoundError:
            # ngclient reads 404 as "no newer root": the same meaning for a missing file
            raise exceptions.DownloadHTTPError(f"{path} is not there", 404) from None
        except OSError as exc:
            raise exceptions.DownloadError(f"cannot read {path}: {exc.strerror}") from exc
        return self._chunks(handle)

    @staticmethod
    def _chunks(handle) -> Iterator[bytes]:  # noqa: ANN001 - a binary file
        with handle:
            while chunk := handle.read(CHUNK):
                yield chunk


class MeteredFetcher(FetcherInterface):
    """Counts the bytes received and stops at the next chunk once `cancel()` says so."""

    def __init__(self, inner: FetcherInterface, cancel: Cancel | None = None) -> None:
        self.inner = inner
        self.cancel = cancel or (lambda: False)
        self.bytes = 0
        self.files = 0

    def _fetch(self, url: str) -> Iterator[bytes]:
        if self.cancel():
            raise SyncCancelled()
        chunks = self.inner.fetch(url)
        self.files += 1
        return self._count(chunks)

    def _count(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self.bytes += len(chunk)
            yield chunk
            if self.cancel():
                raise SyncCancelled()


def base_url(server: str) -> tuple[str, FetcherInterface]:
    """The repository's base URL (ending in /) and the fetcher that reads it."""
    if server.startswith(("http://", "https://")):
        return server.rstrip("/") + "/", HttpFetcher()
    if server.startswith("file://"):
        return server.rstrip("/") + "/", FolderFetcher()
    folder = Path(server).expanduser().resolve()
    return folder.as_uri().rstrip("/") + "/", FolderFetcher()


def fetch_target(updater: Updater, info: TargetFile, paths: SyncPaths) -> Path:
    """The verified piece in the cache: reused if there, else downloaded to a temporary name,
    checked against the signed length and sha256, made durable, then renamed into place."""
    digest = info.hashes["sha256"]
    final = paths.cached(info.path, digest)
    if final.is_file():
        if _matches(final, info.length, digest):
            return final
        final.unlink()  # damaged on disk: fetch it again
    part = final.with_name(final.name + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    try:
        # ngclient downloads into its own temporary file and verifies it before copying here
        try:
            updater.download_target(info, filepath=str(part))
        except exceptions.LengthOrHashMismatchError as exc:
            raise exceptions.LengthOrHashMismatchError(f"{info.path}: {exc}") from exc
        except exceptions.DownloadLengthMismatchError as exc:
            raise exceptions.DownloadLengthMismatchError(f"{info.path}: {exc}") from exc
        with open(part, "rb+") as fh:
            os.fsync(fh.fileno())
        if not _matches(part, info.length, digest):  # a torn copy is never used
            raise exceptions.LengthOrHashMismatchError(f"{info.path} changed on disk while saved")
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return final


def fetch_by_patch(fetcher: FetcherInterface, targets_url: str, info: TargetFile, old_sha: str,
                   paths: SyncPaths) -> Path | None:
    """The new version of a cached record piece, rebuilt from the publisher's patch; None if the
    server has no patch from this version (the caller then downloads the whole piece).

    The patch is not signed: what counts is that the rebuilt piece hashes to the signed sha256.
    One that does not is refused like a tampered piece, since a publisher never writes one."""
    digest = info.hashes["sha256"]
    old = paths.cached(info.path, old_sha)
    if not old.is_file():
        return None
    name = patch_name(old_sha, digest)
    try:
        patch = fetcher.download_bytes(targets_url + name, info.length)
    except exceptions.DownloadHTTPError as exc:
        if exc.status_code in (403, 404):
            return None
        raise
    try:
        data = apply_patch(old.read_bytes(), patch)
    except (ValueError, KeyError, TypeError, AttributeError):
        data = b""
    if len(data) != info.length or sha256(data) != digest:
        raise exceptions.LengthOrHashMismatchError(
            f"{info.path} rebuilt with {name} does not hash to its signed sha256")
    final = paths.cached(info.path, digest)
    write_durable(final, data)
    return final


def _matches(path: Path, length: int, digest: str) -> bool:
    data = path.read_bytes()
    return len(data) == length and sha256(data) == digest
