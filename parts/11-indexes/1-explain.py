#!/usr/bin/env python3
"""Step 1: EXPLAIN ANALYZE: a full scan, then an index lookup, measured.

Task step 14 looks for rows by name.  Without an index on the column the
server reads every row of the table and keeps the few that match (a full
scan); with one it walks a B-tree to the matching rows and reads only
those (an index lookup).  EXPLAIN ANALYZE runs the query and returns the
plan the server followed, with what it measured: the kind of access, the
index used, the rows it read against the rows it returned, and the time
the query took the server.  The step prints those facts, then compares
that time both ways in the same run (the best of three runs each, the
plan shown the first): the server's own time, since the trip to it and
back costs the same either way, and more than the lookup itself when
the machine is busy.  The index stays: steps 2, 3 and 7 use it (step 7
drops it).

Usage: ./1-explain.py URL
"""
from sqlalchemy import text

import kit

QUERY = "SELECT id, name FROM cities WHERE name = :name"
NAME = {"name": "Reno 1234"}


def show(conn):
    """Print how the server read cities for the query, and the rows."""
    found = kit.plan(conn, QUERY, NAME)
    read = kit.access(found)
    returned = len(conn.execute(text(QUERY), NAME).all())
    print("  {}: {} rows examined, {} returned".format(
        read.how, read.examined, returned))
    return found


def main(url):
    """Plan and time the query without, then with an index on name."""
    with kit.engine(url).connect() as conn:
        print("cities WHERE name = 'Reno 1234':")
        scan = kit.best(conn, QUERY, NAME, show(conn))
        with kit.index(conn, "ix_cities_name", kit.NAME_INDEX, keep=True):
            lookup = kit.best(conn, QUERY, NAME, show(conn))
        print("faster with the index:", kit.faster(scan, lookup, 10))


if __name__ == "__main__":
    kit.run(main, "URL")
