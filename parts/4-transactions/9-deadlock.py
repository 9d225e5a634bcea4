#!/usr/bin/env python3
"""Step 9: a deadlock: the server picks a victim, the victim tries again.

Two transactions each count a visit to Texas and to Nevada, in opposite
orders.  A barrier lets each lock its first row before either asks for
its second, so each waits for the other: the server sees the cycle and
ends one of them with error 1213, rolling its whole transaction back.
The victim then runs its transaction again from the first statement and
both commit.  The retry must start over: the server has undone all of
the failed attempt, so repeating only the failed statement would commit
half a change, and a value read in the failed attempt may be stale.

Usage: ./parts/4-transactions/9-deadlock.py mysql_username mysql_password
       database_name
"""
import sys
import threading
from contextlib import closing

import MySQLdb

import kit

ERRORS = kit.ERRORS
DEADLOCK = 1213
ATTEMPTS = 3


def visit(db, first, second, meet):
    """Count a visit to ``first``, then to ``second``: one transaction."""
    with closing(db.cursor()) as cursor:
        cursor.execute("UPDATE states SET visits = visits + 1"
                       " WHERE name = %s", (first,))
        meet()
        cursor.execute("UPDATE states SET visits = visits + 1"
                       " WHERE name = %s", (second,))
    db.commit()


def alone():
    """Meet nobody: the other transaction is past the barrier already."""


def with_retry(db, first, second, barrier, victims):
    """Run visit() until it commits, again from the start after a 1213."""
    meet = barrier.wait
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return visit(db, first, second, meet)
        except MySQLdb.OperationalError as error:
            if error.args[0] != DEADLOCK or attempt == ATTEMPTS:
                raise
            victims.append(error.args[0])
            # The server rolled back the whole attempt; end it here too.
            db.rollback()
            meet = alone


def main(user, password, database):
    """Run the two transactions side by side; show they both committed."""
    kit.reset(user, password, database)
    print("transaction 1: a visit to Texas, then to Nevada")
    print("transaction 2: a visit to Nevada, then to Texas")
    victims = []
    with closing(kit.connect(user, password, database)) as one, \
            closing(kit.connect(user, password, database)) as two:
        barrier = threading.Barrier(2)
        kit.side_by_side(
            barrier,
            lambda: with_retry(one, "Texas", "Nevada", barrier, victims),
            lambda: with_retry(two, "Nevada", "Texas", barrier, victims))
        for code in victims:
            print("the server chose a victim: error {}, its transaction"
                  " rolled back".format(code))
            print("the victim ran its transaction again, from the start")
        print("both committed")
        with closing(one.cursor()) as cursor:
            cursor.execute("SELECT name, visits FROM states WHERE name IN"
                           " (%s, %s) ORDER BY id", ("Texas", "Nevada"))
            for name, visits in cursor:
                print("{}: {} visits".format(name, visits))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
