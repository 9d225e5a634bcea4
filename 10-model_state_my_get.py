#!/usr/bin/python3
"""Step 10: find a state by a name from the command line, through the ORM.

The ORM always sends values as bound parameters, so the name cannot change
the query (compare steps 2 and 3).  The name is compared as bytes, exactly
as typed, and the first match by id is fetched alone.

Usage: ./10-model_state_my_get.py
       mysql_username mysql_password database_name state_name
"""
import sys

from sqlalchemy import cast
from sqlalchemy import create_engine
from sqlalchemy import LargeBinary
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import hints
from model_state import State


def main(user, password, database, name):
    """Print the id of the state named exactly ``name``, or Not found."""
    with Session(make_engine(user, password, database)) as session:
        same_name = cast(State.name, LargeBinary) == name.encode("utf-8")
        state = (session.query(State)
                 .filter(same_name)
                 .order_by(State.id).first())
        if state is None:
            print("Not found")
        else:
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
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (SQLAlchemyError, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))
