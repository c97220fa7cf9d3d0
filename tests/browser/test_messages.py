"""What was sent to whom: an organizer reads a market's messages on a phone, a family sees
what it was sent, and an admin sends a refused email again once the address is fixed."""
from festival.applications import operations as applications
from festival.auth.models import User
from festival.extensions import db
from festival.markets.models import Market
from tests.browser.pages import log_in, no_sideways_scroll
from tests.factories import make_admin, make_organizer, open_market, ready_family
from tests.factories.markets import NOW
from tests.factories.placements import request_for
from tests.notifications.smtp import Inbox, RefusingServer, running, use_mail_server


def apply_and_approve(app, market_id, name, email):
    with app.app_context():
        market = db.session.get(Market, market_id)
        family = ready_family(name)
        db.session.get(User, family.user_id).email = email
        application = applications.apply(family, [market.occurrences[0]], request_for("food"), now=NOW)[0]
        organizer = db.session.scalar(db.select(User).where(User.role == "organizer"))
        applications.decide(application, "approved", by=organizer, now=NOW)
        db.session.commit()
        return application.id, family.user.phone


def test_organizers_families_and_admins_see_what_was_sent_and_whether_it_arrived(
        app, browser, live_server, phone_page, screenshot):
    with app.app_context():
        market = open_market()
        market_id = market.id
        organizer_phone = make_organizer("damascus").phone
        admin_phone = make_admin().phone
    inbox = Inbox()
    with running(inbox) as good, running(RefusingServer()) as refusing:
        use_mail_server(app, good.port)
        application_id, family_phone = apply_and_approve(app, market_id, "أسرة أم سامر", "um.samer@example.org")
        use_mail_server(app, refusing.port)
        apply_and_approve(app, market_id, "أسرة الخياط", "khayyat@example.org")
        assert len(inbox.messages) == 2  # the first family: submitted and approved

        page = phone_page
        log_in(page, live_server, organizer_phone)
        page.wait_for_url("**/manage")
        page.goto(f"{live_server}/manage/markets/{market_id}")
        page.get_by_role("link", name="الرسائل المرسلة").click()
        page.wait_for_url("**/messages")
        sent_to_samer = page.locator("li.card", has_text="أسرة أم سامر").first.inner_text()
        refused = page.locator("li.card", has_text="أسرة الخياط").first.inner_text()
        assert "أُرسلت" in sent_to_samer and "um.samer@example.org" in sent_to_samer
        assert "تعذّر" in refused and "رفض خادم البريد أو بوابة الرسائل القصيرة" in refused
        assert no_sideways_scroll(page)
        screenshot(page, "market-messages-ar")
        page.goto(page.url + "?lang=en")
        assert "Messages sent" in page.locator("h1").inner_text()
        assert no_sideways_scroll(page)
        screenshot(page, "market-messages-en")

        family = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar-SY").new_page()
        log_in(family, live_server, family_phone)
        family.wait_for_url("**/family")
        family.goto(f"{live_server}/family/applications/{application_id}")
        told = family.locator("section", has_text="الرسائل التي أرسلناها إليكم").inner_text()
        assert "تمت الموافقة على طلبك" in told and "أُرسلت" in told
        assert no_sideways_scroll(family)
        screenshot(family, "family-messages-ar")
        family.context.close()

        use_mail_server(app, good.port)  # the mail server is fixed
        admin = browser.new_context(viewport={"width": 360, "height": 740}, locale="ar-SY").new_page()
        log_in(admin, live_server, admin_phone)
        admin.wait_for_url("**/admin/users")
        admin.goto(f"{live_server}/admin/messages")
        assert "khayyat@example.org" in admin.locator("main").inner_text()
        assert no_sideways_scroll(admin)
        screenshot(admin, "failures-ar")
        admin.get_by_role("button", name="أعد الإرسال").first.click()
        admin.wait_for_url("**/admin/messages")
        assert "وُضعت الرسالة في الانتظار" in admin.content()
        screenshot(admin, "failures-after-ar")
        admin.context.close()

    assert any(message["To"] == "khayyat@example.org" for message in inbox.messages)
