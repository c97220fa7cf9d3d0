"""The OpenAPI document: valid OpenAPI 3.1, served like the other public answers, and complete."""
import re

from openapi_spec_validator import validate

from festival.api import openapi
from festival.checkin import api as checkin_api
from festival.checkin import offline_api

# The blueprint's catch-all answers unknown /api/v1 paths with a JSON 404: not an operation.
NOT_OPERATIONS = {"/api/v1/<path:unknown>"}
IMPLICIT_METHODS = {"HEAD", "OPTIONS"}


def _openapi_path(rule: str) -> str:
    """/api/v1/events/<int:occurrence_id> -> /api/v1/events/{occurrence_id}"""
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200 and response.content_type == "application/json"
    assert response.json["openapi"].startswith("3.1")
    validate(response.json)


def test_every_api_route_is_described_with_its_methods(app, client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    routes = {(_openapi_path(rule.rule), method.lower())
              for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/")
              and rule.rule not in NOT_OPERATIONS for method in rule.methods - IMPLICIT_METHODS}
    described = {(path, method) for path, operations in paths.items() for method in operations}

    assert routes - described == set(), "routes without a description in festival/api/openapi.py"
    assert described - routes == set(), "descriptions of routes that do not exist"


def test_the_gate_operations_need_the_session_and_post_the_csrf_token(client):
    document = client.get("/api/v1/openapi.json").json

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            schemes = {name for requirement in operation["security"] for name in requirement}
            if "gate" in operation["tags"]:
                assert "gateSession" in schemes, (method, path)
                assert ("csrfToken" in schemes) == (method == "post"), (method, path)
            elif "partner" in operation["tags"]:
                assert schemes == {"partnerToken"} and method == "get", (method, path)
            else:
                assert schemes == set(), (method, path)
    assert document["components"]["securitySchemes"]["csrfToken"] == {
        "type": "apiKey", "in": "header", "name": "X-CSRFToken",
        "description": document["components"]["securitySchemes"]["csrfToken"]["description"]}


def test_the_slugs_are_the_seeded_provinces_and_crafts(client):
    schemas = client.get("/api/v1/openapi.json").json["components"]["schemas"]

    assert len(schemas["ProvinceSlug"]["enum"]) == 14 and "deir-ez-zor" in schemas["ProvinceSlug"]["enum"]
    assert {"food", "soap", "mosaic"} <= set(schemas["CraftSlug"]["enum"])


def test_the_document_is_cached_and_revalidated(client):
    first = client.get("/api/v1/openapi.json")

    again = client.get("/api/v1/openapi.json", headers={"If-None-Match": first.headers["ETag"]})

    assert "public" in first.headers["Cache-Control"] and "no-cache" in first.headers["Cache-Control"]
    assert again.status_code == 304


def test_the_gate_limits_are_the_views_limits():
    assert openapi.NONCE_MAX_LENGTH == checkin_api.NONCE_MAX_LENGTH
    assert (openapi.DEVICE_ID_LENGTH, openapi.MAX_SCANS, openapi.EARLIEST_SCAN_MS) == (
        offline_api.DEVICE_ID_LENGTH, offline_api.MAX_SCANS, offline_api.EARLIEST_SCAN_MS)
