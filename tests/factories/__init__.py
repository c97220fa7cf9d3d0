"""Builders that read like the product: make_family(province="aleppo"), open_market(), held_event().

Import them from here (`from tests.factories import ready_family`); the `make` fixture of
tests/conftest.py runs any make_* builder in its own app context (`make.family(...)`).

- people: families (bare or ready to apply), staff accounts, province and craft rows;
- markets: venues with stalls, market plans, published series, windows open now;
- placements: dates with families applied, approved, placed, badged or back from the day.
"""
from tests.factories.documents import (
    make_document,
    make_document_type,
    pdf_bytes,
    pdf_with_open_action_script,
    photo_bytes,
    upload_file,
)
from tests.factories.fees import FeeMarket, fee_market
from tests.factories.markets import (
    NEXT_YEAR,
    NOW,
    EventBuilder,
    build_market,
    build_plan,
    build_venue,
    first_friday_of,
    make_market,
    make_venue,
    move_to,
    open_market,
    stall_by_code,
)
from tests.factories.partners import make_partner
from tests.factories.people import (
    PASSWORD,
    _loaded,
    craft,
    craft_id,
    crafts,
    make_admin,
    make_family,
    make_gate,
    make_organizer,
    make_staff,
    next_phone,
    province,
    ready_family,
)
from tests.factories.placements import (
    GateDay,
    PlacedFamily,
    add_report,
    approved_application,
    build_gate_day,
    check_in,
    during,
    gate_market,
    held_event,
    placed_families,
    placed_family,
    request_for,
)
from tests.factories.training import art_of_selling_plan, make_cohort
from tests.factories.units import make_unit

__all__ = [
    "make_document", "make_document_type", "pdf_bytes", "pdf_with_open_action_script", "photo_bytes", "upload_file",
    "EventBuilder", "FeeMarket", "fee_market", "make_partner", "GateDay", "NEXT_YEAR", "NOW", "PASSWORD",
    "PlacedFamily", "_loaded", "add_report",
    "approved_application", "art_of_selling_plan", "build_gate_day", "build_market", "build_plan", "build_venue",
    "check_in", "craft", "craft_id", "crafts", "during", "first_friday_of", "gate_market", "held_event",
    "make_admin", "make_cohort", "make_family", "make_gate", "make_market", "make_organizer", "make_staff",
    "make_venue", "move_to", "next_phone", "open_market", "placed_families", "placed_family", "province",
    "ready_family", "request_for", "stall_by_code", "make_unit",
]
