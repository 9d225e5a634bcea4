#!/usr/bin/env python3
"""Step 8: indexes in the code: index=True, Index(...), and Alembic's op.

An index belongs with the schema, in the code that makes it.  In a
model, mapped_column(index=True) names an index on one column (ix_ and
the table and column names), and Index() in __table_args__ one on
several columns; create_all() sends a CREATE INDEX for each.  On a
database that exists already, an Alembic revision adds the index:
op.create_index() in its upgrade(), op.drop_index() in its downgrade().
The step does both on a table of its own, prints the CREATE INDEX
statements sent (sorted), and drops the table.

Usage: ./8-from_models.py URL
"""
from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import event
from sqlalchemy import Index
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import mapped_column

import kit


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
    """Keep each CREATE INDEX sent."""
    if statement.startswith("CREATE INDEX"):
        SENT.append(statement)


def main(url):
    """create_all() the model, then add one index as a revision would."""
    engine = kit.engine(url, data=False)
    event.listen(engine, "before_cursor_execute", keep)
    Base.metadata.drop_all(engine)
    try:
        Base.metadata.create_all(engine)
        with engine.connect() as conn:
            op = Operations(MigrationContext.configure(conn))
            op.create_index("ix_towns_state_name_id", "towns",
                            ["state_id", "name", "id"])
    finally:
        Base.metadata.drop_all(engine)
    # Sorted: create_all() sends a table's indexes in no fixed order.
    print("\n".join(sorted(SENT)))


if __name__ == "__main__":
    kit.run(main, "URL")
