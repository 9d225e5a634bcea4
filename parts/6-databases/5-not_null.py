#!/usr/bin/env python3
"""Step 5: a NOT NULL violation: three messages, one way to catch them.

Mapped[str] (not Optional[str]) makes name NOT NULL on every database,
and each one refuses a NULL, in its own words.  SQLAlchemy wraps each
driver's error in its class of the same name, so the class is the
driver's choice: IntegrityError from sqlite3, psycopg and mysqlclient
2.2 and later, but OperationalError from mysqlclient 1.4 (Debian 12's).
DBAPIError, their common base, catches all of them, whatever the driver
release, so that is what the step catches, and it prints the message
only.  The step starts from the task's rows and rolls its insert back.

Usage: ./5-not_null.py URL
"""
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

import kit
from models import State


def main(url):
    """Insert a state without a name and say what the database did."""
    engine = kit.engine(url)
    kit.reset(engine)
    with Session(engine) as session:
        state = State(name=None)
        session.add(state)
        try:
            session.flush()
            print("kept: a state without a name")
        except DBAPIError as error:
            print("refused: {}".format(kit.message(error)))
        session.rollback()


if __name__ == "__main__":
    kit.run(main)
