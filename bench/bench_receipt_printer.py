"""An ESC/POS receipt: what the kiosk adds after the PDF (kiosk/printers/escpos.py): rendering
at 8 dots/mm, the 1-bit image and the raster commands, then the bytes over a loopback socket
to a stand-in printer that reads as fast as it can (a real one takes them at its print speed)
and never answers a status query (the kiosk waits 1 s for one, once per 10 minutes).

Per receipt (km and en; benefit, checklist, decision): wall and CPU time of raster + encode
(median, 95th percentile of N runs in a warm process), the bytes sent, and the paper length.
Wall time on a shared machine measures the other processes too: CPU time is beside it.

    .venv/bin/python bench/bench_receipt_printer.py [--runs 20]
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import OUT, machine, now, summary_ms
from kiosk.content.bundle import build_bundle
from kiosk.content.library import Library
from kiosk.content.loader import load_content
from kiosk.eligibility import load_rules
from kiosk.guidance import PrintRequest, make_pdf
from kiosk.paths import CONTENT_DIR
from kiosk.printers import escpos, transport
from kiosk.printers.address import parse_address

FACTS = {"role": "worker", "employer_registered": True, "consecutive_months_contributed": 10,
         "gave_birth": True, "weeks_pregnant": 30, "monthly_wage_riel": 1_000_000}
CASES = [("benefit", "maternity-allowance", (), None),
         ("checklist", "injury-care", ("id-card",), None),
         ("decision", "maternity-allowance", (), FACTS)]


def drain() -> tuple[socket.socket, int]:
    """A printer port on 127.0.0.1 that reads everything and answers no status query."""
    server = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                while conn.recv(1 << 16):
                    pass

    threading.Thread(target=serve, daemon=True).start()
    return server, server.getsockname()[1]


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    server, port = drain()
    address = parse_address(f"tcp://127.0.0.1:{port}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        bundle = Path(tmp) / "content.db"
        build_bundle(load_content(CONTENT_DIR), bundle, version=1)
        rules = load_rules()
        with Library(bundle) as library:
            for kind, rid, ticks, facts in CASES:
                for locale in ("km", "en"):
                    pdf = make_pdf(library, PrintRequest(kind, rid, locale, "receipt", ticks, facts),
                                   rules=rules)
                    wall, cpu, send = [], [], []
                    for _ in range(args.runs + 2):
                        w, c = time.perf_counter(), time.process_time()
                        images = escpos.raster(pdf)
                        data = escpos.encode(images)
                        wall.append(time.perf_counter() - w)
                        cpu.append(time.process_time() - c)
                        s = time.perf_counter()
                        transport.send(data, address, deadline_s=30)
                        send.append(time.perf_counter() - s)
                    rows.append({"kind": kind, "locale": locale, "bytes": len(data),
                                 "paper_mm": round(images[0].height / escpos.DOTS_PER_MM),
                                 "raster_encode_wall": summary_ms(wall[2:]),
                                 "raster_encode_cpu": summary_ms(cpu[2:]),
                                 "send_loopback_wall": summary_ms(send[2:])})
    server.close()
    result = {"date": now(), "machine": machine(), "runs": args.runs, "receipts": rows}
    (OUT / "receipt_printer.json").write_text(json.dumps(result, indent=2))
    print(f"{'receipt':<22} {'bytes':>8} {'paper':>7}  raster+encode wall p50/p95   cpu p50   "
          "send (loopback) p50")
    for r in rows:
        w, c, s = r["raster_encode_wall"], r["raster_encode_cpu"], r["send_loopback_wall"]
        print(f"{r['kind'] + ' ' + r['locale']:<22} {r['bytes']:>8} {r['paper_mm']:>5}mm  "
              f"{w['p50']:8.1f} / {w['p95']:6.1f} ms   {c['p50']:6.1f} ms   {s['p50']:8.1f} ms")
    return result


if __name__ == "__main__":
    main()
