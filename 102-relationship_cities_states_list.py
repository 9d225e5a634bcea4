#!/usr/bin/python3
"""Step 102: every city with its state, through City.state, in one query.

The reverse of step 101: each city's state is loaded by the same SELECT
(joinedload), not by one more query per city.  yield_per(1000) turns the
rows into City objects a thousand at a time as they arrive, so memory
stays flat however many cities there are; it is still one SELECT.

Usage: ./102-relationship_cities_states_list.py mysql_username
       mysql_password database_name
"""
import os
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm import Session

import hints
from relationship_city import City
from relationship_state import State


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
    """Print every city as "id: city -> state", in city id order."""
    with Session(make_engine(user, password, database)) as session:
        for city in (session.query(City)
                     .options(joinedload(City.state, innerjoin=True))
                     .order_by(City.id).yield_per(1000)):
            print("{}: {} -> {}".format(city.id, city.name, city.state.name))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (SQLAlchemyError, UnicodeError) as error:
        sys.exit(hints.explain(error))
