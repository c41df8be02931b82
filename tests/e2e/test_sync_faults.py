"""Each fault a kiosk meets on a poor network or a hostile server, against a real HTTP server
on 127.0.0.1. In every case: the content shown is unchanged and complete, the reason is clear
(in the exception and in `kiosk status`), and the next try works once the fault is gone."""
from __future__ import annotations

import datetime as dt
import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kiosk.cli import main
from kiosk.errors import KioskError
from kiosk.sync.errors import SyncError
from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer


def fails(kiosk: Kiosk, *words: str, **kw: object) -> str:
    """The sync fails, with a reason naming `words`, recorded, and the old content intact."""
    before = kiosk.shown()
    with pytest.raises(SyncError) as caught:
        kiosk.sync(**kw)
    reason = str(caught.value)
    for word in words:
        assert word in reason, reason
    assert kiosk.shown() == before
    state = kiosk.device.sync_state()
    assert state.last_result == "failed" and state.last_error == reason
    leftovers = [p for p in kiosk.device.root.rglob("*") if p.name.endswith((".part", ".building"))
                 or p.name.startswith("next.db")]
    assert leftovers == []
    return reason


def recovers(kiosk: Kiosk, server: RepoServer, version: int = 2) -> None:
    server.faults.clear()
    assert kiosk.sync().message == f"updated to {version}"
    assert kiosk.shown()[0] == version
    assert kiosk.device.sync_state().last_error == ""


@pytest.fixture()
def v2(world: SampleWorld, kiosk: Kiosk) -> SampleWorld:
    """Version 2 published (two records changed); the kiosk still has version 1."""
    world.edit(1, 5)
    assert world.publish().version == 2
    return world


def test_server_down_then_back(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.stop()
    fails(kiosk, "cannot reach", "connection refused")
    server.start()
    recovers(kiosk, server)


def test_http_500(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.faults.add(r"timestamp\.json$", "500")
    fails(kiosk, "HTTP 500", "timestamp.json")
    recovers(kiosk, server)


def test_http_500_on_a_piece(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.faults.add(r"/targets/records/", "500")
    fails(kiosk, "HTTP 500", "/targets/records/")
    recovers(kiosk, server)


def test_timeout_no_answer(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.faults.add(r"snapshot\.json$", "stall")
    fails(kiosk, "no answer within 1 s", "snapshot.json")
    recovers(kiosk, server)


def test_stall_mid_body(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.faults.add(r"/targets/records/", "stall-body")
    fails(kiosk, "stopped sending", "nothing for 1 s")
    recovers(kiosk, server)


def test_truncated_piece(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.faults.add(r"/targets/records/", "truncate")
    fails(kiosk, "broke off")
    recovers(kiosk, server)


def test_truncated_piece_on_disk(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    """A piece cut short on the server (a failed upload): complete HTTP, wrong length."""
    new = _new_pieces(v2)
    original = new[0].read_bytes()
    new[0].write_bytes(original[: len(original) // 2])
    fails(kiosk, "does not match its signed hash")
    new[0].write_bytes(original)
    recovers(kiosk, server)


def test_piece_with_wrong_hash(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    server.faults.add(r"/targets/records/", "corrupt")
    fails(kiosk, "does not match its signed hash")
    recovers(kiosk, server)


def _new_pieces(world: SampleWorld) -> list[Path]:
    """Target files of the last publish that the previous one did not have."""
    files = sorted((world.repo / "targets").rglob("*.json"), key=lambda p: p.stat().st_mtime_ns)
    newest = files[-1].stat().st_mtime_ns
    return [p for p in files if p.stat().st_mtime_ns >= newest - 50_000_000 and "index" not in p.name]


def test_flip_one_byte_in_every_piece_the_sync_must_fetch(
        v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    """The issue's check: any fetched piece with one byte flipped fails the sync; status
    still shows the old version."""
    pieces = _new_pieces(v2)
    assert len(pieces) == 2
    for piece in pieces:
        original = piece.read_bytes()
        flipped = bytearray(original)
        flipped[len(flipped) // 3] ^= 0x20
        piece.write_bytes(bytes(flipped))
        fails(kiosk, "does not match its signed hash", piece.name.split(".", 1)[1])
        piece.write_bytes(original)
    recovers(kiosk, server)


def test_metadata_signed_by_a_wrong_key(v2: SampleWorld, kiosk: Kiosk, server: RepoServer,
                                        tmp_path: Path) -> None:
    """A timestamp re-signed with a key the root does not name (a stolen server, no keys)."""
    from kiosk.sync.keys import init_keys
    from kiosk.sync.publish import refresh_timestamp

    other = tmp_path / "other-keys"
    init_keys(other)
    good = (v2.repo / "metadata" / "timestamp.json").read_bytes()
    with pytest.raises(KioskError, match="not the targets key"):
        refresh_timestamp(other, v2.repo)  # the publisher refuses keys root.json does not name
    # so forge it by hand, as an attacker would
    from tuf.api.metadata import Metadata

    from kiosk.sync.keys import SERIALIZER, load_signer

    md = Metadata.from_bytes(good)
    md.signed.version += 1
    md.sign(load_signer(other, "timestamp"))
    (v2.repo / "metadata" / "timestamp.json").write_bytes(md.to_bytes(SERIALIZER))
    fails(kiosk, "not signed by the trusted keys", "timestamp")
    (v2.repo / "metadata" / "timestamp.json").write_bytes(good)
    recovers(kiosk, server)


def test_rollback_to_an_older_version_is_refused(
        world: SampleWorld, kiosk: Kiosk, server: RepoServer, tmp_path: Path,
        start_server: Callable[[Path], RepoServer]) -> None:
    """A mirror replaying an old (validly signed) repository after the kiosk saw a newer one."""
    old = tmp_path / "old-repo"
    shutil.copytree(world.repo, old)
    world.edit(2)
    world.publish()
    assert kiosk.sync().message == "updated to 2"
    kiosk.server = start_server(old).url
    reason = fails(kiosk, "older metadata", "rollback")
    assert "timestamp" in reason
    kiosk.server = server.url
    world.edit(3)
    world.publish()
    recovers(kiosk, server, version=3)


def test_expired_metadata_is_refused(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    """A frozen server: a timestamp whose expiry has passed (republished as such here)."""
    from kiosk.sync.publish import refresh_timestamp

    refresh_timestamp(v2.keys, v2.repo, expires_days=-1)
    fails(kiosk, "expired", "stale or frozen")
    refresh_timestamp(v2.keys, v2.repo)  # head office's daily `kiosk publish --refresh`
    recovers(kiosk, server)


def test_cancelled(v2: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 4

    fails(kiosk, "cancelled", cancel=cancel)
    recovers(kiosk, server)


# --- a disk that fills up -------------------------------------------------------------------
@pytest.fixture()
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB tmpfs (real ENOSPC from the kernel); skipped where mounting is not allowed."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full(server: RepoServer, world: SampleWorld, tiny_disk: Path,
                   make_kiosk: Callable[..., Kiosk]) -> None:
    kiosk = make_kiosk(tiny_disk / "data", server.url, world.root_file)
    assert kiosk.sync().message == "updated to 1"
    world.edit(1, 5)
    world.publish()
    filler = tiny_disk / "filler"
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"\0" * max(0, free - 48 * 1024))  # leave room for state, not a bundle
    fails(kiosk, "disk is full")
    filler.unlink()
    recovers(kiosk, server)


def test_disk_full_injected_at_the_piece_write(v2: SampleWorld, kiosk: Kiosk, server: RepoServer,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The same where no tmpfs can be mounted: ENOSPC at the narrowest boundary, the write of
    a downloaded piece into the data dir (ngclient's copy from its temporary file)."""
    import shutil as shutil_module

    real = shutil_module.copyfileobj

    def full(src, dst, *a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("tuf.ngclient.updater.shutil.copyfileobj", full)
    fails(kiosk, "disk is full")
    monkeypatch.setattr("tuf.ngclient.updater.shutil.copyfileobj", real)
    recovers(kiosk, server)


def test_status_shows_the_reason(v2: SampleWorld, kiosk: Kiosk, server: RepoServer,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    server.faults.add(r"timestamp\.json$", "500")
    code = main(["sync", "--server", server.url, "--data-dir", str(kiosk.device.root),
                 "--timeout", "1", "--allow-missing-benefits"])
    err = capsys.readouterr().err
    assert code == 1 and "HTTP 500" in err and len(err.strip().splitlines()) == 1
    assert main(["status", "--data-dir", str(kiosk.device.root)]) == 0
    out = capsys.readouterr().out
    assert "content version: 1\n" in out and "(failed)" in out and "HTTP 500" in out


def test_expiry_is_checked_against_now(world: SampleWorld) -> None:
    """Sanity of the fixture itself: the default timestamp lives seven days."""
    from tuf.api.metadata import Metadata

    md = Metadata.from_bytes((world.repo / "metadata" / "timestamp.json").read_bytes())
    left = md.signed.expires - dt.datetime.now(dt.UTC)
    assert dt.timedelta(days=6) < left <= dt.timedelta(days=7)


def test_patch_flipped_or_missing(world: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    """A small change travels as a patch; a patch that does not rebuild the signed piece is
    refused like a tampered piece, and a missing one falls back to the piece itself."""
    world.note(2, "new phone: 023 999 000")
    world.publish()
    patch = next((world.repo / "targets" / "patches").iterdir())
    original = patch.read_bytes()
    patch.write_bytes(original.replace(b"999", b"998"))
    fails(kiosk, "rebuilt with patches/", "does not hash to its signed sha256")
    patch.unlink()
    recovers(kiosk, server)
    assert any("/targets/records/glossary/" in r for r in server.faults.requests[-6:])


def test_patch_used_when_there(world: SampleWorld, kiosk: Kiosk, server: RepoServer) -> None:
    world.note(4, "new phone: 023 999 000")
    world.publish()
    server.faults.requests.clear()
    recovers(kiosk, server)
    assert any("/targets/patches/" in r for r in server.faults.requests)
    assert not any("/targets/records/" in r for r in server.faults.requests)
