#!/usr/bin/env python3
"""Step 2: exact and indexed: a function on a column hides its index.

MariaDB's utf8mb4_unicode_ci says 'Reno 1234' = 'RÉNO 1234', so the task
compares CAST(name AS BINARY), the bytes: exact, but the index holds
names, not bytes, and the server must read every row to compute the
cast.  Two ways keep both: let the index find the look-alikes and the
cast keep the exact one, or index a column with a binary collation (here
a virtual column, computed from name; utf8mb4_nopad_bin, since
utf8mb4_bin still ignores trailing spaces).  PostgreSQL's C collation is
exact already; its trap is the other way round, lower(name) for a search
that ignores case, and its answer an index on lower(name) itself.

Usage: ./2-exact.py URL
"""
from sqlalchemy import text

import kit

QUERY = "SELECT id, name FROM cities WHERE "
NAME = {"name": "Reno 1234"}
# (statements that make an index, the condition, statements that undo).
WAYS = {
    "mysql": (
        ((), "name = :name", ()),
        ((), "CAST(name AS BINARY) = :name", ()),
        ((), "name = :name AND CAST(name AS BINARY) = :name", ()),
        (("ALTER TABLE cities ADD exact_name VARCHAR(128) COLLATE"
          " utf8mb4_nopad_bin AS (name) VIRTUAL,"
          " ADD INDEX ix_exact (exact_name)",),
         "exact_name = :name", ("ALTER TABLE cities DROP exact_name",)),
    ),
    "postgresql": (
        ((), "name = :name", ()),
        ((), "lower(name) = lower(:name)", ()),
        (("CREATE INDEX ix_lower ON cities (lower(name))",
          "ANALYZE cities"),
         "lower(name) = lower(:name)", ("DROP INDEX ix_lower",)),
    ),
}


def way(conn, make, condition, undo):
    """Print how the condition reads cities and what it finds; its time."""
    for sql in make:
        print(sql)
        conn.execute(text(sql))
    try:
        shown = kit.plan(conn, QUERY + condition, NAME)
        read = kit.access(shown)
        found = conn.execute(text(QUERY + condition), NAME).all()
        print("  {}: {}, {} rows examined, {} returned: {}".format(
            condition, read.how, read.examined, len(found),
            ", ".join(sorted(name for _, name in found))))
        return kit.best(conn, QUERY + condition, NAME, shown)
    finally:
        for sql in undo:
            conn.execute(text(sql))


def main(url):
    """Try each way of comparing, with an index on name."""
    with kit.engine(url).connect() as conn:
        kit.name_index(conn)
        times = [way(conn, *each) for each in WAYS[conn.dialect.name]]
        print("the last way, faster than the second:",
              kit.faster(times[1], times[-1], 10))


if __name__ == "__main__":
    kit.run(main, "URL")
