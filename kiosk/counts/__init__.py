"""Anonymous counts: what visitors did, added up per day, and the kiosk's heartbeat.

The kiosk side: `VisitRecorder` (recorder.py) turns the events the screens report into daily
counts in an outbox (outbox.py, SQLite next to the journey log); `upload` (upload.py) writes
them as one gzip NDJSON object per kiosk per day (contract.py) to S3-compatible storage or a
folder (storage.py). Head office reads them back with `kiosk report` (kiosk/report/). The fleet
simulator (simulate.py) drives the same recorder and uploader.

Nothing here keeps a visitor: a visit's tally lives in memory until the visit ends, and then only
adds to the day's counts. No free text, wage, answer or time finer than the day leaves a kiosk
(the hour only as the key of the per-hour visit count).
"""
from __future__ import annotations
