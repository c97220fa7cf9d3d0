"""An organizer reaches the families of a date: WhatsApp links, and an announcement with its preview."""
import re
from urllib.parse import unquote

from festival.audit.models import AuditEntry
from festival.extensions import db
from festival.notifications.models import Channel, Notification, OutboxMessage
from tests.conftest import post_form
from tests.factories import build_gate_day

SMS_ON = {"SMS_BACKEND": "kannel", "KANNEL_SENDSMS_URL": "http://127.0.0.1:9/cgi-bin/sendsms"}


def test_the_whatsapp_list_links_each_family_of_the_group_with_the_first_words_written(app, client, login):
    with app.app_context():
        day = build_gate_day(families=2, waiting=1)
    login(day.organizer)

    page = client.get(f"/manage/occurrences/{day.occurrence_id}/contact?audience=placed").get_data(as_text=True)
    waitlist = client.get(f"/manage/occurrences/{day.occurrence_id}/contact?audience=waitlisted").get_data(as_text=True)

    links = re.findall(r'href="https://wa\.me/(\d+)\?text=([^"]+)"', page)
    assert len(links) == 2 and all(number.startswith("963") for number, _text in links)
    assert "مرحباً" in unquote(links[0][1])
    assert len(re.findall(r"https://wa\.me/\d+", waitlist)) == 1


def test_a_stranger_organizer_cannot_list_the_phones(app, client, login, make):
    with app.app_context():
        day = build_gate_day(families=1, waiting=0)
    login(make.organizer("aleppo"))

    assert client.get(f"/manage/occurrences/{day.occurrence_id}/contact").status_code == 403


def test_an_announcement_is_previewed_with_its_sms_parts_then_reaches_every_family_of_the_group(app, client, login):
    app.config.update(SMS_ON)
    with app.app_context():
        day = build_gate_day(families=2, waiting=1)
    login(day.organizer)
    url = f"/manage/occurrences/{day.occurrence_id}/announce"
    form_page = f"/manage/occurrences/{day.occurrence_id}/contact"
    text = "الرجاء الحضور قبل الساعة الثامنة لترتيب الأجنحة"

    preview = post_form(client, url, {"audience": "placed", "text": text, "action": "preview"}, form_page=form_page)
    html = preview.get_data(as_text=True)
    assert "2 أسرة" in html or "أسرتان" in html  # Arabic plural forms
    assert text in html
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
            Notification.kind == "announcement")) == 0  # a preview sends nothing

    sent = post_form(client, url, {"audience": "placed", "text": text, "action": "send"}, form_page=form_page)

    assert sent.status_code == 303 and "/messages" in sent.headers["Location"]
    with app.app_context():
        told = db.session.scalars(db.select(Notification).where(Notification.kind == "announcement")).all()
        assert len(told) == 2 and all(n.params["text"] == text for n in told)
        sms = db.session.scalars(db.select(OutboxMessage).where(OutboxMessage.channel == Channel.SMS,
                                                                OutboxMessage.body.contains(text))).all()
        assert len(sms) == 2 and all(message.parts == 2 for message in sms)
        entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "announcement.sent"))
        assert entry.details["families"] == 2
    report = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert "رسالة من منظّمي" in report


def test_an_empty_announcement_is_refused_with_a_clear_message(app, client, login):
    with app.app_context():
        day = build_gate_day(families=1, waiting=0)
    login(day.organizer)

    response = post_form(client, f"/manage/occurrences/{day.occurrence_id}/announce",
                         {"audience": "placed", "text": "  ", "action": "send"},
                         form_page=f"/manage/occurrences/{day.occurrence_id}/contact")

    assert response.status_code == 200 and "اكتبوا الرسالة" in response.get_data(as_text=True)


def test_sending_the_same_announcement_twice_sends_it_once(app, client, login):
    with app.app_context():
        day = build_gate_day(families=2, waiting=0)
    login(day.organizer)
    form_page = f"/manage/occurrences/{day.occurrence_id}/contact"
    page = client.get(form_page).get_data(as_text=True)
    nonce = re.search(r'name="nonce"[^>]*value="([0-9a-f]+)"|value="([0-9a-f]+)"[^>]*name="nonce"', page)
    nonce = nonce.group(1) or nonce.group(2)
    for _click in range(2):  # a double click on Send
        post_form(client, f"/manage/occurrences/{day.occurrence_id}/announce",
                  {"audience": "placed", "text": "السوق يبدأ الساعة التاسعة", "nonce": nonce, "action": "send"},
                  form_page=form_page)

    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Notification.id)).where(
            Notification.kind == "announcement")) == 2  # one for each family
