"""The staff PIN: what a PIN may be, how it is hashed, and the lockout after wrong tries.

- A PIN is 4 to 12 digits, Latin (0-9) or Khmer (០-៩): `normalize_pin` turns both into the same
  Latin digits, for the PIN pad and `kiosk pin set` alike. Any other character is refused.
- The hash is scrypt with N = 2**17, r = 8, p = 1 (128 MiB and about 0.4 s per guess here): the
  PIN space is small (10**4 to 10**6), so only the cost of each guess protects a hash that
  leaks. The parameters are stored with the hash, so a stronger setting later still reads old
  hashes (and upgrades them at the next right PIN).
- No default PIN, ever: with no hash the panel stays locked until a PIN is provisioned.
- The lockout state lives in its own file, bound to the hash it counts tries against. A missing,
  empty, unreadable or foreign state file does not mean "no wrong tries": it means the state was
  lost or removed, and the panel locks (five minutes, then one try before the next lock). So
  deleting or emptying the file can only lock the panel, never unlock it. (Writing the file
  needs the same rights as writing a new hash, which is game over anyway; the data dir is 0700.)
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from kiosk.errors import KioskError
from kiosk.i18n import Msg, latin_digits

PIN_MIN_DIGITS, PIN_MAX_DIGITS = 4, 12
PIN_MAX_TRIES = 5
PIN_LOCK_SECONDS = 5 * 60
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
# OpenSSL refuses scrypt above 32 MiB unless told: 128 * r * N bytes, plus room
SCRYPT_MAXMEM = 128 * SCRYPT_R * SCRYPT_N + (16 << 20)
HASH_FORMAT = re.compile(r"scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([0-9a-f]{32})\$([0-9a-f]{64})")
LEGACY_FORMAT = re.compile(r"([0-9a-f]{32})\$([0-9a-f]{64})")  # n=2**14 r=8 p=1, before this

class BadPin(KioskError):
    def __init__(self) -> None:
        super().__init__(Msg("the staff PIN must be {low} to {high} digits (0-9 or Khmer digits), "
                             "nothing else", low=PIN_MIN_DIGITS, high=PIN_MAX_DIGITS))


def normalize_pin(text: str) -> str:
    """The PIN in Latin digits; BadPin unless it is 4-12 digits, Latin or Khmer.
    (`str.isdigit` would also take '²' or Arabic-Indic digits, which no pad can type.)"""
    pin = latin_digits(text.strip())
    if not re.fullmatch(rf"[0-9]{{{PIN_MIN_DIGITS},{PIN_MAX_DIGITS}}}", pin):
        raise BadPin()
    return pin


def hash_pin(pin: str, salt: bytes | None = None, *, log2_n: int = 17, r: int = SCRYPT_R,
             p: int = SCRYPT_P) -> str:
    """`scrypt$log2(N)$r$p$salt$hash` (hex) of a normalized PIN."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=2**log2_n, r=r, p=p, dklen=32,
                            maxmem=max(SCRYPT_MAXMEM, 128 * r * 2**log2_n + (16 << 20)))
    return f"scrypt${log2_n}${r}${p}${salt.hex()}${digest.hex()}"


def valid_hash(stored: str) -> bool:
    return bool(HASH_FORMAT.fullmatch(stored) or LEGACY_FORMAT.fullmatch(stored))


def pin_matches(pin: str, stored: str) -> bool:
    """Whether `pin` (any form normalize_pin takes) hashes to `stored`. No hash: never."""
    try:
        pin = normalize_pin(pin)
    except BadPin:
        return False
    if m := HASH_FORMAT.fullmatch(stored):
        log2_n, r, p = int(m[1]), int(m[2]), int(m[3])
        if not (14 <= log2_n <= 22 and 1 <= r <= 32 and 1 <= p <= 16):
            return False  # a hash no kiosk wrote: refuse rather than spend minutes on it
        again = hash_pin(pin, bytes.fromhex(m[4]), log2_n=log2_n, r=r, p=p)
        return hmac.compare_digest(again, stored)
    if m := LEGACY_FORMAT.fullmatch(stored):
        digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(m[1]), n=2**14, r=8, p=1, dklen=32)
        return hmac.compare_digest(digest.hex(), m[2])
    return False


def needs_rehash(stored: str) -> bool:
    m = HASH_FORMAT.fullmatch(stored)
    return m is None or (int(m[1]), int(m[2]), int(m[3])) < (17, SCRYPT_R, SCRYPT_P)


def fingerprint(stored: str) -> str:
    """Names the hash a lockout state belongs to, without repeating the hash."""
    return hashlib.sha256(b"nssf-kiosk pin state\0" + stored.encode()).hexdigest()[:32]


@dataclass
class PinCheck:
    ok: bool
    locked_until: float = 0.0  # epoch seconds; 0 when not locked
    tries_left: int = PIN_MAX_TRIES
    provisioned: bool = True  # False: no PIN is set on this kiosk; the panel stays locked


@dataclass
class LockState:
    """Wrong tries against one hash. `lost`: the file was missing, empty or not this hash's."""

    failures: int = 0
    locked_until: float = 0.0
    lost: bool = False

    @classmethod
    def read(cls, raw: bytes | None, stored: str) -> LockState:
        try:
            data: Any = json.loads(raw) if raw else None
            if (isinstance(data, dict) and data.get("pin") == fingerprint(stored)
                    and isinstance(data.get("failures"), int)
                    and isinstance(data.get("locked_until"), int | float)):
                return cls(max(0, data["failures"]), float(data["locked_until"]))
        except ValueError:
            pass
        return cls(lost=True)

    def to_bytes(self, stored: str) -> bytes:
        return json.dumps({"pin": fingerprint(stored), "failures": self.failures,
                           "locked_until": self.locked_until}).encode()


def lost_lock(now: float) -> LockState:
    """What a lost state file turns into: locked now, and one wrong try from the next lock."""
    return LockState(PIN_MAX_TRIES - 1, now + PIN_LOCK_SECONDS)


def decide(state: LockState, matches: bool, now: float) -> tuple[PinCheck, LockState]:
    """The answer to one try, and the state to save. A lock whose end lies further ahead than
    one lock period (the clock was set back) counts as one period from now."""
    until = min(state.locked_until, now + PIN_LOCK_SECONDS)
    if until > now:
        return PinCheck(False, until, 0), LockState(state.failures, until)
    if matches:
        return PinCheck(True), LockState()
    failures = state.failures + 1
    if failures >= PIN_MAX_TRIES:
        until = now + PIN_LOCK_SECONDS
        return PinCheck(False, until, 0), LockState(0, until)
    return PinCheck(False, 0.0, PIN_MAX_TRIES - failures), LockState(failures, 0.0)
