"""postinst's sharing of a new version's environment with the running one
(packaging/lib/share-unchanged-files): only files that are the same bytes, mode and owner at
the same place become one file; nothing else changes. On a real install (two versions' PySide6
as one file): packaging/package-test.sh."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "packaging" / "lib" / "share-unchanged-files"


def share(old: Path, new: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(old), str(new)],
                          capture_output=True, text=True, timeout=60)


def tree(root: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)


def same_file(a: Path, b: Path) -> bool:
    return os.path.samefile(a, b)


def test_only_identical_files_become_one(tmp_path: Path) -> None:
    old, new = tmp_path / "venv-1.0.0", tmp_path / "venv-1.0.1"
    common = {"lib/PySide6/libQt6Core.so.6": b"\x7fELF" + b"q" * 5000,
              "lib/babel/data.dat": b"cldr" * 300}
    tree(old, {**common, "bin/kiosk": b"#!/opt/nssf-kiosk/venv-1.0.0/bin/python\n",
               "lib/kiosk/app.py": b"VERSION = '1.0.0'\n", "lib/mode.so": b"m" * 64})
    tree(new, {**common, "bin/kiosk": b"#!/opt/nssf-kiosk/venv-1.0.1/bin/python\n",
               "lib/kiosk/app.py": b"VERSION = '1.0.1'\n", "lib/mode.so": b"m" * 64,
               "lib/only-new.py": b"new\n"})
    (old / "lib/mode.so").chmod(0o755)
    (new / "lib/mode.so").chmod(0o644)

    result = share(old, new)

    assert result.returncode == 0, result.stderr
    assert "shares 2 unchanged files" in result.stdout
    for name in common:
        assert same_file(old / name, new / name)
        assert (new / name).read_bytes() == common[name]
    # different bytes (same size), a different mode, a file only the new one has: untouched
    for name in ("bin/kiosk", "lib/kiosk/app.py", "lib/mode.so"):
        assert not same_file(old / name, new / name)
    assert (new / "lib/kiosk/app.py").read_bytes() == b"VERSION = '1.0.1'\n"
    assert oct((new / "lib/mode.so").stat().st_mode & 0o777) == oct(0o644)
    assert (new / "lib/only-new.py").stat().st_nlink == 1
    assert not list(new.rglob(".*share-tmp"))
    # once shared, nothing is left to share
    assert "shares 0 unchanged files" in share(old, new).stdout


def test_symbolic_links_are_neither_followed_nor_replaced(tmp_path: Path) -> None:
    old, new, outside = tmp_path / "old", tmp_path / "new", tmp_path / "outside"
    tree(outside, {"secret": b"s" * 100})
    tree(old, {"lib/a.so": b"a" * 100, "lib/linked": b"s" * 100})
    tree(new, {"lib/a.so": b"a" * 100})
    (new / "lib/link.so").symlink_to("a.so")
    (new / "lib/linked").symlink_to(outside / "secret")  # new's symlink, old's regular twin
    (old / "lib/b.so").symlink_to(outside / "secret")    # old's symlink, new's regular twin
    (new / "lib/b.so").write_bytes(b"s" * 100)
    (new / "sub").symlink_to(outside, target_is_directory=True)  # os.walk must not enter it

    result = share(old, new)

    assert result.returncode == 0, result.stderr
    assert "shares 1 unchanged files" in result.stdout  # a.so alone
    assert (new / "lib/link.so").is_symlink() and (new / "lib/linked").is_symlink()
    assert not same_file(new / "lib/b.so", outside / "secret")
    assert (outside / "secret").stat().st_nlink == 1


def test_deleting_the_old_environment_leaves_the_new_one_whole(tmp_path: Path) -> None:
    old, new = tmp_path / "venv-1", tmp_path / "venv-2"
    data = {"lib/big.so": os.urandom(100_000)}
    tree(old, data)
    tree(new, data)
    assert share(old, new).returncode == 0
    for path in old.rglob("*"):
        if path.is_file():
            path.unlink()
    assert (new / "lib/big.so").read_bytes() == data["lib/big.so"]


def test_wrong_arguments_get_one_line(tmp_path: Path) -> None:
    result = share(tmp_path / "missing", tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr
