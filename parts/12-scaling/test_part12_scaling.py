"""Part 12, scaling out: each step's exact output and the claims behind it.

The tests start a set of five servers of their own (HBTN_SCALING_PORT:
3411 and up, folders .local/scaling-3411), so that they never kill a
node under the tour's feet, and stop it at the end.  Each step runs as
the page runs it, its stdout compared with the page's transcript, and
what it claims is read from the servers: replication state, the general
query logs, Galera's counters, process ids, the rows on every node.
"""
import os
import re
import subprocess
import time

import MySQLdb
import pytest

from conftest import ROOT, run, run_part, venv
from lesson.transcript import commands

PART = ROOT / "parts" / "12-scaling"
PAGE = PART / "README.md"
FIRST = 3411
ENV = {"HBTN_SCALING_PORT": str(FIRST)}
HOME = ROOT / ".local" / "scaling-{}".format(FIRST)
PORTS = {"primary": FIRST, "replica": FIRST + 1, "node1": FIRST + 10,
         "node2": FIRST + 11, "node3": FIRST + 12}
NODES = ["node1", "node2", "node3"]
STANDBY = FIRST + 2122
SHOWN = {cmd.text: cmd for cmd in commands(PAGE)}
DB = "hbtn_t{}_12".format(os.getpid())
TASK_DB = "hbtn_t{}_12c".format(os.getpid())


def shown(text):
    """The output the page shows for the command ``text``."""
    return SHOWN[text].output


def connect(name, database=None):
    db = MySQLdb.connect(host="127.0.0.1", port=PORTS[name], user="root",
                         password="root", charset="utf8mb4",
                         database=database or "")
    db.autocommit(True)
    return db


def ask(name, sql, params=None, database=None):
    db = connect(name, database)
    try:
        cursor = db.cursor()
        cursor.execute(sql, params)
        return list(cursor.fetchall())
    finally:
        db.close()


def pid(name):
    return int((HOME / name / "mariadbd.pid").read_text())


def alive(number):
    try:
        os.kill(number, 0)
        return True
    except OSError:
        return False


def servers(*args):
    return run_part("parts/12-scaling/servers.py", *args, env=ENV,
                    timeout=300)


def step(name, database=DB):
    return run_part("parts/12-scaling/" + name, "root", "root", database,
                    env=ENV, timeout=120)


@pytest.fixture(scope="module", autouse=True)
def five_servers():
    """The test's own five servers: the replica pair and the cluster
    start side by side, each chain in its own process."""
    bin_dir = str(venv() / "bin")
    env = dict(os.environ, PATH=bin_dir + os.pathsep + os.environ["PATH"],
               **ENV)
    chains = [subprocess.Popen(
        ["./parts/12-scaling/servers.py", "start"] + names, cwd=ROOT,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for names in (["primary", "replica"], NODES, ["standby"])]
    for chain in chains:
        out, err = chain.communicate(timeout=300)
        assert chain.returncode == 0, err.decode()
    yield
    servers("stop")


def test_start_is_quick_when_up_and_listens_on_loopback_only():
    started = time.monotonic()
    proc = servers("start")
    assert time.monotonic() - started < 5
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown("./parts/12-scaling/servers.py start") \
        .replace(":33", ":34").replace(":5433", ":5533")
    for name in PORTS:
        assert ask(name, "SELECT @@bind_address, @@port, @@datadir") == [
            ("127.0.0.1", PORTS[name], "{}/{}/data/".format(HOME, name))]


def test_the_replica_has_the_primarys_rows():
    proc = step("0-replica.py")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/0-replica.py root root hbtn_12_scale")
    db = connect("replica")
    cursor = db.cursor(MySQLdb.cursors.DictCursor)
    cursor.execute("SHOW SLAVE STATUS")
    status = cursor.fetchone()
    db.close()
    assert (status["Slave_IO_Running"], status["Slave_SQL_Running"],
            status["Using_Gtid"], status["Master_Port"]) == (
        "Yes", "Yes", "Slave_Pos", FIRST)
    assert ask("replica", "SELECT @@read_only") == [(1,)]
    rows = "SELECT id, name FROM states ORDER BY id"
    assert ask("replica", rows, database=DB) == \
        ask("primary", rows, database=DB)


def test_read_only_stops_every_login_but_root():
    """An application's login is refused on the replica (1290); root,
    which holds READ ONLY ADMIN, is not, as the page warns."""
    ask("primary", "CREATE USER IF NOT EXISTS app@'127.0.0.1'"
        " IDENTIFIED BY 'app'")
    ask("primary", "GRANT ALL ON {}.* TO app@'127.0.0.1'".format(DB))
    deadline = time.monotonic() + 10
    while not ask("replica", "SELECT 1 FROM mysql.user WHERE User = 'app'"):
        assert time.monotonic() < deadline
        time.sleep(0.1)
    app = MySQLdb.connect(host="127.0.0.1", port=PORTS["replica"],
                          user="app", password="app", database=DB)
    with pytest.raises(MySQLdb.OperationalError) as refused:
        app.cursor().execute("INSERT INTO states (name) VALUES ('Utah')")
    app.close()
    assert refused.value.args[0] == 1290
    ask("replica", "CREATE DATABASE {}_root".format(DB))
    ask("replica", "DROP DATABASE {}_root".format(DB))


def test_lag_is_seen_then_resolved():
    proc = step("1-lag.py")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/1-lag.py root root hbtn_12_scale")
    db = connect("replica")
    cursor = db.cursor(MySQLdb.cursors.DictCursor)
    cursor.execute("SHOW SLAVE STATUS")
    assert cursor.fetchone()["Slave_SQL_Running"] == "Yes"
    db.close()
    oregon = "SELECT COUNT(*) FROM states WHERE name = 'Oregon'"
    assert ask("primary", oregon, database=DB) == [(1,)]
    assert ask("replica", oregon, database=DB) == [(1,)]


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
    since = {name: ask(name, "SELECT NOW(6)")[0][0]
             for name in ("primary", "replica")}
    proc = step("2-routing.py")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/2-routing.py root root hbtn_12_scale")
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
    rows = "SELECT name FROM states ORDER BY id"
    expected = [("California",), ("New Mexico",), ("Texas",),
                ("New York",), ("Nevada",)]
    assert ask("primary", rows, database=DB) == expected
    assert ask("replica", rows, database=DB) == expected


def task_step(script, port, *args):
    return run(script, "root", "root", TASK_DB, *args,
               env={"MYSQL_HOST": "127.0.0.1", "MYSQL_TCP_PORT": str(port)})


def test_the_tasks_write_steps_on_any_node():
    text = (ROOT / "sql" / "hbtn_0e_6_usa.sql").read_text("utf-8")
    states = (ROOT / "sql" / "hbtn_0e_6_usa.states.sql").read_text("utf-8")
    for sql in (text, states):
        subprocess.run(
            ["mysql", "--no-defaults", "-h127.0.0.1",
             "-P{}".format(PORTS["node1"]), "-uroot", "-proot"],
            input=sql.replace("hbtn_0e_6_usa", TASK_DB).encode(),
            check=True, timeout=60)
        if sql is text:
            proc = task_step("6-model_state.py", PORTS["node2"])
            assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    proc = task_step("11-model_state_insert.py", PORTS["node3"])
    assert (proc.returncode, proc.stdout) == (0, "15\n")
    proc = task_step("12-model_state_update_id_2.py", PORTS["node2"])
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, "", "Error: there is no state with id 2, nothing changed\n")
    proc = task_step("7-model_state_fetch_all.py", PORTS["node1"])
    assert proc.stdout == shown(
        "MYSQL_HOST=127.0.0.1 MYSQL_TCP_PORT=3321 ./7-model_state_fetch_all"
        ".py root root hbtn_0e_6_usa")
    proc = step("3-every_node.py", TASK_DB)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/3-every_node.py root root hbtn_0e_6_usa")
    rows = "SELECT id, name FROM states ORDER BY id"
    assert ask("node1", rows, database=TASK_DB) \
        == ask("node2", rows, database=TASK_DB) \
        == ask("node3", rows, database=TASK_DB)


def conflicts():
    return sum(int(v) for _, v in ask(
        "node2", "SHOW STATUS WHERE Variable_name IN"
        " ('wsrep_local_bf_aborts', 'wsrep_local_cert_failures')"))


def test_a_certification_conflict_and_its_retry():
    before = conflicts()
    proc = step("4-conflict.py", TASK_DB)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/4-conflict.py root root hbtn_0e_6_usa")
    assert conflicts() == before + 1
    for node in NODES:
        assert ask(node, "SELECT name FROM states WHERE id = 1",
                   database=TASK_DB) == [("California (node1) (node2)",)]


def test_a_killed_node_rejoins_with_nothing_lost():
    old = pid("node3")
    proc = step("5-node_lost.py", TASK_DB)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/5-node_lost.py root root hbtn_0e_6_usa")
    assert not alive(old) and pid("node3") != old and alive(pid("node3"))
    log = (HOME / "node3" / "error.log").read_text()
    assert "Receiving IST" in log[log.rindex("Starting MariaDB"):]
    rows = "SELECT id, name FROM states ORDER BY id"
    assert ask("node1", rows, database=TASK_DB) \
        == ask("node2", rows, database=TASK_DB) \
        == ask("node3", rows, database=TASK_DB)
    assert [n for _, n in ask("node3", rows, database=TASK_DB)][-2:] == [
        "Oregon", "Utah"]


def test_without_quorum_a_write_is_refused():
    old = [pid("node2"), pid("node3")]
    proc = step("6-quorum.py", TASK_DB)
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/6-quorum.py root root hbtn_0e_6_usa")
    assert not any(alive(p) for p in old)
    rows = "SELECT id, name FROM states ORDER BY id"
    on_node1 = ask("node1", rows, database=TASK_DB)
    assert [n for _, n in on_node1].count("Idaho") == 1
    assert on_node1 == ask("node2", rows, database=TASK_DB) \
        == ask("node3", rows, database=TASK_DB)
    for node in NODES:
        assert ask(node, "SHOW STATUS LIKE 'wsrep_cluster_size'") == [
            ("wsrep_cluster_size", "3")]


def pg_rows(port, sql):
    """Rows of ``sql`` on the PostgreSQL server on ``port``, as text."""
    proc = subprocess.run(
        ["psql", "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", str(port),
         "-U", "root", "-d", DB, "-c", sql], timeout=60,
        env=dict(os.environ, PGPASSWORD="root"), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, universal_newlines=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.split("\n")[:-1]


def test_the_standby_follows_and_refuses_writes():
    proc = step("7-postgres_standby.py")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout == shown(
        "./parts/12-scaling/7-postgres_standby.py root root hbtn_12_scale")
    assert pg_rows(STANDBY, "SELECT pg_is_in_recovery()") == ["t"]
    assert pg_rows(5432, "SELECT pg_is_in_recovery()") == ["f"]
    rows = "SELECT name FROM states ORDER BY id"
    assert pg_rows(5432, rows) == pg_rows(STANDBY, rows) == [
        "California", "Arizona", "Texas", "New York", "Nevada", "Oregon"]


def test_bad_input_is_one_line():
    proc = run_part("parts/12-scaling/3-every_node.py", "root", env=ENV)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Usage: ") and proc.stderr.count("\n") == 1
    proc = run_part("parts/12-scaling/0-replica.py", "root", "wrong", DB,
                    env=ENV)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith("Error: Access denied")
    assert proc.stderr.count("\n") == 1 and "wrong" not in proc.stderr
    ask("primary", "CREATE DATABASE IF NOT EXISTS {0}x".format(DB))
    ask("primary", "CREATE TABLE IF NOT EXISTS {0}x.keep (id INT)"
        .format(DB))
    proc = step("0-replica.py", DB + "x")
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ("Error: {}x holds tables that are not Part 12's,"
                           " so it was left as it was\n".format(DB))
    assert ask("primary", "SHOW TABLES FROM {}x".format(DB)) == [("keep",)]


def test_bin_stop_stops_every_server_of_the_part():
    """bin/stop's own line for the part, run on the tests' set."""
    line, = [x for x in (ROOT / "bin" / "stop").read_text().split("\n")
             if "servers.py" in x]
    pids = [pid(name) for name in PORTS]
    proc = subprocess.run(["bash", "-c", 'ROOT=.; ' + line], cwd=ROOT,
                          env=dict(os.environ, **ENV), timeout=120,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.returncode == 0, proc.stderr
    assert not any(alive(p) for p in pids)
    assert not HOME.exists()
