#!/usr/bin/python3
"""Step 11: insert a row through the ORM, and commit it.

session.add() only stages the new State; commit() first flushes it (the
INSERT; the id the server chose lands on the object), then ends the
transaction, and only then does the row exist for everyone else.  Commit
also expires the object, so reading state.id sends one more SELECT.

Usage: ./11-model_state_insert.py
       mysql_username mysql_password database_name
"""
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import hints
from model_state import State


def main(user, password, database):
    """Add the state Louisiana and print its new id."""
    with Session(make_engine(user, password, database)) as session:
        state = State(name="Louisiana")
        session.add(state)
        session.commit()
        print(state.id)


def make_engine(user, password, database):
    """Return an engine for the server on localhost, port 3306.

    URL.create quotes the password, so '@', ':' or '/' in it are safe.
    MYSQL_HOST and MYSQL_TCP_PORT point it elsewhere, as in steps 0-5.
    """
    return create_engine(URL.create(
        "mysql+mysqldb", username=user, password=password,
        host=hints.host(), port=hints.port(), database=database,
        query={"charset": "utf8mb4"}))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (SQLAlchemyError, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))
