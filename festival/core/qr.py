"""QR codes of signed URLs (badges, training passes, certificates): PNG (downloads, PDFs,
the printable sheet) and SVG.

Error correction M: a badge printed small, folded in a pocket or slightly smudged still
scans, and the code stays at a low version. A badge's QR code holds its URL in upper case
(`HTTPS://FESTIVAL.EXAMPLE.SY/B/<130 characters>`, `qr_url` below), which qrcode encodes
as one alphanumeric segment (11 bits for 2 characters):
version 7, 45 × 45 modules, for a base URL of up to 45 characters (version 6 for
`http://127.0.0.1:5000`). The badges printed before, with a 108-character token in byte
mode, were version 8 (49 × 49). `fit=True` picks the smallest version that holds the URL;
qrcode's optimizer splits a URL that is not all alphanumeric into byte and alphanumeric
segments. The 4-module quiet zone is what the standard asks for, so scanners find the
code on any background.

The codes are qrcode's, module for module and byte for byte, made in about a third of its
time: its mask search is done on bit sets (festival/core/qr_masks.py) and the PNG is drawn
from the matrix in one step instead of one rectangle per dark module.
"""
import base64
import io
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M

from festival.core.qr_masks import MaskedQRCode

QUIET_ZONE = 4  # modules
QR_ALPHANUMERIC = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
PNG_MODULE_PIXELS = 8  # 45 modules + quiet zone = 424 px: sharp when printed 4.4 cm wide


class _PathOnWhite(qrcode.image.svg.SvgPathFillImage):
    """One path on a white background, without qrcode's fixed `id` (ids are unique on a page)."""

    QR_PATH_STYLE = {**qrcode.image.svg.SvgPathFillImage.QR_PATH_STYLE, "shape-rendering": "crispEdges"}

    def process(self):
        super().process()
        self.path.attrib.pop("id", None)


def _code(url: str, quiet_zone: int = QUIET_ZONE, **options) -> qrcode.QRCode:
    code = MaskedQRCode(error_correction=ERROR_CORRECT_M, border=quiet_zone, **options)
    code.add_data(url)
    code.make(fit=True)
    return code


def qr_version(url: str) -> int:
    return _code(url).version


def qr_png(url: str, *, module_pixels: int = PNG_MODULE_PIXELS, quiet_zone: int = QUIET_ZONE) -> bytes:
    """`quiet_zone=0` where the page around the code is white already (the PDF's cards).

    A 1-bit image (a small PNG), one pixel a module, then enlarged without smoothing: the
    same pixels as qrcode's image, which draws each dark module as a rectangle."""
    matrix = _code(url, quiet_zone).get_matrix()  # with the quiet zone
    modules = len(matrix)
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    image = Image.frombytes("L", (modules, modules), pixels).convert("1", dither=Image.Dither.NONE)
    image = image.resize((modules * module_pixels,) * 2, Image.Resampling.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def qr_data_uri(url: str) -> str:
    """The PNG as a `data:` URI, for a sheet of many badges: about 1.4 kB a code, against
    16 kB for the SVG path, and still one request, printable offline."""
    return "data:image/png;base64," + base64.b64encode(qr_png(url)).decode()


def qr_svg(url: str) -> str:
    """An `<svg>` element without XML declaration: it can be inlined in HTML as it is.

    One path on a white background (the quiet zone must stay light on a tinted card);
    sized in mm for a downloaded file, resized by CSS when inlined (viewBox in modules).
    """
    image = _code(url, image_factory=_PathOnWhite).make_image()
    return image.to_string(encoding="unicode")


def qr_url(base_url: str, token: str, letter: str = "B") -> str:
    """A token's URL as its QR code holds it: `HTTPS://HOST/B/<TOKEN>` for a badge (`letter`:
    `T` a training pass, `C` a certificate), all in the QR code's alphanumeric set, so the
    code stays small (version 7 for a badge: festival/badges/tokens.py).

    The scheme and the host are case-insensitive and are upper-cased; `/B/` serves the same
    page as `/b/` (festival/checkin/views.py), and so on for each letter. A path in the base URL is case-sensitive and
    kept as it is. When the result would still hold another character (a lower-case path, an
    IPv6 address in brackets, a host in Arabic letters, a v1 token), the normal URL instead:
    a larger code, never a wrong one.
    """
    base_url = base_url.rstrip("/")
    parts = urlsplit(base_url)
    alphanumeric = f"{parts.scheme.upper()}://{parts.netloc.upper()}{parts.path}/{letter}/{token}"
    plain = not parts.scheme or not parts.netloc or parts.query or parts.fragment or "@" in parts.netloc
    if plain or not QR_ALPHANUMERIC.issuperset(alphanumeric):
        return f"{base_url}/{letter.lower()}/{token}"
    return alphanumeric
