#!/usr/bin/python3
"""Step 12: change a row through the ORM: rename the state with id 2.

session.get() loads one object by primary key.  Setting an attribute marks
it changed, and commit() sends the UPDATE for just that column.

Usage: ./12-model_state_update_id_2.py
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
    """Rename the state with id 2 to New Mexico."""
    with Session(make_engine(user, password, database)) as session:
        state = session.get(State, 2)
        if state is None:
            sys.exit("Error: there is no state with id 2, nothing changed")
        state.name = "New Mexico"
        session.commit()


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
