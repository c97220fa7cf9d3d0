"""A family finds, from its own page, how taking part works: applying, the badge, the day, the report."""
import re

from tests.factories import ready_family


def test_the_family_page_links_to_the_help_in_arabic(app, client, login):
    with app.app_context():
        family = ready_family("أسرة الياسمين")
        user = family.user
    login(user)

    dashboard = client.get("/family").get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">كيف تجري المشاركة؟ دليل الأسر</a>', dashboard)
    help_page = client.get(link.group(1)).get_data(as_text=True)

    assert link.group(1) == "/help/families"
    for heading in ("كيف تتقدّم بطلب جناح", "بطاقة مشاركتك", "في يوم السوق", "تقرير المبيعات"):
        assert f">{heading}</h2>" in help_page
    assert "رمز قصير من ثمانية أحرف وأرقام" in help_page and "بالليرة السورية" in help_page


def test_the_help_is_public_and_in_english_too(client):
    page = client.get("/help/families?lang=en")

    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "How to apply for a stall" in text and "Reporting your sales" in text and "check-in" in text
