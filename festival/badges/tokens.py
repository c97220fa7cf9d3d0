"""Badge tokens: a compact signed payload that fits a small, easily scanned QR code.

Layout (81 bytes), the same in both versions:
    version (1) | badge id (4) | occurrence id (4) | stall id (4) | first day (2) | last day (2)
    | Ed25519 signature of the 17 bytes before it (64)
Days count from 2020-01-01 (local Damascus dates). Nothing in the token is secret; the
signature makes it unforgeable, and the database decides whether it is still valid.

Two encodings, told apart by their length, and the version byte must match the encoding
(it is signed, so a token cannot be moved from one to the other):
- version 2, what sign() issues: RFC 4648 base32, upper case, without padding,
  130 characters. Its 32 letters and digits are all in the QR code's alphanumeric set
  (0-9 A-Z space $ % * + - . / :), which packs 2 characters in 11 bits against 8 bits a
  character in byte mode: with an upper-case badge URL (`HTTPS://HOST/B/<token>`,
  festival/badges/operations.py) the QR code is version 7 at error correction M
  (45 × 45 modules) instead of version 8, so it prints with bigger modules. Read in
  either case (a URL may be lower-cased on the way); any other character is refused.
- version 1, on the badges printed before: base64url without padding, 108 characters.
  Still read, never issued.
Only the canonical encoding of the 81 bytes is accepted (no padding, no stray trailing
bits), so one badge has exactly one token of each version.
"""
import base64
import binascii
import struct
from dataclasses import dataclass
from datetime import date, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

VERSION = 2  # what sign() issues
EPOCH = date(2020, 1, 1)
PAYLOAD = struct.Struct(">BIIIHH")
SIGNATURE_LENGTH = 64
RAW_LENGTH = PAYLOAD.size + SIGNATURE_LENGTH  # 81 bytes
V1_LENGTH = 108  # base64url of RAW_LENGTH bytes, no padding
V2_LENGTH = 130  # base32 of RAW_LENGTH bytes, no padding
TOKEN_LENGTH = V2_LENGTH  # what sign() issues
TOKEN_LENGTHS = {V1_LENGTH: 1, V2_LENGTH: 2}  # length -> the version of that encoding


class TokenError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # malformed | bad_signature


@dataclass(frozen=True)
class BadgeClaims:
    badge_id: int
    occurrence_id: int
    stall_id: int
    first_day: date
    last_day: date


def _day_number(day: date) -> int:
    return (day - EPOCH).days


def _encode(raw: bytes, version: int) -> str:
    if version == 1:
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return base64.b32encode(raw).rstrip(b"=").decode()


def _decode(token: str, version: int) -> bytes:
    """The 81 bytes of a canonical encoding; TokenError("malformed") otherwise."""
    if version == 2:
        token = token.upper()  # ASCII only (checked): no other letter upper-cases into A-Z
    padded = token + "=" * (-len(token) % (4 if version == 1 else 8))
    try:
        raw = base64.urlsafe_b64decode(padded) if version == 1 else base64.b32decode(padded)
    except (binascii.Error, ValueError) as error:
        raise TokenError("malformed") from error
    if len(raw) != RAW_LENGTH or _encode(raw, version) != token:
        raise TokenError("malformed")  # non-canonical encodings are refused too
    return raw


def sign(claims: BadgeClaims, key: Ed25519PrivateKey, *, version: int = VERSION) -> str:
    """A token of `version` (2; 1 only to test that the badges printed before still work)."""
    if version not in TOKEN_LENGTHS.values():
        raise ValueError(f"unknown token version {version}")
    payload = PAYLOAD.pack(version, claims.badge_id, claims.occurrence_id, claims.stall_id,
                           _day_number(claims.first_day), _day_number(claims.last_day))
    return _encode(payload + key.sign(payload), version)


def read(token: str, key: Ed25519PublicKey) -> BadgeClaims:
    """The claims of a genuine token of either version; TokenError otherwise (never anything else)."""
    if not isinstance(token, str) or not token.isascii() or len(token) not in TOKEN_LENGTHS:
        raise TokenError("malformed")
    encoding = TOKEN_LENGTHS[len(token)]
    raw = _decode(token, encoding)
    payload, signature = raw[: PAYLOAD.size], raw[PAYLOAD.size:]
    try:
        key.verify(signature, payload)
    except InvalidSignature as error:
        raise TokenError("bad_signature") from error
    version, badge_id, occurrence_id, stall_id, first, last = PAYLOAD.unpack(payload)
    if version != encoding:
        raise TokenError("malformed")  # e.g. a version 1 payload in base32
    return BadgeClaims(badge_id, occurrence_id, stall_id, EPOCH + timedelta(days=first), EPOCH + timedelta(days=last))
