#!/usr/bin/env python3
"""Step 5: the first fix: let the server add one, in one UPDATE.

The writers of step 4, started together every round, but each sends
``UPDATE ... SET visits = visits + 1``: the read and the write are one
statement, done by the server under the row's lock, so the second writer
waits for the first one's commit and adds one to what it wrote.  No
update is lost, however the two interleave.

Usage: ./parts/4-transactions/5-atomic_update.py mysql_username
       mysql_password database_name
"""
import sys
import threading
from contextlib import closing

import kit

ERRORS = kit.ERRORS
ROUNDS = 100
HOW = "wait for the other writer, UPDATE visits = visits + 1"


def add_one(cursor, barrier):
    """Once the other writer is ready too, add one in a single statement."""
    barrier.wait()
    # The server reads and writes the row under its row lock: the second
    # writer's UPDATE waits for the first's commit, then adds one to it.
    cursor.execute("UPDATE states SET visits = visits + 1 WHERE name = %s",
                   ("Texas",))


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
