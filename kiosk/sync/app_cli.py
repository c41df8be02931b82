"""`kiosk app update` (root, from nssf-kiosk-update.timer) and `kiosk app status`."""
from __future__ import annotations

import argparse
import shlex
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    from kiosk.sync import app_update

    app = sub.add_parser("app", help="app updates from the signed repository")
    asub = app.add_subparsers(dest="app_command", required=True, metavar="ACTION")
    update = asub.add_parser("update", help="as root: install a newer signed app while the kiosk "
                             "is idle, and go back if it does not reach its first screen")
    status = asub.add_parser("status", help="the running app version and the last update")
    for parser in (update, status):
        parser.add_argument("--data-dir", type=Path, default=None,
                            help="the kiosk's data folder (default: the platform's user data dir)")
        parser.add_argument("--state-dir", type=Path, default=app_update.STATE_DIR,
                            help=f"root's own update state (default {app_update.STATE_DIR})")
    update.add_argument("--app-dir", type=Path, default=app_update.APP_DIR)
    update.add_argument("--root", type=Path, default=None, help="trusted root.json (default: shipped)")
    update.add_argument("--restart", default=shlex.join(app_update.RESTART),
                        help="command that starts the kiosk again")
    update.add_argument("--wait", type=float, default=120,
                        help="seconds the new version has to reach its first screen")
    update.add_argument("--idle", type=float, default=180,
                        help="install only after this many seconds without a visitor")
    update.set_defaults(run=_update)
    status.set_defaults(run=_status)


def _update(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.sync.app_update import update

    print(update(Device.open(args.data_dir), state_dir=args.state_dir, app_dir=args.app_dir,
                 root_file=args.root, restart=shlex.split(args.restart), wait_s=args.wait,
                 idle_s=args.idle))
    return 0


def _status(args: argparse.Namespace) -> int:
    from kiosk.device import Device
    from kiosk.sync.app_update import UpdateState, app_version_lines, started_version

    device = Device.open(args.data_dir)
    state = UpdateState.load(args.state_dir)
    for line in app_version_lines():
        print(line)
    print(f"first screen reported by: {started_version(device) or 'none yet'}")
    print(f"last update: {state.last_try or 'never'} ({state.last_result or 'none'})")
    if state.held:
        print(f"held (failed here, never tried again): {', '.join(state.held)}")
    return 0
