#!/usr/bin/python3
"""Step 6: create the tables of the models, from the models.

The State class already describes its table, so SQLAlchemy can write the
CREATE TABLE itself: Base.metadata holds every table of the models that
share Base, and create_all() creates those that do not exist yet.

Usage: ./6-model_state.py
       mysql_username mysql_password database_name
"""
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError

import hints
from model_state import Base


def main(user, password, database):
    """Create every table declared on Base that is missing."""
    Base.metadata.create_all(make_engine(user, password, database))


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
