"""Whether a family's documents are valid for a market day: one module decides, every page shows it.

For one family and one date (an occurrence) the required document types are those of
the crafts it sells there (an application's crafts, else the family's own) and those
the market asks of every family. Each required type is then, for that date:

- VALID: its current document is verified and, if the type expires, valid through the
  date's last day (a festival's last day, a Friday itself);
- EXPIRES: its current document stops being valid before that last day (verified or not);
- PENDING: uploaded, not checked yet;
- REJECTED: the organizers refused the current upload;
- MISSING: never uploaded.

The current document of a type is the family's newest upload (an older one is history,
even when a newer one is still to be checked). `readiness_of(checks)` answers a whole
queue in at most three queries (the crafts' types, the markets' types, the families'
current documents), however many families and dates: the review queue, the assigner's
preview and the badge sheet call it once per page.
"""
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from festival.documents.models import (
    DocumentStatus,
    DocumentType,
    FamilyDocument,
    document_type_crafts,
    market_document_types,
)
from festival.extensions import db


class DocumentState(StrEnum):
    VALID = "valid"
    EXPIRES = "expires"  # before the date's last day
    PENDING = "pending"
    REJECTED = "rejected"
    MISSING = "missing"


@dataclass(frozen=True)
class Requirement:
    document_type: DocumentType
    state: DocumentState
    document: FamilyDocument | None = None

    @property
    def is_valid(self) -> bool:
        return self.state == DocumentState.VALID


@dataclass(frozen=True)
class DateReadiness:
    """The required documents of one family for one date, each with its state."""

    family_id: int
    occurrence_id: int
    day: date
    last_day: date
    requirements: tuple[Requirement, ...]

    @property
    def ready(self) -> bool:
        return all(requirement.is_valid for requirement in self.requirements)

    @property
    def problems(self) -> tuple[Requirement, ...]:
        return tuple(requirement for requirement in self.requirements if not requirement.is_valid)


@dataclass(frozen=True)
class Check:
    """One question: is this family ready for this date, selling these crafts?"""

    family_id: int
    occurrence: object  # an Occurrence: .id, .day, .last_day, .market_id
    craft_ids: frozenset[int]


def state_for(document: FamilyDocument | None, document_type: DocumentType, last_day: date) -> DocumentState:
    if document is None:
        return DocumentState.MISSING
    if document.status == DocumentStatus.REJECTED:
        return DocumentState.REJECTED
    if document_type.expires and document.expires_on is not None and document.expires_on < last_day:
        return DocumentState.EXPIRES
    if document.status == DocumentStatus.PENDING:
        return DocumentState.PENDING
    return DocumentState.VALID


def readiness_of(checks: Sequence[Check]) -> list[DateReadiness]:
    """The readiness of each check, in order, in at most three queries."""
    if not checks:
        return []
    by_craft = _types_by_key(document_type_crafts.c.craft_id, {c for check in checks for c in check.craft_ids})
    by_market = _types_by_key(market_document_types.c.market_id, {check.occurrence.market_id for check in checks})
    needed = [_required(check, by_craft, by_market) for check in checks]
    current = current_documents({check.family_id for check in checks},
                                {document_type.id for types in needed for document_type in types})
    results = []
    for check, types in zip(checks, needed, strict=True):
        occurrence = check.occurrence
        results.append(DateReadiness(
            check.family_id, occurrence.id, occurrence.day, occurrence.last_day,
            tuple(Requirement(document_type, state_for(document, document_type, occurrence.last_day), document)
                  for document_type in types
                  for document in [current.get((check.family_id, document_type.id))])))
    return results


def _types_by_key(column, keys: set[int]) -> dict[int, list[DocumentType]]:
    found: dict[int, list[DocumentType]] = defaultdict(list)
    if keys:
        table = column.table
        rows = db.session.execute(
            db.select(column, DocumentType).join(table, table.c.document_type_id == DocumentType.id)
            .where(column.in_(keys)).order_by(DocumentType.id))
        for key, document_type in rows:
            found[key].append(document_type)
    return found


def _required(check: Check, by_craft, by_market) -> list[DocumentType]:
    types = {document_type.id: document_type for craft_id in check.craft_ids for document_type in by_craft[craft_id]}
    types.update((document_type.id, document_type) for document_type in by_market[check.occurrence.market_id])
    return sorted(types.values(), key=lambda document_type: document_type.id)


def current_documents(family_ids: Iterable[int], type_ids: Iterable[int] | None = None
                      ) -> dict[tuple[int, int], FamilyDocument]:
    """{(family id, type id): its current document} in one query."""
    family_ids = set(family_ids)
    if not family_ids or (type_ids is not None and not set(type_ids)):
        return {}
    query = db.select(FamilyDocument).where(FamilyDocument.family_id.in_(family_ids),
                                            FamilyDocument.replaced_at.is_(None))
    if type_ids is not None:
        query = query.where(FamilyDocument.document_type_id.in_(set(type_ids)))
    return {(document.family_id, document.document_type_id): document for document in db.session.scalars(query)}


# -- the questions callers ask ----------------------------------------------------------


def readiness(family, occurrences, crafts=None) -> dict[int, DateReadiness]:
    """{occurrence id: readiness} of one family for these dates, selling `crafts` (default: its own)."""
    craft_ids = frozenset(craft.id for craft in (family.crafts if crafts is None else crafts))
    results = readiness_of([Check(family.id, occurrence, craft_ids) for occurrence in occurrences])
    return {result.occurrence_id: result for result in results}


def of_applications(applications) -> dict[int, DateReadiness]:
    """{application id: readiness for its date, selling what it applied with}, in at most four queries.

    Applications come from the feature above this one: only their `id`, `family_id`,
    `occurrence` and `crafts` are read; crafts not loaded yet are read in one query.
    """
    applications = list(applications)
    if not applications:
        return {}
    craft_ids = _application_craft_ids(applications)
    results = readiness_of([Check(application.family_id, application.occurrence, craft_ids[application.id])
                            for application in applications])
    return {application.id: result for application, result in zip(applications, results, strict=True)}


def _application_craft_ids(applications) -> dict[int, frozenset[int]]:
    from sqlalchemy import inspect

    loaded = {}
    missing = []
    for application in applications:
        state = inspect(application)
        if "crafts" in state.unloaded:
            missing.append(application.id)
        else:
            loaded[application.id] = frozenset(craft.id for craft in application.crafts)
    if missing:  # the applications' crafts table, reached through the relationship, not imported
        table = type(applications[0]).crafts.property.secondary
        found = defaultdict(set)
        for application_id, craft_id in db.session.execute(
                db.select(table.c.application_id, table.c.craft_id).where(table.c.application_id.in_(missing))):
            found[application_id].add(craft_id)
        loaded.update({application_id: frozenset(found[application_id]) for application_id in missing})
    return loaded


def required_types_of_market(market) -> list[DocumentType]:
    return list(db.session.scalars(
        db.select(DocumentType).join(market_document_types, market_document_types.c.document_type_id == DocumentType.id)
        .where(market_document_types.c.market_id == market.id).order_by(DocumentType.id)))


def types_for_crafts(craft_ids: Iterable[int]) -> list[DocumentType]:
    """The types required of families selling any of these crafts."""
    craft_ids = set(craft_ids)
    if not craft_ids:
        return []
    return list(db.session.scalars(
        db.select(DocumentType).join(document_type_crafts, document_type_crafts.c.document_type_id == DocumentType.id)
        .where(document_type_crafts.c.craft_id.in_(craft_ids)).distinct().order_by(DocumentType.id)))
