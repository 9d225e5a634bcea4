#!/usr/bin/env python3
"""Step 7: try an index before building it, or before dropping it.

Building an index on a large table takes time and locks, and dropping
one that a query needed is found out in production.  PostgreSQL's
extension hypopg makes a hypothetical index: it exists only for the
planner of this session, costs nothing to make, and EXPLAIN (without
ANALYZE: nothing runs) shows the plan it would give.  MariaDB answers
the other question: an IGNORED index is still kept up to date but the
planner no longer sees it, so the plan without it shows before the drop,
and NOT IGNORED brings it back at once.  The step tries both with step
1's index on name, and drops it: no step after this one uses it.

Usage: ./7-try_first.py URL
"""
import re

from sqlalchemy import text

import kit

QUERY = "SELECT id, name FROM cities WHERE name = 'Reno 1234'"
HYPOTHETICAL = ("SELECT indexname FROM hypopg_create_index("
                "'CREATE INDEX ON cities (name)')")
IGNORED = "ALTER TABLE cities ALTER INDEX ix_cities_name {}"
# Step 1's index, which steps 2 and 3 used: this step is the last to.
DROP = "DROP INDEX IF EXISTS ix_cities_name"


def show(conn, analyze=True):
    """Print how the query would read cities (and did, with analyze)."""
    read = kit.access(kit.plan(conn, QUERY, analyze=analyze))
    # hypopg names an index <oid>btree_table_column: the oid varies.
    print("  " + re.sub(r"<\d+>(.*)", r"\1 (hypothetical)", read.how))


def postgresql(conn):
    """A hypothetical index: the plan it gives, built or not."""
    conn.execute(text("CREATE EXTENSION IF NOT EXISTS hypopg"))
    print(DROP)
    conn.execute(text(DROP))
    print("the plan now:")
    show(conn, analyze=False)
    print(HYPOTHETICAL)
    conn.execute(text(HYPOTHETICAL))
    try:
        show(conn, analyze=False)
    finally:
        conn.execute(text("SELECT hypopg_reset()"))


def mysql(conn):
    """An ignored index: the plan without it, dropped or not."""
    kit.name_index(conn)
    show(conn)
    for word in ("IGNORED", "NOT IGNORED"):
        print(IGNORED.format(word))
        conn.execute(text(IGNORED.format(word)))
        show(conn)
    print(DROP + " ON cities")
    conn.execute(text(DROP + " ON cities"))


def main(url):
    """Try an index on cities (name) before it is made, or dropped."""
    with kit.engine(url).connect() as conn:
        {"mysql": mysql, "postgresql": postgresql}[conn.dialect.name](conn)


if __name__ == "__main__":
    kit.run(main, "URL")
