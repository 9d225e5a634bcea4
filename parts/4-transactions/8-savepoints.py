#!/usr/bin/env python3
"""Step 8: savepoints: one bad row of a batch undone, the rest committed.

Four new cities for Texas in one transaction, each added inside
``session.begin_nested()``, a SAVEPOINT: Dallas, already in Texas, is
refused by the unique key, and only its savepoint is rolled back; the
transaction goes on, and the commit keeps the three others.

Usage: ./parts/4-transactions/8-savepoints.py mysql_username
       mysql_password database_name
"""
import os
import sys

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
BATCH = ("Lubbock", "El Paso", "Dallas", "Amarillo")


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


def texas(session):
    """Print the cities of Texas as this session sees them."""
    with session.begin():
        names = session.scalars(
            select(City.name).join(State, State.id == City.state_id)
            .where(State.name == "Texas").order_by(City.id)).all()
    print("Texas:", ", ".join(names))


def add(session, names):
    """Add each city to Texas in a savepoint of its own, in one transaction."""
    with session.begin():
        state = session.scalars(select(State).where(State.name == "Texas"))
        state_id = state.one().id
        for name in names:
            try:
                with session.begin_nested():
                    session.add(City(state_id=state_id, name=name))
                print("  {}: added".format(name))
            except IntegrityError as error:
                # Only this savepoint was rolled back; the rest goes on.
                print("  {}: refused, error {}, back to the savepoint"
                      .format(name, error.orig.args[0]))
    print("COMMIT")


def main(user, password, database):
    """Add the batch to Texas, one savepoint per city."""
    tx.reset(user, password, database)
    with Session(make_engine(user, password, database)) as session:
        texas(session)
        add(session, BATCH)
        texas(session)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(tx.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(tx.explain(error))
