#!/usr/bin/python3
"""Step 101: every state with its cities, through State.cities, in one query.

Reading state.cities for each state would send one more SELECT per state
(the N+1 problem).  Instead the query joins the cities itself, through the
relationship: outerjoin(), a LEFT OUTER JOIN, so a state without cities
is still listed, ordered by state and then by city.  contains_eager()
tells the ORM that those joined rows fill state.cities: one SELECT.

Usage: ./101-relationship_states_cities_list.py
       mysql_username mysql_password database_name
"""
import sys

from sqlalchemy import create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import contains_eager
from sqlalchemy.orm import Session

import hints
from relationship_city import City
from relationship_state import State


def main(user, password, database):
    """Print each state, then a tab-indented line for each of its cities."""
    with Session(make_engine(user, password, database)) as session:
        for state in (session.query(State)
                      .outerjoin(State.cities)
                      .options(contains_eager(State.cities))
                      .order_by(State.id, City.id)):
            print("{}: {}".format(state.id, state.name))
            for city in state.cities:
                print("\t{}: {}".format(city.id, city.name))


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
