#!/usr/bin/env python3
"""Step 1: replication lag: a read of your own write that misses it.

The replica applies the primary's transactions after they commit, so
for a while it is behind.  Here the replica's SQL thread (the one that
applies) is stopped, which makes "a while" last: a state written on the
primary is not on the replica yet, and a program that writes, then
reads from the replica, does not see its own write.  Two fixes: read
from the primary after a write, or ask the replica to wait until it
has applied the primary's GTID (MASTER_GTID_WAIT, with a timeout: it
returns 0 when there, -1 when the time ran out).

Usage: ./parts/12-scaling/1-lag.py mysql_username mysql_password
       database_name
"""
import kit

HAS_OREGON = "SELECT COUNT(*) FROM states WHERE name = 'Oregon'"


def seen(db):
    """Whether ``db`` sees Oregon, in a transaction of its own."""
    (count,), = kit.rows(db, HAS_OREGON)
    db.commit()
    return "Oregon" if count else "no Oregon"


def wait_gtid(replica, gtid, seconds):
    """Wait until the replica has applied ``gtid``; 0 if so, -1 if not."""
    (result,), = kit.rows(replica, "SELECT MASTER_GTID_WAIT(%s, %s)",
                          (gtid, seconds))
    return result


def main(user, password, database):
    kit.load(user, password, database)
    with kit.closing(kit.connect("primary", user, password, database)) as \
            primary, kit.closing(kit.connect("replica", user, password,
                                             database)) as replica:
        kit.rows(replica, "STOP SLAVE SQL_THREAD")
        print("replica: STOP SLAVE SQL_THREAD (it receives, it does not"
              " apply)")
        try:
            kit.rows(primary, "INSERT INTO states (name) VALUES (%s)",
                     ("Oregon",))
            primary.commit()
            # The GTID of the transaction this connection just committed.
            (gtid,), = kit.rows(primary, "SELECT @@last_gtid")
            print("primary: INSERT Oregon, COMMIT")
            print("read from the replica:", seen(replica))
            print("fix 1, read from the primary:", seen(primary))
            print("fix 2, wait on the replica for the primary's GTID:")
            print("  MASTER_GTID_WAIT(gtid, 1) =",
                  wait_gtid(replica, gtid, 1))
        finally:
            kit.rows(replica, "START SLAVE SQL_THREAD")
        print("replica: START SLAVE SQL_THREAD")
        print("  MASTER_GTID_WAIT(gtid, 10) =",
              wait_gtid(replica, gtid, 10))
        print("read from the replica:", seen(replica))


if __name__ == "__main__":
    kit.run(main)
