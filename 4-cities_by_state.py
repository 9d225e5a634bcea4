#!/usr/bin/python3
"""Step 4: list every city with its state, joining two tables in one query.

The server matches each city to its state (JOIN ... ON) and sends one row
per city: one execute(), however many cities there are.

Usage: ./4-cities_by_state.py
       mysql_username mysql_password database_name
"""
import sys
from contextlib import closing

import MySQLdb

import hints


def main(user, password, database):
    """Print every city as (id, name, state name), in city id order."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            cursor.execute("SELECT cities.id, cities.name, states.name"
                           " FROM cities"
                           " JOIN states ON states.id = cities.state_id"
                           " ORDER BY cities.id")
            for row in cursor:
                print(row)


def connect(user, password, database):
    """Open a connection to the server on localhost, port 3306.

    MYSQL_HOST and MYSQL_TCP_PORT point it elsewhere, for example at a
    server in Docker (MYSQL_HOST=127.0.0.1).
    """
    return MySQLdb.connect(host=hints.host(), port=hints.port(),
                           user=user, password=password, database=database,
                           charset="utf8mb4")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (MySQLdb.Error, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))
