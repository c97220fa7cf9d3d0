"""`flask demo`: realistic demo data, safe to load twice.

Each feature adds its own step to DEMO_STEPS; every step looks up what it would create
and skips it when it is already there.
"""
from festival.demo import (
    accounts,
    consent,
    crafts,
    documents,
    fees,
    gate,
    markets,
    partners,
    profiles,
    reports,
    statistics,
    training,
    units,
    venues,
)

DEMO_STEPS = [
    accounts.load_areas,
    accounts.load_staff,
    accounts.load_families,
    profiles.load_profiles,
    statistics.load_answers,
    crafts.load_crafts,
    consent.load_choices,
    venues.load_venues,
    markets.load_markets,
    markets.load_applications,
    markets.load_stalls,
    gate.load_badges,
    gate.load_gate_accounts,
    gate.load_checkins,
    fees.load_fees,
    reports.load_reports,
    training.load_training,
    partners.load_partners,
    units.load_units,
    documents.load_documents,
]


def load_demo() -> list[str]:
    report = []
    for step in DEMO_STEPS:
        report.append(step())
    return report
