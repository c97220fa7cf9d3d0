"""Fixtures for the family profile tests: areas, and a filled profile form."""
import pytest

from festival.extensions import db
from festival.provinces.models import Area
from tests.factories import craft_id, province


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
