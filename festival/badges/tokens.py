"""Badge tokens: a compact signed payload that fits a small, easily scanned QR code.

Layout (81 bytes, 108 characters in base64url):
    version (1) | badge id (4) | occurrence id (4) | stall id (4) | first day (2) | last day (2)
    | Ed25519 signature of the 17 bytes before it (64)
Days count from 2020-01-01 (local Damascus dates). Nothing in the token is secret; the
signature makes it unforgeable, and the database decides whether it is still valid.
"""
import base64
import binascii
import struct
from dataclasses import dataclass
from datetime import date, timedelta

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

VERSION = 1
EPOCH = date(2020, 1, 1)
PAYLOAD = struct.Struct(">BIIIHH")
SIGNATURE_LENGTH = 64
TOKEN_LENGTH = 108  # base64url of PAYLOAD.size + SIGNATURE_LENGTH bytes, no padding


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


def sign(claims: BadgeClaims, key: Ed25519PrivateKey) -> str:
    payload = PAYLOAD.pack(VERSION, claims.badge_id, claims.occurrence_id, claims.stall_id,
                           _day_number(claims.first_day), _day_number(claims.last_day))
    return base64.urlsafe_b64encode(payload + key.sign(payload)).rstrip(b"=").decode()


def read(token: str, key: Ed25519PublicKey) -> BadgeClaims:
    """The claims of a genuine token; TokenError otherwise (never anything else)."""
    if not isinstance(token, str) or len(token) != TOKEN_LENGTH:
        raise TokenError("malformed")
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    except (binascii.Error, ValueError) as error:
        raise TokenError("malformed") from error
    if len(raw) != PAYLOAD.size + SIGNATURE_LENGTH or base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != token:
        raise TokenError("malformed")  # non-canonical encodings are refused too
    payload, signature = raw[: PAYLOAD.size], raw[PAYLOAD.size:]
    try:
        key.verify(signature, payload)
    except InvalidSignature as error:
        raise TokenError("bad_signature") from error
    version, badge_id, occurrence_id, stall_id, first, last = PAYLOAD.unpack(payload)
    if version != VERSION:
        raise TokenError("malformed")
    return BadgeClaims(badge_id, occurrence_id, stall_id, EPOCH + timedelta(days=first), EPOCH + timedelta(days=last))
