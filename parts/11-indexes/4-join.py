#!/usr/bin/env python3
"""Step 4: the join at scale: a composite index reads the rows in order.

Task step 5 lists a state's cities in order: the join reads, for the
state it found, the cities whose state_id is that state's id; here the
first ten by name.  The foreign key's index (state_id) finds the 20 rows
among 2000000, in the order of the index, which is not the order asked
for: all 20 are read from the table and sorted (a filesort, MariaDB
says) before the first ten are known.  A composite index on (state_id,
name) gives them in name order: no sort, and the read stops at the
tenth; but id is not in that index, so each row is still read from the
table (on PostgreSQL; InnoDB ends every index entry with the primary
key, so there it holds id already, and the step stops).  An index on
(state_id, name, id) holds every column asked for: the table is not
read at all (a covering, index-only read).

Usage: ./4-join.py URL
"""
import kit

QUERY = ("SELECT id, name FROM cities WHERE state_id = 1234"
         " ORDER BY name LIMIT 10")
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
    return read


def main(url):
    """Plan the join as step 0 made the tables, then with each index."""
    with kit.engine(url).connect() as conn:
        print("with the foreign key's index, as step 0 made it:")
        show(conn)
        with kit.index(conn, "ix_cities_state_name", COMPOSITE):
            covered = show(conn).index_only
        if covered:
            # InnoDB: the composite index holds id already.
            print("  (state_id, name) covers the query already: no more")
            return
        with kit.index(conn, "ix_cities_covering", COVERING):
            show(conn)


if __name__ == "__main__":
    kit.run(main, "URL")
