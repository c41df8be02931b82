"""`kiosk keys init`, `kiosk publish`, `kiosk sync`, `kiosk rollback`, `kiosk serve`."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from kiosk.errors import KioskError
from kiosk.paths import ASSETS, CONTENT_DIR


def number(kind: type, low: float, high: float) -> Callable[[str], float]:
    """An argparse type: a number of `kind` from `low` to `high`, else one clear error."""
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{text} is out of range ({low:g} to {high:g})")
        return value
    parse.__name__ = kind.__name__  # argparse names the type in its message
    return parse


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the kiosk's data folder (default: the platform's user data dir)")


def register(sub: argparse._SubParsersAction) -> None:
    keys = sub.add_parser("keys", help="head office: make the signing keys")
    ksub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    init = ksub.add_parser("init", help="make root, targets, snapshot and timestamp keys, and "
                           "DIR/root.json, the root kiosks trust")
    init.add_argument("dir", type=Path)
    init.add_argument("--root-expires-days", type=number(int, 1, 20 * 365), default=5 * 365)
    init.set_defaults(run=_keys_init)

    rotate = ksub.add_parser("rotate", help="replace one role's key: a new root.json (version + "
                             "1) signed with the root key; the next publish carries it")
    rotate.add_argument("dir", type=Path, help="the keys folder")
    rotate.add_argument("role", nargs="+", choices=("root", "targets", "snapshot", "timestamp"),
                        help="the roles whose keys change (one new root version for all)")
    rotate.add_argument("--root-key", type=Path, default=None,
                        help="the current root key (default: DIR/root.pem; keep it offline)")
    rotate.add_argument("--root-expires-days", type=number(int, 1, 20 * 365), default=5 * 365)
    rotate.set_defaults(run=_keys_rotate)

    publish = sub.add_parser("publish", help="head office: build, sign and publish content")
    publish.add_argument("dir", nargs="?", type=Path, default=CONTENT_DIR, help="content source")
    publish.add_argument("--keys", type=Path, required=True, help="folder made by `kiosk keys init`")
    publish.add_argument("--repo", type=Path, required=True, help="the static repository to write")
    publish.add_argument("--expires-days", type=number(float, 0.01, 366), default=7,
                         help="how long the timestamp stays valid (default 7)")
    publish.add_argument("--refresh", action="store_true",
                         help="only re-sign the timestamp with a new expiry")
    publish.add_argument("--assets", type=Path, default=ASSETS, help="where media files are")
    publish.add_argument("--bin-bits", type=number(int, 1, 10), default=None,
                         help="2**N hash bins on first publish (default: from the piece count)")
    publish.add_argument("--rules", type=Path, default=None,
                         help="eligibility rules signed with the content (default: data/rules; "
                              "'-': none, for test repositories)")
    publish.add_argument("--cases", type=Path, default=None,
                         help="cases the rules must pass before anything is signed (default: "
                              "data/cases)")
    publish.add_argument("--allow-missing-benefits", action="store_true",
                         help="publish content whose benefits and rules do not match "
                              "(test repositories)")
    publish.add_argument("--site-url", default=None, metavar="URL",
                         help="the phone site's address, signed with the content (kiosks print "
                              "it in their QR codes); the site is written to REPO/site/ "
                              "(default: the address published last; none: no site)")
    publish.add_argument("--app", type=Path, default=None, metavar="FILE.deb",
                         help="also publish this app package (a newer version) as a signed target")
    publish.set_defaults(run=_publish)

    sync = sub.add_parser("sync", help="pull, verify and apply new content")
    sync.add_argument("--server", default=None,
                      help="repository URL or folder (default: the server_url setting)")
    _data_dir(sync)
    sync.add_argument("--root", type=Path, default=None,
                      help="the root.json this sync trusts (default: the trusted_root setting, "
                      "else the root shipped with the app)")
    sync.add_argument("--timeout", type=number(float, 0.1, 600), default=5.0,
                      help="network timeout in seconds (default 5)")
    sync.add_argument("--deadline", type=number(float, 1, 24 * 3600), default=None,
                      help="give up after this many seconds (default: the sync_deadline_s "
                      "setting, 600)")
    sync.add_argument("--allow-missing-benefits", action="store_true",
                      help="accept content whose benefits and rules do not match (test "
                           "repositories)")
    sync.set_defaults(run=_sync)

    rollback = sub.add_parser("rollback", help="go back to the previous content")
    _data_dir(rollback)
    rollback.set_defaults(run=_rollback)

    serve = sub.add_parser("serve", help="serve a repository (or this kiosk's copy) over HTTP")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--repo", type=Path, help="repository folder to serve")
    _data_dir(where)
    serve.add_argument("--port", type=number(int, 0, 65535), default=8080,
                       help="TCP port (default 8080; 0: any free port)")
    serve.add_argument("--bind", default="0.0.0.0", metavar="ADDR",
                       help="address to listen on (default 0.0.0.0: every IPv4 interface, so "
                       "kiosks on the LAN reach it; 127.0.0.1 for this machine only; :: for IPv6)")
    serve.set_defaults(run=_serve)


def _keys_init(args: argparse.Namespace) -> int:
    from kiosk.sync.keys import init_keys

    root = init_keys(args.dir, root_expires_days=args.root_expires_days)
    print(f"keys written to {args.dir}; kiosks trust {root}")
    print(f"keep {args.dir / 'root.pem'} offline: it is needed only to change keys")
    return 0


def _keys_rotate(args: argparse.Namespace) -> int:
    from kiosk.sync.keys import rotate_key

    version = rotate_key(args.dir, args.role, root_key=args.root_key,
                         root_expires_days=args.root_expires_days)
    print(f"new {', '.join(args.role)} key(s) in {args.dir}; root.json is now version {version}")
    print("publish now: the repository then carries the new root, and kiosks move to it")
    if "root" in args.role:
        print(f"keep the new {args.dir / 'root.pem'} offline; destroy the old one")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from kiosk.sync.publish import load_for_publish, publish, refresh_timestamp

    if args.refresh:
        report = refresh_timestamp(args.keys, args.repo, expires_days=args.expires_days)
        print(f"timestamp re-signed (version {report.timestamp_version}); "
              f"content version {report.version}")
        return 0
    from kiosk.source import rules_dir

    rules = rules_dir(args.rules)
    if args.cases is not None:
        cases = args.cases
    else:
        from kiosk.eligibility import CASES_DIR

        cases = CASES_DIR
    content = load_for_publish(args.dir, assets=args.assets, rules=rules, cases=cases,
                               require_benefits=not args.allow_missing_benefits)
    report = publish(content, args.keys, args.repo, assets=args.assets,
                     expires_days=args.expires_days, bin_bits=args.bin_bits,
                     site_url=args.site_url)
    what = "published" if report.changed else "unchanged, still"
    rules_note = f"{len(content.rules)} rule files, " if content.rules else ""
    print(f"{what} content version {report.version}: {report.records} records, {rules_note}"
          f"{report.media} media files, {len(report.files)} files written to {args.repo}")
    if report.site is not None:
        print(f"phone site for {report.site_url}: {report.site.pages} pages in "
              f"{args.repo / 'site'} (largest page loads {max(report.site.loads.values()):,} "
              f"bytes without the font; font {report.site.font_bytes:,} bytes)")
    if args.app:
        from kiosk.sync.app_update import publish_app

        print(f"published app version {publish_app(args.app, args.keys, args.repo)}")
    return 0


def _sync(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.sync.client import sync

    device = Device.open(args.data_dir)
    server = args.server or device.settings.server_url
    if not server:
        raise KioskError("no server: give --server URL|PATH or set server_url "
                         "(kiosk settings server_url=...)")
    try:
        report = sync(device, server, root=args.root, timeout=args.timeout,
                      deadline_s=args.deadline, require_benefits=not args.allow_missing_benefits)
    finally:
        from kiosk.counts.upload import after_sync

        after_sync(device)  # the heartbeat of every sync, sent with the next upload
    print(f"{report.message} ({report.bytes_fetched} bytes fetched)")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.sync.apply import rollback

    version = rollback(Device.open(args.data_dir))
    print(f"rolled back to content version {version}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.sync.layout import SyncPaths
    from kiosk.sync.serve import LAN_PAGE_MAX_AGE_S, make_server

    device = None if args.repo else Device.open(args.data_dir)
    directory = args.repo or SyncPaths(device.root).repo  # type: ignore[union-attr]
    if not (directory / "metadata").is_dir():
        raise KioskError("{path} is not a repository (no metadata folder); sync once before "
                         "serving a kiosk's copy", path=directory)
    keeper = None
    if device is not None:  # the phone site from this kiosk's verified content, kept current
        from kiosk.site.local import SiteKeeper, ensure_local_site

        try:
            ensure_local_site(device)
        except KioskError as exc:
            print(f"no phone site: {exc.en}", flush=True)
        keeper = SiteKeeper(device).start()
    # a kiosk's own copy goes to phones over plain HTTP (no service worker): pages kept a day
    server = make_server(directory, args.bind, args.port,
                         page_max_age=LAN_PAGE_MAX_AGE_S if device is not None else 0)
    host, port = server.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"serving {directory} on http://{shown}:{port}/ (Ctrl-C to stop)", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        if keeper is not None:
            keeper.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    """The sync commands alone (`python -m kiosk.sync.cli sync ...`): the same code as
    `kiosk sync`, without loading every other part of the core first. A kiosk's timer (and the
    power-cut test, which starts it dozens of times) starts quicker this way."""
    from kiosk.cli import OneLineParser, run_command

    parser = OneLineParser(prog="kiosk", description="NSSF kiosk sync tools")
    register(parser.add_subparsers(dest="command", required=True, metavar="COMMAND"))
    return run_command(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
