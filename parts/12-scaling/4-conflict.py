#!/usr/bin/env python3
"""Step 4: a certification conflict: two nodes change one row at once.

On one server, the second of two writers of a row waits for the first
one's lock (Part 4).  On two nodes nobody waits: each transaction holds
only its own node's lock.  The conflict shows at COMMIT: the first
write set certified wins, and the other transaction, on the other
node, is rolled back by the cluster; its COMMIT fails with error 1213,
the deadlock error of Part 4's step 9.  The fix is the same: run the
whole transaction again, reading again what it read.

Usage: ./parts/12-scaling/4-conflict.py mysql_username mysql_password
       database_name
"""
import MySQLdb

import kit

DEADLOCK = 1213
ATTEMPTS = 3


def mark(db, node):
    """The transaction: read state 1, add the node's name to its name.

    The read waits until the node has applied what the cluster committed
    before it (wsrep_sync_wait), so it starts from the latest name.
    """
    (name,), = kit.rows(db, "SELECT name FROM states WHERE id = 1")
    print("{}: reads state 1: {}".format(node, name))
    kit.rows(db, "UPDATE states SET name = CONCAT(name, %s) WHERE id = 1",
             (" ({})".format(node),))
    print("{}: UPDATE state 1".format(node))


def commit_with_retry(db, node):
    """COMMIT; after a 1213 the cluster undid it all: run it all again."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            print(node + ": COMMIT")
            return db.commit()
        except MySQLdb.OperationalError as error:
            if error.args[0] != DEADLOCK or attempt == ATTEMPTS:
                raise
            print("  " + kit.refused(error))
            db.rollback()
            print(node + ": the whole transaction again")
            mark(db, node)


def main(user, password, database):
    with kit.closing(kit.connect("node1", user, password, database)) as one,\
            kit.closing(kit.connect("node2", user, password,
                                    database)) as two:
        kit.rows(one, "UPDATE states SET name = 'California' WHERE id = 1")
        one.commit()
        mark(two, "node2")
        mark(one, "node1")
        print("node1: COMMIT")
        one.commit()
        commit_with_retry(two, "node2")
    for node in kit.NODES:
        with kit.closing(kit.connect(node, user, password, database)) as db:
            (name,), = kit.rows(db, "SELECT name FROM states WHERE id = 1")
        print("{}: state 1 is {}".format(node, name))


if __name__ == "__main__":
    kit.run(main)
