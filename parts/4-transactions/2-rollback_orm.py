#!/usr/bin/env python3
"""Step 2: the same unit of work in the ORM, inside session.begin().

The merge of step 1, with objects: ``with session.begin():`` commits when
the block ends normally and rolls back when an exception leaves it, so
the refused move undoes the moves before it, and the output is step 1's,
line for line.

Usage: ./parts/4-transactions/2-rollback_orm.py mysql_username
       mysql_password database_name
"""
import sys
from itertools import groupby
from operator import itemgetter

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import kit
from models import City
from models import State
from models import engine

ERRORS = kit.ERRORS + (SQLAlchemyError,)


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
    kit.reset(user, password, database)
    with Session(engine(user, password, database)) as session:
        show(session, "before:")
        attempt(session, "Nevada", "Texas")
        show(session, "after the rollback:")
        attempt(session, "Nevada", "Arizona")
        show(session, "after the commit:")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
