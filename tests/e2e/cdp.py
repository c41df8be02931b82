"""A small Chrome DevTools protocol client for the phone site's browser tests: headless Chromium
(Debian `chromium`) driven over `--remote-debugging-pipe`.

Why the pipe and not a websocket or Playwright: the pipe needs no listening port (nothing on
loopback another process could drive, no port to read back from DevToolsActivePort), no Python
package (messages are JSON, each ended by a NUL byte, on the browser's fd 3 and fd 4), and no
browser download; Playwright's package brings a Node driver of its own for what is here a
hundred lines. Every wait has a deadline; `close()` ends the browser (and kills it if it does
not go within a few seconds).

    with Chromium(profile_dir) as browser:
        tab = browser.new_tab(width=390, height=844)     # its own browser context
        tab.navigate(url)
        tab.evaluate("document.title")
"""
from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

DEFAULT_TIMEOUT_S = 10.0


class CDPError(RuntimeError):
    """The browser answered a command with an error, or did not answer in time."""


def _above(fd: int, lowest: int = 10) -> int:
    """`fd` moved to a number >= `lowest`."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, lowest)
    os.close(fd)
    return moved


class Chromium:
    def __init__(self, profile: Path, *, args: tuple[str, ...] = ()) -> None:
        binary = shutil.which("chromium") or shutil.which("chromium-browser")
        if not binary:
            raise CDPError("headless Chromium is needed (Debian: apt-get install chromium; "
                           ".ci/run does)")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the browser's ends must not be fd 3 or 4 already (the shell below would mix them up)
        to_browser_r, from_browser_w = (_above(to_browser_r), _above(from_browser_w))
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--no-default-browser-check", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-extensions",
                 "--mute-audio", f"--user-data-dir={profile}", "--remote-debugging-pipe",
                 *args, "about:blank"]
        # the browser reads commands on fd 3 and writes answers on fd 4: bash (dash takes
        # one-digit fds only) puts our pipe ends there and then becomes the browser (exec)
        script = (f'exec "$0" "$@" 3<&{to_browser_r} 4>&{from_browser_w} '
                  f"{to_browser_r}<&- {from_browser_w}>&-")
        self.process = subprocess.Popen(
            ["bash", "-c", script, binary, *flags], pass_fds=(to_browser_r, from_browser_w),
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._next_id = 0
        self._answers: dict[int, dict[str, Any]] = {}
        self.events: list[dict[str, Any]] = []  # every event, in order (method, params, session)
        self._cond = threading.Condition()
        self._closed = False
        self._stderr: list[bytes] = []
        threading.Thread(target=self._read, daemon=True, name="cdp-reader").start()
        threading.Thread(target=self._drain_stderr, daemon=True, name="cdp-stderr").start()
        self.call("Browser.getVersion")  # the browser is up and talking

    # --- the wire ---------------------------------------------------------------------------
    def _read(self) -> None:
        buffer = b""
        while True:
            try:
                chunk = os.read(self._from_browser, 1 << 16)
            except OSError:
                chunk = b""
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b"\0")
            with self._cond:
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        self._answers[message["id"]] = message
                    else:
                        self.events.append(message)
                self._cond.notify_all()
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr = (self._stderr + [line])[-40:]

    def stderr_tail(self) -> str:
        return b"".join(self._stderr).decode(errors="replace")

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> int:
        with self._cond:
            self._next_id += 1
            call_id = self._next_id
        message: dict[str, Any] = {"id": call_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise CDPError(f"{method}: the browser is gone ({exc})\n{self.stderr_tail()}") from None
        return call_id

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        call_id = self.send(method, params, session)
        ends = time.monotonic() + timeout
        with self._cond:
            while call_id not in self._answers:
                left = ends - time.monotonic()
                if left <= 0 or self._closed:
                    why = f"no answer within {timeout:.0f} s" if left <= 0 else "browser gone"
                    raise CDPError(f"{method}: {why}\n{self.stderr_tail()}")
                self._cond.wait(left)
            answer = self._answers.pop(call_id)
        if "error" in answer:
            raise CDPError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def mark(self) -> int:
        """Where the event list is now: wait_event(after=mark) sees only later events."""
        with self._cond:
            return len(self.events)

    def wait_event(self, method: str, *, session: str | None = None, after: int = 0,
                   timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        ends = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events[after:]:
                    if event["method"] == method and (session is None
                                                      or event.get("sessionId") == session):
                        return event.get("params", {})
                left = ends - time.monotonic()
                if left <= 0 or self._closed:
                    raise CDPError(f"no {method} within {timeout:.0f} s\n{self.stderr_tail()}")
                self._cond.wait(left)

    # --- tabs -------------------------------------------------------------------------------
    def new_tab(self, *, width: int = 390, height: int = 844, scale: float = 1.0) -> Tab:
        """A page in a browser context of its own (its own cache, storage and service workers,
        gone with it), at a phone's size."""
        context = self.call("Target.createBrowserContext")["browserContextId"]
        target = self.call("Target.createTarget", {"url": "about:blank",
                                                   "browserContextId": context})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target,
                                                      "flatten": True})["sessionId"]
        tab = Tab(self, session, target, context)
        tab.call("Page.enable")
        tab.call("Runtime.enable")
        tab.call("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": scale, "mobile": True})
        return tab

    def close(self) -> None:
        if self.process.poll() is None:
            try:
                self.send("Browser.close")
                self.process.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait(timeout=5)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass

    def __enter__(self) -> Chromium:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Tab:
    def __init__(self, browser: Chromium, session: str, target: str, context: str) -> None:
        self.browser, self.session, self.target, self.context = browser, session, target, context

    def call(self, method: str, params: dict[str, Any] | None = None,
             timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        return self.browser.call(method, params, self.session, timeout)

    def evaluate(self, expression: str, timeout: float = DEFAULT_TIMEOUT_S) -> Any:
        """The value of a JavaScript expression in the page (a promise is awaited)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "awaitPromise": True,
                                                "returnByValue": True}, timeout)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CDPError(f"{expression[:60]}...: "
                           f"{details.get('exception', {}).get('description') or details}")
        return result["result"].get("value")

    def _loaded(self, start: Any, timeout: float) -> str:
        """Run `start` (a navigation), wait for its page's load event; the page's address."""
        mark = self.browser.mark()
        answer = start()
        if isinstance(answer, dict) and answer.get("errorText"):
            self.browser.wait_event("Page.loadEventFired", session=self.session, after=mark,
                                    timeout=timeout)  # the browser's error page
            return f"error:{answer['errorText']}"
        if not (isinstance(answer, dict) and "frameId" in answer and "loaderId" not in answer):
            # a new document (a same-document navigation, only the fragment changing, has no
            # loader and no load event)
            self.browser.wait_event("Page.loadEventFired", session=self.session, after=mark,
                                    timeout=timeout)
        return self.evaluate("location.href")

    def navigate(self, url: str, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        """Open `url` as a typed address (or a scanned QR code) would, wait until it loaded;
        the address it shows (chrome-error://... when the browser shows its own error page)."""
        return self._loaded(lambda: self.call("Page.navigate", {"url": url}), timeout)

    def reload(self, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        return self._loaded(lambda: self.call("Page.reload"), timeout)

    def back(self, timeout: float = DEFAULT_TIMEOUT_S) -> str:
        history = self.call("Page.getNavigationHistory")
        entry = history["entries"][history["currentIndex"] - 1]
        return self._loaded(lambda: self.call("Page.navigateToHistoryEntry",
                                              {"entryId": entry["id"]}), timeout)

    def screenshot(self, path: Path) -> Path:
        data = self.call("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})
        self.browser.call("Target.disposeBrowserContext", {"browserContextId": self.context})
