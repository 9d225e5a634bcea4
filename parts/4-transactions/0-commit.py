#!/usr/bin/env python3
"""Step 0: a change is invisible to others until commit; no commit, no row.

Two connections to one database: the writer (autocommit off, as MySQLdb
opens every connection) inserts a city into Texas; the reader does not
see it until the writer commits.  A second insert, never committed, is
rolled back by the server when the writer's connection closes.

Usage: ./parts/4-transactions/0-commit.py mysql_username mysql_password
       database_name
"""
import sys
from contextlib import closing

import kit

ERRORS = kit.ERRORS


def texas(reader):
    """Print the cities of Texas as the reader sees them now."""
    with closing(reader.cursor()) as cursor:
        cursor.execute("SELECT cities.name FROM cities JOIN states"
                       " ON states.id = cities.state_id"
                       " WHERE states.name = %s ORDER BY cities.id",
                       ("Texas",))
        print("reader sees Texas:", ", ".join(n for (n,) in cursor))


def insert(writer, city):
    """Insert ``city`` into Texas, in the writer's open transaction."""
    with closing(writer.cursor()) as cursor:
        cursor.execute("INSERT INTO cities (state_id, name) SELECT id, %s"
                       " FROM states WHERE name = %s", (city, "Texas"))


def main(user, password, database):
    """Show what the reader sees before and after the writer commits."""
    kit.reset(user, password, database)
    with closing(kit.connect(user, password, database)) as reader:
        # Each of the reader's SELECTs is a transaction of its own, so it
        # sees the latest committed rows (step 3 shows the other way).
        reader.autocommit(True)
        writer = kit.connect(user, password, database)
        insert(writer, "Lubbock")
        print("writer: INSERT Lubbock")
        texas(reader)
        writer.commit()
        print("writer: COMMIT")
        texas(reader)
        insert(writer, "Amarillo")
        print("writer: INSERT Amarillo")
        writer.close()
        print("writer: closes the connection without COMMIT")
        texas(reader)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
