#!/usr/bin/python3
"""Step 1: let the server filter: states whose name starts with N.

The WHERE clause runs on the server, so only matching rows travel back.
MySQL compares text case-insensitively by default ('nevada' LIKE 'N%' is
true), so the name is compared as bytes: CAST(name AS BINARY).

Usage: ./1-filter_states.py mysql_username mysql_password database_name
"""
import os
import sys
from contextlib import closing

import MySQLdb

import hints


def connect(user, password, database):
    """Open a connection to the server on localhost, port 3306.

    MYSQL_HOST and MYSQL_TCP_PORT point it elsewhere, for example at a
    server in Docker (MYSQL_HOST=127.0.0.1).
    """
    return MySQLdb.connect(host=os.environ.get("MYSQL_HOST", "localhost"),
                           port=int(os.environ.get("MYSQL_TCP_PORT", "3306")),
                           user=user, password=password, database=database,
                           charset="utf8mb4")


def main(user, password, database):
    """Print the states whose name starts with an upper-case N, by id."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            cursor.execute("SELECT id, name FROM states"
                           " WHERE CAST(name AS BINARY) LIKE 'N%'"
                           " ORDER BY id")
            for row in cursor:
                print(row)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 .format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (MySQLdb.Error, UnicodeError) as error:
        sys.exit(hints.explain(error))
