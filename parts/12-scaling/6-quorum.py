#!/usr/bin/env python3
"""Step 6: quorum: a node alone refuses writes, until told it is all.

Two nodes killed at once leave node1 alone: 1 of 3 is no majority.
node1 cannot tell a dead node from a cut cable: the two others might
be alive, a majority on their own, taking writes.  So it takes none: it
stays up, not Primary, and refuses every query with error 1047, rather
than let two halves of a cluster write different things (split
brain).  Only an operator who knows the others are down may say that
node1 is now the cluster: pc.bootstrap=YES.  Then node2 and node3
start again, and join it, catching up by IST.

Usage: ./parts/12-scaling/6-quorum.py mysql_username mysql_password
       database_name
"""
import os
import signal

import MySQLdb

import kit
from harness import cluster
from harness.cluster import control


def forget_idaho(user, password, database):
    """Start without Idaho, so that the step can run again."""
    with kit.closing(kit.connect("node1", user, password, database)) as db:
        kit.rows(db, "DELETE FROM states WHERE name = 'Idaho'")
        db.commit()


def try_write(db, name):
    try:
        kit.rows(db, "INSERT INTO states (name) VALUES (%s)", (name,))
        db.commit()
        print("node1: INSERT {}, COMMIT".format(name))
    except MySQLdb.OperationalError as error:
        print("node1: INSERT {}: {}".format(name, kit.refused(error)))


def main(user, password, database):
    forget_idaho(user, password, database)
    for node in ("node2", "node3"):
        os.kill(cluster.pid(node), signal.SIGKILL)
    print("node2, node3: killed (SIGKILL)")
    print("node1:", kit.wait_for("node1", user, password,
                                 "cluster of 1, non-Primary"))
    with kit.closing(kit.connect("node1", user, password, database)) as db:
        try_write(db, "Idaho")
        kit.rows(db, "SET GLOBAL wsrep_provider_options ="
                     " 'pc.bootstrap=YES'")
        print("node1: SET GLOBAL wsrep_provider_options ="
              " 'pc.bootstrap=YES'")
        print("node1:", kit.wait_for("node1", user, password,
                                     "cluster of 1, Primary"))
        try_write(db, "Idaho")
    control.start(["node2", "node3"])
    for node in kit.NODES:
        with kit.closing(kit.connect(node, user, password, database)) as db:
            (idaho,), = kit.rows(db, "SELECT COUNT(*) FROM states"
                                     " WHERE name = 'Idaho'")
        print("{}: Idaho {} time; {}".format(
            node, idaho, kit.cluster(node, user, password)))


if __name__ == "__main__":
    kit.run(main)
