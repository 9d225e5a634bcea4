#!/usr/bin/env python3
"""Step 3: what a transaction sees of another's commit: isolation levels.

The reader opens a transaction and counts the cities of Texas; the writer
adds one and commits; the reader counts again inside the same
transaction, then once more after ending it.  At READ COMMITTED each
SELECT sees the latest commit; at REPEATABLE READ (MariaDB's default)
the transaction keeps the snapshot of its first read until it ends.

Usage: ./parts/4-transactions/3-isolation.py mysql_username mysql_password
       database_name
"""
import sys
from contextlib import closing

import kit

ERRORS = kit.ERRORS
LEVELS = ("READ COMMITTED", "REPEATABLE READ")


def texas(reader, when):
    """Print how many cities of Texas the reader sees now."""
    with closing(reader.cursor()) as cursor:
        cursor.execute("SELECT COUNT(*) FROM cities JOIN states"
                       " ON states.id = cities.state_id"
                       " WHERE states.name = %s", ("Texas",))
        print("  reader, {}: Texas has {} cities".format(
            when, cursor.fetchone()[0]))


def insert(writer, city):
    """Insert ``city`` into Texas and commit it."""
    with closing(writer.cursor()) as cursor:
        cursor.execute("INSERT INTO cities (state_id, name) SELECT id, %s"
                       " FROM states WHERE name = %s", (city, "Texas"))
    writer.commit()
    print("  writer: INSERT {}, COMMIT".format(city))


def compare(user, password, database, level):
    """Show one level, from a fresh copy of the part's database."""
    kit.reset(user, password, database)
    print(level)
    with closing(kit.connect(user, password, database)) as reader, \
            closing(kit.connect(user, password, database)) as writer:
        with closing(reader.cursor()) as cursor:
            # For the reader's next transactions; level is one of LEVELS.
            cursor.execute("SET SESSION TRANSACTION ISOLATION LEVEL "
                           + level)
        texas(reader, "first read")
        insert(writer, "Lubbock")
        texas(reader, "same transaction")
        reader.commit()
        texas(reader, "next transaction")


def main(user, password, database):
    """Compare what the reader sees at the two levels."""
    for level in LEVELS:
        compare(user, password, database, level)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
