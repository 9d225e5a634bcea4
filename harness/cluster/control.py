"""Start and stop Part 12's servers: quick when they already run."""
import os
import signal
import time
from concurrent.futures import ThreadPoolExecutor

from harness.cluster import ALL, NODES, WAIT, ended, pid_of
from harness.cluster import galera, replication, standby

STARTS = {"primary": replication.start_primary,
          "replica": replication.start_replica,
          "standby": standby.start_standby}


def start(names):
    """Start each of ``names`` that does not run yet.

    The replica pair, the cluster and the standby are made side by side
    (most of a start is waiting); within each, in order.
    """
    chains = [[n for n in names if n in chain] for chain in (
        ["primary", "replica"], NODES, ["standby"])]
    with ThreadPoolExecutor(len(chains)) as pool:
        for done in [pool.submit(start_chain, c) for c in chains if c]:
            done.result()


def start_chain(names):
    """Start each of ``names`` that does not run yet, in order."""
    for name in names:
        if pid_of(name):
            continue
        if name in NODES:
            galera.start_node(name)
        else:
            STARTS[name]()


def stop():
    """Stop every server of the part; their data stays.

    node1 stops last, so that it is the one safe to start the cluster
    again from.
    """
    if pid_of("standby"):
        standby.stop_standby()
    first = [pid_of(n) for n in ALL if n not in ("node1", "standby")]
    first = [number for number in first if number]
    for number in first:
        os.kill(number, signal.SIGTERM)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and not all(map(ended, first)):
        time.sleep(0.1)
    galera.stop("node1")
    for name in ALL:
        if pid_of(name):
            os.kill(pid_of(name), signal.SIGKILL)
