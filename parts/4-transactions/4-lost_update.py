#!/usr/bin/env python3
"""Step 4: the lost update: two writers read, then both write, one is lost.

Two threads, each with its own connection, add one to the visits of Texas
ROUNDS times, a transaction per round: read the counter, then write it
back plus one.  A barrier makes every round run read, read, write, write:
both read the same number, both write that number plus one, and one of
the two updates is gone, every round, not by bad luck.

Usage: ./parts/4-transactions/4-lost_update.py mysql_username
       mysql_password database_name
"""
import sys
import threading
from contextlib import closing

import kit

ERRORS = kit.ERRORS
ROUNDS = 100
HOW = "read visits, wait for the other writer, write visits + 1"


def add_one(cursor, barrier):
    """Read the counter; once the other writer has read it, write it + 1."""
    cursor.execute("SELECT visits FROM states WHERE name = %s", ("Texas",))
    (visits,) = cursor.fetchone()
    barrier.wait()
    cursor.execute("UPDATE states SET visits = %s WHERE name = %s",
                   (visits + 1, "Texas"))


def writer(db, barrier):
    """Add one ROUNDS times, each in a transaction, in step with the other."""
    with closing(db.cursor()) as cursor:
        for _ in range(ROUNDS):
            add_one(cursor, barrier)
            db.commit()
            # Both have committed before either starts the next round.
            barrier.wait()


def visits(db):
    """The visits of Texas, as committed now."""
    with closing(db.cursor()) as cursor:
        cursor.execute("SELECT visits FROM states WHERE name = %s",
                       ("Texas",))
        return cursor.fetchone()[0]


def main(user, password, database):
    """Run the two writers side by side, then count what was kept."""
    kit.reset(user, password, database)
    with closing(kit.connect(user, password, database)) as one, \
            closing(kit.connect(user, password, database)) as two:
        print("2 writers, {} rounds each: {}".format(ROUNDS, HOW))
        barrier = threading.Barrier(2)
        kit.side_by_side(barrier, lambda: writer(one, barrier),
                         lambda: writer(two, barrier))
        got = visits(one)
    print("Texas has {} visits: {} expected, {} updates lost".format(
        got, 2 * ROUNDS, 2 * ROUNDS - got))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(kit.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(kit.explain(error))
