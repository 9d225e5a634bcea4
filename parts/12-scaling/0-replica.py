#!/usr/bin/env python3
"""Step 0: a replica: a write on the primary, read on another server.

The primary writes every committed transaction to its binary log, each
with a GTID (global transaction id: domain-server-sequence).  The
replica, a second server, asks the primary for the log from the last
GTID it applied, and applies each transaction in turn.  Nothing in the
client changes: the same INSERT, the same COMMIT; the copy happens
after the commit, between the servers.  It is asynchronous: the
primary does not wait for the replica, so this step waits for the row
on the replica, at most 10 s.

Usage: ./parts/12-scaling/0-replica.py mysql_username mysql_password
       database_name
"""
import time

import kit

STATES = "SELECT name FROM states ORDER BY id"


def wait_for(db, sql, expected, seconds=10):
    """Ask ``sql`` again until it returns ``expected``, or time is up."""
    deadline = time.monotonic() + seconds
    while True:
        found = kit.rows(db, sql)
        db.commit()
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def main(user, password, database):
    kit.load(user, password, database)
    with kit.closing(kit.connect("primary", user, password, database)) as \
            primary, kit.closing(kit.connect("replica", user, password,
                                             database)) as replica:
        kit.rows(primary, "INSERT INTO states (name) VALUES (%s)",
                 ("Oregon",))
        primary.commit()
        print("primary: INSERT Oregon, COMMIT")
        on_primary = kit.rows(primary, STATES)
        on_replica = wait_for(replica, STATES, on_primary)
        print("primary has:", kit.names(on_primary))
        print("replica has:", kit.names(on_replica))
        # The replica notes the GTID it applied just after the rows
        # show: that too is waited for.
        last = kit.rows(primary, "SELECT @@gtid_binlog_pos")
        applied = wait_for(replica, "SELECT @@gtid_slave_pos", last)
        print("replica applied up to the primary's last GTID:",
              "yes" if applied == last else "no")


if __name__ == "__main__":
    kit.run(main)
