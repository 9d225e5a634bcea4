#!/usr/bin/python3
"""Step 7: list every state through the ORM.

No SQL in sight: the session turns session.query(State) into a SELECT and
each row into a State object.  The engine behind the session knows the
server (its dialect) and keeps the connections (its pool).

Usage: ./7-model_state_fetch_all.py
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
    """Print every state as "id: name", in id order."""
    with Session(make_engine(user, password, database)) as session:
        for state in session.query(State).order_by(State.id):
            print("{}: {}".format(state.id, state.name))


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
