"""Signed record tokens: a family's training pass, its certificates, its fee receipts.

Layout (69 bytes): kind (1) | id (4) | Ed25519 signature of those 5 bytes (64), written in
upper-case base32 without padding (111 characters, all in the QR alphanumeric set, as
badge tokens v2: festival/badges/tokens.py). The kind is signed, so a pass cannot be shown
as a certificate; the length differs from every badge token, so neither is mistaken for
the other. They are signed with the badges' key (festival/core/signing_keys.py): one key
to keep and rotate. The token only proves that the programme issued it; the database says whether
it still stands (a withdrawn enrolment, a revoked certificate, a refunded payment).
"""
import base64
import binascii
import struct
from enum import IntEnum

from cryptography.exceptions import InvalidSignature

from festival.core.signing_keys import signing_key, verification_keys

PAYLOAD = struct.Struct(">BI")
RAW_LENGTH = PAYLOAD.size + 64
TOKEN_LENGTH = 111


class Kind(IntEnum):
    PASS = 0x11  # an enrolment: the trainer scans it to record attendance
    CERTIFICATE = 0x12
    RECEIPT = 0x13  # a fee payment (festival/fees): anyone checks that the receipt is genuine


class RecordTokenError(ValueError):
    pass


def sign(kind: Kind, record_id: int) -> str:
    payload = PAYLOAD.pack(kind, record_id)
    return base64.b32encode(payload + signing_key().sign(payload)).rstrip(b"=").decode()


def read(token: str, kind: Kind) -> int:
    """The id in a genuine token of `kind`; RecordTokenError for anything else."""
    if not isinstance(token, str) or not token.isascii() or len(token) != TOKEN_LENGTH:
        raise RecordTokenError("malformed")
    token = token.upper()
    try:
        raw = base64.b32decode(token + "=" * (-len(token) % 8))
    except (binascii.Error, ValueError) as error:
        raise RecordTokenError("malformed") from error
    if len(raw) != RAW_LENGTH or base64.b32encode(raw).rstrip(b"=").decode() != token:
        raise RecordTokenError("malformed")
    payload, signature = raw[:PAYLOAD.size], raw[PAYLOAD.size:]
    for key in verification_keys():
        try:
            key.verify(signature, payload)
            break
        except InvalidSignature:
            continue
    else:
        raise RecordTokenError("bad_signature")
    found_kind, record_id = PAYLOAD.unpack(payload)
    if found_kind != kind:
        raise RecordTokenError("other_kind")
    return record_id
