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


def test_rebuilding_a_table_on_sqlite_keeps_the_rows_that_point_at_it(tmp_path):
    """Batch mode copies, drops and renames `markets` (0014's checks): with the app's foreign
    keys on, the drop would delete every occurrence and application (ON DELETE CASCADE).
    migrations/env.py turns them off for the migration and checks them afterwards."""
    from flask_migrate import downgrade, upgrade

    from festival import create_app
    from festival.applications.models import Application
    from festival.markets.models import Occurrence
    from tests.factories import placed_families

    url = "sqlite:///" + str(tmp_path / "rebuild.sqlite3")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_STORAGE_URI": "memory://"})
    with app.app_context():
        upgrade()
        placed_families(count=2)

        def counts():
            return (db.session.scalar(db.select(db.func.count(Occurrence.id))),
                    db.session.scalar(db.select(db.func.count(Application.id))))

        before = counts()
        db.session.remove()
        downgrade(revision="0013headsex")
        upgrade()
        after = counts()
        db.engine.dispose()

    assert before == after and before[1] == 2
