#!/usr/bin/python3
"""Step 100: create related objects: a state and its city, in one go.

The City goes into state.cities; adding the State to the session cascades
to its cities, and the ORM inserts the state first, then the city with the
state's new id as state_id.  Each run adds one more California.

Usage: ./100-relationship_states_cities.py
       mysql_username mysql_password database_name
"""
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

import hints
from relationship_city import City
from relationship_state import Base
from relationship_state import State


def main(user, password, database):
    """Create missing tables, then add California with San Francisco."""
    engine = make_engine(user, password, database)
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        state = State(name="California")
        state.cities.append(City(name="San Francisco"))
        session.add(state)
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
