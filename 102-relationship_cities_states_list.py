#!/usr/bin/python3
"""Step 102: every city with its state, through City.state, in one query.

The reverse of step 101: the query joins each city's state through the
City.state relationship (join(), an inner join: every city has a state)
and contains_eager() fills city.state from those rows, instead of one
more query per city.  As in step 14, yield_per(1000) turns the rows into
objects a thousand at a time, so memory stays flat however many cities
there are; it is still one SELECT.

Usage: ./102-relationship_cities_states_list.py
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


def main(user, password, database):
    """Print every city as "id: city -> state", in city id order."""
    with Session(make_engine(user, password, database)) as session:
        for city in (session.query(City)
                     .join(City.state)
                     .options(contains_eager(City.state))
                     .order_by(City.id).yield_per(1000)):
            print("{}: {} -> {}".format(city.id, city.name, city.state.name))


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
