"""Badge tokens cannot be forged: 10,000+ mutations of valid tokens, none accepted."""
import base64
import random
import struct
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from festival.badges import tokens

KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()
CLAIMS = tokens.BadgeClaims(4242, 77, 1234, date(2026, 12, 4), date(2026, 12, 4))


def test_a_signed_token_reads_back_its_claims_and_is_short():
    token = tokens.sign(CLAIMS, KEY)

    assert len(token) == tokens.TOKEN_LENGTH == 108
    assert tokens.read(token, KEY.public_key()) == CLAIMS


def _raw(token: str) -> bytearray:
    return bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def _encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


def _mutations(rng: random.Random, token: str):
    raw = _raw(token)
    yield "resigned", tokens.sign(CLAIMS, OTHER_KEY)
    for _ in range(3000):  # one flipped bit anywhere
        flipped = bytearray(raw)
        position = rng.randrange(len(flipped) * 8)
        flipped[position // 8] ^= 1 << (position % 8)
        yield "bit flip", _encode(flipped)
    for length in range(len(token)):  # every truncation
        yield "truncated", token[:length]
    for _ in range(2000):  # other payload fields, same signature
        fields = list(tokens.PAYLOAD.unpack(bytes(raw[: tokens.PAYLOAD.size])))
        index = rng.randrange(1, len(fields))
        fields[index] = (fields[index] + rng.randrange(1, 500)) % (2 ** (16 if index >= 4 else 32))
        yield "swapped field", _encode(tokens.PAYLOAD.pack(*fields) + raw[tokens.PAYLOAD.size:])
    for _ in range(2000):  # another event's payload, signed with a key we do not hold
        other = tokens.BadgeClaims(rng.randrange(1, 10**6), rng.randrange(1, 10**4), rng.randrange(1, 10**5),
                                   date(2026, 1, 1), date(2026, 1, 2))
        yield "other key", tokens.sign(other, OTHER_KEY)
    for _ in range(2000):  # random garbage of the right and wrong lengths
        size = rng.choice([tokens.TOKEN_LENGTH, rng.randrange(0, 200)])
        yield "garbage", "".join(rng.choice("ABCxyz019-_=+/.") for _ in range(size))
    for _ in range(1000):  # a valid payload with a random signature
        yield "random signature", _encode(raw[: tokens.PAYLOAD.size] + bytes(rng.randrange(256) for _ in range(64)))


def test_no_mutation_of_a_valid_token_is_accepted():
    token = tokens.sign(CLAIMS, KEY)
    rng = random.Random(20261124)
    tried = 0
    for kind, candidate in _mutations(rng, token):
        if candidate == token:
            continue
        tried += 1
        with pytest.raises(tokens.TokenError):
            tokens.read(candidate, KEY.public_key())
            pytest.fail(f"{kind} accepted: {candidate}")
    assert tried >= 10_000


@pytest.mark.parametrize("value", [None, 42, "", "x" * 108, "é" * 108])
def test_odd_inputs_are_malformed_not_errors(value):
    with pytest.raises(tokens.TokenError):
        tokens.read(value, KEY.public_key())


def test_struct_is_what_the_docstring_says():
    assert tokens.PAYLOAD.size == 17 and struct.calcsize(">BIIIHH") == 17
