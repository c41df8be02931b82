"""The app's syncs run in a process of their own (kiosk.sync.process): the same outcome as the
in-process sync, its errors and cancellation carried back, and none of its libraries (tuf,
urllib3, cryptography) loaded into the kiosk."""
from __future__ import annotations

import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from kiosk.sync.errors import SyncCancelled, SyncError
from kiosk.sync.process import sync_in_subprocess
from kiosk.sync.sample import SampleWorld

if TYPE_CHECKING:
    from conftest import Kiosk, RepoServer


@pytest.fixture(autouse=True)
def trust_the_test_office(kiosk: Kiosk) -> None:
    """Later syncs trust the `trusted_root` setting (the app passes no --root): this office's."""
    kiosk.device.settings.trusted_root = str(kiosk.root_file)
    kiosk.device.save_settings()

CHILD = """
import sys
from kiosk.device import Device
from kiosk.sync.process import sync_in_subprocess
report = sync_in_subprocess(Device.open(sys.argv[1]), sys.argv[2], require_benefits=False)
print(report.message, report.version, report.updated, report.bytes_fetched > 0)
print(sorted(m for m in ("tuf", "urllib3", "securesystemslib", "cryptography") if m in sys.modules))
"""


def test_a_sync_in_its_own_process_updates_and_keeps_its_libraries_there(
        kiosk: Kiosk, world: SampleWorld) -> None:
    world.edit(3)
    world.publish()
    done = subprocess.run([sys.executable, "-c", CHILD, str(kiosk.device.root), kiosk.server],
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["updated to 2 2 True True", "[]"]
    assert kiosk.shown()[0] == 2
    assert kiosk.device.sync_state().last_result == "updated to 2"


def test_its_failure_comes_back_with_the_reason(kiosk: Kiosk, world: SampleWorld,
                                                server: RepoServer) -> None:
    world.edit(2)
    world.publish()
    server.faults.add(r"snapshot\.json$", "500")
    with pytest.raises(SyncError, match="HTTP 500") as failed:
        sync_in_subprocess(kiosk.device, kiosk.server, require_benefits=False)
    assert failed.value.km != failed.value.en  # the Khmer reason travels too
    assert kiosk.shown()[0] == 1
    assert "HTTP 500" in kiosk.device.sync_state().last_error


def test_cancel_stops_it_and_changes_nothing(kiosk: Kiosk, world: SampleWorld) -> None:
    world.edit(2)
    world.publish()
    with pytest.raises(SyncCancelled):
        sync_in_subprocess(kiosk.device, kiosk.server, cancel=lambda: True,
                           require_benefits=False)
    assert kiosk.shown()[0] == 1


def test_a_child_that_dies_is_a_sync_error(kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "executable", sys.executable + "-missing-for-the-test")
    with pytest.raises(SyncError, match="cannot start"):
        sync_in_subprocess(kiosk.device, kiosk.server, require_benefits=False)
    assert kiosk.shown()[0] == 1


def test_the_app_side_of_sync_loads_none_of_its_libraries() -> None:
    """What the kiosk itself imports for syncing (the runner, the bundle's state, the app-update
    mark) keeps python-tuf and its crypto out of the kiosk's memory."""
    code = ("import sys; import ui.sync_runner, kiosk.sync.apply, kiosk.sync.app_update; "
            "print(sorted(m for m in ('tuf', 'urllib3', 'securesystemslib', 'cryptography') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
