#!/usr/bin/env python3
"""Step 6: the second fix: SELECT ... FOR UPDATE locks the row it reads.

When the new value needs Python between the read and the write, the read
takes the row's lock: the second writer's SELECT ... FOR UPDATE waits
until the first writer commits, then reads what it wrote.  The order
read, read, write, write of step 4 cannot happen, and no update is lost.

Usage: ./parts/4-transactions/6-select_for_update.py mysql_username
       mysql_password database_name
"""
import sys
import threading
from contextlib import closing

import kit

ERRORS = kit.ERRORS
ROUNDS = 100
HOW = "wait for the other writer, read visits FOR UPDATE, write + 1"


def add_one(cursor, barrier):
    """Once the other writer is ready too, read with a lock, write it + 1."""
    # The barrier can no longer stand between the read and the write: the
    # second reader's SELECT waits for the first writer's commit.
    barrier.wait()
    cursor.execute("SELECT visits FROM states WHERE name = %s FOR UPDATE",
                   ("Texas",))
    (visits,) = cursor.fetchone()
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
