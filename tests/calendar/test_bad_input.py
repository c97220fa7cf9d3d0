"""Bad addresses get a clear, translated 400 or 404, never a 500."""
import pytest

BAD_PAGES = [
    ("/calendar?month=2026-13", 400, "2026-12"),
    ("/calendar?month=abc", 400, "2026-12"),
    ("/calendar?month=2026-00", 400, "2026-12"),
    ("/calendar?month=99999-01", 400, "2026-12"),
    ("/calendar?month=1066-10", 400, "2026-12"),
    ("/calendar?province=atlantis", 404, "لا توجد محافظة"),
    ("/calendar?category=unicorns", 404, "لا توجد فئة"),
    ("/calendar?kind=circus", 400, "مهرجان تسوّق"),
    ("/calendar?view=year", 400, "قائمة"),
    ("/calendar?view=list&page=0", 400, "رقم الصفحة"),
    ("/calendar?view=list&page=abc", 400, "رقم الصفحة"),
    ("/calendar?view=list&page=99999999999999999999", 404, "لا توجد صفحة"),
    ("/calendar?view=list&page=" + "9" * 5000, 404, "لا توجد صفحة"),
    ("/calendar?view=list&page=-1", 400, "رقم الصفحة"),
    ("/calendar?view=list&page=5000", 404, "لا توجد صفحة"),
    ("/calendar?view=list&per_page=100000", 400, "100"),
    ("/calendar.ics?alarm=abc", 400, "10080"),
    ("/calendar.ics?province=atlantis", 404, "لا توجد محافظة"),
    ("/events/1.ics?alarm=0", 400, "10080"),
]


@pytest.mark.parametrize(("url", "status", "message"), BAD_PAGES)
def test_bad_calendar_addresses_get_a_clear_arabic_message(client, url, status, message):
    response = client.get(url)

    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_the_message_follows_the_language(client):
    response = client.get("/calendar?month=2026-13&lang=en")

    assert response.status_code == 400
    assert "Give the month as year-month, for example 2026-12." in response.get_data(as_text=True)


def test_arabic_digits_are_accepted_in_the_month(client):
    response = client.get("/calendar?month=٢٠٢٦-١١")

    assert response.status_code == 200 and "تشرين الثاني 2026" in response.get_data(as_text=True)
