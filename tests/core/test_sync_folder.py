"""Pulling from a folder (a USB stick, a shared folder, or another kiosk's copy): the whole
client path without a network, and what the kiosk keeps on disk."""
from __future__ import annotations

import fcntl
import shutil
import sqlite3
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.content.library import Library
from kiosk.device import Device
from kiosk.sync.apply import check_bundle
from kiosk.sync.client import media_file, sync
from kiosk.sync.errors import SyncError
from kiosk.sync.layout import SyncPaths
from kiosk.sync.sample import SampleWorld


@pytest.fixture()
def world(tmp_path: Path) -> SampleWorld:
    w = SampleWorld(tmp_path / "office", terms=10, offices=2)
    w.publish()
    return w


def pull(device: Device, world: SampleWorld, **kw: object):
    kw.setdefault("require_benefits", False)
    return sync(device, str(world.repo), root=world.root_file, **kw)  # type: ignore[arg-type]


def version(device: Device) -> int:
    with Library(device.bundle_path) as library:
        return library.meta.content_version


def test_first_sync_then_up_to_date_then_a_change(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    first = pull(device, world)
    assert (first.message, first.updated, first.pieces_fetched) == ("updated to 1", True, 12)
    assert version(device) == 1
    again = pull(device, world)
    assert again.message == "up to date" and again.pieces_fetched == 0
    assert 0 < again.bytes_fetched < 1000  # the timestamp only
    world.edit(3)
    world.publish()
    second = pull(device, world)
    assert second.message == "updated to 2" and second.pieces_fetched == 1
    assert second.bytes_fetched < first.bytes_fetched / 4
    assert version(device) == 2 and device.previous_bundle_path.is_file()
    with Library(device.previous_bundle_path) as library:
        assert library.meta.content_version == 1
    state = device.sync_state()
    assert state.last_result == "updated to 2" and state.last_error == ""
    assert state.bytes_fetched == second.bytes_fetched and state.last_success == state.last_try


def test_cli_sync_status_and_rollback(world: SampleWorld, tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "kiosk")
    args = ["sync", "--server", str(world.repo), "--data-dir", data, "--root",
            str(world.root_file), "--allow-missing-benefits"]
    assert main(args) == 0
    assert capsys.readouterr().out.startswith("updated to 1 (")
    world.edit(1)
    world.publish()
    # a root on disk is never an anchor: without --root the shipped root is, which did not
    # sign this repository; the trusted_root setting names this office's root for good
    assert main(args[:-3] + ["--allow-missing-benefits"]) == 1
    assert "not signed by the trusted keys" in capsys.readouterr().err
    assert main(["settings", "--data-dir", data, f"trusted_root={world.root_file}"]) == 0
    assert main(args[:-3] + ["--allow-missing-benefits"]) == 0
    assert "updated to 2" in capsys.readouterr().out
    assert main(["status", "--data-dir", data]) == 0
    assert "content version: 2\n" in capsys.readouterr().out

    assert main(["rollback", "--data-dir", data]) == 0
    assert "rolled back to content version 1" in capsys.readouterr().out
    assert main(args) == 0  # the version rolled back from is not re-applied...
    assert "version 2 was rolled back here" in capsys.readouterr().out
    assert main(["status", "--data-dir", data]) == 0
    assert "content version: 1\n" in capsys.readouterr().out
    world.edit(2)
    world.publish()
    assert main(args) == 0  # ...but a newer one is
    assert "updated to 3" in capsys.readouterr().out


def test_rollback_without_previous(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rollback", "--data-dir", str(tmp_path / "empty")]) == 1
    assert "no previous content" in capsys.readouterr().err


def test_all_benefits_required_by_default(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    pull(device, world)
    world.edit(2)
    world.publish()
    with pytest.raises(SyncError, match="the content defines no benefit"):
        pull(device, world, require_benefits=True)
    assert version(device) == 1
    assert "defines no benefit" in device.sync_state().last_error


def test_a_kiosk_feeds_another_from_its_copy(world: SampleWorld, tmp_path: Path) -> None:
    first = Device.open(tmp_path / "first")
    pull(first, world)
    world.edit(0)
    world.publish()
    pull(first, world)
    copy = SyncPaths(first.root).repo
    shutil.copytree(copy, tmp_path / "usb-stick")  # e.g. carried on a USB stick
    second = Device.open(tmp_path / "second")
    report = sync(second, str(tmp_path / "usb-stick"), root=world.root_file, require_benefits=False)
    assert report.message == "updated to 2"
    with Library(first.bundle_path) as a, Library(second.bundle_path) as b:
        assert a.meta.content_hash == b.meta.content_hash


def test_the_cache_keeps_only_what_bundles_need(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    pull(device, world)
    for _ in range(3):
        world.edit(4)
        world.publish()
        pull(device, world)
    pieces = list((SyncPaths(device.root).repo_targets / "records").rglob("*.json"))
    # 12 records + the old version of the edited one (kept for previous.db) + the index
    assert len([p for p in pieces if "term-0004" in p.name]) == 2
    assert len(pieces) == 13


def test_a_damaged_cached_piece_is_fetched_again(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    pull(device, world)
    # any cached piece but the one about to change (which is fetched anyway)
    piece = next(p for p in sorted((SyncPaths(device.root).repo_targets / "records" /
                                    "glossary").iterdir()) if "term-0009" not in p.name)
    piece.write_bytes(b"rot")
    world.edit(9)
    world.publish()
    report = pull(device, world)
    assert report.message == "updated to 2" and report.pieces_fetched == 2


def test_media_reach_the_kiosk(tmp_path: Path) -> None:
    image = b"\x89PNG not really" * 100
    world = SampleWorld(tmp_path / "office", terms=2, offices=0, images={"img/a.png": image})
    world.publish()
    device = Device.open(tmp_path / "kiosk")
    pull(device, world)
    found = media_file(device, "img/a.png")
    assert found is not None and found.read_bytes() == image
    assert media_file(device, "img/none.png") is None


def test_cancelled_before_anything(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    with pytest.raises(SyncError, match="cancelled"):
        pull(device, world, cancel=lambda: True)
    assert not device.bundle_path.exists()
    assert device.sync_state().last_error == "sync cancelled"


def test_one_sync_at_a_time(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    paths = SyncPaths(device.root)
    paths.sync_dir.mkdir(parents=True)
    with open(paths.lock, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(SyncError, match="another sync is running"):
            pull(device, world)


def test_wrong_root_on_first_use(world: SampleWorld, tmp_path: Path) -> None:
    other = SampleWorld(tmp_path / "other-office", terms=1, offices=0)
    device = Device.open(tmp_path / "kiosk")
    with pytest.raises(SyncError, match="not signed by the trusted keys"):
        sync(device, str(world.repo), root=other.root_file, require_benefits=False)
    assert not device.bundle_path.exists()


def test_check_bundle_refuses_a_damaged_file(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    pull(device, world)
    damaged = tmp_path / "damaged.db"
    data = device.bundle_path.read_bytes()
    damaged.write_bytes(data[: len(data) // 2])  # a bundle cut short
    with pytest.raises(SyncError):
        check_bundle(damaged, require_benefits=False)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(SyncError):
        check_bundle(empty, require_benefits=False)


def test_a_small_change_travels_as_a_patch(world: SampleWorld, tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    first = pull(device, world)
    world.note(6, "new phone: 023 999 000")
    world.publish()
    report = pull(device, world)
    assert report.message == "updated to 2" and report.pieces_fetched == 1
    assert report.bytes_fetched < first.bytes_fetched / 5  # signed metadata, mostly
    with Library(device.bundle_path) as library:
        assert library._one("glossary", "term-0006").notes == "new phone: 023 999 000"


def test_shipped_root_is_used_on_first_use(world: SampleWorld, tmp_path: Path) -> None:
    """No --root: the shipped root, which did not sign this test repository."""
    device = Device.open(tmp_path / "kiosk")
    with pytest.raises(SyncError, match="not signed by the trusted keys"):
        sync(device, str(world.repo), require_benefits=False)
