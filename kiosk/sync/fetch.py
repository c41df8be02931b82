"""Fetchers for python-tuf's ngclient: HTTP with short timeouts, a folder (USB stick, shared
folder), and a wrapper that counts bytes and honours cancellation.

ngclient verifies everything it is given; these only move bytes. Each download lands in a
temporary file first (ngclient's), and `fetch_target` renames a piece into the cache only
after its length and sha256 match the signed metadata (as Kolibri's file transfers do).
"""
from __future__ import annotations

import os
import queue
import stat
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import getproxies, proxy_bypass

import urllib3
from tuf.api import exceptions
from tuf.api.metadata import TargetFile
from tuf.ngclient import FetcherInterface, Updater

from kiosk.device import fsync_dir, make_dirs
from kiosk.i18n import Msg
from kiosk.safepath import check_sha256
from kiosk.sync.errors import SyncCancelled, SyncError
from kiosk.sync.layout import SyncPaths, patch_name, write_durable
from kiosk.sync.pieces import apply_patch, sha256

DEFAULT_TIMEOUT = 5.0  # seconds to connect, and the longest silence mid-body
DEFAULT_DEADLINE = 600.0  # seconds for a whole sync (setting sync_deadline_s)
DEFAULT_MIN_RATE = 100  # bytes per second, averaged over RATE_WINDOW_S of transfer
RATE_WINDOW_S = 30.0
CHUNK = 16 * 1024  # small: cancellation and byte counts stay responsive on a slow link

Cancel = Callable[[], bool]


class SyncTimedOut(SyncError):
    """The sync's deadline passed: it stopped, and tries again later."""


class Budget:
    """What a sync may still spend: time until its deadline, and a transfer rate it must keep.

    Every wait of a sync (a connection, a read from a server or a folder) is bounded by
    `wait(timeout)`; `check()` ends the sync once the deadline has passed or `cancel()` says so;
    `count()` ends it when, over a window of `window_s` seconds spent transferring, fewer than
    `min_rate` bytes per second arrived (a server dripping a byte every few seconds never
    trips a read timeout, but trips this)."""

    def __init__(self, deadline_s: float = DEFAULT_DEADLINE, *, min_rate: float = DEFAULT_MIN_RATE,
                 window_s: float = RATE_WINDOW_S, cancel: Cancel | None = None) -> None:
        self.deadline_s = deadline_s
        self.ends = time.monotonic() + deadline_s
        self.min_rate, self.window_s = min_rate, window_s
        self.cancel = cancel or (lambda: False)
        self._window_start = 0.0  # transfer seconds at the start of the current window
        self._window_bytes = 0
        self.transfer_s = 0.0

    def remaining(self) -> float:
        return self.ends - time.monotonic()

    def wait(self, timeout: float) -> float:
        """How long one wait may last: `timeout`, or less when the deadline is nearer."""
        return max(0.05, min(timeout, self.remaining()))

    def check(self) -> None:
        if self.cancel():
            raise SyncCancelled()
        if self.remaining() <= 0:
            raise SyncTimedOut("the sync did not finish within {seconds:g} s (setting "
                               "sync_deadline_s); it was stopped and tries again later",
                               seconds=self.deadline_s)

    def count(self, nbytes: int, seconds: float) -> None:
        """`nbytes` arrived after `seconds` of waiting for them."""
        self.transfer_s += seconds
        self._window_bytes += nbytes
        spent = self.transfer_s - self._window_start
        if self.min_rate and spent >= self.window_s:
            rate = self._window_bytes / spent
            if rate < self.min_rate:
                raise exceptions.SlowRetrievalError(
                    f"only {rate:.0f} bytes per second over {spent:.0f} s, under the minimum of "
                    f"{self.min_rate:g} (setting sync_min_rate_bps)")
            self._window_start, self._window_bytes = self.transfer_s, 0


class HttpFetcher(FetcherInterface):
    """urllib3 with short timeouts and few retries: a kiosk on a poor link should give up
    quickly and try again at the next interval, not hang the staff panel for minutes."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, budget: Budget | None = None) -> None:
        self.timeout = timeout
        self.budget = budget or Budget()
        self._managers: dict[str | None, urllib3.PoolManager] = {}

    def _manager(self, url: str) -> urllib3.PoolManager:
        parts = urlparse(url)
        proxy = getproxies().get(parts.scheme)
        if proxy and parts.hostname and proxy_bypass(parts.hostname):
            proxy = None
        if proxy not in self._managers:
            # connect errors retried once (a dropped Wi-Fi packet); reads never (a stall stays one)
            kw = {"retries": urllib3.Retry(total=2, connect=1, read=0, status=0, redirect=2)}
            self._managers[proxy] = urllib3.ProxyManager(proxy, **kw) if proxy else urllib3.PoolManager(**kw)
        return self._managers[proxy]

    def _fetch(self, url: str) -> Iterator[bytes]:
        self.budget.check()
        wait = self.budget.wait(self.timeout)
        slow = f"no answer within {wait:g} s from {url}"
        try:
            # identity: signed files are never compressed, so no gzip bomb is ever inflated
            response = self._manager(url).request(
                "GET", url, preload_content=False, decode_content=False,
                headers={"Accept-Encoding": "identity", "User-Agent": "nssf-kiosk"},
                timeout=urllib3.Timeout(connect=wait, read=wait))
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
        return self._chunks(response, url, wait)

    def _chunks(self, response: urllib3.BaseHTTPResponse, url: str, wait: float) -> Iterator[bytes]:
        complete = False
        try:
            # read1: whatever one read brings, so the deadline is checked between reads even
            # when a server drips a byte at a time (read(n) would wait for all n bytes)
            while True:
                chunk = response.read1(CHUNK, decode_content=False)
                if not chunk:
                    break
                yield chunk
                self.budget.check()
            complete = True
        except urllib3.exceptions.TimeoutError as exc:
            raise exceptions.SlowRetrievalError(
                f"the server stopped sending {url} (nothing for {wait:g} s)") from exc
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
    """Reads `file://` URLs: a repository copied to a USB stick or a shared folder.

    A stick is as hostile as a server, and slower to notice: a FIFO or a device file where a
    metadata file should be would block or never end, and a hung network share blocks any
    open() or read() for as long as it likes. So only regular files are read (opened with
    O_NONBLOCK, then checked with fstat, so even opening a FIFO never waits), and every open
    and read runs in a worker thread that the sync stops waiting for after `timeout` seconds
    (the thread, stuck in the kernel, is abandoned: it holds no lock of ours)."""

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, budget: Budget | None = None) -> None:
        self.timeout = timeout
        self.budget = budget or Budget()

    def _fetch(self, url: str) -> Iterator[bytes]:
        self.budget.check()
        path = Path(unquote(urlparse(url).path))
        if os.name == "nt" and str(path).startswith("\\"):
            path = Path(str(path).lstrip("\\"))
        reader = _FileReader(path)
        first = reader.next(self.budget.wait(self.timeout))  # the open, and the first chunk
        return self._chunks(reader, first)

    def _chunks(self, reader: _FileReader, first: bytes) -> Iterator[bytes]:
        try:
            chunk = first
            while chunk:
                yield chunk
                self.budget.check()
                chunk = reader.next(self.budget.wait(self.timeout))
        finally:
            reader.stop()


class _FileReader:
    """Opens and reads one file in a daemon thread, a chunk at a time, on demand."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._asks: queue.Queue[bool] = queue.Queue()
        self._answers: queue.Queue[tuple[str, object]] = queue.Queue()
        threading.Thread(target=self._run, daemon=True, name=f"read {path.name}").start()

    def next(self, timeout: float) -> bytes:
        self._asks.put(True)
        try:
            kind, value = self._answers.get(timeout=timeout)
        except queue.Empty:
            self.stop()
            raise exceptions.SlowRetrievalError(
                f"{self.path} gave nothing within {timeout:g} s (a hung drive or share?)") from None
        if kind == "error":
            raise value  # type: ignore[misc]
        return value  # type: ignore[return-value]

    def stop(self) -> None:
        self._asks.put(False)

    def _run(self) -> None:
        try:
            if not self._asks.get():
                return
            fd = self._open()
        except Exception as exc:  # noqa: BLE001 - handed to the sync, which reports it
            self._answers.put(("error", exc))
            return
        with os.fdopen(fd, "rb", buffering=0) as handle:
            first = True
            while first or self._asks.get():
                first = False
                try:
                    chunk = handle.read(CHUNK)
                except OSError as exc:
                    self._answers.put(("error", exceptions.DownloadError(
                        f"cannot read {self.path}: {exc.strerror}")))
                    return
                self._answers.put(("data", chunk or b""))
                if not chunk:
                    return

    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                         | getattr(os, "O_BINARY", 0))
        except FileNotFoundError:
            # ngclient reads 404 as "no newer root": the same meaning for a missing file
            raise exceptions.DownloadHTTPError(f"{self.path} is not there", 404) from None
        except OSError as exc:
            raise exceptions.DownloadError(f"cannot read {self.path}: {exc.strerror}") from exc
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            os.close(fd)
            what = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode)
                    or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "not a file")
            raise exceptions.DownloadError(f"{self.path} is {what}, not a regular file; refused")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: O_NONBLOCK only mattered for the open
        return fd


class MeteredFetcher(FetcherInterface):
    """Counts the bytes received, keeps the sync within its budget (deadline, minimum rate),
    and stops at the next chunk once the budget's `cancel()` says so."""

    def __init__(self, inner: FetcherInterface, cancel: Cancel | None = None,
                 budget: Budget | None = None) -> None:
        self.inner = inner
        self.budget = budget or getattr(inner, "budget", None) or Budget(cancel=cancel)
        if cancel is not None:
            self.budget.cancel = cancel
        self.bytes = 0
        self.files = 0

    @property
    def cancel(self) -> Cancel:
        return self.budget.cancel

    def _fetch(self, url: str) -> Iterator[bytes]:
        self.budget.check()
        started = time.monotonic()
        chunks = self.inner.fetch(url)
        self.budget.count(0, time.monotonic() - started)
        self.files += 1
        return self._count(chunks)

    def _count(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        while True:
            started = time.monotonic()
            try:
                chunk = next(chunks)
            except StopIteration:
                return
            self.budget.count(len(chunk), time.monotonic() - started)
            self.bytes += len(chunk)
            yield chunk
            self.budget.check()


def base_url(server: str, timeout: float = DEFAULT_TIMEOUT,
             budget: Budget | None = None) -> tuple[str, FetcherInterface]:
    """The repository's base URL (ending in /) and the fetcher that reads it."""
    if server.startswith(("http://", "https://")):
        return server.rstrip("/") + "/", HttpFetcher(timeout, budget)
    if server.startswith("file://"):
        return server.rstrip("/") + "/", FolderFetcher(timeout, budget)
    # abspath, not resolve(): no file system call, which a hung share could block
    folder = Path(os.path.abspath(os.path.expanduser(server)))
    return folder.as_uri().rstrip("/") + "/", FolderFetcher(timeout, budget)


def fetch_target(updater: Updater, info: TargetFile, paths: SyncPaths) -> Path:
    """The verified piece in the cache: reused if there, else downloaded to a temporary name,
    checked against the signed length and sha256, made durable, then renamed into place."""
    digest = check_sha256(info.hashes.get("sha256"), Msg("the sha256 of {path}", path=info.path))
    final = paths.cached(info.path, digest)
    if final.is_file():
        if _matches(final, info.length, digest):
            return final
        final.unlink()  # damaged on disk: fetch it again
    part = final.with_name(final.name + ".part")
    make_dirs(part.parent)
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
        fsync_dir(final.parent)
    finally:
        part.unlink(missing_ok=True)
    return final


def fetch_by_patch(fetcher: FetcherInterface, targets_url: str, info: TargetFile, old_sha: str,
                   paths: SyncPaths) -> Path | None:
    """The new version of a cached record piece, rebuilt from the publisher's patch; None if the
    server has no patch from this version (the caller then downloads the whole piece).

    The patch is not signed: what counts is that the rebuilt piece hashes to the signed sha256.
    One that does not is refused like a tampered piece, since a publisher never writes one."""
    digest = check_sha256(info.hashes.get("sha256"), Msg("the sha256 of {path}", path=info.path))
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
