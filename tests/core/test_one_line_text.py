"""Names and titles are stored on one line, without bidi override characters."""
import pytest

from festival.core.text import one_line
from festival.extensions import db
from festival.vendors.models import Family
from tests.conftest import post_form
from tests.factories import province


@pytest.mark.parametrize(("typed", "stored"), [
    ("سوق\nالجمعة", "سوق الجمعة"),
    ("  سوق\r\n\r\n  الجمعة\u2028 ", "سوق الجمعة"),
    ("أسرة \u202eدمحم\u202c أم", "أسرة دمحم أم"),
    ("\u2066\u2067\u2068x\u2069\u202a\u202b\u202d", "x"),
    ("أم\u200cمحمد \u200f(2)", "أم\u200cمحمد \u200f(2)"),  # ZWNJ and RLM are Arabic text, they stay
])
def test_one_line_text(typed, stored):
    assert one_line(typed) == stored


def test_a_family_registering_with_a_line_break_and_an_override_gets_one_clean_line(app, client):
    with app.app_context():
        damascus = province("damascus").id

    response = post_form(client, "/register", {
        "family_name": "أسرة\n\u202eأم محمد", "phone": "0944321321", "province": damascus,
        "password": "family-pass-1", "confirm": "family-pass-1",
    })

    assert response.status_code == 302
    with app.app_context():
        family = db.session.scalar(db.select(Family))
        assert family.name == "أسرة أم محمد" and family.user.display_name == "أسرة أم محمد"
