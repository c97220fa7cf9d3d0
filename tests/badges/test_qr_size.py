"""A badge's QR code is version 7 or lower at error correction M: its URL is written in the
QR code's alphanumeric set (`HTTPS://HOST/B/<base32 token>`), and qrcode really encodes it
in alphanumeric mode. The version is computed, and read back by a real decoder."""
import io
import random
import string
from datetime import date

import pytest
import qrcode
import zxingcpp
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from PIL import Image
from qrcode.util import MODE_8BIT_BYTE, MODE_ALPHA_NUM

from festival.badges import tokens
from festival.core.qr import QR_ALPHANUMERIC, _code, qr_png, qr_url, qr_version

KEY = Ed25519PrivateKey.generate()
MAX_VERSION = 7
DEV_AND_DEMO_BASE_URLS = ["http://127.0.0.1:5000", "http://localhost:5000", "http://localhost",
                          "https://festival.example.sy", "https://aswaq.example.sy"]


def some_tokens(count: int, seed: int = 15) -> list[str]:
    """Real tokens with large and small ids: the encoding's length never depends on them."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        claims = tokens.BadgeClaims(rng.randrange(2**32), rng.randrange(2**32), rng.randrange(2**32),
                                    date(2026, 1, 1) + (date(2079, 1, 1) - date(2026, 1, 1)) * rng.random(),
                                    date(2079, 6, 1))
        found.append(tokens.sign(claims, KEY))
    return found


def base_url_of_length(length: int, rng: random.Random) -> str:
    """`https://` and a host of letters, digits, dots and hyphens, `length` characters in all."""
    scheme = rng.choice(["https://", "http://"])
    host_length = length - len(scheme) - len("a.sy")
    host = "".join(rng.choice(string.ascii_lowercase + string.digits + "-.") for _ in range(host_length))
    return f"{scheme}a{host}.sy"


def modes(url: str) -> list[int]:
    return [segment.mode for segment in _code(url).data_list]


@pytest.mark.parametrize("base_url", DEV_AND_DEMO_BASE_URLS)
def test_the_qr_url_of_a_badge_is_alphanumeric_and_version_7_or_lower(base_url):
    for token in some_tokens(5):
        url = qr_url(base_url, token)

        assert url == f"{base_url.upper()}/B/{token}"
        assert QR_ALPHANUMERIC.issuperset(url)
        assert modes(url) == [MODE_ALPHA_NUM]  # one segment: qrcode's optimizer kept it whole
        assert qr_version(url) <= MAX_VERSION


@pytest.mark.parametrize("length", range(16, 46))
def test_a_base_url_of_up_to_45_characters_stays_at_version_7(length):
    """178 alphanumeric characters fit version 7-M: 45 for the base, `/B/` and 130 for the token."""
    rng = random.Random(length)
    for token in some_tokens(3, seed=length):
        base_url = base_url_of_length(length, rng)
        url = qr_url(base_url, token)

        assert len(base_url) == length and url.startswith(base_url.upper())
        assert MODE_8BIT_BYTE not in modes(url)
        assert qr_version(url) <= MAX_VERSION, (base_url, qr_version(url))


def test_the_version_figures():
    token = some_tokens(1)[0]

    assert qr_version(qr_url("https://festival.example.sy", token)) == 7  # 45 × 45 modules
    assert qr_version(qr_url("http://127.0.0.1:5000", token)) == 6  # 41 × 41, the development server
    v1 = tokens.sign(tokens.BadgeClaims(1, 2, 3, date(2026, 1, 9), date(2026, 1, 9)), KEY, version=1)
    assert qr_version(f"https://festival.example.sy/b/{v1}") == 8  # the badges printed before: 49 × 49


@pytest.mark.parametrize("base_url", ["http://127.0.0.1:5000", "https://festival.example.sy"])
def test_a_decoder_reads_the_alphanumeric_code_back_at_the_computed_version(base_url):
    url = qr_url(base_url, some_tokens(1)[0])

    (result,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(qr_png(url))), formats=zxingcpp.BarcodeFormat.QRCode)

    assert result.text == url
    assert result.ec_level == "M" and int(result.extra["Version"]) == qr_version(url) <= MAX_VERSION


@pytest.mark.parametrize("base_url", [
    "https://festival.example.sy/souq",  # a path is case-sensitive: not upper-cased
    "https://aswaq_damascus.example.sy",  # `_` is not in the alphanumeric set
    "https://[::1]:5000",
    "https://أسواق.example.sy",
    "https://user@festival.example.sy",
    "festival.example.sy",  # no scheme: a misconfiguration, left as it is
])
def test_a_base_url_outside_the_alphanumeric_set_keeps_the_normal_url(base_url):
    token = some_tokens(1)[0]

    assert qr_url(base_url, token) == f"{base_url}/b/{token}"


def test_an_upper_case_path_in_the_base_url_is_kept():
    token = some_tokens(1)[0]

    assert qr_url("https://example.sy/SOUQ/", token) == f"HTTPS://EXAMPLE.SY/SOUQ/B/{token}"


def test_the_fallback_url_still_puts_the_token_in_alphanumeric_mode():
    """qrcode's optimizer gives the token its own alphanumeric segment: a modest base URL that
    cannot be upper-cased still gets version 7."""
    token = some_tokens(1)[0]
    url = qr_url("https://festival.example.sy/souq", token)

    assert MODE_ALPHA_NUM in modes(url) and qr_version(url) <= 8
    assert qr_version(qr_url("https://souq.example.sy/a", token)) <= MAX_VERSION


def test_qrcode_is_asked_for_error_correction_m():
    assert _code("HTTP://X/B/Y").error_correction == qrcode.constants.ERROR_CORRECT_M
