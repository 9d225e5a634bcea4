#!/usr/bin/env python3
"""Step 8: savepoints: one bad row of a batch undone, the rest committed.

Four new cities for Texas in one transaction, each added inside
``session.begin_nested()``, a SAVEPOINT: Dallas, already in Texas, is
refused by the unique key, and only its savepoint is rolled back; the
transaction goes on, and the commit keeps the three others.

Usage: ./parts/4-transactions/8-savepoints.py mysql_username
       mysql_password database_name
"""
import sys

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import kit
from models import City
from models import State
from models import engine

ERRORS = kit.ERRORS + (SQLAlchemyError,)
BATCH = ("Lubbock", "El Paso", "Dallas", "Amarillo")


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
    kit.reset(user, password, database)
    with Session(engine(user, password, database)) as session:
        texas(session)
        add(session, BATCH)
        texas(session)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
