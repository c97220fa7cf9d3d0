"""No input gives a server error: every route of the URL map, every form field, every role.

Hypothesis sends what people and scripts send by accident or on purpose (NUL bytes,
numbers past what the database holds, bidi controls, long and odd text, deep JSON) to
every rule of the URL map, as a visitor, a family, an organizer, an admin and gate staff.
Two passes per route: a fixed sweep of the known killers, then generated requests. The
run is deterministic (`derandomize=True`) and bounded, so it runs on SQLite and on
PostgreSQL in CI (.ci/run). A 5xx or an exception fails with the list of requests.
"""
import json
import time

import pytest
from flask_wtf import FlaskForm
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.routing import AnyConverter, IntegerConverter
from wtforms.fields.core import UnboundField

from tests.conftest import api_headers
from tests.factories import build_gate_day, make_admin

NASTY_INTS = [0, 1, 2, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**30]
NASTY_TEXTS = ["\x00", "a\x00b", "2147483648", "9223372036854775808", "-1", "٣", "١٥٠٠٠", "9" * 60,
               "سوق\nالجمعة\u202e", "<script>alert(1)</script>", "%00", "../..", "2026-13-45", " ", ""]
QUERY_KEYS = ["page", "per_page", "occurrence", "province", "category", "craft", "kind", "view", "month",
              "from", "to", "year", "alarm", "status", "role", "seed", "next", "lang", "first", "electricity",
              "action", "actor", "q", "token"]
SKIPPED_ENDPOINTS = {"static", "auth.logout"}  # logout would end the fuzzing sessions
PER_ROUTE_EXAMPLES = 3


def form_field_names() -> list[str]:
    """Every field name of every form class in the application."""
    names, pending = set(), list(FlaskForm.__subclasses__())
    while pending:
        form_class = pending.pop()
        pending.extend(form_class.__subclasses__())
        names.update(name for name, value in vars(form_class).items() if isinstance(value, UnboundField))
        for base in form_class.__mro__:
            names.update(name for name, value in vars(base).items() if isinstance(value, UnboundField))
    return sorted(names)


def deep_json(depth: int) -> str:
    return "[" * depth + "]" * depth


texts = st.one_of(st.sampled_from(NASTY_TEXTS), st.text(max_size=30))
ints = st.one_of(st.sampled_from(NASTY_INTS), st.integers(min_value=0, max_value=2**80))
values = st.one_of(texts, ints.map(str))


class Fuzzer:
    def __init__(self, app, clients):
        self.app, self.clients = app, clients
        self.sent, self.server_errors = 0, []
        self.field_names = form_field_names()

    def send(self, role, method, url, **kwargs):
        self.sent += 1
        client, headers = self.clients[role]
        try:
            response = getattr(client, method.lower())(url, headers=headers, **kwargs)
            status = response.status_code
        except Exception as error:  # TESTING propagates exceptions: they are the 500s
            status = f"{type(error).__name__}: {str(error)[:120]}"
        if not isinstance(status, int) or status >= 500:
            self.server_errors.append((role, method, url, str(kwargs)[:200], status))

    def url(self, rule, path_values, query):
        adapter = self.app.url_map.bind("localhost")
        return adapter.build(rule.endpoint, {**path_values, **query}, method=None)


def path_values_for(rule, draw_int, draw_text):
    values = {}
    for name, converter in rule._converters.items():
        if isinstance(converter, IntegerConverter):
            values[name] = draw_int()
        elif isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        else:
            values[name] = draw_text()
    return values


@pytest.fixture
def fuzzer(app, login, make):
    with app.app_context():
        day = build_gate_day(families=2, waiting=1)
        admin = make_admin(name="مدير")
    visitor = app.test_client()
    clients = {"visitor": (visitor, api_headers(visitor, "/login"))}  # the form token goes in a header
    for role, account in (("family", day.placed[0].vendor), ("organizer", day.organizer), ("gate", day.gate),
                          ("admin", admin)):
        client = login(account, as_client=app.test_client())
        clients[role] = (client, api_headers(client, "/account/password"))
    return Fuzzer(app, clients)


def fuzz_generated(fuzzer, rule, methods, roles, fields):
    @settings(max_examples=PER_ROUTE_EXAMPLES, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def fuzz_route(data):
        role = data.draw(st.sampled_from(roles))
        method = data.draw(st.sampled_from(methods))
        path = path_values_for(rule, lambda: data.draw(st.one_of(ints, st.integers(1, 3))),
                               lambda: data.draw(texts.filter(lambda text: text)))
        query = data.draw(st.dictionaries(st.sampled_from(QUERY_KEYS), values, max_size=4))
        url = fuzzer.url(rule, path, query)
        if method == "GET":
            fuzzer.send(role, method, url)
        elif rule.rule.startswith("/api/"):
            body = data.draw(st.one_of(
                st.recursive(st.none() | st.booleans() | ints | texts,
                             lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
                             max_leaves=8).map(json.dumps),
                st.integers(30, 100_000).map(deep_json),
                st.fixed_dictionaries({"token": texts, "occurrence_id": ints, "nonce": texts}).map(json.dumps),
            ))
            fuzzer.send(role, method, url, data=body, content_type="application/json")
        else:
            form = data.draw(st.dictionaries(st.sampled_from(fields), values, max_size=8))
            fuzzer.send(role, method, url, data=form)

    fuzz_route()


def test_no_input_on_any_route_gives_a_server_error(app, fuzzer):
    started = time.monotonic()
    rules = sorted((rule for rule in app.url_map.iter_rules() if rule.endpoint not in SKIPPED_ENDPOINTS),
                   key=lambda rule: rule.rule)
    roles = sorted(fuzzer.clients)
    fields = fuzzer.field_names

    for number, rule in enumerate(rules):
        methods = sorted(rule.methods & {"GET", "POST"})
        # 1. The known killers, in every path part, query key and form field at once.
        for nasty in ("\x00", 2**31, 2**63, "١٢\u202e"):
            as_text = str(nasty)
            path = path_values_for(rule, lambda nasty=nasty: nasty if isinstance(nasty, int) else 1,
                                   lambda as_text=as_text: as_text)
            url = fuzzer.url(rule, path, {key: as_text for key in QUERY_KEYS[:8]})
            for method in methods:
                role = roles[number % len(roles)]
                if method == "POST":
                    if rule.rule.startswith("/api/"):
                        fuzzer.send(role, method, url, json={"token": as_text, "short_code": as_text,
                                                             "occurrence_id": nasty, "nonce": as_text})
                    else:
                        fuzzer.send(role, method, url, data={name: as_text for name in fields})
                else:
                    fuzzer.send(role, method, url)

        # 2. Generated requests.
        fuzz_generated(fuzzer, rule, methods, roles, fields)

    elapsed = time.monotonic() - started
    print(f"\nfuzz: {fuzzer.sent} requests over {len(rules)} routes in {elapsed:.0f} s, "
          f"{len(fuzzer.server_errors)} server errors")
    assert fuzzer.server_errors == []
