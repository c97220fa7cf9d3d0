"""The schema comes only from Alembic migrations, and they match the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from festival.extensions import db
from festival.provinces.data import PROVINCES
from festival.provinces.models import Province


def test_models_and_migrations_agree(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)

    assert differences == []


def test_migrations_seed_the_fourteen_provinces_with_their_slugs(app):
    with app.app_context():
        provinces = db.session.scalars(db.select(Province).order_by(Province.position)).all()

    assert [p.slug for p in provinces] == [
        "damascus", "rif-dimashq", "aleppo", "homs", "hama", "latakia", "tartus", "idlib",
        "raqqa", "deir-ez-zor", "hasakah", "daraa", "as-suwayda", "quneitra",
    ]
    assert [(p.slug, p.name_ar, p.name_en) for p in provinces] == PROVINCES
