"""The HTML of the main pages, as each demo account sees it, in both languages, has no
error an HTML validator reports about ids and required selects.

- No id twice on a page: a page with many forms (the market page, the stall floor)
  once repeated `csrf_token` and `swap` on each of them.
- A required single select starts with an empty "choose…" option, else the first real
  choice is preselected and a person who never looked sends it (province on register,
  stall move, gate staff).
- Every form of the site derives from festival.core.forms.Form, which renders hidden
  fields without ids.

The pages are parsed with Python's html.parser: no browser needed.
"""
from collections import Counter
from html.parser import HTMLParser

from flask import url_for
from flask_wtf import FlaskForm

from festival.core.forms import Form
from festival.demo import load_demo
from festival.extensions import db
from festival.markets.models import Market, Occurrence
from festival.provinces.models import Province
from festival.venues.models import Venue
from tests.conftest import post_form

DEMO_PASSWORD = "festival-demo"


class PageChecker(HTMLParser):
    """Collects ids, and the first option of every required single select."""

    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.selects: list[dict] = []  # {"name", "first": (value, text) or None}
        self._select = None
        self._option = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "select":
            single = "multiple" not in attributes and int(attributes.get("size") or 1) <= 1
            self._select = {"name": attributes.get("name"), "required": "required" in attributes and single,
                            "first": None}
        elif tag == "option" and self._select is not None and self._select["first"] is None:
            self._option = [attributes.get("value"), ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            self._select["first"] = (self._option[0], self._option[1].strip())
            self._option = None
        elif tag == "select" and self._select is not None:
            self.selects.append(self._select)
            self._select = None


def problems_of(html: str) -> list[str]:
    checker = PageChecker()
    checker.feed(html)
    found = [f'id "{name}" appears {count} times' for name, count in Counter(checker.ids).items() if count > 1]
    for select in checker.selects:
        first = select["first"]
        if select["required"] and first is not None and first[0] != "" and first[1] != "":
            found.append(f'required select "{select["name"]}" starts with the choice "{first[1]}", not "choose…"')
    return found


def test_the_checker_sees_a_duplicate_id_and_a_preselected_required_select():
    page = ('<form><input id="csrf_token"></form><form><input id="csrf_token"></form>'
            '<select name="province" required><option value="1">دمشق</option></select>'
            '<select name="area" required><option value="">اختر</option><option value="2">المزة</option></select>')

    assert problems_of(page) == ['id "csrf_token" appears 2 times',
                                 'required select "province" starts with the choice "دمشق", not "choose…"']


def _all_subclasses(cls):
    seen, pending = set(), list(cls.__subclasses__())
    while pending:
        current = pending.pop()
        if current not in seen:
            seen.add(current)
            pending.extend(current.__subclasses__())
    return seen


def test_every_form_of_the_site_derives_from_the_shared_form():
    import festival.models  # noqa: F401
    from festival import create_app  # noqa: F401  (imports every blueprint and its forms)

    ours = {form for form in _all_subclasses(FlaskForm) if form.__module__.startswith("festival.")}
    assert ours and {form.__qualname__ for form in ours if not issubclass(form, Form)} == set()


def _demo_pages(app) -> dict[str, list[str]]:
    """The pages each demo account opens, keyed by its phone (None: a visitor)."""
    with app.app_context():
        load_demo()
        db.session.commit()
        market = db.session.scalar(
            db.select(Market).join(Market.province)
            .where(Market.status == "published", Province.slug == "damascus").order_by(Market.id)
        )
        occurrences = db.session.scalars(
            db.select(Occurrence).where(Occurrence.market_id == market.id).order_by(Occurrence.day)
        ).all()
        occurrence = occurrences[0]
        venue = db.session.get(Venue, market.venue_id)
        with app.test_request_context():
            event = url_for("calendar.event", occurrence_id=occurrence.id)
            market_page = url_for("markets.show", market_id=market.id)
            market_edit = url_for("markets.edit", market_id=market.id)
            queue = url_for("review.queue", market_id=market.id)
            stalls = url_for("stalls.floor", occurrence_id=occurrence.id)
            attendance = url_for("checkin_manage.attendance", occurrence_id=occurrence.id)
            venue_page = url_for("venues.detail", venue_id=venue.id)
            venue_edit = url_for("venues.edit", venue_id=venue.id)
    return {
        None: ["/", "/calendar", "/calendar?view=list", "/provinces/damascus", event, "/login", "/register"],
        "0944000001": ["/family", "/family/applications", "/family/sales", "/family/profile", "/notifications",
                       "/family/documents"],
        "0930000002": ["/manage", "/manage/markets", market_page, market_edit, "/manage/markets/new",
                       "/manage/venues", "/manage/venues/new", venue_page, venue_edit, queue, stalls, attendance,
                       "/manage/sales", "/manage/documents", f"{market_page}/documents"],
        "0930000101": ["/gate"],
        "0930000001": ["/admin/users", "/admin/users/new", "/admin/audit", "/admin/document-types"],
    }


def test_no_main_page_repeats_an_id_or_preselects_a_required_choice(app):
    found = {}
    for phone, paths in _demo_pages(app).items():
        client = app.test_client()
        if phone:
            response = post_form(client, "/login", {"phone": phone, "password": DEMO_PASSWORD})
            assert response.status_code == 302
        for language in ("ar", "en"):
            for path in paths:
                response = client.get(f"{path}{'&' if '?' in path else '?'}lang={language}")
                assert response.status_code == 200, f"{path} answered {response.status_code}"
                problems = problems_of(response.get_data(as_text=True))
                if problems:
                    found[f"{path} [{language}, {phone or 'visitor'}]"] = problems
    assert found == {}, "\n".join(f"{where}: {problems}" for where, problems in found.items())
