"""schemathesis calls every public operation of /api/v1/openapi.json on the app (WSGI, no server)
with generated input, valid and invalid: never a 5xx, every answer as the document says.

The gate's operations need a signed-in gate session and a CSRF token: tests/checkin covers
them; here they are left out (tag "gate"). The partner API's operations (tag "partner") are
called with a valid token of a partner of Damascus that may read everything, over families
who agreed to share with it (schemathesis also calls them without the token: a 401). The
database holds markets of two provinces, one cancelled date and reported sales (cells
above and below the suppression threshold), so the answers have content to be checked.
"""
from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from festival.api.openapi import document
from festival.consent import operations as consent
from festival.core.timezones import today_in_damascus
from festival.extensions import db
from tests.factories import NEXT_YEAR, NOW, add_report, held_event, make_partner, ready_family
from tests.factories.partners import make_api_token

EXAMPLES = 100  # per operation; the whole file takes about 15 s on SQLite
# The werkzeug client does not undo the app's compression (festival/core/compression.py) as HTTP clients do.
PLAIN = {"Accept-Encoding": "identity"}
# The query-string readers accept more than the document promises, on purpose: an empty value is
# the default (HTML forms send empty fields), Arabic-Indic digits and spaces around a value are
# read (festival/core/query_args.py), an unknown `lang` is ignored. So invalid input is still
# sent and must get a 4xx with the JSON error (or be read as said), never a 5xx, but is not
# required to be refused.
LENIENT_BY_DESIGN = [negative_data_rejection]


def _ends_before_it_starts(case) -> bool:
    """`to` before `from` (default: today) is a 400 by a rule between two parameters, which a
    schema cannot state (tests/api/test_events.py checks it)."""
    query = case.query or {}
    first, last = query.get("from") or today_in_damascus().isoformat(), query.get("to")
    return case.operation.label == "GET /api/v1/events" and isinstance(last, str) and isinstance(first, str) \
        and bool(last) and last < first

# Loaded from the module's dict (collection happens before any app exists); the test checks
# that the app serves this same document. (schemathesis.pytest.from_fixture, the lazy way,
# does not run under pytest 9.)
schema = schemathesis.openapi.from_dict(document()).exclude(tag="gate").exclude(tag="partner")
partner_schema = schemathesis.openapi.from_dict(document()).include(tag="partner")


@pytest.fixture
def api_app(app, events, client):
    """The app with markets of three provinces, a cancelled date and reported sales (cells of
    5 families and of 2)."""
    events.market(craft_slugs=("food", "sweets"))
    events.festival(date(NEXT_YEAR, 4, 10), province="aleppo", venue_name="السبيل", craft_slugs=("soap",))
    events.cancel_day(events.occurrences(events.market(province="homs", venue_name="الدبلان"))[0])
    with app.app_context():
        for families in (5, 2):
            _occurrence, _organizer, assignments = held_event(families, crafts=("food",))
            for number, assignment in enumerate(assignments):
                add_report(assignment, 1000 * (number + 1), lines=[("food", 1000 * (number + 1), 3)])
        db.session.commit()
    assert client.get("/api/v1/openapi.json").json == document()
    return app


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
def test_public_operations_answer_as_described(case, api_app):
    excluded = LENIENT_BY_DESIGN + ([positive_data_acceptance] if _ends_before_it_starts(case) else [])
    case.call_and_validate(app=api_app, headers=PLAIN, excluded_checks=excluded)


@pytest.fixture
def partner_token(api_app):
    """A token of a Damascus bank with every scope, and families who agreed to share with banks."""
    api_app.config["PARTNER_API_RATE_LIMIT"] = "100000 per minute"  # hundreds of calls from one address
    with api_app.app_context():
        for number in range(3):
            family = ready_family(f"أسرة الصابون {number}", crafts=("soap",))
            consent.record_choices(family, {"public_profile", "banks"}, by=family.user, now=NOW)
        db.session.commit()
        _token_id, secret = make_api_token(make_partner())
    return secret


@partner_schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                        HealthCheck.too_slow])
def test_partner_operations_answer_as_described(case, api_app, partner_token):
    # The check that the token is enforced sends its probes (no token, a wrong one) through the
    # schema's own transport: the app's, not a network that is not there.
    case.operation.schema.app = api_app
    case.call_and_validate(app=api_app, headers={**PLAIN, "Authorization": f"Bearer {partner_token}"},
                           excluded_checks=LENIENT_BY_DESIGN)
