#!/usr/bin/python3
"""Step 13: delete rows through the ORM: every state with a lower-case a.

One DELETE ... WHERE, filtered as in step 9, inside one transaction: if
the server refuses any row (a city still points to it), nothing at all is
deleted.  synchronize_session=False: no loaded object needs updating.

Usage: ./13-model_state_delete_a.py
       mysql_username mysql_password database_name
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


def main(user, password, database):
    """Delete every state whose name holds a lower-case a."""
    with Session(make_engine(user, password, database)) as session:
        has_a = cast(State.name, LargeBinary).op("LIKE")(b"%a%")
        (session.query(State)
         .filter(has_a)
         .delete(synchronize_session=False))
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
