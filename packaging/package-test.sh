#!/usr/bin/env bash
# `make package-test`: the Debian package on a fresh Debian 12, as an IT officer gets it.
#  1. build the package (N); the later ones (N+1, N+2 deliberately broken, N+3) are built
#     when their step needs them, and deleted once published (disk, see below);
#  2. a fresh Debian 12 root (mmdebstrap) with the package's dependencies from the mirror
#     (what an image build does), then the package installed with no network at all;
#  3. the installed `kiosk content validate`, `kiosk status`, `nssf-kiosk --shots`, the user,
#     the data dir, the units and their `systemd-analyze security` exposure;
#  4. the kiosk under cage with the headless backend, grim's screenshot of it checked against
#     the kiosk's own rendering of its first screen;
#  5. provisioning from a signed file; a never-provisioned kiosk first;
#  6. app updates through a signed repository, in pieces: N -> N+1 (only what changed travels),
#     then N+2, deliberately broken, rolls back to N+1 by itself, reinstalled with dpkg (dpkg
#     records N+1 again); N+2 stays held, and a later N+3 installs (versions only go up);
#  7. the counts upload's units: installed, enabled, sandboxed, run only once an upload target
#     is provisioned.
# Needs root (chroot, mounts) and the network for the Debian mirror and PyPI (the install itself
# has none). Every wait is bounded; the root is deleted at the end (KEEP_ROOT=1 keeps it).
# Output, timings and pictures in build/package-test/.
set -Eeuo pipefail
cd "$(dirname "$0")/.."
SRC="$PWD"
OUT="$SRC/build/package-test"
PYTHON="${PYTHON:-$SRC/.venv/bin/python}"
KIOSK="$SRC/.venv/bin/kiosk"
SUITE="${SUITE:-bookworm}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
# Ubuntu 24.04: SUITE=noble MIRROR=http://archive.ubuntu.com/ubuntu COMPONENTS=main,universe
# KEYRING=.../ubuntu-archive-keyring.gpg (cage and grim are in universe)
COMPONENTS="${COMPONENTS:-main}"
mm_keyring=(); [ -n "${KEYRING:-}" ] && mm_keyring=(--keyring="$KEYRING")
export WHEEL_CACHE="$SRC/build/wheel-cache"
rm -rf "$OUT"; mkdir -p "$OUT"
ROOT="$OUT/root"
START=$(date +%s); LAST=$START; CURRENT=""
step() {
    local now; now=$(date +%s)
    [ -n "$CURRENT" ] && printf '%4d s  %s\n' $((now - LAST)) "$CURRENT" >> "$OUT/timings.txt"
    LAST=$now; CURRENT="$*"
    printf '\n== %s\n' "$*"
}
fail() { echo "FAILED ($CURRENT): $*" >&2; exit 1; }
cleanup() {
    local code=$?
    step "end"
    printf '%4d s  total (exit %d)\n' $(( $(date +%s) - START )) "$code" >> "$OUT/timings.txt"
    cat "$OUT/timings.txt"
    # the root's mounts live in private namespaces that ended with their commands; never
    # delete through a mount that is somehow still there
    if [ -d "$ROOT" ] && [ -z "${KEEP_ROOT:-}" ]; then
        # grep reads it all (no -q): findmnt never dies of a closed pipe, which pipefail would
        # read as "nothing mounted"
        if [ "$(findmnt -rn -o TARGET | grep -c "^$ROOT" || true)" != 0 ]; then
            echo "not deleting $ROOT: something is still mounted under it" >&2
        else
            rm -rf "$ROOT"
        fi
    fi
}
trap cleanup EXIT
trap 'echo "FAILED ($CURRENT): the command on line $LINENO exited with $?" >&2' ERR

# at most ~4.2 GB on this disk at once (measured 2026-12-01 on a fresh clone, the wheel cache
# empty: packages, root, two environments, an update's pieces): say so before, not mid-install
need_mb=4700
free_mb="$(df --output=avail -m "$OUT" | tail -1 | tr -d ' ')"
[ "$free_mb" -ge "$need_mb" ] \
    || { echo "FAILED (disk): the package test needs $need_mb MB free where $OUT is; there are $free_mb MB" >&2; exit 1; }

step "build the package"
# Disk: each package is ~365 MB and an installed version ~1 GB, on a machine whose free space
# is not ours to set (a CI run ran out of it in the first install). So a package exists only
# while a step needs it: N until it is installed, each later one until it is published (its
# pieces are in the repository then); build-deb.sh drops its staging tree, and N reaches the
# root as a hard link.
base="$(packaging/build-deb.sh "$OUT/deb-n")"
version="$(dpkg-deb -f "$base" Version)"
IFS=. read -r major minor patch <<< "$version"
next="$major.$minor.$((patch + 1))"; broken="$major.$minor.$((patch + 2))"
newer="$major.$minor.$((patch + 3))"
# a later version of this tree as a package (N+2 deliberately broken); prints its path
build_version() {
    local v="$1" tree="$OUT/src-$1"
    mkdir -p "$tree"
    git ls-files -z --cached --others --exclude-standard | grep -zv '^build/' \
        | xargs -0 cp --parents -P -t "$tree"
    sed -i "s/^version = \".*\"/version = \"$v\"/" "$tree/pyproject.toml"
    if [ "$v" = "$broken" ]; then  # starts, then dies before its first screen
        sed -i 's/^def main(argv: list\[str\] | None = None) -> int:$/&\n    raise SystemExit("deliberately broken build")/' "$tree/ui/app.py"
        grep -q "deliberately broken" "$tree/ui/app.py" || fail "could not break $v"
    fi
    (cd "$tree" && PYTHON="$PYTHON" packaging/build-deb.sh "$OUT/deb-$v" > /dev/null)
    rm -rf "$tree"
    ls "$OUT/deb-$v/nssf-kiosk_${v}_amd64.deb"
}
ls -la "$base"

step "a fresh Debian root ($SUITE) with the package's dependencies"
depends="$(dpkg-deb -f "$base" Depends)"
start=$(date +%s)
timeout 1800 mmdebstrap --variant=apt --mode=root --include=grim,ca-certificates --quiet \
    --components="$COMPONENTS" "${mm_keyring[@]}" \
    --customize-hook="chroot \"\$1\" apt-get satisfy -y --no-install-recommends \"$depends\"" \
    "$SUITE" "$ROOT" "$MIRROR" > "$OUT/mmdebstrap.log" 2>&1 || { tail "$OUT/mmdebstrap.log"; fail mmdebstrap; }
echo "root made in $(( $(date +%s) - start )) s"
mkdir -p "$ROOT/srv/debs"
ln "$base" "$ROOT/srv/debs/" 2>/dev/null || cp "$base" "$ROOT/srv/debs/"

# everything below runs in the root with no network: a private network namespace
in_root() { unshare --net --mount --fork -- sh -c '
    root="$1"; shift
    mount -t proc proc "$root/proc"; mount --rbind /dev "$root/dev"
    mount -t tmpfs tmpfs "$root/tmp"; mount -t tmpfs tmpfs "$root/run"
    exec chroot "$root" "$@"' sh "$ROOT" "$@"; }
as_kiosk() { in_root env HOME=/var/lib/nssf-kiosk setpriv --reuid=kiosk --regid=kiosk --init-groups "$@"; }

step "install with no network"
in_root sh -c '! getent hosts deb.debian.org > /dev/null' || fail "the root has a network"
start=$(date +%s)
in_root env DEBIAN_FRONTEND=noninteractive timeout 900 dpkg -i "/srv/debs/$(basename "$base")" > "$OUT/dpkg.log" 2>&1 \
    || { tail "$OUT/dpkg.log"; fail "dpkg -i"; }
echo "installed offline in $(( $(date +%s) - start )) s"
rm -rf "$ROOT/srv/debs" "$OUT/deb-n"

step "what the package set up"
shell="$(in_root getent passwd kiosk | cut -d: -f7)"
[ "$shell" = /usr/sbin/nologin ] || fail "kiosk user shell is $shell"
mode="$(in_root stat -c "%a %U" /var/lib/nssf-kiosk)"
[ "$mode" = "700 kiosk" ] || fail "data dir is $mode"
[ -L "$ROOT/etc/systemd/system/graphical.target.wants/nssf-kiosk.service" ] || fail "kiosk not enabled at boot"
case "$(readlink "$ROOT/etc/systemd/system/default.target")" in  # Ubuntu's systemd says /usr/lib
    /lib/systemd/system/graphical.target|/usr/lib/systemd/system/graphical.target) ;;
    *) fail "default target is not graphical" ;;
esac
for unit in nssf-kiosk-upload.service nssf-kiosk-upload.timer; do
    [ -f "$ROOT/lib/systemd/system/$unit" ] || fail "$unit not installed"
done
[ -L "$ROOT/etc/systemd/system/timers.target.wants/nssf-kiosk-upload.timer" ] || fail "upload timer not enabled"
[ -L "$ROOT/etc/systemd/system/timers.target.wants/nssf-kiosk-update.timer" ] || fail "update timer not enabled"
for unit in nssf-kiosk nssf-kiosk-sync nssf-kiosk-upload nssf-kiosk-provision nssf-kiosk-update; do
    systemd-analyze security --offline=true --root="$ROOT" "$unit.service" 2>/dev/null | tail -1
done | tee "$OUT/security.txt"
for unit in nssf-kiosk nssf-kiosk-sync nssf-kiosk-upload; do
    score="$(grep "for $unit.service" "$OUT/security.txt" | grep -o '[0-9]*\.[0-9]')"
    awk "BEGIN { exit !($score < 3.0) }" || fail "$unit exposure $score"
done

step "the installed commands"
as_kiosk kiosk content validate
as_kiosk kiosk status --data-dir /var/lib/nssf-kiosk | tee "$OUT/status.txt"
# the screens at the size of cage's headless output: the reference for its screenshot below
as_kiosk sh -c 'rm -rf /var/lib/nssf-kiosk/shots
    timeout 300 nssf-kiosk --shots /var/lib/nssf-kiosk/shots --size 1280x720 --text normal --data-dir /var/lib/nssf-kiosk > /dev/null \
        && ls /var/lib/nssf-kiosk/shots | wc -l' | tee "$OUT/shots-count.txt"
[ "$(cat "$OUT/shots-count.txt")" -gt 20 ] || fail "too few shots"
mv "$ROOT/var/lib/nssf-kiosk/shots/attract-km-1280x720-normal.png" "$OUT/attract-km.png"
rm -rf "$ROOT/var/lib/nssf-kiosk/shots"

step "under cage, headless"
# cage 0.1.4 hands a full-screen client's buffer straight to the output (direct scan-out); the
# headless backend takes it, and its screencopy then reads a black frame. A real screen (DRM)
# cannot scan out a shared-memory buffer and cage composites as usual; here, turning the
# output twice by 90 degrees (-r -r: upright again) makes cage composite too, so grim gets
# the frame a real screen shows. Later cages (no -r) composite headless outputs anyway.
rotate="$(in_root sh -c 'cage -h 2>&1 | grep "^ -r" > /dev/null && echo "-r -r"' || true)"
as_kiosk env ROTATE="$rotate" sh -c '
    export XDG_RUNTIME_DIR=/tmp/xdg WLR_BACKENDS=headless WLR_LIBINPUT_NO_DEVICES=1 \
        QT_QPA_PLATFORM=wayland QT_WAYLAND_DISABLE_WINDOWDECORATION=1
    mkdir -m 700 $XDG_RUNTIME_DIR
    rm -f /var/lib/nssf-kiosk/app-started.json
    # the shot once the app says its first screen is up (at most 60 s), and a moment to paint
    timeout 90 cage -d $ROTATE -- sh -c "nssf-kiosk --data-dir /var/lib/nssf-kiosk & \
        for i in \$(seq 120); do [ -f /var/lib/nssf-kiosk/app-started.json ] && break; sleep 0.5; done; \
        sleep 3; grim /var/lib/nssf-kiosk/first-screen.png; kill \$!" > /tmp/cage.log 2>&1
    grep -v drmGetDevices2 /tmp/cage.log | tail -3
    python3 -c "import json; print(\"first screen reported:\", json.load(open(\"/var/lib/nssf-kiosk/app-started.json\"))[\"version\"])"'
mv "$ROOT/var/lib/nssf-kiosk/first-screen.png" "$OUT/first-screen.png" || fail "no screenshot"
"$PYTHON" packaging/check-first-screen.py "$OUT/first-screen.png" "$OUT/attract-km.png" \
    || fail "the screenshot under cage is not the kiosk's first screen"

step "provisioning"
as_kiosk kiosk settings --data-dir /var/lib/nssf-kiosk | grep kiosk_name
# the upload unit's own condition, as systemd runs it (the kiosk user): skipped until provisioned
upload_condition="$(sed -n 's/^ExecCondition=//p' "$ROOT/lib/systemd/system/nssf-kiosk-upload.service")"
upload_start="$(sed -n 's/^ExecStart=//p' "$ROOT/lib/systemd/system/nssf-kiosk-upload.service")"
as_kiosk $upload_condition > "$OUT/upload-condition-0.txt" && fail "an upload runs with no target"
grep -q "no upload target set" "$OUT/upload-condition-0.txt" || fail "upload condition: $(cat "$OUT/upload-condition-0.txt")"
keys="$OUT/keys"; "$KIOSK" keys init "$keys" > /dev/null
pin_hash="$(echo 482915 | "$KIOSK" provision hash-pin)"
cat > "$OUT/provision.json" <<JSON
{"kiosk_name": "Chaom Chau factory", "location": "HR corner", "server_url": "/srv/repo",
 "upload_target": "s3://nssf-counts/kiosks", "printer": "Receipt", "default_locale": "km",
 "staff_pin_hash": "$pin_hash"}
JSON
"$KIOSK" provision "$OUT/provision.json" --keys "$keys" -o "$ROOT/srv/provision.json"
install -m 0644 "$keys/root.json" "$ROOT/srv/root.json"  # public: the kiosk user reads it
in_root kiosk provision /srv/provision.json --require-signature --root /srv/root.json --data-dir /var/lib/nssf-kiosk
in_root kiosk provision /srv/provision.json --root /srv/root.json --data-dir /var/lib/nssf-kiosk \
    && fail "provisioned twice" || echo "(a second provisioning is refused, as it should be)"
as_kiosk kiosk settings --data-dir /var/lib/nssf-kiosk | grep -E "kiosk_name|server_url|upload_target|printer:"
# provisioning's upload target reaches the unit: now it runs, and with no network here its one
# try fails in one line and keeps the outbox for the next
as_kiosk $upload_condition | tee "$OUT/upload-condition-1.txt"
grep -q "s3://nssf-counts/kiosks is due" "$OUT/upload-condition-1.txt" || fail "no upload due after provisioning"
as_kiosk timeout 300 $upload_start > "$OUT/upload.txt" 2>&1 && fail "an upload with no network succeeded"
grep -q "days kept to send later" "$OUT/upload.txt" || fail "upload: $(cat "$OUT/upload.txt")"
cat "$OUT/upload.txt"

step "app update N -> N+1, then a broken N+2 rolls back by itself"
repo="$ROOT/srv/repo"
deb_next="$(build_version "$next")"
next_bytes="$(stat -c %s "$deb_next")"
"$KIOSK" publish data/content --keys "$keys" --repo "$repo" --app "$deb_next"
rm -rf "$OUT/deb-$next"
chown -R root:root "$repo"; chmod -R a+rX "$repo"
update() {
    as_kiosk timeout 600 kiosk sync --data-dir /var/lib/nssf-kiosk --root /srv/root.json
    in_root timeout 900 kiosk app update --data-dir /var/lib/nssf-kiosk --root /srv/root.json --idle 0 --wait 60 \
        --restart "setpriv --reuid=kiosk --regid=kiosk --init-groups env HOME=/var/lib/nssf-kiosk QT_QPA_PLATFORM=offscreen timeout 120 nssf-kiosk --data-dir /var/lib/nssf-kiosk --exit-after-start"
}
update | tee "$OUT/update-1.txt"
grep -q "updated to $next" "$OUT/update-1.txt" || fail "no update to $next"
# what travelled: the package without its wheels and the wheels that changed, not the package
app_bytes="$(du -sb "$ROOT/var/lib/nssf-kiosk/repo/targets/app" | cut -f1)"
echo "update $version -> $next fetched $app_bytes bytes of app pieces; the package is $next_bytes bytes" \
    | tee "$OUT/update-size.txt"
[ "$app_bytes" -lt $(( next_bytes / 20 )) ] || fail "the update carried more than 5% of the package"
# postinst made N+1's environment share N's unchanged files: the second costs megabytes
app="$ROOT/opt/nssf-kiosk"
qtcore="$(ls "$app/venv-$next"/lib/python3*/site-packages/PySide6/Qt/lib/libQt6Core.so.6)"
[ "$(stat -c %h "$qtcore")" -ge 2 ] || fail "venv-$next does not share its unchanged files with venv-$version"
du -sm "$app/venv-$version" "$app/venv-$next" | sed "s|$app/||" \
    | awk '{ print $2 ": " $1 " MB" (NR > 1 ? " more" : "") }' | tee "$OUT/environments-disk.txt"
in_root kiosk app status --data-dir /var/lib/nssf-kiosk > "$OUT/app-status-1.txt"
grep -q "app version: $next" "$OUT/app-status-1.txt" || fail "not running $next"
deb_broken="$(build_version "$broken")"
"$KIOSK" publish data/content --keys "$keys" --repo "$repo" --app "$deb_broken" > /dev/null
chmod -R a+rX "$repo"
update | tee "$OUT/update-2.txt"
grep -q "rolled back to $next" "$OUT/update-2.txt" || fail "$broken was not rolled back"
in_root kiosk app status --data-dir /var/lib/nssf-kiosk | tee "$OUT/app-status.txt"
grep -q "app version: $next" "$OUT/app-status.txt" || fail "not running $next after the rollback"
# dpkg, the files and the running app all say N+1 again
recorded="$(in_root dpkg-query -W -f '${Version} ${db:Status-Abbrev}' nssf-kiosk)"
echo "dpkg records: $recorded"; in_root dpkg -l nssf-kiosk | tail -1
[ "$recorded" = "$next ii " ] || fail "dpkg records $recorded after the rollback, not $next"
in_root dpkg --verify nssf-kiosk || fail "dpkg --verify: the files are not the package dpkg records"
ls "$ROOT/opt/nssf-kiosk/wheelhouse/nssf_kiosk-$next-"*.whl > /dev/null || fail "the wheelhouse is not $next's"
[ "$(readlink "$ROOT/opt/nssf-kiosk/venv")" = "venv-$next" ] || fail "the environment is not $next's"
as_kiosk kiosk status --data-dir /var/lib/nssf-kiosk | tee "$OUT/status-after-rollback.txt"
grep -qx "app version: $next" "$OUT/status-after-rollback.txt" || fail "kiosk status does not say $next"
grep -q "dpkg records" "$OUT/status-after-rollback.txt" && fail "kiosk status: dpkg and the app disagree"
update | tee "$OUT/update-3.txt"
grep -q "held" "$OUT/update-3.txt" || fail "the failed version was tried again"

step "a later N+3 after the rollback installs (versions only go up)"
"$KIOSK" publish data/content --keys "$keys" --repo "$repo" --app "$deb_broken" > /dev/null 2>&1 \
    && fail "the held version was published again" || echo "(publishing $broken again is refused)"
rm -rf "$OUT/deb-$broken"
deb_newer="$(build_version "$newer")"
"$KIOSK" publish data/content --keys "$keys" --repo "$repo" --app "$deb_newer" > /dev/null
rm -rf "$OUT/deb-$newer"
chmod -R a+rX "$repo"
update | tee "$OUT/update-4.txt"
grep -q "updated to $newer" "$OUT/update-4.txt" || fail "no update to $newer after the rollback"
[ "$(in_root dpkg-query -W -f '${Version}' nssf-kiosk)" = "$newer" ] || fail "dpkg does not record $newer"
as_kiosk kiosk status --data-dir /var/lib/nssf-kiosk | grep -x "app version: $newer" || fail "kiosk status does not say $newer"

step "package test passed"
