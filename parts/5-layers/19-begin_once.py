#!/usr/bin/env python3
"""Two ways to end a transaction: commit as you go, or begin once.

Commit as you go: the session begins a transaction by itself at the
first statement, and each session.commit() ends one; whatever is not
committed when the session closes is rolled back.  Begin once: with
session.begin(), the block is the transaction: it commits when the
block ends, and rolls back if an exception leaves it, so an error can
never leave half the work in the database.

Usage: ./19-begin_once.py mysql_username mysql_password database_name
"""
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

import kit
from models import State


class Mistake(Exception):
    """An error in the middle of the work."""


def as_you_go(engine):
    """Add Oregon and commit; remove it and commit: two transactions."""
    with Session(engine) as session:
        oregon = State(name="Oregon")
        session.add(oregon)
        session.commit()
        session.delete(oregon)
        session.commit()
    print("commit as you go: Oregon added, committed, removed, committed")


def begin_once(engine):
    """Add Oregon inside session.begin(), then fail: nothing is kept."""
    try:
        with Session(engine) as session, session.begin():
            session.add(State(name="Oregon"))
            session.flush()
            raise Mistake()
    except Mistake:
        print("begin once: Oregon added, then an error: rolled back")


def main(user, password, database):
    """Run both styles; show that the table is as it was."""
    engine = kit.engine(user, password, database)
    as_you_go(engine)
    begin_once(engine)
    with Session(engine) as session:
        count = session.scalar(select(func.count()).select_from(State))
    print("states: {}".format(count))


if __name__ == "__main__":
    kit.run(main, "mysql_username mysql_password database_name")
