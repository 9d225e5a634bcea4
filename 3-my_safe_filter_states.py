#!/usr/bin/python3
"""Step 3: filter by a name from the command line, safely.

The SQL holds a %s placeholder and the value travels separately, in a
tuple: the driver escapes it and sends it as one string literal, so no
input can change the query.  Diff it with step 2: apart from the words,
only the execute() call differs.

Usage: ./3-my_safe_filter_states.py
       mysql_username mysql_password database_name state_name
"""
import sys
from contextlib import closing

import MySQLdb

import hints


def main(user, password, database, name):
    """Print the states named exactly ``name``, by id."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            cursor.execute("SELECT id, name FROM states"
                           " WHERE CAST(name AS BINARY) = %s"
                           " ORDER BY id", (name,))
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
    if len(sys.argv) != 5:
        sys.exit("Usage: {} mysql_username mysql_password database_name"
                 " state_name".format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except (MySQLdb.Error, UnicodeError, ValueError) as error:
        sys.exit(hints.explain(error))
