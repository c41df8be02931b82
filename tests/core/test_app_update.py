"""App updates through the TUF repository, without dpkg: publishing (versions only go up, a
content publish keeps the app), the kiosk's sync fetching and verifying a newer package, and
the root side's install / first-screen / roll-back logic with a real installer script.
(The same on a real Debian root with dpkg: packaging/package-test.sh.)"""
from __future__ import annotations

import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.paths import CONTENT_DIR
from kiosk.sync import app_update
from kiosk.sync.client import sync
from kiosk.sync.keys import init_keys
from kiosk.sync.publish import load_for_publish, publish


def fake_deb(path: Path, version: str, package: str = "nssf-kiosk") -> Path:
    """A real ar archive with a control.tar.gz, as dpkg-deb writes (the payload does not matter
    to the repository)."""
    control = f"Package: {package}\nVersion: {version}\nArchitecture: amd64\n".encode()
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tar:
        info = tarfile.TarInfo("./control")
        info.size = len(control)
        tar.addfile(info, io.BytesIO(control))
    members = [(b"debian-binary", b"2.0\n"), (b"control.tar.gz", buf.getvalue()),
               (b"data.tar.gz", b"payload " + version.encode())]
    out = b"!<arch>\n"
    for name, body in members:
        out += name.ljust(16) + b"0".ljust(12) + b"0".ljust(6) + b"0".ljust(6) + b"100644".ljust(8)
        out += str(len(body)).encode().ljust(10) + b"`\n" + body + (b"\n" if len(body) % 2 else b"")
    path.write_bytes(out)
    return path


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("app-repo")
    init_keys(base / "keys")
    publish(load_for_publish(CONTENT_DIR), base / "keys", base / "repo")
    return base / "keys", base / "repo"


def test_deb_fields_and_versions(tmp_path: Path) -> None:
    deb = fake_deb(tmp_path / "a.deb", "0.10.1")
    assert app_update.package_version(deb) == "0.10.1"
    assert app_update.version_key("0.10.1") > app_update.version_key("0.9.9")
    with pytest.raises(KioskError, match="not the package|is the package"):
        app_update.package_version(fake_deb(tmp_path / "b.deb", "1.0", package="other"))
    (tmp_path / "c.deb").write_bytes(b"not a deb")
    with pytest.raises(KioskError, match="not a Debian package"):
        app_update.package_version(tmp_path / "c.deb")


def test_publish_fetch_and_versions_only_go_up(tmp_path: Path, repo: tuple[Path, Path]) -> None:
    keys, out = repo
    newer = "99.0.1"
    assert app_update.publish_app(fake_deb(tmp_path / "n1.deb", newer), keys, out) == newer
    with pytest.raises(KioskError, match="not newer"):
        app_update.publish_app(fake_deb(tmp_path / "old.deb", "99.0.0"), keys, out)
    # a content publish afterwards keeps the app target
    publish(load_for_publish(CONTENT_DIR), keys, out)
    device = Device.open(tmp_path / "kiosk")
    sync(device, str(out), root=keys / "root.json")
    cached = list((device.root / "repo" / "targets" / "app").glob("*.nssf-kiosk_amd64.deb"))
    assert len(cached) == 1 and app_update.package_version(cached[0]) == newer


INSTALLER = """import json, pathlib, sys
deb = sys.argv[1]
app = pathlib.Path(sys.argv[2])
from kiosk.sync.app_update import package_version
v = package_version(pathlib.Path(deb))
(app / f"venv-{v}").mkdir(exist_ok=True)
link = app / "venv.new"; link.unlink(missing_ok=True); link.symlink_to(f"venv-{v}")
link.replace(app / "venv")
"""
STARTER = """import json, pathlib, sys, time
app, data = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
v = (app / "venv").readlink().name.removeprefix("venv-")
if "broken" not in (app / "venv").readlink().name and v != "99.0.2":
    (data / "app-started.json").write_text(json.dumps({"version": v}))
"""


def test_update_then_roll_back_a_broken_one(tmp_path: Path, repo: tuple[Path, Path]) -> None:
    """The root side with a stand-in for dpkg and systemctl (scripts that switch and start
    environments as postinst and the unit do); 99.0.2 never reaches its first screen."""
    keys, out = repo
    app_dir = tmp_path / "opt"
    (app_dir / f"venv-{app_update.running_version()}").mkdir(parents=True)
    (app_dir / "venv").symlink_to(f"venv-{app_update.running_version()}")
    (tmp_path / "install.py").write_text(INSTALLER)
    (tmp_path / "start.py").write_text(STARTER)
    device = Device.open(tmp_path / "kiosk")
    state = tmp_path / "state"
    kw = dict(state_dir=state, app_dir=app_dir, root_file=keys / "root.json", wait_s=3, idle_s=0,
              installer=[sys.executable, str(tmp_path / "install.py"), "--"],
              restart=[sys.executable, str(tmp_path / "start.py"), str(app_dir), str(device.root)])
    # the installer gets the deb path last: put app_dir after it through a wrapper
    script = tmp_path / "install.py"
    kw["installer"] = [sys.executable, "-c",
                       f"import runpy,sys; sys.argv=[sys.argv[0], sys.argv[1], {str(app_dir)!r}]; "
                       f"runpy.run_path({str(script)!r}, run_name='__main__')"]
    latest = json.loads((out / "metadata" / "timestamp.json").read_text())["signed"]["version"]
    assert latest >= 1
    sync(device, str(out), root=keys / "root.json")
    assert app_update.update(device, **kw) == "updated to 99.0.1"
    assert (app_dir / "venv").readlink().name == "venv-99.0.1"
    app_update.publish_app(fake_deb(tmp_path / "n2.deb", "99.0.2"), keys, out)
    sync(device, str(out), root=keys / "root.json")
    result = app_update.update(device, **kw)
    assert "rolled back to 99.0.1" in result, result
    assert (app_dir / "venv").readlink().name == "venv-99.0.1"
    assert app_update.started_version(device) == "99.0.1"
    assert "held" in app_update.update(device, **kw)


def test_busy_kiosk_waits(tmp_path: Path) -> None:
    device = Device.open(tmp_path / "kiosk")
    log = device.journey()
    log.record("v", "home")
    log.close()
    assert not app_update.kiosk_idle(device, 180)
    assert app_update.kiosk_idle(device, 0)


def test_cli_help_lists_app() -> None:
    done = subprocess.run([sys.executable, "-m", "kiosk.cli", "app", "--help"], capture_output=True,
                          text=True, timeout=60)
    assert "update" in done.stdout
