"""The checks of the counts' settings (kiosk/device.py `Settings`: `setting(default, check)`);
each returns why a value cannot be, or None. Imports nothing heavy: device.py reads them."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kiosk.i18n import Msg

KEY_ID = re.compile(r"[A-Za-z0-9_+=/.@-]{3,128}")
REGION = re.compile(r"[a-z0-9-]{1,32}")


def target_problem(target: str) -> Msg | None:
    """upload_target: s3://BUCKET[/PREFIX], http(s)://HOST[:PORT]/BUCKET[/PREFIX], file://… or an
    absolute folder; "" (no uploads)."""
    if not target:
        return None
    if target.startswith("file://"):
        parts = urlsplit(target)
        return None if parts.path.startswith("/") and not parts.netloc else \
            Msg("must be file:///ABSOLUTE/FOLDER")
    if target.startswith("s3://"):
        parts = urlsplit(target)
        if not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc:
            return Msg("must be s3://BUCKET[/PREFIX]")
        return None
    if target.startswith(("http://", "https://")):
        parts = urlsplit(target)
        if not parts.hostname or not parts.path.strip("/") or parts.query or parts.username:
            return Msg("must be http(s)://HOST[:PORT]/BUCKET[/PREFIX]")
        return None
    if not Path(target).is_absolute():
        return Msg("must be an s3://, http(s):// or file:// URL, or an absolute folder")
    return None


def endpoint_problem(endpoint: str) -> Msg | None:
    """upload_endpoint: http(s)://HOST[:PORT] (an S3-compatible server off AWS), or ""."""
    if not endpoint:
        return None
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/") \
            or parts.query or parts.username:
        return Msg("must be http(s)://HOST[:PORT]")
    return None


def key_id_problem(key_id: str) -> Msg | None:
    if not key_id:
        return None
    return None if KEY_ID.fullmatch(key_id) else Msg("must be 3 to 128 letters, digits or _+=/.@-")


def region_problem(region: str) -> Msg | None:
    return None if REGION.fullmatch(region) else Msg("must be like us-east-1")


def check(settings: Any) -> None:
    """KioskError with the first problem of the settings, before they are used to upload."""
    from kiosk.errors import KioskError

    problems = settings.problems()
    if problems:
        raise KioskError(problems[0])
