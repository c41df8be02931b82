"""App updates through the TUF repository, without dpkg: publishing (versions only go up, a
content publish keeps the app), the kiosk's sync fetching and verifying a newer package, and
the root side's install / first-screen / roll-back logic with a real installer script.
(The same on a real Debian root with dpkg: packaging/package-test.sh.)"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.device import Device
from kiosk.errors import KioskError
from kiosk.paths import CONTENT_DIR
from kiosk.sync import app_update
from kiosk.sync.client import sync
from kiosk.sync.keys import init_keys
from kiosk.sync.publish import load_for_publish, publish

BIG = os.urandom(400_000)  # a dependency wheel that does not change between releases


def make_deb(path: Path, version: str, package: str = "nssf-kiosk",
             wheels: dict[str, bytes] | None = None, postinst: str = "exit 0\n") -> Path:
    """A real package as make package builds it (dpkg-deb, gzip), with a wheelhouse: one big
    dependency wheel that stays the same, and the app's own wheel, new in each version."""
    if not shutil.which("dpkg-deb"):
        pytest.skip("dpkg-deb is not installed")
    tree = path.with_suffix(".tree")
    shutil.rmtree(tree, ignore_errors=True)
    house = tree / "opt" / "nssf-kiosk" / "wheelhouse"
    house.mkdir(parents=True)
    (tree / "DEBIAN").mkdir()
    (tree / "DEBIAN" / "control").write_text(
        f"Package: {package}\nVersion: {version}\nArchitecture: amd64\n"
        "Maintainer: test <t@example.org>\nDescription: test\n")
    (tree / "DEBIAN" / "postinst").write_text("#!/bin/sh\n" + postinst.replace("@VERSION@", version))
    (tree / "DEBIAN" / "postinst").chmod(0o755)
    if wheels is None:
        wheels = {"pyside6_addons-6.11.3-cp310-abi3-manylinux_2_34_x86_64.whl": BIG,
                  f"nssf_kiosk-{version}-py3-none-any.whl": os.urandom(20_000)}
    for name, data in wheels.items():
        (house / name).write_bytes(data)
    (tree / "opt" / "nssf-kiosk" / "requirements.txt").write_text("nssf-kiosk\n")
    (tree / "usr" / "bin").mkdir(parents=True)
    (tree / "usr" / "bin" / "kiosk").symlink_to("/opt/nssf-kiosk/venv/bin/kiosk")
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(tree), str(path)],
                   check=True, capture_output=True, timeout=120)
    return path


def contents(deb: Path) -> list[str]:
    """`dpkg-deb --contents`: modes, owners, sizes and names, as dpkg sees the package."""
    out = subprocess.run(["dpkg-deb", "--contents", str(deb)], check=True, capture_output=True,
                         text=True, timeout=60).stdout
    return sorted(" ".join(line.split()[:3] + line.split()[5:]) for line in out.splitlines())


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    base = tmp_path_factory.mktemp("app-repo")
    init_keys(base / "keys")
    publish(load_for_publish(CONTENT_DIR), base / "keys", base / "repo")
    return base / "keys", base / "repo"


def test_deb_fields_and_versions(tmp_path: Path) -> None:
    deb = make_deb(tmp_path / "a.deb", "0.10.1")
    assert app_update.package_version(deb) == "0.10.1"
    assert app_update.version_key("0.10.1") > app_update.version_key("0.9.9")
    with pytest.raises(KioskError, match="not the package|is the package"):
        app_update.package_version(make_deb(tmp_path / "b.deb", "1.0", package="other"))
    (tmp_path / "c.deb").write_bytes(b"not a deb")
    with pytest.raises(KioskError, match="not a Debian package"):
        app_update.package_version(tmp_path / "c.deb")


def test_publish_fetch_and_versions_only_go_up(tmp_path: Path, repo: tuple[Path, Path]) -> None:
    keys, out = repo
    newer = "99.0.1"
    assert app_update.publish_app(make_deb(tmp_path / "n1.deb", newer), keys, out) == newer
    with pytest.raises(KioskError, match="not newer"):
        app_update.publish_app(make_deb(tmp_path / "old.deb", "99.0.0"), keys, out)
    # a content publish afterwards keeps the app target
    publish(load_for_publish(CONTENT_DIR), keys, out)
    device = Device.open(tmp_path / "kiosk")
    sync(device, str(out), root=keys / "root.json")
    cached = list((device.root / "repo" / "targets" / "app").glob("*.nssf-kiosk-without-wheels_amd64.deb"))
    assert len(cached) == 1 and app_update.package_version(cached[0]) == newer


# postinst as the package's does it: this version's environment, switched in (under dpkg's
# --instdir, $DPKG_ROOT)
POSTINST = """set -e
app="$DPKG_ROOT/opt/nssf-kiosk"
mkdir -p "$app/venv-@VERSION@"
ln -sfn venv-@VERSION@ "$app/venv.new" && mv -T "$app/venv.new" "$app/venv"
"""
BROKEN = "99.2.2"


def dpkg_root(tmp_path: Path) -> tuple[Path, list[str]]:
    """An empty system for the real dpkg (its own database and install folder), and the dpkg
    command that installs into it."""
    if not shutil.which("dpkg"):
        pytest.skip("dpkg is not installed")
    root = tmp_path / "system"
    for folder in ("var/lib/dpkg/info", "var/lib/dpkg/updates", "opt"):
        (root / folder).mkdir(parents=True)
    (root / "var/lib/dpkg/status").touch()
    admin = root / "var/lib/dpkg"
    return root, ["dpkg", "--force-not-root", "--force-script-chrootless", f"--instdir={root}",
                  f"--admindir={admin}", "-i"]


def test_update_then_roll_back_a_broken_one_with_dpkg(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The real dpkg, in a system of its own; systemctl restart stood in for by a script that
    starts the environment the venv link names (99.2.2 never reaches its first screen). After
    the rollback dpkg records 99.2.1 again, its files are 99.2.1's and `dpkg --verify` agrees;
    99.2.2 stays held, and a newer 99.2.3 installs: versions only go up."""
    from kiosk.sync.app_fallback import recorded_version

    system, dpkg = dpkg_root(tmp_path)
    admin, app_dir = system / "var/lib/dpkg", system / "opt/nssf-kiosk"
    monkeypatch.setattr(app_update, "APP_DIR", app_dir)  # what the kiosk's sync finds installed
    base = app_update.running_version()
    subprocess.run([*dpkg, str(make_deb(tmp_path / "n.deb", base, postinst=POSTINST))],
                   check=True, capture_output=True, timeout=120)
    keys, out = tmp_path / "keys", tmp_path / "repo"
    init_keys(keys)
    publish(load_for_publish(CONTENT_DIR), keys, out)
    device = Device.open(tmp_path / "kiosk")
    start = (f"import json, pathlib; v = pathlib.Path({str(app_dir / 'venv')!r}).readlink().name"
             ".removeprefix('venv-'); "
             f"v == {BROKEN!r} or pathlib.Path({str(device.root / 'app-started.json')!r})"
             ".write_text(json.dumps({'version': v}))")
    kw = dict(state_dir=tmp_path / "state", app_dir=app_dir, root_file=keys / "root.json",
              wait_s=3, idle_s=0, installer=dpkg, dpkg_root=system,
              restart=[sys.executable, "-c", start])

    def release(version: str) -> str:
        app_update.publish_app(make_deb(tmp_path / f"{version}.deb", version, postinst=POSTINST),
                               keys, out)
        sync(device, str(out), root=keys / "root.json")
        umask = os.umask(0o077)  # as under the kiosk command
        try:
            return app_update.update(device, **kw)
        finally:
            os.umask(umask)

    assert release("99.2.1") == "updated to 99.2.1"
    assert recorded_version(admin) == "99.2.1"
    result = release(BROKEN)
    assert result.startswith(f"{BROKEN} did not reach its first screen in 3 s; rolled back to "
                             "99.2.1"), result
    assert result.endswith("(reinstalled with dpkg: dpkg records 99.2.1)"), result
    assert recorded_version(admin) == "99.2.1"
    assert (app_dir / "venv").readlink().name == "venv-99.2.1"
    assert app_update.started_version(device) == "99.2.1"
    house = sorted(p.name for p in (app_dir / "wheelhouse").iterdir())
    assert "nssf_kiosk-99.2.1-py3-none-any.whl" in house
    assert not [name for name in house if BROKEN in name], "the broken version's files are gone"
    verify = subprocess.run(["dpkg", f"--admindir={admin}", f"--instdir={system}", "--verify",
                             "nssf-kiosk"], capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0 and not verify.stdout, verify.stdout + verify.stderr
    assert not (tmp_path / "state" / "fallback").exists(), "nothing of the way back is kept"
    lines = app_update.app_version_lines(admin)
    assert lines[1:] == ["dpkg records nssf-kiosk 99.2.1, which is not the app that runs"] \
        or base == "99.2.1"

    assert "held" in app_update.update(device, **kw), "the failed version is never tried again"
    assert recorded_version(admin) == "99.2.1"
    assert release("99.2.3") == "updated to 99.2.3"
    assert recorded_version(admin) == "99.2.3"


def test_no_update_without_a_way_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed file that is not what dpkg installed: the installed version cannot be kept
    as a package to go back to, so nothing is installed and dpkg's record stays as it was."""
    from kiosk.sync.app_fallback import recorded_version

    system, dpkg = dpkg_root(tmp_path)
    app_dir = system / "opt/nssf-kiosk"
    monkeypatch.setattr(app_update, "APP_DIR", app_dir)
    base = app_update.running_version()
    subprocess.run([*dpkg, str(make_deb(tmp_path / "n.deb", base, postinst=POSTINST))],
                   check=True, capture_output=True, timeout=120)
    (app_dir / "requirements.txt").write_text("changed by hand\n")
    keys, out = tmp_path / "keys", tmp_path / "repo"
    init_keys(keys)
    publish(load_for_publish(CONTENT_DIR), keys, out)
    app_update.publish_app(make_deb(tmp_path / "new.deb", "99.3.1", postinst=POSTINST), keys, out)
    device = Device.open(tmp_path / "kiosk")
    sync(device, str(out), root=keys / "root.json")
    with pytest.raises(KioskError, match="requirements.txt is not the file the package installed"):
        app_update.update(device, state_dir=tmp_path / "state", app_dir=app_dir,
                          root_file=keys / "root.json", wait_s=1, idle_s=0, installer=dpkg,
                          dpkg_root=system, restart=["true"])
    assert recorded_version(system / "var/lib/dpkg") == base


def test_status_says_what_dpkg_records(tmp_path: Path) -> None:
    from kiosk.sync.app_fallback import recorded_version

    admin = tmp_path / "dpkg"
    admin.mkdir()
    assert app_update.app_version_lines(admin) == [f"app version: {app_update.running_version()}"]
    (admin / "status").write_text("Package: other\nStatus: install ok installed\nVersion: 9\n\n"
                                  "Package: nssf-kiosk\nStatus: install ok installed\n"
                                  "Version: 99.9.9\nDescription: x\n more\n")
    assert recorded_version(admin) == "99.9.9"
    assert app_update.app_version_lines(admin)[1] == \
        "dpkg records nssf-kiosk 99.9.9, which is not the app that runs"
    (admin / "status").write_text("Package: nssf-kiosk\nStatus: deinstall ok config-files\n"
                                  "Version: 99.9.9\n")
    assert recorded_version(admin) is None


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


def test_split_and_assemble_give_back_the_package(tmp_path: Path) -> None:
    """Taken apart for publishing and put back together on the kiosk, the package is the same
    to dpkg: every file, mode, owner and link, the same control part, the same wheels."""
    from kiosk.sync.app_pieces import assemble, split

    deb = make_deb(tmp_path / "n.deb", "3.0.0")
    pieces = split(deb)
    try:
        assert len(pieces.without_wheels) < 4000, "the package without wheels is a few KB"
        assert sorted(pieces.wheels) == sorted(p.name for p in (
            tmp_path / "n.tree" / "opt" / "nssf-kiosk" / "wheelhouse").iterdir())
        thin = tmp_path / "thin.deb"
        thin.write_bytes(pieces.without_wheels)
        assert not [line for line in contents(thin) if line.endswith(".whl")]
        again = tmp_path / "again.deb"
        assemble(thin, pieces.wheels, again)
    finally:
        pieces.close()
    assert contents(again) == contents(deb)
    info = subprocess.run(["dpkg-deb", "--info", str(again)], capture_output=True, text=True,
                          check=True).stdout
    assert "Version: 3.0.0" in info and "postinst" in info
    out = tmp_path / "unpacked"
    subprocess.run(["dpkg-deb", "-x", str(again), str(out)], check=True, timeout=60)
    big = out / "opt/nssf-kiosk/wheelhouse/pyside6_addons-6.11.3-cp310-abi3-manylinux_2_34_x86_64.whl"
    assert big.read_bytes() == BIG
    assert (out / "usr/bin/kiosk").readlink() == Path("/opt/nssf-kiosk/venv/bin/kiosk")


def test_bad_wheel_names_in_a_signed_target_are_refused() -> None:
    from kiosk.sync.app_pieces import iter_wheels

    digest = "0" * 64
    for custom in ({}, {"wheelhouse": {}}, {"wheelhouse": {"../../etc/cron.d/x.whl": digest}},
                   {"wheelhouse": {"a.whl/../b.whl": digest}}, {"wheelhouse": {"a.whl": "nope"}},
                   {"wheelhouse": {"a.txt": digest}}, "not a mapping"):
        with pytest.raises(KioskError, match="refused"):
            list(iter_wheels(custom))


def installer_that_checks(app_dir: Path, seen: Path) -> list[str]:
    """A stand-in for dpkg -i: records the package's contents, switches the environment."""
    code = ("import pathlib, subprocess, sys; deb = sys.argv[1]; "
            f"pathlib.Path({str(seen)!r}).write_text(subprocess.run(['dpkg-deb', '-c', deb], "
            "capture_output=True, text=True, check=True).stdout); "
            "from kiosk.sync.app_update import package_version; v = package_version(pathlib.Path(deb)); "
            f"app = pathlib.Path({str(app_dir)!r}); (app / f'venv-{{v}}').mkdir(exist_ok=True); "
            "link = app / 'venv.new'; link.unlink(missing_ok=True); link.symlink_to(f'venv-{v}'); "
            "link.replace(app / 'venv')")
    return [sys.executable, "-c", code]


def test_an_update_carries_only_the_wheels_that_changed(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Installed: a package whose wheelhouse holds the big dependency. Published: a newer one
    with the same dependency and a new app wheel. The kiosk fetches only the package without
    wheels and the new wheel; root puts the whole package back together (the big wheel from the
    installed wheelhouse, checked) and installs it. A wheel changed on disk is not reused."""
    keys, out = tmp_path / "keys", tmp_path / "repo"
    init_keys(keys)
    publish(load_for_publish(CONTENT_DIR), keys, out)
    app_dir = tmp_path / "opt"
    house = app_dir / "wheelhouse"
    house.mkdir(parents=True)
    big = "pyside6_addons-6.11.3-cp310-abi3-manylinux_2_34_x86_64.whl"
    (house / big).write_bytes(BIG)
    (house / "nssf_kiosk-0.0.1-py3-none-any.whl").write_bytes(b"the installed app")
    (app_dir / f"venv-{app_update.running_version()}").mkdir()
    (app_dir / "venv").symlink_to(f"venv-{app_update.running_version()}")
    monkeypatch.setattr(app_update, "APP_DIR", app_dir)
    full = make_deb(tmp_path / "new.deb", "98.0.1")
    app_update.publish_app(full, keys, out)

    device = Device.open(tmp_path / "kiosk")
    report = sync(device, str(out), root=keys / "root.json")
    cached = sorted(p.name for p in (device.root / "repo" / "targets" / "app").rglob("*.*"))
    assert not [name for name in cached if big in name], "the unchanged wheel did not travel"
    assert sorted(name.split(".", 1)[1] for name in cached) == [
        "nssf-kiosk-without-wheels_amd64.deb", "nssf_kiosk-98.0.1-py3-none-any.whl"]
    app_bytes = sum(p.stat().st_size for p in (device.root / "repo" / "targets" / "app").rglob("*.*"))
    assert app_bytes < full.stat().st_size * 0.1, (app_bytes, full.stat().st_size)
    assert report.bytes_fetched < full.stat().st_size

    seen = tmp_path / "installed.txt"
    kw = dict(state_dir=tmp_path / "state", app_dir=app_dir, root_file=keys / "root.json",
              wait_s=3, idle_s=0, installer=installer_that_checks(app_dir, seen),
              dpkg_root=tmp_path / "no-dpkg",
              restart=[sys.executable, "-c", "import json, pathlib; pathlib.Path("
                       f"{str(device.root / 'app-started.json')!r}).write_text("
                       "json.dumps({'version': pathlib.Path("
                       f"{str(app_dir / 'venv')!r}).readlink().name.removeprefix('venv-')}}))"])
    assert app_update.update(device, **kw) == "updated to 98.0.1"
    listed = seen.read_text()
    assert big in listed and "nssf_kiosk-98.0.1-py3-none-any.whl" in listed
    assert not (tmp_path / "state" / "pieces").exists(), "nothing of the assembly is kept"

    # the next release, with the installed big wheel damaged: the kiosk fetches it, root
    # does not reuse the damaged one
    # its last byte changed for sure (a fixed b"!" left it as it was when the random byte was
    # already "!": one run in 256 failed so)
    (house / big).write_bytes(BIG[:-1] + bytes([BIG[-1] ^ 0xFF]))
    app_update.publish_app(make_deb(tmp_path / "newer.deb", "98.0.2"), keys, out)
    sync(device, str(out), root=keys / "root.json")
    cached = [p.name for p in (device.root / "repo" / "targets" / "app").rglob("*.*")]
    assert [name for name in cached if big in name], "a damaged installed wheel is fetched"
    assert len(cached) == 3, "the last release's pieces are gone from the cache"
    assert app_update.update(device, **kw) == "updated to 98.0.2"
    assert "pyside6_addons" in seen.read_text()


def test_root_waits_for_pieces_the_kiosk_has_not_fetched(tmp_path: Path) -> None:
    keys, out = tmp_path / "keys", tmp_path / "repo"
    init_keys(keys)
    publish(load_for_publish(CONTENT_DIR), keys, out)
    app_update.publish_app(make_deb(tmp_path / "n.deb", "97.0.1"), keys, out)
    device = Device.open(tmp_path / "kiosk")
    sync(device, str(out), root=keys / "root.json")
    for piece in (device.root / "repo" / "targets" / "app" / "wheelhouse").glob("*nssf_kiosk*"):
        piece.unlink()  # as if the sync had stopped half-way
    result = app_update.update(device, state_dir=tmp_path / "state", app_dir=tmp_path / "opt",
                               root_file=keys / "root.json", idle_s=0, wait_s=1,
                               installer=["false"], restart=["true"])
    assert result == ("97.0.1 waits: the kiosk has not fetched 1 of its pieces yet "
                      "(nssf_kiosk-97.0.1-py3-none-any.whl)")
