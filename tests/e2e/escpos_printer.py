"""A stand-in for an 80 mm ESC/POS receipt printer at the narrowest boundary we cannot have
here: the bytes the kiosk writes to a TCP socket (port 9100 on a real one) or a device file
(a FIFO standing in for /dev/usb/lp0), read back by a strict decoder that turns the raster
commands into the picture the printer would burn onto the paper. Any command the decoder does
not know fails the test, so the kiosk only ever sends what real printers understand."""
from __future__ import annotations

import os
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

DLE_EOT = b"\x10\x04"
READY = {1: 0x16, 2: 0x12, 3: 0x12, 4: 0x12}  # DLE EOT answers of a printer with paper
PAPER_OUT = {1: 0x1E, 2: 0x32, 3: 0x12, 4: 0x7E}  # the same printer with its roll empty


@dataclass
class Receipt:
    """What one job printed: a picture per cut, and whether it began with ESC @."""

    images: list[Image.Image] = field(default_factory=list)
    initialised: bool = False


def decode(data: bytes) -> Receipt:
    """ESC @, GS v 0 raster bands, GS V cuts: the picture of each cut-off receipt."""
    receipt, bands, i = Receipt(), [], 0

    def finish() -> None:
        if not bands:
            return
        width = bands[0].width
        assert all(b.width == width for b in bands), "raster bands of different widths"
        image = Image.new("1", (width, sum(b.height for b in bands)), 1)
        top = 0
        for band in bands:
            image.paste(band, (0, top))
            top += band.height
        receipt.images.append(image)
        bands.clear()

    while i < len(data):
        if data[i:i + 2] == b"\x1b\x40":
            receipt.initialised = receipt.initialised or i == 0
            i += 2
        elif data[i:i + 4] == b"\x1d\x76\x30\x00":
            width_bytes = data[i + 4] | data[i + 5] << 8
            rows = data[i + 6] | data[i + 7] << 8
            body = data[i + 8:i + 8 + width_bytes * rows]
            assert len(body) == width_bytes * rows, "raster band cut short"
            # 1 = a dot in ESC/POS; 0 = black in a PIL "1" image
            band = Image.frombytes("1", (width_bytes * 8, rows), bytes(b ^ 0xFF for b in body))
            bands.append(band)
            i += 8 + len(body)
        elif data[i:i + 3] in (b"\x1d\x56\x41", b"\x1d\x56\x42"):
            finish()
            i += 4
        elif data[i:i + 3] in (b"\x1d\x56\x00", b"\x1d\x56\x01", b"\x1d\x560", b"\x1d\x561"):
            finish()
            i += 3
        else:
            raise AssertionError(f"unknown ESC/POS command at byte {i}: {data[i:i + 8].hex()}")
    assert not bands, "raster after the last cut: the receipt would not be cut off"
    return receipt


class TcpPrinter:
    """A printer's raw port on 127.0.0.1 (an ephemeral port): answers DLE EOT status queries
    like a real one, and keeps every other byte of each connection as one job."""

    def __init__(self, status: dict[int, int] | None = None, *, answers: bool = True) -> None:
        self.status = dict(status or READY)
        self.answers = answers  # False: a printer that ignores status queries
        self.jobs: list[bytes] = []
        self.queries = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def address(self) -> str:
        return f"tcp://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                self._job(conn)

    def _job(self, conn: socket.socket) -> None:
        conn.settimeout(10)
        job, pending = bytearray(), b""
        while True:
            try:
                chunk = conn.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            pending += chunk
            # real-time commands are answered at once, wherever they are in the stream
            while True:
                at = pending.find(DLE_EOT)
                if at < 0 or at + 2 >= len(pending):
                    keep = 2 if pending.endswith(DLE_EOT) else 1 if pending.endswith(b"\x10") else 0
                    job += pending[:len(pending) - keep]
                    pending = pending[len(pending) - keep:]
                    break
                job += pending[:at]
                if self.answers:
                    conn.sendall(bytes([self.status[pending[at + 2]]]))
                self.queries += 1
                pending = pending[at + 3:]
        job += pending
        if job:
            self.jobs.append(bytes(job))

    def close(self) -> None:
        self._stop.set()
        self._server.close()
        self._thread.join(5)


class FifoPrinter:
    """A FIFO standing in for /dev/usb/lp0: a reader takes one job (until the writer closes)."""

    def __init__(self, path: Path, *, reads: bool = True) -> None:
        self.path = path
        os.mkfifo(path)
        self.jobs: list[bytes] = []
        self.reads = reads
        self._stuck = threading.Event()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with open(self.path, "rb") as fh:  # blocks until the kiosk opens it for writing
            if not self.reads:  # a printer that takes nothing (stuck, out of paper)
                self._stuck.wait(30)
                return
            data = fh.read()
        if data:
            self.jobs.append(data)

    def close(self) -> None:
        self._stuck.set()
        if self._thread.is_alive():  # the reader still waits for a writer: release it
            try:
                os.close(os.open(self.path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass
        self._thread.join(5)
