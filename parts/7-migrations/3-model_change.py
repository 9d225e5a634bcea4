#!/usr/bin/env python3
"""Step 3: autogenerate: a change to the models, and the operations found.

At head, the part's models and the database agree (``alembic check``).
Here the models change as a developer would change them (a phone number
for users, an index on the names of cities); Alembic compares them with
the database and prints the upgrade() it would write.  On SQLite it
writes batch operations.  Nothing is written to the database.

Usage: ./3-model_change.py URL
"""
from alembic.autogenerate import produce_migrations
from alembic.autogenerate import render_python_code
from alembic.migration import MigrationContext
from sqlalchemy import Column
from sqlalchemy import Index
from sqlalchemy import MetaData
from sqlalchemy import String

import kit
import models


def changed_models():
    """The part's models with two changes: the metadata they would make."""
    changed = MetaData()
    for table in models.Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["users"].append_column(Column("phone", String(32)))
    Index("ix_cities_name", changed.tables["cities"].c.name)
    return changed


def main(url):
    """Compare the changed models with the database; print the upgrade."""
    engine = kit.engine(url)
    with engine.connect() as conn:
        batch = conn.dialect.name == "sqlite"
        context = MigrationContext.configure(
            conn, opts={"render_as_batch": batch})
        script = produce_migrations(context, changed_models())
    print("def upgrade():")
    print("    " + render_python_code(script.upgrade_ops,
                                      render_as_batch=batch))


if __name__ == "__main__":
    kit.run(main)
