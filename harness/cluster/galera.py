"""The Galera cluster: three nodes, each a primary, on loopback.

The first start makes node1's data folder and starts a new cluster
there; node2 and node3 start from copies of node1's folder, made while
it was stopped, so they join it with nothing to transfer.  A node that
was killed finds in its own InnoDB the last transaction it committed,
and the cluster sends it those it missed (IST).
"""
import os
import re
import shutil
import signal
import subprocess
import time

from harness.cluster import GCOMM, NODES, WAIT, ended, folder, pid_of
from harness.cluster import mariadb

PROVIDER = "/usr/lib/galera/libgalera_smm.so"
CLUSTER = "gcomm://" + ",".join(
    "127.0.0.1:{}".format(GCOMM[n]) for n in NODES)
# A lost node is suspected after 2 s and gone after 3 s, not Galera's 5 s
# and 15 s, so that the steps wait less.
TIMEOUTS = ("evs.keepalive_period=PT0.3S;evs.suspect_timeout=PT2S;"
            "evs.inactive_check_period=PT0.5S;evs.inactive_timeout=PT3S;"
            "evs.install_timeout=PT3S")


def options(name):
    """A node's mariadbd: the cluster's settings on top of a server's."""
    offset = NODES.index(name) + 1
    return mariadb.options(name) + [
        "--wsrep-on=ON", "--wsrep-provider=" + PROVIDER,
        # MariaDB 11's provider plugin would refuse step 6's SET GLOBAL
        # wsrep_provider_options (loose-: 10.x has no such option).
        "--loose-plugin-wsrep-provider=OFF",
        "--wsrep-cluster-name=hbtn", "--wsrep-node-name=" + name,
        "--wsrep-cluster-address=" + CLUSTER,
        "--wsrep-node-address=127.0.0.1:{}".format(GCOMM[name]),
        # Galera listens on every address unless told: loopback only.
        "--wsrep-provider-options=base_port={0};gmcast.listen_addr="
        "tcp://127.0.0.1:{0};ist.recv_addr=127.0.0.1:{1};gcache.size=32M;"
        "{2}".format(GCOMM[name], GCOMM[name] + 10, TIMEOUTS),
        # No whole copy (SST): the nodes start from one folder, and a
        # node that comes back gets what it missed by IST
        # (wsrep_sst_local).  A real cluster names mariabackup or rsync.
        "--wsrep-sst-method=local",
        # node1 gives: the node that holds every write since the copy
        # (on MariaDB 11.8, a joiner given node2 got "Broken pipe").
        "--wsrep-sst-donor=node1,",
        "--binlog-format=ROW", "--innodb-autoinc-lock-mode=2",
        # A read first waits until the node has applied every write the
        # cluster committed before it (causal reads).
        "--wsrep-sync-wait=1",
        # Galera would set these from the cluster's size and the node's
        # place in it; fixed here, the ids are the same on every run:
        # node1 1, 4, 7; node2 2, 5, 8; node3 3, 6, 9.
        "--wsrep-auto-increment-control=OFF",
        "--auto-increment-increment=3",
        "--auto-increment-offset={}".format(offset)]


def synced(name, password="root"):
    """The node answers and is Synced with the cluster.

    A node takes logins before it is Synced, and refuses statements till
    then (1047, "WSREP has not yet prepared node for application use").
    """
    try:
        rows = mariadb.sql(name, "SHOW STATUS LIKE"
                                 " 'wsrep_local_state_comment'",
                           password=password)
    except mariadb.MySQLdb.Error:
        return False
    return rows == (("wsrep_local_state_comment", "Synced"),)


def synced_before_password(name):
    """Synced, asked as root before root has a password."""
    return synced(name, password="")


def recovered_position(name):
    """After a crash, the node's last commit, read from InnoDB itself.

    grastate.dat says seqno -1 when the node did not stop cleanly (and
    no uuid either, after a failed join); what it had committed is in
    InnoDB, and --wsrep-recover reads it, as Debian's galera_recovery
    does before systemd starts the server.  grastate.dat gets it too, so
    that the node asks the cluster for the rest only (IST).
    """
    state = folder(name) / "data" / "grastate.dat"
    if not re.search(r"^seqno:\s+-1\s*$", state.read_text(), re.M):
        return []
    log = folder(name) / "recover.log"
    subprocess.run(
        options(name) + ["--wsrep-recover", "--log-error={}".format(log)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=WAIT)
    found = re.findall(r"Recovered position: (\S+):(-?\d+)",
                       log.read_text())
    if not found:
        return []
    uuid, seqno = found[-1]
    state.write_text(re.sub(r"(?m)^seqno:.*$", "seqno:   " + seqno, re.sub(
        r"(?m)^uuid:.*$", "uuid:    " + uuid, state.read_text())))
    return ["--wsrep-start-position={}:{}".format(uuid, seqno)]


def bootstrap(name):
    """Start a new cluster on ``name``, from the data it has."""
    state = folder(name) / "data" / "grastate.dat"
    state.write_text(re.sub(r"safe_to_bootstrap: 0", "safe_to_bootstrap: 1",
                            state.read_text()))
    mariadb.launch(name, options(name) + ["--wsrep-new-cluster"]
                   + recovered_position(name), synced)


def first_start():
    """node1's folder, made and stopped once, copied for node2, node3."""
    mariadb.install("node1")
    mariadb.launch("node1", options("node1") + ["--wsrep-new-cluster"],
                   synced_before_password)
    mariadb.set_root_password("node1")
    stop("node1")
    for name in NODES[1:]:
        shutil.rmtree(folder(name), ignore_errors=True)
        shutil.copytree(folder("node1") / "data", folder(name) / "data",
                        ignore=shutil.ignore_patterns("galera.cache"))


def stop(name):
    """Stop ``name`` cleanly and wait until it has."""
    number = pid_of(name)
    if not number:
        return
    os.kill(number, signal.SIGTERM)
    deadline = time.monotonic() + WAIT
    while not ended(number) and time.monotonic() < deadline:
        time.sleep(0.1)


def start_node(name):
    """Start ``name``: a new cluster if no node runs, else it joins."""
    if not all((folder(n) / "data" / "mysql").exists() for n in NODES):
        # None made yet, or a first start cut short: all of them, anew.
        for node in NODES:
            stop(node)
        first_start()
    if not any(pid_of(n) for n in NODES):
        return bootstrap(name)
    mariadb.launch(name, options(name) + recovered_position(name), synced)
