#!/usr/bin/env python3
"""Step 3: a Galera cluster: every node has every row, at commit.

Three servers, each a primary: a client may write on any of them.  At
COMMIT, the node sends the transaction's changes (its write set) to the
others, and all of them certify it in the same order; only then does
COMMIT return.  So once a write returned on one node, the next read on
any node sees it: no lag as in step 1, and no waiting here.  The task's
own scripts did the writes, each told a node by MYSQL_HOST and
MYSQL_TCP_PORT; this step reads the states on every node, and the
cluster's own view of itself.

Usage: ./parts/12-scaling/3-every_node.py mysql_username mysql_password
       database_name
"""
import kit


def main(user, password, database):
    for node in kit.NODES:
        with kit.closing(kit.connect(node, user, password, database)) as db:
            states = kit.rows(db, "SELECT id, name FROM states ORDER BY id")
            status = dict(kit.rows(db, "SHOW STATUS WHERE Variable_name IN"
                                   " ('wsrep_cluster_size',"
                                   " 'wsrep_cluster_status')"))
        print("{}: {}".format(node, ", ".join(
            "{} {}".format(*state) for state in states)))
        print("  cluster of {wsrep_cluster_size}, {wsrep_cluster_status}"
              .format(**status))


if __name__ == "__main__":
    kit.run(main)
