#!/usr/bin/env python3
"""Step 11: the lost update on PostgreSQL: lost, or refused with 40001.

Two connections each add one to the visits of Texas in a transaction:
read the counter, then write it back plus one.  One thread runs them in
step 4's order: one reads, two reads, two writes and commits, then one
writes.  At READ COMMITTED, PostgreSQL's default, one's write lands on
two's and an update is lost.  At REPEATABLE READ the server refuses it,
SQLSTATE 40001: the row changed after one's snapshot was taken.

Usage: ./parts/4-transactions/11-lost_update_pg.py mysql_username
       mysql_password database_name
"""
import sys
from contextlib import closing

import psycopg

import kit

ERRORS = kit.ERRORS + (psycopg.Error,)
LEVELS = ("READ COMMITTED", "REPEATABLE READ")


def add_one(db, who, meanwhile):
    """One transaction: read the visits, run ``meanwhile``, write + 1."""
    with closing(db.cursor()) as cursor:
        cursor.execute("SELECT visits FROM states WHERE name = %s",
                       ("Texas",))
        (visits,) = cursor.fetchone()
        print("  {}: reads visits = {}".format(who, visits))
        meanwhile()
        cursor.execute("UPDATE states SET visits = %s WHERE name = %s",
                       (visits + 1, "Texas"))
    db.commit()
    print("  {}: writes visits = {}, COMMIT".format(who, visits + 1))


def nothing():
    """Do nothing between the read and the write: no one overtakes two."""


def compare(user, password, database, level):
    """Show one level, from a fresh copy of the part's tables."""
    kit.pg_reset(user, password, database)
    print(level)
    with closing(kit.pg_connect(user, password, database)) as one, \
            closing(kit.pg_connect(user, password, database)) as two:
        # psycopg begins each transaction with BEGIN ISOLATION LEVEL ...
        one.isolation_level = psycopg.IsolationLevel[level.replace(" ", "_")]
        two.isolation_level = one.isolation_level
        try:
            add_one(one, "one", lambda: add_one(two, "two", nothing))
        except psycopg.errors.SerializationFailure as error:
            print("  one: refused, SQLSTATE {}: {}".format(
                error.sqlstate, error.diag.message_primary))
            one.rollback()
        row = one.execute("SELECT visits FROM states WHERE name = %s",
                          ("Texas",)).fetchone()
        print("  Texas: visits = {}, 2 expected".format(row[0]))


def main(user, password, database):
    """Compare the two levels."""
    for level in LEVELS:
        compare(user, password, database, level)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
