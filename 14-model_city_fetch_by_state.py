#!/usr/bin/python3
"""Step 14: a second model, City, and a join between the two, in one query.

query(State, City) asks for both objects per row, and join() adds the
JOIN ... ON, its condition written out as in step 4, so each city comes
with its state.  Also new here, for large tables: yield_per(1000) turns
the rows into objects a thousand at a time as they arrive, so memory
stays flat however many cities there are (it is still one SELECT).

Usage: ./14-model_city_fetch_by_state.py
       mysql_username mysql_password database_name
"""
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import hints
from model_city import City
from model_state import State


def main(user, password, database):
    """Print every city as "state: (id) city", in city id order."""
    with Session(make_engine(user, password, database)) as session:
        for state, city in (session.query(State, City)
                            .join(City, City.state_id == State.id)
                            .order_by(City.id).yield_per(1000)):
            print("{}: ({}) {}".format(state.name, city.id, city.name))


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
