"""Sync: head office publishes signed content pieces; kiosks pull, verify and swap atomically.

- `keys`: the signing keys and the root metadata kiosks trust (`kiosk keys init`).
- `pieces`: content as pieces (one per record, one per media file), the index listing them,
  and record patches (unsigned hints, checked against the signed hash of the result).
- `publish`: the static TUF repository (`kiosk publish`): consistent snapshots, succinct hash
  bins, versions that only go up.
- `fetch`: HTTP and folder fetchers for python-tuf's ngclient, with byte counts and
  cancellation; downloads land in a temporary file and are renamed once verified.
- `client`: one pull (`kiosk sync`); `apply`: build, check and switch bundles, rollback;
  `mirror`: the servable copy a kiosk keeps; `serve`: `kiosk serve`; `cli`: the commands.
- `sample`: generated content for tests and benchmarks; `steps`: checkpoints for the
  power-cut test.
"""
