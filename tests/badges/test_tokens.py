"""Badge tokens cannot be forged: 10,000+ mutations of valid tokens of each version, none
accepted. Version 2 (base32, issued now) and version 1 (base64url, on the badges printed
before) are both read."""
import base64
import random
import re
import struct
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from festival.badges import tokens

KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()
CLAIMS = tokens.BadgeClaims(4242, 77, 1234, date(2026, 12, 4), date(2026, 12, 4))


def test_a_signed_token_is_version_2_in_upper_case_base32_and_reads_back_its_claims():
    token = tokens.sign(CLAIMS, KEY)

    assert len(token) == tokens.TOKEN_LENGTH == 130
    assert re.fullmatch("[A-Z2-7]{130}", token)
    assert base64.b32decode(token + "======")[0] == 2  # the version byte
    assert tokens.read(token, KEY.public_key()) == CLAIMS


def test_a_version_1_token_of_a_badge_printed_before_still_reads():
    token = tokens.sign(CLAIMS, KEY, version=1)

    assert len(token) == 108 and re.fullmatch("[A-Za-z0-9_-]{108}", token)
    assert base64.urlsafe_b64decode(token + "==")[0] == 1
    assert tokens.read(token, KEY.public_key()) == CLAIMS


def test_a_version_1_token_made_before_version_2_existed_still_reads():
    """Built by hand as festival/badges/tokens.py made them, not by today's sign()."""
    payload = struct.pack(">BIIIHH", 1, 4242, 77, 1234, 2529, 2529)
    token = base64.urlsafe_b64encode(payload + KEY.sign(payload)).rstrip(b"=").decode()

    assert tokens.read(token, KEY.public_key()) == CLAIMS


def test_a_version_2_token_is_read_in_lower_case_too():
    token = tokens.sign(CLAIMS, KEY)

    assert tokens.read(token.lower(), KEY.public_key()) == CLAIMS
    assert tokens.read(token[:60] + token[60:].lower(), KEY.public_key()) == CLAIMS


def test_a_version_2_token_with_one_character_changed_has_a_bad_signature():
    token = tokens.sign(CLAIMS, KEY)
    for position in (10, 40, 64, 100, 128):  # in the payload and in the signature
        other = "B" if token[position] != "B" else "C"
        forged = token[:position] + other + token[position + 1:]
        with pytest.raises(tokens.TokenError) as refused:
            tokens.read(forged, KEY.public_key())
        assert refused.value.reason == "bad_signature"


def _swap_encoding(token: str) -> str:
    """The same 81 bytes in the other version's encoding."""
    if len(token) == 130:
        return _encode(_raw(token), 1)
    return _encode(_raw(token), 2)


@pytest.mark.parametrize("version", [1, 2])
def test_the_version_byte_must_match_the_encoding(version):
    genuine = tokens.sign(CLAIMS, KEY, version=version)
    moved = _swap_encoding(genuine)  # validly signed, in the other encoding

    with pytest.raises(tokens.TokenError) as refused:
        tokens.read(moved, KEY.public_key())
    assert refused.value.reason == "malformed"


def test_non_canonical_encodings_are_malformed():
    token = tokens.sign(CLAIMS, KEY)
    last = base64.b32decode(token + "======")[-1]
    # The last character carries the last byte's 3 low bits and 2 bits that must be 0.
    stray = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[((last & 0b111) << 2) | 0b01]
    for candidate in (token + "======", token[:-1] + stray, token + " ", " " + token[:-1], token[:-1] + "=",
                      token[:5] + "\u017f" + token[6:], token[:-1] + "1"):  # \u017f upper-cases to S
        with pytest.raises(tokens.TokenError) as refused:
            tokens.read(candidate, KEY.public_key())
        assert refused.value.reason == "malformed", candidate


def test_sign_knows_only_versions_1_and_2():
    with pytest.raises(ValueError):
        tokens.sign(CLAIMS, KEY, version=3)


def _raw(token: str) -> bytearray:
    if len(token) == 130:
        return bytearray(base64.b32decode(token.upper() + "======"))
    return bytearray(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))


def _encode(raw: bytes, version: int) -> str:
    if version == 2:
        return base64.b32encode(bytes(raw)).rstrip(b"=").decode()
    return base64.urlsafe_b64encode(bytes(raw)).rstrip(b"=").decode()


def _mutations(rng: random.Random, token: str, version: int):
    raw = _raw(token)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcz=" if version == 2 else "ABCxyz019-_=+/."
    yield "resigned", tokens.sign(CLAIMS, OTHER_KEY, version=version)
    yield "other version", _swap_encoding(token)
    for _ in range(3000):  # one flipped bit anywhere
        flipped = bytearray(raw)
        position = rng.randrange(len(flipped) * 8)
        flipped[position // 8] ^= 1 << (position % 8)
        yield "bit flip", _encode(flipped, version)
    for length in range(len(token)):  # every truncation
        yield "truncated", token[:length]
    for _ in range(2000):  # other payload fields, same signature
        fields = list(tokens.PAYLOAD.unpack(bytes(raw[: tokens.PAYLOAD.size])))
        index = rng.randrange(1, len(fields))
        fields[index] = (fields[index] + rng.randrange(1, 500)) % (2 ** (16 if index >= 4 else 32))
        yield "swapped field", _encode(tokens.PAYLOAD.pack(*fields) + raw[tokens.PAYLOAD.size:], version)
    for _ in range(2000):  # another event's payload, signed with a key we do not hold
        other = tokens.BadgeClaims(rng.randrange(1, 10**6), rng.randrange(1, 10**4), rng.randrange(1, 10**5),
                                   date(2026, 1, 1), date(2026, 1, 2))
        yield "other key", tokens.sign(other, OTHER_KEY, version=version)
    for _ in range(2000):  # random garbage of the right and wrong lengths
        size = rng.choice([tokens.V1_LENGTH, tokens.V2_LENGTH, rng.randrange(0, 200)])
        yield "garbage", "".join(rng.choice(alphabet) for _ in range(size))
    for _ in range(1000):  # a valid payload with a random signature
        signature = bytes(rng.randrange(256) for _ in range(64))
        yield "random signature", _encode(raw[: tokens.PAYLOAD.size] + signature, version)


@pytest.mark.parametrize("version", [1, 2])
def test_no_mutation_of_a_valid_token_is_accepted(version):
    token = tokens.sign(CLAIMS, KEY, version=version)
    rng = random.Random(20261124 + version)
    tried = 0
    for kind, candidate in _mutations(rng, token, version):
        if candidate == token or (version == 2 and candidate.upper() == token):
            continue
        tried += 1
        with pytest.raises(tokens.TokenError):
            tokens.read(candidate, KEY.public_key())
            pytest.fail(f"{kind} accepted: {candidate}")
    assert tried >= 10_000


@pytest.mark.parametrize("value", [None, 42, "", b"x" * 130, "x" * 108, "é" * 108, "1" * 130, "é" * 130,
                                   "A" * 129, "A" * 131])
def test_odd_inputs_are_malformed_not_errors(value):
    with pytest.raises(tokens.TokenError):
        tokens.read(value, KEY.public_key())


def test_struct_is_what_the_docstring_says():
    assert tokens.PAYLOAD.size == 17 and struct.calcsize(">BIIIHH") == 17
