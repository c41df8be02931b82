"""Where an ESC/POS receipt printer is: the `printer_address` setting.

    /dev/usb/lp0          a device file (a USB printer; the kiosk user is in group lp)
    tcp://10.0.0.50:9100  a network printer's raw port (9100 when no port is given)
    cups:Receipt          a raw CUPS queue that passes the bytes on (USB, serial, network)
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kiosk.errors import KioskError
from kiosk.i18n import Msg

DEFAULT_PORT = 9100
_HOST = re.compile(r"^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]{0,252}))$")
_QUEUE = re.compile(r"^[^\s/#\\\x00-\x1f\x7f]{1,127}$")  # what CUPS allows in a queue name
_PATH = re.compile(r"^/[^\x00-\x1f\x7f]{1,255}$")


@dataclass(frozen=True)
class Address:
    kind: str  # "device", "tcp" or "cups"
    target: str  # the path, the host or the queue
    port: int = 0

    def __str__(self) -> str:
        if self.kind == "tcp":
            host = f"[{self.target}]" if ":" in self.target else self.target
            return f"tcp://{host}:{self.port}"
        return f"cups:{self.target}" if self.kind == "cups" else self.target


def address_problem(text: str) -> Msg | None:
    """Why `text` is not a printer address, or None (the settings' check)."""
    try:
        parse_address(text)
    except KioskError as exc:
        return exc.msg
    return None


def parse_address(text: str) -> Address:
    bad = KioskError("printer address {text} is not /dev/…, tcp://HOST[:PORT] or cups:QUEUE",
                     text=repr(text))
    if not isinstance(text, str):
        raise bad
    if text.startswith("/"):
        if not _PATH.fullmatch(text) or "/../" in text + "/" or "/./" in text + "/":
            raise bad
        return Address("device", text)
    if text.startswith("cups:"):
        queue = text[len("cups:"):]
        if not _QUEUE.fullmatch(queue):
            raise bad
        return Address("cups", queue)
    if text.startswith("tcp://"):
        rest = text[len("tcp://"):]
        host, port = rest, DEFAULT_PORT
        match = re.fullmatch(r"(.*):(\d{1,5})", rest)
        if match and not rest.endswith("]"):
            host, port = match.group(1), int(match.group(2))
        if not _HOST.fullmatch(host) or not 0 < port < 65536:
            raise bad
        return Address("tcp", host.strip("[]"), port)
    raise bad
