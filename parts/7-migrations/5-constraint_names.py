#!/usr/bin/env python3
"""Step 5: constraint names: each database's own, and a convention's.

A revision that drops or changes a constraint must name it:
``op.drop_constraint(NAME, TABLE)``.  The revisions here never named
their foreign keys, so each database chose a name its own way, and
SQLite none at all: a downgrade written with one database's name fails
on the others.  ``MetaData(naming_convention=...)`` names every
constraint from a pattern, the same on every database, and autogenerate
writes that name into the revision.  The step reads each foreign key's
name by reflection and prints the convention's beside it; it changes
nothing.

Usage: ./5-constraint_names.py URL
"""
from sqlalchemy import inspect
from sqlalchemy import MetaData

import kit
import models

# The patterns of Alembic's and SQLAlchemy's documentation.
CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def conventional():
    """The part's tables in a MetaData that has the naming convention."""
    named = MetaData(naming_convention=CONVENTION)
    for table in models.Base.metadata.sorted_tables:
        table.to_metadata(named)
    return named


def main(url):
    """Print each foreign key: the database's name, the convention's."""
    engine = kit.engine(url)
    look = inspect(engine)
    named = conventional()
    for name in sorted(named.tables):
        given = {tuple(fk["constrained_columns"]): fk["name"]
                 for fk in look.get_foreign_keys(name)}
        for key in sorted(named.tables[name].foreign_key_constraints,
                          key=lambda fk: fk.column_keys):
            print("{}.{}: {}; by the convention: {}".format(
                name, ", ".join(key.column_keys),
                given[tuple(key.column_keys)] or "no name", key.name))


if __name__ == "__main__":
    kit.run(main)
