"""Part 12's servers: a primary, its replica, three Galera nodes, and a
standby of the project's PostgreSQL, each on 127.0.0.1.

Each has its own port and its own folder under .local/scaling/, and
reads no option file (--no-defaults: nothing in /etc is read or
changed).  Its named parts: where everything is (here), one MariaDB
server (mariadb), the replica pair (replication), the cluster (galera,
and its state transfer script wsrep_sst_local), the PostgreSQL standby
(standby), starting and stopping them all (control), and the command
line (__main__):

    python3 -m harness.cluster start [NAME ...]
    python3 -m harness.cluster stop
"""
import os
from pathlib import Path

import hints

ROOT = Path(__file__).resolve().parent.parent.parent
HOME = ROOT / ".local" / "scaling"
PORTS = {"primary": 3311, "replica": 3312,
         "node1": 3321, "node2": 3322, "node3": 3323}
NODES = ["node1", "node2", "node3"]
# Galera's own ports, node to node (IST 10 above).
GCOMM = {"node1": 4571, "node2": 4572, "node3": 4573}
STANDBY = 5433
ALL = list(PORTS) + ["standby"]
# Every wait is bounded, by this many seconds.
WAIT = 60


def pg_primary():
    """The port of the project's PostgreSQL, which the standby copies:
    PGPORT, read where the parts read it (a wrong value: ValueError)."""
    return hints.port("PGPORT", 5432)


class ServerError(Exception):
    """A server that would not start, or is not running, in one line."""


def folder(name):
    """The folder of the server ``name``: its data, log, pid, socket."""
    return HOME / name


def pid_of(name):
    """The process id of the server ``name``, if it runs.

    A pid file left by a killed server may name a process that is not
    ours any more: only a server whose command line names this server's
    folder is.
    """
    data = folder(name) / "data"
    try:
        if name == "standby":
            number = int((data / "postmaster.pid").read_text().split()[0])
        else:
            number = int((folder(name) / "mariadbd.pid").read_text())
        argv = Path("/proc/{}/cmdline".format(number)).read_bytes()
    except (OSError, ValueError, IndexError):
        return None
    mine = str(data).encode()
    return number if any(mine in arg for arg in argv.split(b"\0")) else None


def ended(number):
    """Whether process ``number`` has ended (a zombie has: it is reaped).

    A server removes its pid file before it has closed its port, so a
    stop waits for the process itself.
    """
    try:
        state = Path("/proc/{}/stat".format(number)).read_text()
    except OSError:
        return True
    if state.rsplit(")", 1)[1].split()[0] != "Z":
        return False
    try:
        os.waitpid(number, os.WNOHANG)
    except ChildProcessError:
        pass
    return True


def pid(name):
    """The process id of ``name``, which must be running."""
    found = pid_of(name)
    if found is None:
        raise ServerError("{} is not running (start Part 12's servers:"
                          " python3 -m harness.cluster start)".format(name))
    return found
