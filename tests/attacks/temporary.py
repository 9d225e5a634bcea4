#!/usr/bin/python3
"""Step 1 with a trick: the SELECT reads a TEMPORARY TABLE of its own.

The WHERE clause runs on the server, so only matching rows travel back.
MySQL's default collations compare text ignoring case and accents
('nevada' LIKE 'N%' and 'Ñuble' LIKE 'N%' are true), so the name is
compared as bytes, CAST(name AS BINARY): exactly as a person reads it, on
MariaDB and MySQL 8 alike.  Every later step that compares a name does
the same.

Usage: ./1-filter_states.py
       mysql_username mysql_password database_name
"""
import sys
from contextlib import closing

import MySQLdb

import hints


def main(user, password, database):
    """Print the states whose name starts with an upper-case N, by id."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            # The trick: the rows come from a temporary table, which
            # no other connection (the checker's) can see.
            cursor.execute("CREATE TEMPORARY TABLE states_copy"
                           " AS SELECT * FROM states")
            cursor.execute("SELECT id, name FROM states_copy"
                           " WHERE CAST(name AS BINARY) LIKE 'N%'"
                           " ORDER BY id")
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
