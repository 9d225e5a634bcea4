#!/usr/bin/env python3
"""Step 10: the three anomalies, by name, at each level, on two servers.

A reader reads twice in one transaction while a writer changes the rows
in between; what the second read shows that the first did not is an
anomaly.  A dirty read: the writer's UPDATE, not committed.  A
non-repeatable read: the writer's UPDATE, committed.  A phantom: a row
the writer INSERTed, committed, that the reader's WHERE now finds.  The
same reader and writer run on MariaDB, then on PostgreSQL.

Usage: ./parts/4-transactions/10-anomalies.py mysql_username
       mysql_password database_name
"""
import sys
from contextlib import closing

import psycopg

import kit

ERRORS = kit.ERRORS + (psycopg.Error,)
LEVELS = ("READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ")
VISITS = "SELECT visits FROM states WHERE name = %s"
CITIES = ("SELECT COUNT(*) FROM cities JOIN states"
          " ON states.id = cities.state_id WHERE states.name = %s")
ADD_VISIT = "UPDATE states SET visits = visits + 1 WHERE name = %s"
ADD_CITY = ("INSERT INTO cities (state_id, name)"
            " SELECT id, 'Lubbock' FROM states WHERE name = %s")
# Each anomaly: its name, what the reader reads, what the writer does
# between the two reads, and whether the writer commits it.
ANOMALIES = (("dirty read", VISITS, ADD_VISIT, False),
             ("non-repeatable read", VISITS, ADD_VISIT, True),
             ("phantom", CITIES, ADD_CITY, True))
SERVERS = (("MariaDB", kit.reset, kit.connect),
           ("PostgreSQL", kit.pg_reset, kit.pg_connect))


def seen(reader, writer, level, anomaly):
    """Whether the reader's two reads at ``level`` show the anomaly."""
    name, query, change, commit = anomaly
    with closing(reader.cursor()) as read, closing(writer.cursor()) as write:
        # The level of the transaction this statement opens, on both.
        read.execute("SET TRANSACTION ISOLATION LEVEL " + level)
        read.execute(query, ("Texas",))
        first = read.fetchone()
        write.execute(change, ("Texas",))
        if commit:
            writer.commit()
        read.execute(query, ("Texas",))
        second = read.fetchone()
    reader.commit()
    writer.rollback()
    return first != second


def levels(user, password, database, server):
    """Print which anomalies the reader sees at each level on a server."""
    name, reset, connect = server
    for level in LEVELS:
        reset(user, password, database)
        with closing(connect(user, password, database)) as reader, \
                closing(connect(user, password, database)) as writer:
            found = [a[0] for a in ANOMALIES
                     if seen(reader, writer, level, a)]
        print("{}, {}: {}".format(name, level, ", ".join(found) or "none"))


def main(user, password, database):
    """Show the anomalies of each level on MariaDB and on PostgreSQL."""
    for server in SERVERS:
        levels(user, password, database, server)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
