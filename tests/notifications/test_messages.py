"""A notification reads as a short, warm sentence in the reader's language."""
from types import SimpleNamespace

import pytest
from flask_babel import force_locale

from festival.notifications.messages import render

MARKET = {"market_title_ar": "سوق الجمعة", "market_title_en": "Friday market", "day": "2026-12-05"}
KINDS = ["application.submitted", "application.approved", "application.waitlisted", "application.rejected",
         "application.cancelled", "application.promoted", "application.withdrawn"]


def notification(kind, **params):
    return SimpleNamespace(kind=kind, params=params)


@pytest.fixture
def arabic(app):
    with app.test_request_context("/"), force_locale("ar_SY"):
        yield


@pytest.fixture
def english(app):
    with app.test_request_context("/"), force_locale("en"):
        yield


def test_an_approval_names_the_market_and_the_day_in_arabic(arabic):
    title, body = render(notification("application.approved", **MARKET, reason=None))

    assert title == "تمت الموافقة على طلبك"
    assert body.startswith("تمت الموافقة على طلب مشاركتك في سوق الجمعة بتاريخ 5 كانون الأول 2026.")


def test_an_approval_uses_the_english_title_of_the_market_in_english(english):
    title, body = render(notification("application.approved", **MARKET))

    assert title == "Your application was approved"
    assert body.startswith("Your application for Friday market on December 5, 2026 was approved.")


def test_a_rejection_gives_the_reason(arabic):
    _title, body = render(notification("application.rejected", **MARKET, reason="لا توجد أجنحة للمونة"))

    assert body.endswith("السبب: لا توجد أجنحة للمونة")


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_its_own_arabic_text(app, kind):
    with app.test_request_context("/"):
        with force_locale("ar_SY"):
            arabic_title, arabic_body = render(notification(kind, **MARKET))
        with force_locale("en"):
            english_title, english_body = render(notification(kind, **MARKET))

    assert arabic_title != english_title and arabic_body != english_body
    assert "5 كانون الأول 2026" in arabic_body
    assert arabic_title != "إشعار جديد"


def test_several_fridays_at_once_are_counted_in_arabic(arabic):
    _title, body = render(notification("application.submitted", **MARKET, count=3))

    assert "3 مواعيد" in body and "5 كانون الأول 2026" in body


@pytest.mark.parametrize("kind, params", [
    ("something.new", MARKET),
    ("application.approved", {}),
    ("application.approved", {"day": "not a date", "market_title_ar": None}),
    ("application.submitted", {"count": "many"}),
])
def test_unknown_kinds_and_broken_parameters_still_render(arabic, kind, params):
    title, body = render(notification(kind, **params))

    assert title and body


def test_parameters_that_are_not_a_mapping_render_the_generic_text(arabic):
    title, _body = render(SimpleNamespace(kind="application.approved", params=None))

    assert title == "تمت الموافقة على طلبك"
