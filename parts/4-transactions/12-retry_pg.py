#!/usr/bin/env python3
"""Step 12: SQLSTATE 40001 means "run the whole transaction again".

Step 11's REPEATABLE READ, in the same order: one reads, two reads, two
writes and commits, and the server refuses one's write with 40001.  One
then rolls back and runs its transaction again from the first
statement: it reads the visits two committed and adds one to them.
Nothing is lost.

Usage: ./parts/4-transactions/12-retry_pg.py mysql_username
       mysql_password database_name
"""
import sys
from contextlib import closing

import psycopg

import kit

ERRORS = kit.ERRORS + (psycopg.Error,)
ATTEMPTS = 3


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
    """Do nothing between the read and the write: no one overtakes."""


def with_retry(db, who, meanwhile):
    """Run add_one() until it commits, again from the start after 40001."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return add_one(db, who, meanwhile)
        except psycopg.errors.SerializationFailure as error:
            if attempt == ATTEMPTS:
                raise
            print("  {}: refused, SQLSTATE {}, ROLLBACK, again from the"
                  " start".format(who, error.sqlstate))
            # The server has undone the attempt; end it here too.
            db.rollback()
            meanwhile = nothing


def main(user, password, database):
    """Run one's transaction with a retry, overtaken by two's once."""
    kit.pg_reset(user, password, database)
    print("REPEATABLE READ, with a retry")
    with closing(kit.pg_connect(user, password, database)) as one, \
            closing(kit.pg_connect(user, password, database)) as two:
        one.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        two.isolation_level = one.isolation_level
        with_retry(one, "one", lambda: add_one(two, "two", nothing))
        row = one.execute("SELECT visits FROM states WHERE name = %s",
                          ("Texas",)).fetchone()
        print("  Texas: visits = {}, 2 expected".format(row[0]))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
