#!/usr/bin/env python3
"""Step 8: indexes in the code: index=True, Index(...), and a revision.

An index belongs with the schema, in the code that makes it.  In a
model, mapped_column(index=True) names an index on one column (ix_ and
the table and column names), and Index() in __table_args__ one on
several columns; create_all() sends a CREATE INDEX for each.  On a
database that exists already, an Alembic revision adds the index: this
part's migrations/versions/0001_towns_covering_index.py, whose upgrade()
calls op.create_index() and whose downgrade() op.drop_index().  The
step makes the model's table, runs Alembic's upgrade to the revision and
its downgrade back on it, prints the index statements sent (create_all's
sorted), and drops what it made.

Usage: ./8-from_models.py URL
"""
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy import text
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

import kit

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Base(DeclarativeBase):
    """The registry of the step's mapped class."""


class Town(Base):
    """A town: the columns of cities, with the indexes the steps used."""

    __tablename__ = "towns"
    __table_args__ = (Index("ix_towns_state_name", "state_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), index=True)
    state_id: Mapped[int]


SENT = []


def keep(conn, cursor, statement, *rest):
    """Keep each CREATE INDEX and DROP INDEX sent."""
    if statement.strip().startswith(("CREATE INDEX", "DROP INDEX")):
        SENT.append(statement.strip())


def revisions(conn):
    """Alembic's configuration: this part's revisions, on ``conn``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = conn
    return config


def said(title, statements):
    """Print a title, then the statements, indented."""
    print(title)
    for statement in statements:
        print("  " + statement)
    SENT.clear()


def main(url):
    """create_all() the model, then a revision up and down on it."""
    engine = kit.engine(url, data=False)
    Base.metadata.drop_all(engine)
    event.listen(engine, "before_cursor_execute", keep)
    try:
        Base.metadata.create_all(engine)
        # Sorted: create_all() sends a table's indexes in no fixed order.
        said("create_all():", sorted(SENT))
        with engine.connect() as conn:
            command.upgrade(revisions(conn), "head")
            said("alembic upgrade head (0001_towns_covering_index.py):",
                 SENT)
            command.downgrade(revisions(conn), "base")
            said("alembic downgrade base:", SENT)
    finally:
        Base.metadata.drop_all(engine)
        with engine.connect() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


if __name__ == "__main__":
    kit.run(main, "URL")
