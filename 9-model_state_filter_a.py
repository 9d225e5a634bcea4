#!/usr/bin/python3
"""Step 9: filter in the ORM: states whose name contains a lower-case a.

filter() becomes the WHERE clause.  As in step 1, the name is compared as
bytes (cast to LargeBinary, CAST(name AS BINARY) on the server) because
MySQL's default LIKE would also match an upper-case A.

Usage: ./9-model_state_filter_a.py mysql_username mysql_password
       database_name
"""
import os
import sys

from sqlalchemy import cast
from sqlalchemy import create_engine
from sqlalchemy import LargeBinary
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import hints
from model_state import State


def make_engine(user, password, database):
    """Return an engine for the server on localhost, port 3306.

    URL.create quotes the password, so '@', ':' or '/' in it are safe.
    MYSQL_HOST and MYSQL_TCP_PORT point it elsewhere, as in steps 0-5.
    """
    return create_engine(URL.create(
        "mysql+mysqldb", username=user, password=password,
        host=os.environ.get("MYSQL_HOST", "localhost"),
        port=int(os.environ.get("MYSQL_TCP_PORT", "3306")),
        database=database, query={"charset": "utf8mb4"}))


def main(user, password, database):
    """Print every state whose name holds a lower-case a, in id order."""
    with Session(make_engine(user, password, database)) as session:
        name_bytes = cast(State.name, LargeBinary)
        # op(): SQLAlchemy 2.1 deprecates like() on a bytes type.
        has_a = name_bytes.op("LIKE", is_comparison=True)(b"%a%")
        for state in (session.query(State)
                      .filter(has_a)
                      .order_by(State.id)):
            print("{}: {}".format(state.id, state.name))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (SQLAlchemyError, UnicodeError) as error:
        sys.exit(hints.explain(error))
