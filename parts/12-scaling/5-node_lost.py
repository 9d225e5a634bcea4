#!/usr/bin/env python3
"""Step 5: a node killed, writes going on, the node back with them all.

SIGKILL ends node3 at once, as a power cut would: no clean shutdown.
The two others notice it is gone within seconds (they stop hearing
from it) and go on as a cluster of 2, a majority of the 3, so writes go
on.  When node3 starts again it reads from its own InnoDB the last
transaction it committed (mariadbd --wsrep-recover), and asks the
cluster for the ones it missed: those are still in another node's
cache (gcache), and come by IST, incremental state transfer.  Had the
cache lost them, it would need a whole copy (SST), which a real cluster
makes with mariabackup or rsync (and this machine's refuses).

Usage: ./parts/12-scaling/5-node_lost.py mysql_username mysql_password
       database_name
"""
import os
import signal

import kit
from harness import cluster
from harness.cluster import control


def insert(node, user, password, database, name):
    with kit.closing(kit.connect(node, user, password, database)) as db:
        kit.rows(db, "INSERT INTO states (name) VALUES (%s)", (name,))
        db.commit()
    print("{}: INSERT {}, COMMIT".format(node, name))


def count(node, user, password, database):
    with kit.closing(kit.connect(node, user, password, database)) as db:
        (states,), = kit.rows(db, "SELECT COUNT(*) FROM states")
    return states


def main(user, password, database):
    # Without Oregon and Utah first, so that the step can run again.
    with kit.closing(kit.connect("node1", user, password, database)) as db:
        kit.rows(db, "DELETE FROM states WHERE name IN ('Oregon', 'Utah')")
        db.commit()
    os.kill(cluster.pid("node3"), signal.SIGKILL)
    print("node3: killed (SIGKILL)")
    print("node1:", kit.wait_for("node1", user, password,
                                 "cluster of 2, Primary"))
    insert("node1", user, password, database, "Oregon")
    insert("node2", user, password, database, "Utah")
    control.start(["node3"])
    print("node3: started again,", kit.cluster("node3", user, password))
    log = (cluster.folder("node3") / "error.log").read_text()
    transfer = log[log.rindex("Starting MariaDB"):]
    print("node3: caught up by", "IST" if "Receiving IST" in transfer
          else "another way")
    for node in kit.NODES:
        print("{}: {} states".format(
            node, count(node, user, password, database)))


if __name__ == "__main__":
    kit.run(main)
