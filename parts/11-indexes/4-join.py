#!/usr/bin/env python3
"""Step 4: the join at scale: a composite index reads the rows in order.

Task step 5 lists a state's cities in order: the join reads, for the
state it found, the cities whose state_id is that state's id.  That read
is this step's query.  The foreign key's index (state_id) finds the 20
rows among 2000000, in the order of the index, which is not the order
asked for: a sort follows (a filesort, MariaDB says), and each row is
read from the table.  A composite index on (state_id, name) gives them
in name order, and the sort is gone; but id is not in it, so each row is
still read from the table (on PostgreSQL: InnoDB ends every index entry
with the primary key, so there it holds id already).  An index on
(state_id, name, id) holds every column asked for: the table is not read
at all (a covering, index-only read).

Usage: ./4-join.py URL
"""
import kit

QUERY = "SELECT id, name FROM cities WHERE state_id = 1234 ORDER BY name"
COMPOSITE = ("CREATE INDEX ix_cities_state_name ON cities"
             " (state_id, name)")
COVERING = ("CREATE INDEX ix_cities_covering ON cities"
            " (state_id, name, id)")


def show(conn):
    """Print how the join reads cities: access, sort, index only."""
    read = kit.access(kit.plan(conn, QUERY))
    print("  {}, {} rows examined, sorted after: {}, index only: {}".format(
        read.how, read.examined, "yes" if read.sort else "no",
        "yes" if read.index_only else "no"))


def main(url):
    """Plan the join as step 0 made the tables, then with each index."""
    with kit.engine(url).connect() as conn:
        print("with the foreign key's index, as step 0 made it:")
        show(conn)
        with kit.index(conn, "ix_cities_state_name", COMPOSITE):
            show(conn)
        with kit.index(conn, "ix_cities_covering", COVERING):
            show(conn)


if __name__ == "__main__":
    kit.run(main, "URL")
