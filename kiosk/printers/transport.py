"""Bytes to a receipt printer: a device file, a TCP socket or a raw CUPS queue, each with a
deadline (a printer that is off, unplugged or stuck never hangs the kiosk).

The problems come back as `PrintError` in words staff can act on (not connected, not allowed,
did not take the receipt); the print screen shows the visitor the QR code instead.
"""
from __future__ import annotations

import errno
import os
import select
import socket
import stat
import time

from kiosk.i18n import Msg
from kiosk.printers import cups
from kiosk.printers.address import Address
from kiosk.printers.base import PrintError
from kiosk.printers.escpos import STATUS_QUERY, PrinterState, parse_status

CHUNK = 4096
SEND_DEADLINE_S = 30.0  # a long receipt takes a few seconds; a stuck printer gives up here
STATUS_WAIT_S = 1.0  # printers answer DLE EOT at once
ASK_AGAIN_S = 600.0  # one that did not is asked again only after this long
_silent: dict[str, float] = {}  # address -> when it last did not answer DLE EOT


def _not_taken(name: str, why: str | Msg) -> PrintError:
    return PrintError("Printer {name} did not take the receipt ({reason}): out of paper, off or "
                      "unplugged?", name=name, reason=why)


def query_status(address: Address, timeout: float = STATUS_WAIT_S) -> PrinterState | None:
    """The printer's paper and cover state where the link answers (TCP), else None."""
    if address.kind != "tcp":
        return None
    try:
        with socket.create_connection((address.target, address.port), timeout=timeout) as sock:
            return _ask(sock, timeout)
    except OSError:
        return None


def _ask(sock: socket.socket, timeout: float) -> PrinterState | None:
    sock.sendall(STATUS_QUERY)
    answer = b""
    deadline = time.monotonic() + timeout
    while len(answer) < 2:
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        sock.settimeout(left)
        try:
            chunk = sock.recv(2 - len(answer))
        except (TimeoutError, OSError):
            return None
        if not chunk:
            return None
        answer += chunk
    return parse_status(answer)


def send(data: bytes, address: Address, *, title: str = "NSSF",
         deadline_s: float = SEND_DEADLINE_S) -> None:
    """Deliver `data` to the printer at `address`; PrintError when it cannot."""
    if address.kind == "tcp":
        _send_tcp(data, address, deadline_s)
    elif address.kind == "device":
        _send_device(data, address, deadline_s)
    else:
        job = cups.submit(data, address.target, title=title, raw=True)
        cups.wait(job, address.target, deadline_s)


def _send_tcp(data: bytes, address: Address, deadline_s: float) -> None:
    name = str(address)
    end = time.monotonic() + deadline_s
    try:
        sock = socket.create_connection((address.target, address.port),
                                        timeout=min(5.0, deadline_s))
    except OSError as exc:
        raise PrintError("Printer {name} does not answer ({reason}).", name=name,
                         reason=exc.strerror or exc) from None
    with sock:
        try:
            state = None
            if time.monotonic() - _silent.get(name, -ASK_AGAIN_S) >= ASK_AGAIN_S:
                state = _ask(sock, min(STATUS_WAIT_S, deadline_s))
                if state is None:  # no status from it: do not make every visitor wait for one
                    _silent[name] = time.monotonic()
                else:
                    _silent.pop(name, None)
            problem = state.problem(name) if state else None
            if problem:
                raise problem
            sock.settimeout(max(0.1, end - time.monotonic()))
            sock.sendall(data)  # the timeout bounds the whole send (Python 3.5+)
            sock.shutdown(socket.SHUT_WR)
            # read until the printer closes, so nothing we sent is lost to a reset
            while time.monotonic() < end:
                sock.settimeout(max(0.1, min(2.0, end - time.monotonic())))
                if not sock.recv(1024):
                    break
        except TimeoutError:
            raise _not_taken(name, Msg("not all of it in {seconds:g} s", seconds=deadline_s)) \
                from None
        except OSError as exc:
            raise _not_taken(name, exc.strerror or str(exc)) from None


def _send_device(data: bytes, address: Address, deadline_s: float) -> None:
    path = address.target
    try:
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise PrintError("Printer {name} is not connected (no such device).",
                             name=path) from None
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise PrintError("The kiosk may not use printer {name} (the kiosk user must be in "
                             "its group, lp).", name=path) from None
        if exc.errno in (errno.ENXIO, errno.ENODEV):
            raise PrintError("Printer {name} is switched off or not ready.", name=path) from None
        raise PrintError("Printer {name} cannot be opened ({reason}).", name=path,
                         reason=exc.strerror) from None
    try:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            raise PrintError("{name} is a file, not a printer.", name=path)
        end = time.monotonic() + deadline_s
        view = memoryview(data)
        while view:
            left = end - time.monotonic()
            if left <= 0:
                raise _not_taken(path, f"not all of it in {deadline_s:g} s")
            _, writable, _ = select.select([], [fd], [], left)
            if not writable:
                continue
            try:
                view = view[os.write(fd, view[:CHUNK]):]
            except BlockingIOError:
                continue
            except OSError as exc:
                raise _not_taken(path, exc.strerror or str(exc)) from None
    finally:
        os.close(fd)
