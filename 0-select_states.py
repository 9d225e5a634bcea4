#!/usr/bin/python3
"""Step 0: list every state with a DB-API connection and cursor.

The whole conversation with the server in its smallest form: connect, send
one SELECT through a cursor, read the rows back as tuples, close.

Usage: ./0-select_states.py
       mysql_username mysql_password database_name
"""
import sys
from contextlib import closing

import MySQLdb

import hints


def main(user, password, database):
    """Print every state as an (id, name) tuple, in id order."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            cursor.execute("SELECT id, name FROM states ORDER BY id")
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
