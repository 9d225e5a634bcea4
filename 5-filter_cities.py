#!/usr/bin/python3
"""Step 5: the cities of one state, joined and filtered in one query.

Steps 3 and 4 together: a JOIN whose WHERE takes the state name as a
parameter.  The rows come back one per city; Python only joins the names
into one line.

Usage: ./5-filter_cities.py
       mysql_username mysql_password database_name state_name
"""
import sys
from contextlib import closing

import MySQLdb

import hints


def main(user, password, database, name):
    """Print the names of the cities of state ``name`` on one line."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            cursor.execute("SELECT cities.name"
                           " FROM cities"
                           " JOIN states ON states.id = cities.state_id"
                           " WHERE CAST(states.name AS BINARY) = %s"
                           " ORDER BY cities.id", (name,))
            print(", ".join(row[0] for row in cursor))


def connect(user, password, database):
    """Open a connection to the server on localhost, port 3306.

    MYSQL_HOST and MYSQL_TCP_PORT point it elsewhere, for example at a
    server in Docker (MYSQL_HOST=127.0.0.1).
    """
    return MySQLdb.connect(host=hints.host(), port=hints.port(),
                           user=user, password=password, database=database,
                           charset="utf8mb4")


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (MySQLdb.Error, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))
