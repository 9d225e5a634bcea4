#!/usr/bin/env python3
"""Step 5: a NOT NULL violation: three messages, and two classes.

Mapped[str] (not Optional[str]) makes name NOT NULL on every database,
and each one refuses a NULL, in its own words.  SQLAlchemy wraps each
driver's error in its class of the same name, so the class is the
driver's choice: IntegrityError from sqlite3 and psycopg, but
OperationalError from MySQLdb before mysqlclient 2.2.  DBAPIError, their
common base, catches all three.  The step starts from the task's rows
and rolls its insert back.

Usage: ./5-not_null.py URL
"""
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import databases
from databases import State


def main(url):
    """Insert a state without a name and say what the database did."""
    engine = databases.engine(url)
    databases.reset(engine)
    with Session(engine) as session:
        state = State(name=None)
        session.add(state)
        try:
            session.flush()
            print("kept: a state without a name")
        except DBAPIError as error:
            print("refused: {}: {}".format(type(error).__name__,
                                           databases.message(error)))
        session.rollback()


if __name__ == "__main__":
    databases.run(main)
