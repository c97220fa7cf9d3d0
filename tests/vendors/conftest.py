"""Helpers for the family profile tests: areas, a filled profile form, images made with Pillow."""
import io
import struct
import zlib

import pytest
from PIL import Image

from festival.crafts.models import CraftCategory
from festival.extensions import db
from festival.provinces.models import Area
from tests.factories import province


@pytest.fixture
def damascus_areas(app):
    """Two areas of Damascus and one of Aleppo: {name_ar: id}."""
    with app.app_context():
        damascus, aleppo = province("damascus"), province("aleppo")
        areas = [Area(province=damascus, name_ar="المزة", name_en="Mezzeh"),
                 Area(province=damascus, name_ar="الميدان", name_en="Al-Midan"),
                 Area(province=aleppo, name_ar="العزيزية", name_en="Al-Aziziyah")]
        db.session.add_all(areas)
        db.session.commit()
        return {area.name_ar: area.id for area in areas}


def craft_id(app, slug: str) -> int:
    with app.app_context():
        return db.session.scalar(db.select(CraftCategory.id).where(CraftCategory.slug == slug))


@pytest.fixture
def profile_form(app, damascus_areas):
    """A complete profile as the browser sends it; override fields per test."""
    def build(**overrides):
        form = {
            "name": "أسرة أم محمد للمونة",
            "head_name": "فاطمة الحلبي",
            "second_phone": "",
            "area": str(damascus_areas["الميدان"]),
            "crafts": [str(craft_id(app, "food"))],
            "products": "مكدوس ومربى مشمش ودبس فليفلة من صنع البيت",
            "other_programme": "",
        }
        form.update(overrides)
        return form

    return build


def image_bytes(image_format="JPEG", size=(800, 600), color=(200, 90, 40), **save_options) -> bytes:
    image = Image.new("RGBA" if image_format == "PNG" else "RGB", size, color)
    buffer = io.BytesIO()
    image.save(buffer, image_format, **save_options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes claiming to be a width x height PNG: a decompression bomb's header."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b""))
