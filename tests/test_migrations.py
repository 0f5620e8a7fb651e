"""The migrations build the schema the models describe: a model change without its migration
fails here, before a user's database is upgraded to a schema the code does not expect."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from simulator.extensions import db


def test_migrated_database_matches_the_models(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": False})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
