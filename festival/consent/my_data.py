"""Everything the programme holds about one family, for the family to download.

Generic on purpose, so that a new feature's table is in the download without anyone
remembering it: every table with a `family_id` column (its rows of this family), every
table with a `user_id` column (its rows of the family's account), and every table with an
`application_id` column (its rows of the family's applications). Secrets (the password's
hash, the session counter) and other families' data never appear; photos and documents are
listed by their stored names (the files are on the family's own pages).
"""
from datetime import UTC, datetime

from sqlalchemy import select

from festival.extensions import db
from festival.vendors.models import Family

SECRET_COLUMNS = {"password_hash", "session_version", "code_hash", "payload"}


def _row(obj) -> dict:
    table = obj.__table__
    return {column.name: getattr(obj, column.key, None) if hasattr(obj, column.key) else None
            for column in table.columns if column.name not in SECRET_COLUMNS}


def _mapped_classes():
    for mapper in sorted(db.Model.registry.mappers, key=lambda mapper: mapper.local_table.name):
        if mapper.local_table is not None and mapper.class_.__table__ is mapper.local_table:
            yield mapper.class_


def everything_about(family: Family) -> dict:
    user = family.user
    applications = db.metadata.tables["applications"]  # by name: the applications feature sits above this one
    application_ids = list(db.session.scalars(select(applications.c.id).where(applications.c.family_id == family.id)))
    data = {"exported_at": datetime.now(UTC).isoformat(), "family": _row(family), "account": _row(user)}
    for model in _mapped_classes():
        if model is Family or model is type(user):
            continue
        columns = model.__table__.c
        if "family_id" in columns:
            condition = columns.family_id == family.id
        elif "user_id" in columns:
            condition = columns.user_id == user.id
        elif "application_id" in columns and application_ids:
            condition = columns.application_id.in_(application_ids)
        else:
            continue
        rows = [_row(obj) for obj in db.session.scalars(select(model).where(condition))]
        if rows:
            data[model.__tablename__] = rows
    return data
