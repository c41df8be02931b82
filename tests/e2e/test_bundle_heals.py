"""A damaged bundle heals: it is checked at start (Device.ensure_bundle, which the app calls)
and before a sync says "up to date"; a damaged one falls back to the previous bundle, then to
the shipped content, the next sync repairs it, and the note for staff says what happened."""
from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from kiosk.cli import main
from kiosk.content.health import bundle_problem
from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk


def edit_a_record(bundle: Path) -> None:
    """Pages whole, content changed: only the content hash can tell."""
    conn = sqlite3.connect(bundle)
    conn.execute("UPDATE records SET json = replace(json, 'a', 'b') WHERE rowid = 1")
    conn.commit()
    conn.close()


def overwrite_pages(bundle: Path) -> None:
    data = bytearray(bundle.read_bytes())
    for at in range(8192, len(data) - 4096, 8192):
        data[at:at + 512] = b"\xff" * 512
    bundle.write_bytes(bytes(data))


def cut_short(bundle: Path) -> None:
    data = bundle.read_bytes()
    bundle.write_bytes(data[: len(data) // 3])


DAMAGE: dict[str, Callable[[Path], None]] = {"edited record": edit_a_record,
                                             "overwritten pages": overwrite_pages,
                                             "cut short": cut_short}


@pytest.fixture()
def v2(world: SampleWorld, kiosk: Kiosk) -> Kiosk:
    """Synced to version 2, with version 1 kept as the previous bundle."""
    world.edit(2)
    world.publish()
    assert kiosk.sync().message == "updated to 2"
    return kiosk


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_at_start_a_damaged_bundle_falls_back_to_the_previous(v2: Kiosk, damage: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    device = v2.device
    DAMAGE[damage](device.bundle_path)
    assert bundle_problem(device.bundle_path) is not None
    assert main(["status", "--data-dir", str(device.root)]) == 0
    assert "content version: damaged" in capsys.readouterr().out
    shown = device.ensure_bundle()  # what the app does at start
    assert bundle_problem(shown) is None
    assert v2.shown()[0] == 1
    note = device.sync_state().content_note
    assert "was damaged" in note and "showing the previous content (version 1)" in note
    if damage == "edited record":  # still readable: the note names the version
        assert "the current content (version 2) was damaged" in note
    assert (device.content_dir / "damaged.db").is_file()  # kept for a look, never shown
    assert v2.sync().message == "updated to 2"  # the next sync repairs it
    assert v2.shown()[0] == 2 and device.sync_state().content_note == ""


def test_both_damaged_falls_back_to_the_shipped_content(v2: Kiosk) -> None:
    device = v2.device
    cut_short(device.bundle_path)
    cut_short(device.previous_bundle_path)
    shown = device.ensure_bundle()
    assert bundle_problem(shown) is None
    assert "showing the content shipped with the app" in device.sync_state().content_note
    from kiosk.content.library import Library
    from kiosk.content.loader import load_content
    from kiosk.paths import CONTENT_DIR

    with Library(shown) as library:  # the shipped content, every one of its benefits
        assert sorted(library.ids("benefits")) == sorted(load_content(CONTENT_DIR).records["benefits"])
    assert v2.sync().message == "updated to 2"


@pytest.mark.parametrize("damage", ["edited record", "overwritten pages"])
def test_sync_never_calls_a_damaged_bundle_up_to_date(v2: Kiosk, damage: str) -> None:
    """Today: a damaged bundle showed an empty kiosk and sync called it up to date."""
    device = v2.device
    previous = device.previous_bundle_path.read_bytes()
    DAMAGE[damage](device.bundle_path)
    report = v2.sync()
    assert report.message == "updated to 2" and report.updated
    assert bundle_problem(device.bundle_path) is None and v2.shown()[0] == 2
    assert device.previous_bundle_path.read_bytes() == previous  # the damaged one is not kept
    assert v2.sync().message == "up to date"
