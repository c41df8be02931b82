"""`kiosk upload`, `kiosk upload-key set`, `kiosk fleet simulate`."""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from kiosk.errors import KioskError


def _data_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="the kiosk's data folder (default: the platform's user data dir)")


def register(sub: argparse._SubParsersAction) -> None:
    up = sub.add_parser("upload", help="send the anonymous daily counts and a heartbeat to "
                                       "S3-compatible storage or a folder")
    _data_dir(up)
    up.add_argument("--to", metavar="URL|PATH", default=None,
                    help="s3://BUCKET/PREFIX, http(s)://HOST:PORT/BUCKET/PREFIX or a folder "
                         "(default: the setting upload_target)")
    up.add_argument("--due", action="store_true",
                    help="send nothing: exit 0 if an upload is due (an upload target is set and "
                         "no good upload this day or for upload_interval_min), else say why and "
                         "exit 1 (nssf-kiosk-upload.service's condition)")
    up.set_defaults(run=_upload)

    key = sub.add_parser("upload-key", help="the kiosk's write-only storage key")
    key.add_argument("action", choices=["set"])
    key.add_argument("--id", required=True, metavar="KEY_ID", help="the access key id")
    _data_dir(key)
    key.set_defaults(run=_upload_key)

    fleet = sub.add_parser("fleet", help="head office: a simulated fleet, for sizing and demos")
    fleet_sub = fleet.add_subparsers(dest="fleet_command", required=True, metavar="COMMAND")
    sim = fleet_sub.add_parser("simulate", help="realistic visits through the real recorder and "
                                                "uploader; prints its totals")
    sim.add_argument("--kiosks", type=_positive, required=True)
    sim.add_argument("--days", type=_positive, required=True)
    sim.add_argument("--to", metavar="URL|DIR", required=True,
                     help="where the simulated kiosks upload (credentials for s3:// and http(s):// "
                          "from the environment: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)")
    sim.add_argument("--endpoint", default="", help="for s3:// URLs: http(s)://HOST[:PORT]")
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--visits-per-day", type=float, default=25.0,
                     help="mean visits a kiosk gets on a weekday (default 25)")
    sim.add_argument("--end", default=None, metavar="YYYY-MM-DD", help="the last day (today)")
    sim.add_argument("--work", type=Path, default=None,
                     help="keep the simulated kiosks' data folders here (default: a temp dir)")
    sim.set_defaults(run=_simulate)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 1 <= value <= 100_000:
        raise argparse.ArgumentTypeError(f"must be 1 to 100000, not {value}")
    return value


def _upload(args: argparse.Namespace) -> int:
    from kiosk.counts.upload import due, upload
    from kiosk.device import Device

    device = Device.open(args.data_dir)
    if args.due:
        # systemd's ExecCondition: 1 skips the unit (not a failure); the line goes to the journal
        if not device.settings.upload_target:
            print("no upload target set (provisioning or kiosk settings upload_target=...): "
                  "nothing to upload")
            return 1
        if not due(device):
            print(f"not due: a good upload went out today, less than upload_interval_min "
                  f"({device.settings.upload_interval_min} min) ago")
            return 1
        print(f"an upload to {device.settings.upload_target} is due")
        return 0
    report = upload(device, args.to)
    if report.objects:
        print(f"uploaded {report.objects} objects ({report.bytes} bytes) to {report.target}")
    else:
        print(f"nothing new to upload to {report.target}")
    return 0


def _upload_key(args: argparse.Namespace) -> int:
    from kiosk.counts.upload import save_secret, secret_path
    from kiosk.device import Device

    device = Device.open(args.data_dir)
    secret = getpass.getpass("secret key: ") if sys.stdin.isatty() else sys.stdin.readline()
    save_secret(device, args.id, secret)
    print(f"upload key {args.id} set; its secret is in {secret_path(device)} (mode 0600)")
    return 0


def _simulate(args: argparse.Namespace) -> int:
    import datetime as dt

    from kiosk.counts.simulate import simulate
    from kiosk.counts.storage import is_url, open_store

    end = None
    if args.end:
        try:
            end = dt.date.fromisoformat(args.end)
        except ValueError:
            raise KioskError("--end {day!r} is not a day (YYYY-MM-DD)", day=args.end) from None
    store = open_store(args.to, endpoint=args.endpoint, create=not is_url(args.to))

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty() or done == total or done % max(1, total // 10) == 0:
            print(f"simulated {done} of {total} kiosks", file=sys.stderr, flush=True)

    totals = simulate(args.kiosks, args.days, store, seed=args.seed, end=end,
                      visits_per_day=args.visits_per_day, work=args.work, progress=progress)
    for line in totals.lines():
        print(line)
    return 0
