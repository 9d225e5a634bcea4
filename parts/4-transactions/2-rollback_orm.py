#!/usr/bin/env python3
"""Step 2: the same unit of work in the ORM, inside session.begin().

The merge of step 1, with objects: ``with session.begin():`` commits when
the block ends normally and rolls back when an exception leaves it, so
the refused move undoes the moves before it, and the output is step 1's,
line for line.

Usage: ./parts/4-transactions/2-rollback_orm.py mysql_username
       mysql_password database_name
"""
import os
import sys
from itertools import groupby
from operator import itemgetter

from sqlalchemy import ForeignKey
from sqlalchemy import String
from sqlalchemy import create_engine
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column

import tx

ERRORS = tx.ERRORS + (SQLAlchemyError,)


def make_engine(user, password, database):
    """Return an engine for the server, as the task's ORM steps make it.

    URL.create quotes the password; MYSQL_HOST and MYSQL_TCP_PORT point it
    elsewhere, localhost and 3306 by default.
    """
    return create_engine(URL.create(
        "mysql+mysqldb", username=user, password=password,
        host=os.environ.get("MYSQL_HOST", "localhost"),
        port=int(os.environ.get("MYSQL_TCP_PORT", "3306")),
        database=database, query={"charset": "utf8mb4"}))


class Base(DeclarativeBase):
    """The registry of the two tables of hbtn_4_tx.sql."""


class State(Base):
    """A state: one row of the states table, with its visits counter."""

    __tablename__ = "states"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(256), unique=True)
    visits: Mapped[int] = mapped_column(default=0)


class City(Base):
    """A city: one row of the cities table, pointing to its state."""

    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    state_id: Mapped[int] = mapped_column(ForeignKey("states.id"))
    name: Mapped[str] = mapped_column(String(256))


def show(session, title):
    """Print every state with its cities, as this session sees them."""
    with session.begin():
        rows = session.execute(
            select(State.name, City.name)
            .join(City, City.state_id == State.id)
            .order_by(State.id, City.id)).all()
    print(title)
    for state, cities in groupby(rows, key=itemgetter(0)):
        print("  {}: {}".format(state, ", ".join(c for _, c in cities)))


def merge(session, source, target):
    """Move every city of ``source`` to ``target``, then delete ``source``."""
    print("merge {} into {}:".format(source, target))
    old = session.scalars(select(State).where(State.name == source)).one()
    new = session.scalars(select(State).where(State.name == target)).one()
    for city in session.scalars(select(City).where(City.state_id == old.id)
                                .order_by(City.id)).all():
        print("  move", city.name)
        city.state_id = new.id
        # Send each move now, as step 1 does; the session would otherwise
        # send them all at the end, together.
        session.flush()
    print("  delete", source)
    session.delete(old)
    session.flush()


def attempt(session, source, target):
    """Run the merge as one transaction: committed whole, or not at all."""
    try:
        with session.begin():
            merge(session, source, target)
        print("COMMIT")
    except IntegrityError as error:
        # The exception left the block, so begin() has rolled back.
        print("  refused: error {}".format(error.orig.args[0]))
        print("ROLLBACK")


def main(user, password, database):
    """Merge Nevada into Texas (refused, rolled back), then into Arizona."""
    tx.reset(user, password, database)
    with Session(make_engine(user, password, database)) as session:
        show(session, "before:")
        attempt(session, "Nevada", "Texas")
        show(session, "after the rollback:")
        attempt(session, "Nevada", "Arizona")
        show(session, "after the commit:")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(tx.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(tx.explain(error))
