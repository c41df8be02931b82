#!/usr/bin/env bash
# `make package`: the Debian package, built with dpkg-deb around a wheelhouse.
#
# Why dpkg-deb with a wheelhouse and not dh-virtualenv: one .deb must install on Debian 12
# (Python 3.11) and Ubuntu 24.04 (Python 3.12). A virtualenv baked at build time is tied to the
# build machine's Python; the wheels (cp311 and cp312 where a wheel is not abi3) are not, and
# postinst builds the environment from them with --no-index --require-hashes, so the install
# needs no network and takes exactly the locked, hashed versions. It also needs no debhelper.
#
# Usage: packaging/build-deb.sh [OUT_DIR]   (env: PYTHON, WHEEL_CACHE)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${1:-build/deb}"
PYTHON="${PYTHON:-.venv/bin/python}"
CACHE="${WHEEL_CACHE:-build/wheel-cache}"
VERSION="$("$PYTHON" -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')"
ROOT="$OUT/root"
APP="$ROOT/opt/nssf-kiosk"

rm -rf "$ROOT" "$OUT/wheel"
mkdir -p "$APP/wheelhouse" "$ROOT/DEBIAN" "$ROOT/lib/systemd/system" "$ROOT/usr/bin" \
         "$ROOT/usr/share/doc/nssf-kiosk" "$CACHE"

# the app's own wheel (content, rules, trust root, fonts and catalogs inside)
"$PYTHON" -m pip wheel --quiet --no-deps -w "$OUT/wheel" . 2>&1 | grep -v "^WARNING: Location" || true
wheel="$(ls "$OUT"/wheel/nssf_kiosk-"$VERSION"-*.whl)"
cp "$wheel" "$APP/wheelhouse/"

# the runtime dependencies, exactly as locked, for each Python the package supports
platforms=()
for glibc in 17 28 31 34 35 36; do platforms+=(--platform "manylinux_2_${glibc}_x86_64"); done
for py in 3.11 3.12; do
    # pip download evaluates the lock's markers against the Python running it, not the
    # --python-version it is given (numpy and contourpy differ for 3.12: without this the
    # package lacked them and did not install on Ubuntu 24.04): the lock's lines for that Python
    "$PYTHON" - "$py" packaging/requirements.lock > "$OUT/requirements-$py.txt" <<'PY'
import re, sys
from packaging.markers import Marker
py, lock = sys.argv[1], open(sys.argv[2]).read()
env = {"python_version": py, "python_full_version": py + ".0", "sys_platform": "linux",
       "platform_system": "Linux", "platform_machine": "x86_64", "os_name": "posix",
       "implementation_name": "cpython", "platform_python_implementation": "CPython"}
for entry in re.sub(r"\\\n\s*", " ", lock).splitlines():
    requirement, _, marker = entry.partition(" ; ")
    if not requirement.strip() or requirement.lstrip().startswith("#"):
        continue
    if marker:
        marker, _, hashes = marker.partition(" --hash")
        if not Marker(marker.strip()).evaluate(env):
            continue
        requirement = requirement.rstrip() + " --hash" + hashes
    print(requirement.strip())
PY
    env -u PIP_FIND_LINKS "$PYTHON" -m pip download --quiet --require-hashes --no-deps \
        --only-binary=:all: -r "$OUT/requirements-$py.txt" -d "$CACHE" \
        --python-version "$py" --implementation cp "${platforms[@]}" \
        --platform manylinux2014_x86_64 --platform linux_x86_64 2>&1 | grep -v "^WARNING: Location" || true
done
# only the files the lock names (the cache may hold older versions)
"$PYTHON" - "$CACHE" "$APP/wheelhouse" packaging/requirements.lock <<'PY'
import hashlib, re, shutil, sys
from pathlib import Path
cache, out, lock = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]).read_text()
hashes = set(re.findall(r"--hash=sha256:([0-9a-f]{64})", lock))
for wheel in sorted(cache.glob("*.whl")):
    if hashlib.sha256(wheel.read_bytes()).hexdigest() in hashes:
        # a hard link where the cache is on the same disk: ~350 MB of wheels not written twice
        try:
            (out / wheel.name).hardlink_to(wheel)
        except OSError:
            shutil.copy2(wheel, out / wheel.name)
PY
{
    cat packaging/requirements.lock
    echo "nssf-kiosk==$VERSION --hash=sha256:$(sha256sum "$wheel" | cut -d' ' -f1)"
} > "$APP/requirements.txt"

install -m 0644 packaging/linux/*.service packaging/linux/*.timer "$ROOT/lib/systemd/system/"
install -D -m 0755 packaging/lib/provision-from-usb "$ROOT/usr/lib/nssf-kiosk/provision-from-usb"
install -D -m 0755 packaging/lib/share-unchanged-files "$ROOT/usr/lib/nssf-kiosk/share-unchanged-files"
ln -s /opt/nssf-kiosk/venv/bin/kiosk "$ROOT/usr/bin/kiosk"
ln -s /opt/nssf-kiosk/venv/bin/nssf-kiosk "$ROOT/usr/bin/nssf-kiosk"
install -m 0644 packaging/debian/copyright "$ROOT/usr/share/doc/nssf-kiosk/copyright"

size="$(du -sk --exclude=DEBIAN "$ROOT" | cut -f1)"
size=$((size + 920 * 1024))  # the environment postinst builds (measured 2026-12-01: 919 MB)
sed -e "s/@VERSION@/$VERSION/" -e "s/@SIZE@/$size/" packaging/debian/control.in > "$ROOT/DEBIAN/control"
for script in postinst prerm postrm; do
    sed "s/@VERSION@/$VERSION/" "packaging/debian/$script" > "$ROOT/DEBIAN/$script"
    chmod 0755 "$ROOT/DEBIAN/$script"
done
deb="$OUT/nssf-kiosk_${VERSION}_amd64.deb"
# wheels are already compressed: fast gzip keeps the build short for little size
dpkg-deb --root-owner-group -Zgzip -z1 --build "$ROOT" "$deb" > /dev/null
# the package is the product; its staging tree is as large again (KEEP_STAGING=1 keeps it)
[ -n "${KEEP_STAGING:-}" ] || rm -rf "$ROOT" "$OUT/wheel"
echo "$deb"
