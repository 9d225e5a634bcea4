"""Part 12, scaling out: the claims behind the page, read on its servers.

The page runs once, as bin/tour 12 runs it (conftest.toured(), shared
with tests/test_docs.py, which compares its output byte for byte), on
the part's one set of servers: these tests share an xdist group with
that tour, so they run after it, in the same process, and nothing else
kills a node under them.  They read what the tour left (replication
state, the rows on every node, each node's log of its restarts, the
standby), and run again only the steps whose claims live on the
servers and were overwritten since: step 2 (the general query logs,
where each statement went) and step 4 (Galera's conflict counter, which
the restarts of step 6 reset).  The last test stops the servers as
bin/stop does and finds none of them left.
"""
import os
import re
import subprocess
import time

import MySQLdb
import pytest

from conftest import (ROOT, SHARED_TOURS, rendering, run_part, toured,
                      venv)
from harness import cluster
from harness.transcript import commands

pytestmark = pytest.mark.xdist_group(SHARED_TOURS[12])
PAGE = ROOT / "parts" / "12-scaling" / "README.md"
SHOWN = {cmd.text: cmd.output for cmd in commands(PAGE)}
TOURED = "hbtn_12_scale"
DB = "hbtn_t{}_12".format(os.getpid())
ROWS = "SELECT id, name FROM states ORDER BY id"
# The cluster's hbtn_0e_6_usa after the page: the task's writes (ids in
# steps of 3, each node from its own offset), step 4's two marks, step
# 5's Oregon (node1) and Utah (node2), step 6's Idaho (node1).
CLUSTER_ROWS = [(1, "California (node1) (node2)"), (4, "Arizona"),
                (7, "Texas"), (10, "New York"), (13, "Nevada"),
                (15, "Louisiana"), (16, "Oregon"), (17, "Utah"),
                (19, "Idaho")]


@pytest.fixture(scope="module", autouse=True)
def tour():
    """The page, run once by bin/tour 12, exactly as it shows."""
    proc, _ = toured(12)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout == rendering([12])


def ask(name, sql, params=None, database=None):
    """All rows of ``sql`` on the server ``name``, as root."""
    db = MySQLdb.connect(host="127.0.0.1", port=cluster.PORTS[name],
                         user="root", password="root", charset="utf8mb4",
                         database=database or "")
    db.autocommit(True)
    try:
        cursor = db.cursor()
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        db.close()


def step(name, database=DB):
    """Run a step of the part as the page does."""
    return run_part("parts/12-scaling/" + name, "root", "root", database,
                    timeout=120)


def test_the_servers_listen_on_loopback_only_and_start_quickly_when_up():
    """A second start finds them all up at once; each listens on
    127.0.0.1, on its port, with its data under .local/scaling."""
    started = time.monotonic()
    proc = subprocess.run(
        [str(venv() / "bin" / "python3"), "-m", "harness.cluster", "start"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True, timeout=60)
    assert time.monotonic() - started < 5
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == SHOWN["python3 -m harness.cluster start"]
    for name, port in cluster.PORTS.items():
        assert ask(name, "SELECT @@bind_address, @@port, @@datadir") == [
            ("127.0.0.1", port, "{}/{}/data/".format(cluster.HOME, name))]
    assert pg_rows(cluster.STANDBY, "SHOW listen_addresses", "postgres") \
        == ["127.0.0.1"]
    # Every socket the servers listen on, Galera's own among them.
    pids = {cluster.pid(name) for name in cluster.ALL}
    listening = subprocess.run(["ss", "-ltnpH"], stdout=subprocess.PIPE,
                               universal_newlines=True, check=True).stdout
    theirs = [line.split()[3] for line in listening.splitlines()
              if pids & {int(p) for p in re.findall(r"pid=(\d+)", line)}]
    assert {a.rsplit(":", 1)[0] for a in theirs} == {"127.0.0.1"}
    assert {int(a.rsplit(":", 1)[1]) for a in theirs} == set(
        cluster.PORTS.values()) | set(cluster.GCOMM.values()) | {
            cluster.STANDBY}


def test_the_replica_follows_the_primary_by_gtid():
    """After the page: replication runs again (step 1 stopped its SQL
    thread), by GTID, and the replica has the primary's rows."""
    db = MySQLdb.connect(host="127.0.0.1", port=cluster.PORTS["replica"],
                         user="root", password="root")
    cursor = db.cursor(MySQLdb.cursors.DictCursor)
    cursor.execute("SHOW SLAVE STATUS")
    status = cursor.fetchone()
    db.close()
    assert (status["Slave_IO_Running"], status["Slave_SQL_Running"],
            status["Using_Gtid"], status["Master_Port"]) == (
        "Yes", "Yes", "Slave_Pos", cluster.PORTS["primary"])
    assert ask("replica", "SELECT @@read_only") == [(1,)]
    assert ask("replica", ROWS, database=TOURED) == ask(
        "primary", ROWS, database=TOURED) != []


def test_read_only_stops_every_login_but_root():
    """An application's login is refused on the replica (1290); root,
    which holds READ ONLY ADMIN, is not, as the page warns."""
    ask("primary", "CREATE USER IF NOT EXISTS app@'127.0.0.1'"
        " IDENTIFIED BY 'app'")
    ask("primary", "GRANT ALL ON {}.* TO app@'127.0.0.1'".format(TOURED))
    deadline = time.monotonic() + 10
    while not ask("replica", "SELECT 1 FROM mysql.user WHERE User = 'app'"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    app = MySQLdb.connect(host="127.0.0.1", port=cluster.PORTS["replica"],
                          user="app", password="app", database=TOURED)
    with pytest.raises(MySQLdb.OperationalError) as refused:
        app.cursor().execute("INSERT INTO states (name) VALUES ('Utah')")
    app.close()
    assert refused.value.args[0] == 1290
    ask("replica", "CREATE DATABASE {}_root".format(DB))
    ask("replica", "DROP DATABASE {}_root".format(DB))


def statements(name, database, since):
    """What server ``name`` received, from ``since`` on, on connections
    to ``database``, from its general query log."""
    log = ask(name, "SELECT thread_id, command_type, argument FROM"
              " mysql.general_log WHERE event_time >= %s", (since,))
    text = [(t, c, a.decode() if isinstance(a, bytes) else a)
            for t, c, a in log]
    threads = {t for t, c, a in text
               if c == "Connect" and " on {} ".format(database) in a}
    return [a for t, c, a in text if c == "Query" and t in threads]


def test_the_router_sends_reads_to_the_replica_and_writes_to_the_primary():
    """Step 2 again, in a database of the test's own: each statement is
    in the general log of the server the step says, and only there."""
    since = {name: ask(name, "SELECT NOW(6)")[0][0]
             for name in ("primary", "replica")}
    proc = step("2-routing.py")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == SHOWN[
        "./parts/12-scaling/2-routing.py root root " + TOURED]
    primary = statements("primary", DB, since["primary"])
    replica = statements("replica", DB, since["replica"])
    writes = re.compile(r"^\s*(INSERT|UPDATE|DELETE)", re.I)
    assert [a.split()[0] for a in primary if writes.match(a)] == [
        "INSERT", "UPDATE", "DELETE"]
    assert "'Louisiana'" in [a for a in primary if a.startswith("INSERT")][0]
    assert [a for a in replica if writes.match(a)] == []
    assert len([a for a in replica if a.startswith("SELECT states.id")]) >= 6
    assert [a for a in primary if a.startswith("SELECT states.id")] == []
    assert len([a for a in replica if "MASTER_GTID_WAIT" in a]) >= 3
    expected = [("California",), ("New Mexico",), ("Texas",),
                ("New York",), ("Nevada",)]
    names = "SELECT name FROM states ORDER BY id"
    assert ask("primary", names, database=DB) == expected
    assert ask("replica", names, database=DB) == expected
    ask("primary", "DROP DATABASE " + DB)


def test_every_node_has_every_row_with_ids_in_steps_of_three():
    """The task's writes and the steps' on three nodes: the same rows on
    each, every id from its node's own series (1, 4, 7...; 2, 5, 8...)."""
    for node in cluster.NODES:
        assert ask(node, ROWS, database="hbtn_0e_6_usa") == CLUSTER_ROWS


def conflicts():
    """The conflicts node2 lost so far, by Galera's own count."""
    return sum(int(v) for _, v in ask(
        "node2", "SHOW STATUS WHERE Variable_name IN"
        " ('wsrep_local_bf_aborts', 'wsrep_local_cert_failures')"))


def test_a_certification_conflict_is_counted_and_retried():
    """Step 4 again: Galera counts one conflict lost on node2, and the
    retried transaction's change is on every node."""
    before = conflicts()
    proc = step("4-conflict.py", "hbtn_0e_6_usa")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == SHOWN[
        "./parts/12-scaling/4-conflict.py root root hbtn_0e_6_usa"]
    # The page's output (one retry) says node2 lost one conflict; its two
    # counters together once counted it twice (a full run, 2026-12-04).
    assert conflicts() - before in (1, 2)
    for node in cluster.NODES:
        assert ask(node, "SELECT name FROM states WHERE id = 1",
                   database="hbtn_0e_6_usa") == [
            ("California (node1) (node2)",)]


def starts(name):
    """The node's error log, cut at each start of the server."""
    log = (cluster.folder(name) / "error.log").read_text()
    return [run for run in re.split(
        r"^(?=\S+\s+\S+ 0 \[Note\] Starting MariaDB)", log, flags=re.M)
        if run]


def test_killed_nodes_came_back_by_ist_with_nothing_lost():
    """node3 (step 5), then node2 and node3 (step 6) were killed, not
    stopped (no shutdown in their logs), and each came back by IST;
    all three are one cluster of 3 again, with the same rows."""
    for name, kills in (("node3", 2), ("node2", 1)):
        runs = starts(name)
        assert len(runs) >= kills + 1
        for killed, back in zip(runs[-kills - 1:-1], runs[-kills:]):
            assert "Shutdown complete" not in killed
            assert "Recovered position" in back
            assert "Receiving IST" in back
    for node in cluster.NODES:
        assert ask(node, "SHOW STATUS LIKE 'wsrep_cluster_size'") == [
            ("wsrep_cluster_size", "3")]
        assert cluster.pid(node)


def test_without_quorum_the_refused_write_is_nowhere():
    """Idaho, refused without quorum and written after the bootstrap,
    is on every node once."""
    for node in cluster.NODES:
        assert ask(node, "SELECT COUNT(*) FROM states WHERE name = 'Idaho'",
                   database="hbtn_0e_6_usa") == [(1,)]


def pg_rows(port, sql, database=TOURED):
    """Rows of ``sql`` on the PostgreSQL server on ``port``, as text."""
    proc = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(port),
         "-U", "root", "-d", database, "-c", sql], timeout=60,
        env=dict(os.environ, PGPASSWORD="root"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, universal_newlines=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split("\n")[:-1]


def test_the_standby_follows_and_refused_the_write():
    """The standby is in recovery, has the primary's rows, and Utah,
    which it refused, is on neither server."""
    assert pg_rows(cluster.STANDBY, "SELECT pg_is_in_recovery()") == ["t"]
    assert pg_rows(cluster.pg_primary(), "SELECT pg_is_in_recovery()") == ["f"]
    names = "SELECT name FROM states ORDER BY id"
    assert pg_rows(cluster.pg_primary(), names) == pg_rows(
        cluster.STANDBY, names) == ["California", "Arizona", "Texas",
                                    "New York", "Nevada", "Oregon"]


def test_bad_input_is_one_line():
    """Wrong arguments, a wrong password, a database that is not the
    part's: one line on stderr, exit 1, nothing changed."""
    proc = run_part("parts/12-scaling/3-every_node.py", "root")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Usage: ") and proc.stderr.count("\n") == 1
    proc = run_part("parts/12-scaling/0-replica.py", "root", "wrong", DB)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error: Access denied")
    assert proc.stderr.count("\n") == 1 and "wrong" not in proc.stderr
    ask("primary", "CREATE DATABASE IF NOT EXISTS {}x".format(DB))
    ask("primary", "CREATE TABLE IF NOT EXISTS {}x.keep (id INT)".format(DB))
    proc = step("0-replica.py", DB + "x")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ("Error: {}x holds tables that are not Part 12's,"
                           " so it was left as it was\n".format(DB))
    assert ask("primary", "SHOW TABLES FROM {}x".format(DB)) == [("keep",)]
    ask("primary", "DROP DATABASE {}x".format(DB))


def processes_under(folder):
    """The process ids whose command line names ``folder``."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            argv = open("/proc/{}/cmdline".format(entry), "rb").read()
        except OSError:
            continue
        if entry.isdigit() and str(folder).encode() in argv:
            found.append(int(entry))
    return found


def test_bin_stop_leaves_none_of_the_parts_servers_running():
    """Last: stop_cluster, which bin/stop (and bin/test's end) runs,
    leaves no process of the part; the data stays for the next start.

    bin/stop itself would stop the project's MariaDB and PostgreSQL too,
    under the other tests' feet: its line is checked, and run alone.
    """
    assert "\nstop_cluster\nstop_local\nstop_postgres\n" in (
        ROOT / "bin" / "stop").read_text()
    assert len(processes_under(cluster.HOME)) >= 6
    proc = subprocess.run(["bash", "-c", ". bin/lib.sh; stop_cluster"],
                          cwd=ROOT, timeout=120, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, universal_newlines=True)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert processes_under(cluster.HOME) == []
    assert [n for n in cluster.ALL if cluster.pid_of(n)] == []
    assert (cluster.folder("node1") / "data" / "grastate.dat").exists()
