#!/usr/bin/python3
"""Step 2: filter by a name from the command line, the UNSAFE way.

This step is wrong on purpose.  It pastes the argument into the SQL text
with format(), so the argument can change the query itself: the input
' OR '1'='1 closes the string and adds a condition that is always true,
and the script prints every state.  That is SQL injection.  Never build
SQL from input like this; step 3 shows the fix.

Usage: ./2-my_filter_states.py
       mysql_username mysql_password database_name state_name
"""
import sys
from contextlib import closing

import MySQLdb

import hints


def main(user, password, database, name):
    """Print the states named exactly ``name``, by id (injectable!)."""
    with closing(connect(user, password, database)) as db:
        with closing(db.cursor()) as cursor:
            cursor.execute("SELECT id, name FROM states"
                           " WHERE CAST(name AS BINARY) = '{}'"
                           " ORDER BY id".format(name))
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
