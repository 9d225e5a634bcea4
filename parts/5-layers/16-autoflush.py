#!/usr/bin/env python3
"""Flush and autoflush: a query first sends what the session holds.

session.add() sends nothing: the new State waits in the session.  Before
a query runs, the session flushes (autoflush): it sends the pending
INSERT, so the query finds the new row, inside the transaction.  With
autoflush=False the INSERT still waits, and the same query finds nothing.
Both transactions are rolled back: the database is as it was.

Usage: ./16-autoflush.py mysql_username mysql_password database_name
"""
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


def look_for_oregon(engine, autoflush):
    """Add Oregon, query for it, roll back; print what the query saw."""
    with Session(engine, autoflush=autoflush) as session:
        session.add(State(name="Oregon"))
        query = select(State).where(State.name == "Oregon")
        found = session.scalars(query).one_or_none()
        print("autoflush={}: the query found Oregon: {}".format(
            autoflush, found is not None))
        session.rollback()


def main(user, password, database):
    """Look for a state just added, with autoflush and without."""
    engine = kit.engine(user, password, database)
    look_for_oregon(engine, True)
    look_for_oregon(engine, False)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(State))
    print("both rolled back: {} states".format(count))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
