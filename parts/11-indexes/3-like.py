#!/usr/bin/env python3
"""Step 3: LIKE 'Reno 99%' is a range of the index; LIKE '%eno 9999%' is not.

A B-tree keeps names in order, so a pattern with a fixed start is a
range of it: from 'Reno 99' to just before 'Reno 9:'.  A pattern that
starts with % could match anywhere in a name: no order helps, and every
name is read.  PostgreSQL's pg_trgm indexes the three-letter pieces of
each name (a GIN index), and finds the names that hold all the pieces of
the pattern; MariaDB has no such index (its FULLTEXT indexes find words,
not pieces of words).

Usage: ./3-like.py URL
"""
from sqlalchemy import text

import kit

QUERY = "SELECT id, name FROM cities WHERE name LIKE :pattern"
TRIGRAMS = ("CREATE EXTENSION IF NOT EXISTS pg_trgm",
            "CREATE INDEX ix_trgm ON cities USING gin (name gin_trgm_ops)")


def show(conn, pattern):
    """Print how the pattern reads cities, and how many rows it finds."""
    found = {"pattern": pattern}
    shown = kit.plan(conn, QUERY, found)
    read = kit.access(shown)
    rows = conn.execute(text(QUERY), found).all()
    print("  LIKE '{}': {}, {} rows examined, {} returned".format(
        pattern, read.how, read.examined, len(rows)))
    return kit.best(conn, QUERY, found, shown)


def main(url):
    """Plan both patterns with an index on name, then with trigrams."""
    with kit.engine(url).connect() as conn:
        kit.name_index(conn)
        show(conn, "Reno 99%")
        scan = show(conn, "%eno 9999%")
        if conn.dialect.name != "postgresql":
            return
        conn.execute(text(TRIGRAMS[0]))
        with kit.index(conn, "ix_trgm", TRIGRAMS[1]):
            trigrams = show(conn, "%eno 9999%")
        print("faster with trigrams:", kit.faster(scan, trigrams, 3))


if __name__ == "__main__":
    kit.run(main, "URL")
