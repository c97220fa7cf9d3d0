"""The fast mask search (festival/core/qr_masks.py) scores every mask as qrcode does and so
draws qrcode's own code: same modules, same PNG and SVG bytes, for many versions and levels."""
import io
import random
import string

import pytest
import qrcode
from qrcode import util
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from festival.core import qr
from festival.core.qr_masks import MaskedQRCode, _bit_rows, penalty

LEVELS = [ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q, ERROR_CORRECT_H]


def some_contents(count: int, seed: int) -> list[str]:
    """Badge-like URLs of many lengths (versions 1 to about 20) and arbitrary printable text."""
    rng = random.Random(seed)
    contents = []
    for number in range(count):
        if number % 3:
            token = "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(rng.randrange(1, 500)))
            contents.append(f"HTTPS://FESTIVAL.EXAMPLE.SY/B/{token}")
        else:
            contents.append("".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 250))))
    return contents


def qrcode_made(content: str, level: int, cls=qrcode.QRCode, **options) -> qrcode.QRCode:
    code = cls(error_correction=level, **options)
    code.add_data(content)
    code.make(fit=True)
    return code


@pytest.mark.parametrize("level", LEVELS)
def test_every_mask_gets_qrcodes_own_penalty(level):
    for content in some_contents(12, seed=level):
        code = qrcode_made(content, level)
        for mask in range(8):
            code.makeImpl(True, mask)
            rows = _bit_rows(code.modules, bool)
            columns = _bit_rows(list(zip(*code.modules, strict=True)), bool)

            assert penalty(rows, columns, code.modules_count) == util.lost_point(code.modules), (content, mask)


@pytest.mark.parametrize("level", LEVELS)
def test_the_chosen_mask_and_the_modules_are_qrcodes(level):
    versions = set()
    for content in some_contents(40, seed=10 + level):
        expected = qrcode_made(content, level)
        made = qrcode_made(content, level, MaskedQRCode)
        versions.add(made.version)

        assert made.version == expected.version
        assert made.modules == expected.modules, content
    assert len(versions) > 8  # small and large codes alike


def test_the_png_and_the_svg_are_byte_for_byte_qrcodes():
    for content in some_contents(12, seed=99):
        for module_pixels, quiet_zone in ((qr.PNG_MODULE_PIXELS, qr.QUIET_ZONE), (4, 0)):
            image = qrcode_made(content, ERROR_CORRECT_M, border=quiet_zone, box_size=module_pixels).make_image()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")

            assert qr.qr_png(content, module_pixels=module_pixels, quiet_zone=quiet_zone) == buffer.getvalue()
        svg = qrcode_made(content, ERROR_CORRECT_M, border=qr.QUIET_ZONE, image_factory=qr._PathOnWhite).make_image()
        assert qr.qr_svg(content) == svg.to_string(encoding="unicode")
