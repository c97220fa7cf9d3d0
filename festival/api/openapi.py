"""The OpenAPI 3.1 description of the whole JSON API, served at /api/v1/openapi.json.

One dict, built here, true to what the code returns: the public events
(festival/api/serialize.py), the open data (festival/reports/open_data.py), and the gate's
APIs (festival/checkin/api.py, festival/checkin/offline_api.py), which need a signed-in
gate session and, on POST, the page's CSRF token in `X-CSRFToken`.

tests/api/test_openapi.py validates the document and fails on an /api/v1 route of the URL
map that is not described here; tests/api/test_schemathesis.py calls the public operations
with generated input and checks every answer against these schemas.
"""
from festival.calendar.filters import MAX_PAGE, MAX_PER_PAGE
from festival.checkin.sync import Result
from festival.checkin.verify import Outcome, Reason
from festival.core.input_guard import DB_INT_MAX
from festival.crafts.data import CRAFT_CATEGORIES
from festival.markets.models import MarketKind, MarketStatus
from festival.partners.models import EXPORT_FIELDS
from festival.partners.token_models import TokenScope
from festival.provinces.data import PROVINCES
from festival.reports.open_data import SUPPRESSION_THRESHOLD

VERSION = "1.2.0"
# The gate views' limits (festival/checkin/api.py, offline_api.py): views are not imported across
# features, so they are repeated here and tests/api/test_openapi.py checks that they agree.
NONCE_MAX_LENGTH, DEVICE_ID_LENGTH, MAX_SCANS = 64, 32, 500
EARLIEST_SCAN_MS = 1_577_836_800_000
JSON = "application/json"
# A date the app reads: YYYY-MM-DD in the years 2000-2100 (festival/core/query_args.py).
DATE_PARAMETER = {"type": "string", "format": "date", "pattern": r"^(20[0-9]{2}|2100)-[0-9]{2}-[0-9]{2}$"}
NO_NUL = r"^[^\u0000]*$"  # NUL bytes anywhere are refused with a 400 (festival/core/input_guard.py)
GATE_GET = [{"gateSession": []}]
GATE_POST = [{"gateSession": [], "csrfToken": []}]
# The partner API's paging (festival/api/partner_views.py), repeated like the gate's limits.
PARTNER_DEFAULT_PER_PAGE, PARTNER_MAX_PER_PAGE, PARTNER_MAX_PAGE = 50, 100, 100_000
# What each field of a partner's data policy holds (festival/partners/queries.export_table).
EXPORT_FIELD_SCHEMAS = {"market_dates": {"type": "integer", "minimum": 0, "description": "Dates with a stall."},
                        "sales": {"type": "integer", "minimum": 0, "description": "Reported sales, Syrian pounds."}}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: dict) -> dict:
    return {"oneOf": [schema, {"type": "null"}]}


def _object(properties: dict, *, required=None, **more) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties) if required is None else required, **more}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def _error(description: str) -> dict:
    return {"$ref": f"#/components/responses/{description}"}


def _path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 0, "maximum": DB_INT_MAX}}


LANG = {"name": "lang", "in": "query", "required": False,
        "description": ("The language of names and messages: `ar` (the default) or `en`, remembered in a cookie; "
                        "any other value is ignored."),
        "schema": {"type": "string", "pattern": NO_NUL, "examples": ["ar", "en"]}}


def _schemas(province_slugs: list[str], craft_slugs: list[str]) -> dict:
    province, craft, text = ref("ProvinceSlug"), ref("CraftSlug"), {"type": "string"}
    return {
        "ProvinceSlug": {"type": "string", "enum": province_slugs, "description": "A province's slug."},
        "CraftSlug": {"type": "string", "enum": craft_slugs, "description": "A craft category's slug."},
        "Error": _object({"error": _object({
            "code": {"type": "integer", "minimum": 400, "maximum": 599, "description": "The HTTP status."},
            "message": {"type": "string", "description": "What went wrong, in the request's language."},
        })}),
        "Event": _object({
            "id": {"type": "integer", "description": "The occurrence (one date of a market)."},
            "market_id": {"type": "integer"},
            "title": _object({"ar": text, "en": nullable(text)}),
            "kind": {"type": "string", "enum": [kind.value for kind in MarketKind]},
            "province": province,
            "venue": _object({"id": {"type": "integer"}, "name": text}),
            "first_day": {"type": "string", "format": "date"},
            "last_day": {"type": "string", "format": "date"},
            "start": {"type": "string", "format": "date-time", "description": "Damascus time, with its offset."},
            "end": {"type": "string", "format": "date-time"},
            "daily_hours": _object({"opens": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"},
                                    "closes": {"type": "string", "pattern": "^[0-9]{2}:[0-9]{2}$"}}),
            "categories": {"type": "array", "items": craft},
            "status": {"type": "string", "enum": ["scheduled", "held", "cancelled"]},
            "cancel_reason": nullable(text),
            "sequence": {"type": "integer", "minimum": 0,
                         "description": "Raised by every change of the date (the iCalendar SEQUENCE)."},
            "url": {"type": "string", "format": "uri", "description": "The event's page."},
            "ics_url": {"type": "string", "format": "uri", "description": "The event's iCalendar file."},
        }),
        "Pagination": _object({
            "page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE},
            "total": {"type": "integer", "minimum": 0},
            "pages": {"type": "integer", "minimum": 0},
            "next": nullable({"type": "string", "format": "uri"}),
            "prev": nullable({"type": "string", "format": "uri"}),
        }),
        "EventPage": _object({"events": {"type": "array", "items": ref("Event")}, "pagination": ref("Pagination")}),
        "OpenDataCell": _object({
            "month": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"},
            "province": province,
            "craft": craft,
            "markets": {"type": "integer", "minimum": 1, "description": "Markets where these sales were made."},
            "market_dates": {"type": "integer", "minimum": 1, "description": "Their dates (occurrences)."},
            "families": nullable({"type": "integer", "minimum": SUPPRESSION_THRESHOLD,
                                  "description": "Families that reported sales in this craft category."}),
            "sales": nullable({"type": "integer", "minimum": 0, "description": "Their sum, in Syrian pounds."}),
            "suppressed": {"type": "boolean", "description": (
                f"True when fewer than {SUPPRESSION_THRESHOLD} families reported: families and sales are then "
                "null (the CSV download says \"<5\" and leaves the sales empty).")},
        }),
        "OpenDataSales": _object({
            "dataset": {"type": "string", "const": "sales-by-month-province-craft"},
            "licence": _object({"name": {"type": "string"}, "url": {"type": "string", "format": "uri"},
                                "attribution": {"type": "string"}}),
            "suppression": _object({"threshold": {"type": "integer", "const": SUPPRESSION_THRESHOLD},
                                    "rule": {"type": "string"}}),
            "currency": {"type": "string", "const": "SYP"},
            "cells": {"type": "array", "items": ref("OpenDataCell")},
        }),
        "CheckinRequest": _object({
            "token": {"type": "string", "maxLength": 2000,
                      "description": "The badge's token, or the whole URL its QR code holds."},
            "short_code": {"type": "string", "maxLength": 40, "description": "The code printed under the QR code."},
            "nonce": {"type": "string", "maxLength": NONCE_MAX_LENGTH,
                      "description": "A request id: the same nonce again returns the first answer."},
            "occurrence_id": {"type": "integer", "minimum": 0, "maximum": DB_INT_MAX,
                              "description": "The date this gate works at: a badge of another is wrong_event."},
        }, required=[], description="A token or a short_code."),
        "Verdict": _object({
            "outcome": {"type": "string", "enum": [outcome.value for outcome in Outcome]},
            "reason": nullable({"type": "string", "enum": [reason.value for reason in Reason]}),
            "family": nullable(text),
            "stall": nullable(text),
            "checked_in_at": nullable({"type": "string", "format": "date-time"}),
            "checked_in_by": nullable(text),
            "tone": {"type": "string", "enum": ["ok", "warn", "bad"]},
            "title": text,
            "message": text,
            "fee_due": nullable({"type": "integer", "minimum": 0,
                                 "description": "Stall fee still to pay, where the market wants the gate told."}),
            "fee_url": nullable(text),
        }),
        "CsrfToken": _object({"csrf": text}),
        "DeviceRequest": _object({
            "occurrence_id": {"type": "integer", "minimum": 0, "maximum": DB_INT_MAX},
            "label": {"type": "string", "maxLength": 200, "description": "The phone's name, e.g. Chrome on Android."},
        }, required=["occurrence_id"]),
        "Device": _object({"device": {"type": "string", "description": "The phone's public id."}}),
        "DayPackage": _object({
            "cursor": {"type": "string", "description": "Send it back as `since` for the changes only."},
            "full": {"type": "boolean"},
            "keys": {"type": "array", "items": text, "description": "Public keys that sign badges (base64)."},
            "occurrence": _object({"id": {"type": "integer"}, "market_id": {"type": "integer"},
                                   "day": {"type": "string", "format": "date"},
                                   "last_day": {"type": "string", "format": "date"},
                                   "cancelled": {"type": "boolean"}}),
            "utc_offset": {"type": "integer", "description": "Seconds east of UTC on the date."},
            "badges": {"type": "array", "items": _object({
                "id": {"type": "integer"}, "occurrence_id": {"type": "integer"}, "short_code": text,
                "family": text, "family_id": {"type": "integer"}, "stall": text, "stall_id": {"type": "integer"},
                "from": {"type": "integer"}, "until": {"type": "integer"}})},
            "refused": {"type": "array", "items": _object({
                "id": {"type": "integer"}, "short_code": text, "stall_id": {"type": "integer"},
                "reason": {"type": "string", "enum": ["revoked", "withdrawn"]}})},
            "arrivals": {"type": "array", "items": _object({"family_id": {"type": "integer"},
                                                           "at": {"type": "integer"}})},
            "other_dates": {"type": "array", "items": text,
                            "description": "Short codes of the market's badges for its other dates."},
        }),
        "OfflineScan": _object({
            "nonce": {"type": "string", "minLength": 1, "maxLength": 64},
            "token": {"type": "string", "maxLength": 2000},
            "short_code": {"type": "string", "maxLength": 40},
            "scanned_at": {"type": "integer", "minimum": EARLIEST_SCAN_MS, "exclusiveMaximum": 2**45,
                           "description": "Milliseconds since 1970, the phone's time."},
            "scanned_by": {"type": "integer", "minimum": 1, "maximum": DB_INT_MAX,
                           "description": "The account signed in at the scan."},
        }, required=["nonce", "scanned_at"]),
        "SyncRequest": _object({
            "device": {"type": "string", "maxLength": DEVICE_ID_LENGTH},
            "scans": {"type": "array", "maxItems": MAX_SCANS, "items": ref("OfflineScan")},
        }),
        "SyncReport": _object({
            "results": {"type": "object", "additionalProperties": _object({
                "result": {"type": "string", "enum": [result.value for result in Result]},
                "reason": nullable(text)}), "description": "By nonce."},
            "recorded": {"type": "integer", "minimum": 0},
            "conflicts": {"type": "integer", "minimum": 0},
            "already": {"type": "integer", "minimum": 0},
            "wipe": {"type": "boolean", "description": "True: an organizer removed this phone."},
        }),
        "Wipe": {"allOf": [ref("Error"), _object({"wipe": {"type": "boolean", "const": True}})]},
        **_partner_schemas(province, craft, text),
    }


def _partner_schemas(province: dict, craft: dict, text: dict) -> dict:
    pagination = _object({
        "page": {"type": "integer", "minimum": 1},
        "per_page": {"type": "integer", "minimum": 1, "maximum": PARTNER_MAX_PER_PAGE},
        "total": {"type": "integer", "minimum": 0},
        "pages": {"type": "integer", "minimum": 0},
        "next": nullable({"type": "string", "format": "uri"}),
        "prev": nullable({"type": "string", "format": "uri"}),
    })
    return {
        "PartnerPagination": pagination,
        "PartnerFamily": {
            "type": "object", "additionalProperties": False, "required": [],
            "description": "A family who agreed to share with this kind of partner: only its data policy's fields.",
            "properties": {code: EXPORT_FIELD_SCHEMAS.get(code, text) for code in EXPORT_FIELDS},
        },
        "PartnerFamilyPage": _object({
            "partner": text,
            "purpose": {"type": "string", "enum": ["banks", "ministries"],
                        "description": "The families' choice this partner's data needs."},
            "fields": {"type": "array", "items": {"type": "string", "enum": list(EXPORT_FIELDS)}},
            "families": {"type": "array", "items": ref("PartnerFamily")},
            "pagination": ref("PartnerPagination"),
        }),
        "PartnerMarket": _object({
            "id": {"type": "integer"},
            "title": _object({"ar": text, "en": nullable(text)}),
            "kind": {"type": "string", "enum": [kind.value for kind in MarketKind]},
            "status": {"type": "string", "enum": [status.value for status in MarketStatus
                                                  if status != MarketStatus.DRAFT]},
            "province": province,
            "venue": text,
            "first_day": {"type": "string", "format": "date"},
            "last_day": {"type": "string", "format": "date"},
            "categories": {"type": "array", "items": craft},
        }),
        "PartnerMarketPage": _object({"markets": {"type": "array", "items": ref("PartnerMarket")},
                                      "pagination": ref("PartnerPagination")}),
        "PartnerSalesPage": _object({
            "currency": {"type": "string", "const": "SYP"},
            "suppression": _object({"threshold": {"type": "integer", "const": SUPPRESSION_THRESHOLD}}),
            "cells": {"type": "array", "items": ref("OpenDataCell")},
            "pagination": ref("PartnerPagination"),
        }),
        "PartnerCraft": _object({
            "slug": craft,
            "name": _object({"ar": text, "en": nullable(text)}),
            "families": nullable({"type": "integer", "minimum": SUPPRESSION_THRESHOLD,
                                  "description": "Families of the partner's scope practising it."}),
            "suppressed": {"type": "boolean", "description": f"Fewer than {SUPPRESSION_THRESHOLD} families."},
            "crafts": {"type": "array", "items": ref("PartnerRegisterCraft"),
                       "description": "The traditional crafts of the register in this category."},
        }),
        "PartnerRegisterCraft": _object({
            "slug": text,
            "name": _object({"ar": text, "en": text}),
            "heritage": {"type": "boolean", "description": "Marked as heritage by the ministry."},
            "endangered": {"type": "boolean", "description": "Marked as endangered heritage."},
            "families": nullable({"type": "integer", "minimum": SUPPRESSION_THRESHOLD,
                                  "description": "Families of the partner's scope practising it."}),
            "suppressed": {"type": "boolean", "description": f"Fewer than {SUPPRESSION_THRESHOLD} families."},
        }),
        "PartnerCraftPage": _object({"crafts": {"type": "array", "items": ref("PartnerCraft")},
                                     "pagination": ref("PartnerPagination")}),
    }


def _responses() -> dict:
    error = {JSON: {"schema": ref("Error")}}
    return {name: {"description": description, "content": error} for name, description in (
        ("BadRequest", "Malformed input (or, on POST, a missing or expired CSRF token)."),
        ("Unauthorized", "Not signed in."),
        ("Forbidden", "A role, or a date, that the account does not work at."),
        ("NotFound", "No such object, page, province or craft category."),
        ("Conflict", "A rule refused it, or a concurrent change won."),
        ("TokenRefused", "No API token, or one that is unknown or revoked (`WWW-Authenticate: Bearer`)."),
        ("ScopeMissing", "The API token does not have the scope this operation needs."),
        ("TooManyRequests", "Too many requests from this address: wait a minute."),
    )}


def _partner_operation(name: str, scope: str, summary: str, page_schema: str, description: str = "") -> dict:
    return {"get": {
        "operationId": name, "tags": ["partner"], "security": [{"partnerToken": [scope]}],
        "summary": summary, "description": f"Needs a token with the scope `{scope}`. {description}".strip(),
        "parameters": [
            {"name": "page", "in": "query", "description": "A page after the last one is a 404.",
             "schema": {"type": "integer", "minimum": 1, "maximum": PARTNER_MAX_PAGE}},
            {"name": "per_page", "in": "query",
             "schema": {"type": "integer", "minimum": 1, "maximum": PARTNER_MAX_PER_PAGE,
                        "default": PARTNER_DEFAULT_PER_PAGE}},
            LANG,
        ],
        "responses": {"200": _json(ref(page_schema), "A page."), "400": _error("BadRequest"),
                      "401": _error("TokenRefused"), "403": _error("ScopeMissing"), "404": _error("NotFound"),
                      "429": _error("TooManyRequests")},
    }}


def _partner_paths() -> dict:
    return {
        "/api/v1/partner/families": _partner_operation(
            "partnerFamilies", TokenScope.FAMILIES, "The families of the partner's scope who agreed to share with it.",
            "PartnerFamilyPage", "Only the fields of the partner's data policy. Every page returned is logged as an "
            "export with the families it held: admins see it, and each family sees who received its data."),
        "/api/v1/partner/markets": _partner_operation(
            "partnerMarkets", TokenScope.MARKETS, "The public markets of the partner's provinces.",
            "PartnerMarketPage"),
        "/api/v1/partner/sales": _partner_operation(
            "partnerSales", TokenScope.SALES, "Reported sales of its provinces by month, province and craft category.",
            "PartnerSalesPage", f"Cells of fewer than {SUPPRESSION_THRESHOLD} families are suppressed, as in the "
            "open data."),
        "/api/v1/partner/crafts": _partner_operation(
            "partnerCrafts", TokenScope.CRAFTS, "The craft categories and the families of its scope practising each.",
            "PartnerCraftPage"),
    }


def _paths() -> dict:
    public_errors = {"400": _error("BadRequest"), "404": _error("NotFound")}
    gate_errors = {"400": _error("BadRequest"), "401": _error("Unauthorized"), "403": _error("Forbidden")}
    return {
        "/api/v1/events": {"get": {
            "operationId": "listEvents", "tags": ["events"], "security": [],
            "summary": "Published market dates, the calendar's filters, paginated.",
            "parameters": [
                {"name": "from", "in": "query", "description": "First day (default: today in Damascus).",
                 "schema": DATE_PARAMETER},
                {"name": "to", "in": "query", "description": "Last day; not before `from` (400).",
                 "schema": DATE_PARAMETER},
                {"name": "province", "in": "query", "schema": ref("ProvinceSlug")},
                {"name": "category", "in": "query", "schema": ref("CraftSlug")},
                {"name": "kind", "in": "query", "schema": {"type": "string", "enum": [*MarketKind, "training"]},
                 "description": "training: markets are left out (sessions are not served by the API yet)."},
                {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE},
                 "description": "A page after the last one is a 404."},
                {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": 20}},
                LANG,
            ],
            "responses": {"200": _json(ref("EventPage"), "A page of events."), "304": {"description": "Unchanged."},
                          **public_errors},
        }},
        "/api/v1/events/{occurrence_id}": {"get": {
            "operationId": "getEvent", "tags": ["events"], "security": [],
            "summary": "One published market date.",
            "parameters": [_path_id("occurrence_id", "The occurrence's id."), LANG],
            "responses": {"200": _json(ref("Event"), "The event."), "304": {"description": "Unchanged."},
                          **public_errors},
        }},
        "/api/v1/open-data/sales": {"get": {
            "operationId": "openDataSales", "tags": ["open data"], "security": [],
            "summary": "Reported sales by month, province and craft category, anonymised (CC BY 4.0).",
            "description": (
                f"Cells of fewer than {SUPPRESSION_THRESHOLD} families are suppressed: `families` and `sales` are "
                "null and `suppressed` is true. No totals are given, so a suppressed cell cannot be recovered by "
                "subtraction. The same table as CSV: /open-data/sales.csv."),
            "parameters": [LANG],
            "responses": {"200": _json(ref("OpenDataSales"), "The table."), "304": {"description": "Unchanged."},
                          "400": _error("BadRequest")},
        }},
        "/api/v1/openapi.json": {"get": {
            "operationId": "openapi", "tags": ["meta"], "security": [],
            "summary": "This document.",
            "parameters": [LANG],
            "responses": {"200": {"description": "The OpenAPI 3.1 document.",
                                  "content": {JSON: {"schema": {"type": "object"}}}},
                          "304": {"description": "Unchanged."}, "400": _error("BadRequest")},
        }},
        "/api/v1/checkins": {"post": {
            "operationId": "createCheckin", "tags": ["gate"], "security": GATE_POST,
            "summary": "Check a badge in at the gate (the badge page's verdict).",
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("CheckinRequest")}}},
            "responses": {"200": _json(ref("Verdict"), "The verdict (valid, duplicate or invalid, and why)."),
                          **gate_errors, "404": _error("NotFound"), "409": _error("Conflict")},
        }},
        "/api/v1/gate/session": {"get": {
            "operationId": "gateSession", "tags": ["gate"], "security": GATE_GET,
            "summary": "A fresh CSRF token for a scanner page opened from the phone's cache.",
            "responses": {"200": _json(ref("CsrfToken"), "The token."), "401": _error("Unauthorized"),
                          "403": _error("Forbidden")},
        }},
        "/api/v1/gate/devices": {"post": {
            "operationId": "enrolDevice", "tags": ["gate"], "security": GATE_POST,
            "summary": "Enrol this phone for the account at the date's market.",
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("DeviceRequest")}}},
            "responses": {"201": _json(ref("Device"), "The phone's public id."), **gate_errors,
                          "404": _error("NotFound"), "409": _error("Conflict")},
        }},
        "/api/v1/gate/occurrences/{occurrence_id}/package": {"get": {
            "operationId": "dayPackage", "tags": ["gate"], "security": GATE_GET,
            "summary": "The date's day package for checking badges offline (incremental with `since`).",
            "parameters": [
                _path_id("occurrence_id", "The date the gate works at."),
                {"name": "device", "in": "query", "required": True, "description": "The phone's public id.",
                 "schema": {"type": "string", "maxLength": DEVICE_ID_LENGTH, "pattern": NO_NUL}},
                {"name": "since", "in": "query", "description": "The cursor of the last package.",
                 "schema": {"type": "string", "pattern": NO_NUL}},
            ],
            "responses": {"200": _json(ref("DayPackage"), "The package."), **gate_errors,
                          "404": _error("NotFound"),
                          "410": _json(ref("Wipe"), "An organizer removed this phone: delete the package.")},
        }},
        "/api/v1/gate/occurrences/{occurrence_id}/sync": {"post": {
            "operationId": "uploadScans", "tags": ["gate"], "security": GATE_POST,
            "summary": "Upload the scans made offline (each recorded once, at the phone's time).",
            "parameters": [_path_id("occurrence_id", "The date the gate works at.")],
            "requestBody": {"required": True, "content": {JSON: {"schema": ref("SyncRequest")}}},
            "responses": {"200": _json(ref("SyncReport"), "What became of each scan."), **gate_errors,
                          "404": _error("NotFound"), "409": _error("Conflict")},
        }},
        **_partner_paths(),
    }


def document() -> dict:
    """The whole description; slugs are those of the seeded provinces and craft categories."""
    province_slugs = [slug for slug, _ar, _en in PROVINCES]
    craft_slugs = [slug for slug, _ar, _en in CRAFT_CATEGORIES]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Festival: markets of the productive families",
            "version": VERSION,
            "summary": "Friday markets and sales festivals of Syria's productive families programme.",
            "description": (
                "Read-only public data (events, open data), the gate's check-in APIs and partners' data (a token). "
                "Every error is "
                "`{\"error\": {\"code\", \"message\"}}` with the message in the request's language (Arabic by "
                "default, `?lang=en`). Public answers carry an ETag and Last-Modified and answer 304 to a "
                "conditional request."),
            "license": {"name": "CC BY 4.0 (the open data)", "identifier": "CC-BY-4.0"},
        },
        "servers": [{"url": "/"}],
        "tags": [{"name": "events", "description": "Published market dates."},
                 {"name": "open data", "description": "Anonymised aggregates, CC BY 4.0."},
                 {"name": "meta", "description": "This description."},
                 {"name": "gate", "description": "Scanners at the gate: a signed-in gate session."},
                 {"name": "partner", "description": "A partner's systems: an API token made by an admin."}],
        "security": [],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(province_slugs, craft_slugs),
            "responses": _responses(),
            "securitySchemes": {
                "gateSession": {"type": "apiKey", "in": "cookie", "name": "session",
                                "description": "The session cookie of a signed-in gate account (or an organizer "
                                               "or admin of the market), from /login."},
                "csrfToken": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                              "description": "The scanner page's CSRF token (`data-csrf`, or GET /api/v1/gate/"
                                             "session), required on POST with the session cookie."},
                "partnerToken": {"type": "http", "scheme": "bearer",
                                 "description": "A partner's API token (`Authorization: Bearer fst_…`), created and "
                                                "revoked by an admin on the partner's page, with its scopes: "
                                                + ", ".join(f"`{scope}`" for scope in TokenScope) + "."},
            },
        },
    }
