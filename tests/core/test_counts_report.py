"""`kiosk report` from a folder: totals equal the simulator's, hostile objects are skipped and
named, and the page is one self-contained file whose Khmer shapes as with the full font."""
from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from kiosk.counts import contract
from kiosk.counts.storage import FolderStore
from kiosk.paths import FONTS
from kiosk.report.build import build_report

TODAY = dt.date(2026, 11, 30)


def kiosk(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kiosk.cli", *args], capture_output=True,
                          text=True, timeout=300)


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    folder = tmp_path_factory.mktemp("fleet") / "usb"
    result = kiosk("fleet", "simulate", "--kiosks", "5", "--days", "6", "--to", str(folder),
                   "--visits-per-day", "12", "--end", TODAY.isoformat(), "--seed", "7")
    assert result.returncode == 0, result.stderr
    return folder, result.stdout.splitlines()


def test_report_totals_equal_the_simulators(fleet: tuple[Path, list[str]], tmp_path: Path) -> None:
    folder, simulated = fleet
    out = tmp_path / "report.html"
    result = kiosk("report", "--source", str(folder), "--lang", "en", "-o", str(out),
                   "--as-of", TODAY.isoformat())
    assert result.returncode == 0, result.stderr
    reported = result.stdout.splitlines()
    visits = next(line for line in simulated if line.startswith("visits: "))
    assert int(visits.split(": ")[1]) > 100
    shared = [line for line in reported if ":" in line and not line.startswith(("objects", "wrote"))]
    assert shared and set(shared) <= set(simulated), sorted(set(shared) - set(simulated))
    assert "objects read: 30, skipped: 0" in result.stdout  # 5 kiosks x 6 days
    assert out.read_text(encoding="utf-8").count("<svg") >= 4


def test_khmer_page_is_self_contained_and_shapes(fleet: tuple[Path, list[str]]) -> None:
    folder, _ = fleet
    page, data, _loaded = build_report(FolderStore(folder), "km", TODAY)
    assert page.startswith("<!DOCTYPE html>") and '<html lang="km">' in page
    assert "ការចុចអេក្រង់" in page or "ប៉ះ" in page  # a Khmer funnel step
    # nothing fetched: no script, no link, every url() a data: URL
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert all(u.startswith(("data:", "#")) for u in re.findall(r"url\(([^)]*)\)", page))
    assert not re.search(r'(src|href)="(?!data:|#)', page)
    faces = re.findall(r"font-family:'([^']+)';font-weight:(\d+);.*?base64,([A-Za-z0-9+/=]+)", page)
    assert {(f, w) for f, w, _ in faces} >= {("Noto Sans Khmer", "400"), ("Noto Sans Khmer", "700")}
    regular = next(base64.b64decode(b) for f, w, b in faces if f == "Noto Sans Khmer" and w == "400")
    sub = TTFont(io.BytesIO(regular))
    sub.flavor = None
    plain = io.BytesIO()
    sub.save(plain)
    small, full = _hb_font(plain.getvalue()), _hb_font((FONTS / "NotoSansKhmer-Regular.ttf").read_bytes())
    small_names, full_names = sub.getGlyphOrder(), TTFont(FONTS / "NotoSansKhmer-Regular.ttf").getGlyphOrder()
    # word by word (a zero-width space is a line-break chance, drawn as nothing)
    texts = set(re.findall(r"[\u1780-\u17ff\u19e0-\u19ff]+", page))
    assert len(texts) > 20
    for text in texts:
        got = [small_names[g] for g in _shape(small, text)]
        want = [full_names[g] for g in _shape(full, text)]
        assert got == want, text  # the subset kept every glyph and substitution Khmer needs
        assert ".notdef" not in got and "uni25CC" not in got, text


def _hb_font(data: bytes) -> hb.Font:
    return hb.Font(hb.Face(hb.Blob(data)))


def _shape(font: hb.Font, text: str) -> list[int]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    hb.shape(font, buf, {})
    return [info.codepoint for info in buf.glyph_infos]


def _object(kiosk: str, day: str, revision: int, lines: list[dict], *, header: dict | None = None,
            digest: str | None = None) -> tuple[str, bytes]:
    head = header or {"type": "day", "schema": contract.SCHEMA, "version": 1, "kiosk": kiosk,
                      "day": day, "revision": revision}
    text = "\n".join(json.dumps(x, sort_keys=True) for x in [head, *lines]).encode() + b"\n"
    digest = digest or hashlib.sha256(text).hexdigest()[:16]
    return f"v1/{kiosk}/{day}/{revision:08d}-{digest}.ndjson.gz", gzip.compress(text, mtime=0)


def _write(folder: Path, key: str, body: bytes) -> Path:
    path = folder / key
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def count(metric: str, key: str, n: int) -> dict:
    return {"type": "count", "metric": metric, "key": key, "n": n}


def test_hostile_objects_skipped_and_named(tmp_path: Path) -> None:
    folder = tmp_path / "bucket"
    day = "2026-11-27"
    _write(folder, *_object("k-000000000001", day, 1, [count("visits", "", 5)]))
    _write(folder, *_object("k-000000000001", day, 0, [count("visits", "", 99)]))  # superseded
    # a kiosk of format version 2 beside one of version 1: both read
    v2 = {"type": "day", "schema": contract.SCHEMA, "version": 2, "kiosk": "k-000000000002",
          "day": day, "revision": 3}
    _write(folder, *_object("k-000000000002", day, 3, [
        count("visits", "", 2), count("reached", "monthly", 2), count("ended", "monthly", 2),
        count("ended_by", "finish:monthly", 2)], header=v2))
    version_three = {"type": "day", "schema": contract.SCHEMA, "version": 3,
                     "kiosk": "k-00000000000d", "day": day, "revision": 1}
    hostile = [
        _object("k-00000000000c", day, 1, [count("visits", "", 7)], digest="0" * 16),  # wrong hash
        _object("k-00000000000d", day, 1, [count("visits", "", 7)], header=version_three),
        # a metric of version 2 in an object that says version 1
        _object("k-000000000016", day, 1, [count("visits", "", 7), count("monthly_total", "", 7)]),
        _object("k-00000000000e", day, 1, [count("wage", "", 1200000)]),  # not a metric
        _object("k-00000000000f", day, 1, [count("visits", "", 10**12)]),  # absurd count
        _object("k-000000000010", day, 1, [count("search_opened", "my name", 1)]),  # free text
        _object("k-000000000011", day, 1, [{"type": "heartbeat", "seq": 1,
                                            "last_sync_day": "2026-11-27T09:14"}]),  # a time
        _object("k-000000000014", day, 1, [{"type": "count", "metric": "visits", "key": "",
                                            "n": True}]),  # a bool is no count
    ]
    for key, body in hostile:
        _write(folder, key, body)
    bomb_key = _object("k-00000000000b", day, 1, [])[0]
    _write(folder, bomb_key, gzip.compress(b"\n" * (contract.MAX_TEXT + 10), mtime=0))
    _write(folder, f"v1/k-000000000012/{day}/00000001-zzzz.ndjson.gz", b"junk")  # not a name
    _write(folder, _object("k-000000000015", day, 1, [])[0], b"not gzip at all")
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the report")
    link = folder / _object("k-000000000013", day, 1, [])[0]
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)  # a stick with a link to a file elsewhere: never followed
    page, data, loaded = build_report(FolderStore(folder), "en", TODAY)
    assert data.totals["visits"] == 7
    assert loaded.objects == 2 and loaded.superseded == 1 and loaded.versions == {1: 1, 2: 1}
    assert data.ends == {"finish": 2} and ("monthly", 2, 2, 0, 2, 0) in data.screens
    skipped = "\n".join(loaded.skipped)
    for number in "bcdef":
        assert f"k-00000000000{number}" in skipped
    for number in range(0x10, 0x17):
        assert f"k-0000000000{number:02x}" in skipped
    assert "not for the report" not in page
    assert "k-00000000000d" in page  # the page names what it skipped


def test_fleet_flags_silent_and_behind(tmp_path: Path) -> None:
    folder = tmp_path / "bucket"

    def beat(version: int, **more: object) -> dict:
        return {"type": "heartbeat", "seq": 1, "trigger": "upload", "app_version": "0.1.0",
                "content_version": version, "last_sync_result": "up to date",
                "kiosk_name": more.pop("name", "K"), **more}

    for kiosk_id, day, version, extra in (
            ("k-00000000000a", "2026-11-30", 12, {"name": "Fine"}),
            ("k-00000000000b", "2026-11-27", 12, {"name": "Silent"}),
            ("k-00000000000c", "2026-11-30", 11, {"name": "Behind"}),
            ("k-00000000000d", "2026-11-30", 12, {"name": "Paper", "printer": "problem",
                                                  "printer_problem_day": "2026-11-29"})):
        key, body = _object(kiosk_id, day, 1, [count("visits", "", 1), beat(version, **extra)])
        _write(folder, key, body)
    page, data, _ = build_report(FolderStore(folder), "en", TODAY)
    flags = {r.name: (r.silent, r.behind, r.printer) for r in data.fleet}
    assert flags == {"Fine": (False, False, ""), "Silent": (True, False, ""),
                     "Behind": (False, True, ""), "Paper": (False, False, "problem")}
    assert "Silent for 3 days" in page and "Content 11, newest 12" in page
    assert "Printer problem since 29 Nov 2026" in page


def test_an_empty_source_gives_a_page_and_a_missing_one_a_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "r.html"
    result = kiosk("report", "--source", str(empty), "-o", str(out), "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert "visits: 0" in result.stdout and "No data yet." in out.read_text(encoding="utf-8")
    for args in (["--source", str(tmp_path / "nowhere")], ["--source", str(empty), "--as-of", "30/11"],
                 ["--source", "s3://"], ["--source", str(empty), "-o", str(tmp_path)]):
        bad = kiosk("report", *args, *(["-o", str(out)] if "-o" not in args else []))
        assert bad.returncode == 1, args
        assert "Traceback" not in bad.stderr and len(bad.stderr.strip().splitlines()) == 1, bad.stderr


def test_a_cache_is_read_instead_of_the_store(fleet: tuple[Path, list[str]], tmp_path: Path) -> None:
    from kiosk.report.load import load

    def visits(store: FolderStore) -> tuple[int, list[str]]:
        loaded = load(store, cache=cache)
        total = loaded.db.execute("SELECT sum(n) FROM counts WHERE metric = 'visits'").fetchone()[0]
        loaded.db.close()
        return total, loaded.skipped

    folder, _ = fleet
    cache = tmp_path / "cache"
    first, _ = visits(FolderStore(folder))
    assert first and len(list(cache.rglob("*.ndjson.gz"))) == 30

    class Gone(FolderStore):  # the bucket is unreachable now: only its names are listed
        def get(self, key: str, limit: int) -> bytes:
            raise ConnectionError("no network")

    assert visits(Gone(folder)) == (first, [])
    kept = sorted(cache.rglob("*.ndjson.gz"))[0]
    kept.write_bytes(gzip.compress(b"tampered\n", mtime=0))  # a kept object is checked again...
    _total, skipped = visits(Gone(folder))
    assert len(skipped) == 1 and "no network" in skipped[0]
    assert visits(FolderStore(folder)) == (first, [])  # ...and fetched again when it is damaged
