"""Part 4, transactions: each step's exact output and the claims behind it.

Every step runs as the docs run it (run_part: ./parts/4-transactions/K-x.py
user password database, the virtualenv first on PATH), each on a
throw-away database of its own that the step resets from hbtn_4_tx.sql.
Besides the output, byte for byte, the tests read what the steps claim
from the server itself: the rows after each rollback are the rows of a
fresh load; the lost update loses exactly one update a round and each fix
none, while the server shows the second writer waiting on the row lock;
the deadlock is the server's (its latest detected deadlock names the
test's table) and the retry completes; the durability step really starts
a server of its own, kills it and starts it again, and leaves nothing
behind.  Bad input ends in one line on stderr and exit status 1, and a
database that is not the part's is refused untouched.
"""
import ast
import os
import re
import shutil
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
from contextlib import closing

import pytest

from conftest import (PASSWORD, PG, ROOT, USER, Databases, mysql_cli,
                      psql, query, run_part, server_log)
from harness.transcript import commands

PART = ROOT / "parts" / "4-transactions"
STEPS = sorted((p.name for p in PART.glob("[0-9]*-*.py")),
               key=lambda name: int(name.split("-")[0]))
PAGE = ROOT / "parts" / "4-transactions" / "README.md"

TEXAS = "Dallas, Houston, Austin, Henderson"
ALL = """\
  California: San Francisco, San Jose, Los Angeles, Fremont, Livermore
  Arizona: Page, Phoenix
  Texas: Dallas, Houston, Austin, Henderson
  New York: New York
  Nevada: Las Vegas, Reno, Henderson, Carson City
"""
MERGED = """\
  California: San Francisco, San Jose, Los Angeles, Fremont, Livermore
  Arizona: Page, Phoenix, Las Vegas, Reno, Henderson, Carson City
  Texas: Dallas, Houston, Austin, Henderson
  New York: New York
"""
ROLLBACK = ("before:\n" + ALL + """\
merge Nevada into Texas:
  move Las Vegas
  move Reno
  move Henderson
  refused: error 1062
ROLLBACK
after the rollback:
""" + ALL + """\
merge Nevada into Arizona:
  move Las Vegas
  move Reno
  move Henderson
  move Carson City
  delete Nevada
COMMIT
after the commit:
""" + MERGED)
LOST = "Texas has {} visits: 200 expected, {} updates lost\n"

EXPECTED = {
    "0-commit.py": """\
writer: INSERT Lubbock
reader sees Texas: {0}
writer: COMMIT
reader sees Texas: {0}, Lubbock
writer: INSERT Amarillo
writer: closes the connection without COMMIT
reader sees Texas: {0}, Lubbock
""".format(TEXAS),
    "1-rollback.py": ROLLBACK,
    "2-rollback_orm.py": ROLLBACK,
    "3-isolation.py": """\
READ COMMITTED
  reader, first read: Texas has 4 cities
  writer: INSERT Lubbock, COMMIT
  reader, same transaction: Texas has 5 cities
  reader, next transaction: Texas has 5 cities
REPEATABLE READ
  reader, first read: Texas has 4 cities
  writer: INSERT Lubbock, COMMIT
  reader, same transaction: Texas has 4 cities
  reader, next transaction: Texas has 5 cities
""",
    "4-lost_update.py": "2 writers, 100 rounds each: read visits, wait for"
    " the other writer, write visits + 1\n" + LOST.format(100, 100),
    "5-atomic_update.py": "2 writers, 100 rounds each: wait for the other"
    " writer, UPDATE visits = visits + 1\n" + LOST.format(200, 0),
    "6-select_for_update.py": "2 writers, 100 rounds each: wait for the"
    " other writer, read visits FOR UPDATE, write + 1\n"
    + LOST.format(200, 0),
    "7-durability.py": """\
a server of our own, on a free port, with new data
connection 1: INSERT Lubbock, COMMIT
connection 2: INSERT Amarillo, no COMMIT
the server was killed by signal 9 (SIGKILL)
started again on the same data
Texas: {}, Lubbock
""".format(TEXAS),
    "8-savepoints.py": """\
Texas: {0}
  Lubbock: added
  El Paso: added
  Dallas: refused, error 1062, back to the savepoint
  Amarillo: added
COMMIT
Texas: {0}, Lubbock, El Paso, Amarillo
""".format(TEXAS),
    "9-deadlock.py": """\
transaction 1: a visit to Texas, then to Nevada
transaction 2: a visit to Nevada, then to Texas
the server chose a victim: error 1213, its transaction rolled back
the victim ran its transaction again, from the start
both committed
Texas: 2 visits
Nevada: 2 visits
""",
    "10-anomalies.py": """\
MariaDB, READ UNCOMMITTED: dirty read, non-repeatable read, phantom
MariaDB, READ COMMITTED: non-repeatable read, phantom
MariaDB, REPEATABLE READ: none
PostgreSQL, READ UNCOMMITTED: non-repeatable read, phantom
PostgreSQL, READ COMMITTED: non-repeatable read, phantom
PostgreSQL, REPEATABLE READ: none
""",
    "11-lost_update_pg.py": """\
READ COMMITTED
  one: reads visits = 0
  two: reads visits = 0
  two: writes visits = 1, COMMIT
  one: writes visits = 1, COMMIT
  Texas: visits = 1, 2 expected
REPEATABLE READ
  one: reads visits = 0
  two: reads visits = 0
  two: writes visits = 1, COMMIT
  one: refused, SQLSTATE 40001: could not serialize access due to \
concurrent update
  Texas: visits = 1, 2 expected
""",
    "12-retry_pg.py": """\
REPEATABLE READ, with a retry
  one: reads visits = 0
  two: reads visits = 0
  two: writes visits = 1, COMMIT
  one: refused, SQLSTATE 40001, ROLLBACK, again from the start
  one: reads visits = 1
  one: writes visits = 2, COMMIT
  Texas: visits = 2, 2 expected
""",
    "13-retry_sqlite.py": """\
SQLite, WAL mode, with a retry
  one: reads visits = 0
  two: reads visits = 0
  two: writes visits = 1, COMMIT
  one: refused, database is locked (SQLITE_BUSY_SNAPSHOT), ROLLBACK, \
again from the start
  one: reads visits = 1
  one: writes visits = 2, COMMIT
  Texas: visits = 2, 2 expected
""",
    "14-version_id.py": """\
MariaDB, version_id_col, with a retry
  one: loads Texas, visits = 0, version 1
  two: loads Texas, visits = 0, version 1
  two: writes visits = 1, version 2, COMMIT
  one: refused, StaleDataError: UPDATE statement on table 'states' \
expected to update 1 row(s); 0 were matched.
  one: ROLLBACK, again from the start
  one: loads Texas, visits = 1, version 2
  one: writes visits = 2, version 3, COMMIT
  Texas: visits = 2, 2 expected
""",
}


def part(script, database, *args, **kwargs):
    """Run a step of the part with the test login."""
    return run_part("parts/4-transactions/" + script, USER, PASSWORD,
                    database, *args, **kwargs)


def ok(script, database, **kwargs):
    """Run a step that must succeed; return its stdout."""
    proc = part(script, database, **kwargs)
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout


def contents(database):
    """Every row of the part's two tables, in id order."""
    return (query(database, "SELECT * FROM states ORDER BY id"),
            query(database, "SELECT * FROM cities ORDER BY id"))


def texas(database):
    """The names of the cities of Texas, in id order."""
    return [name for (name,) in query(
        database, "SELECT name FROM cities WHERE state_id = 3 ORDER BY id")]


def one_line_error(proc, start):
    """Assert one line on stderr that starts with ``start``, exit 1."""
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr.startswith(start), proc.stderr
    assert proc.stderr.count("\n") == 1 and proc.stderr.endswith("\n")
    assert "Traceback" not in proc.stderr


@pytest.fixture
def db(dbs):
    """A throw-away database, empty: the step loads the part's file."""
    return dbs.new()


@pytest.fixture(scope="module")
def fresh():
    """The rows of a fresh load of hbtn_4_tx.sql, read once."""
    made = Databases()
    try:
        name = made.new()
        text = (PART / "hbtn_4_tx.sql").read_text("utf-8")
        mysql_cli(text.replace("hbtn_4_tx", name))
        return contents(name)
    finally:
        made.drop_all()


def test_every_step_has_its_output():
    """The test knows each step of the folder, and only those."""
    assert set(STEPS) == set(EXPECTED)


def test_commit_makes_it_visible_and_no_commit_leaves_nothing(db):
    """The reader looked before and after COMMIT; Amarillo never landed."""
    with server_log(db) as received:
        assert ok("0-commit.py", db) == EXPECTED["0-commit.py"]
    sent = [arg for kind, arg in received if kind == "Query"
            and re.match(r"(INSERT|SELECT cities|COMMIT)", arg)]
    assert [s.split(" (")[0][:20] for s in sent] == [
        "INSERT INTO cities", "SELECT cities.name F", "COMMIT",
        "SELECT cities.name F", "INSERT INTO cities", "SELECT cities.name F"]
    assert "'Amarillo'" in sent[4]
    assert texas(db) == TEXAS.split(", ") + ["Lubbock"]


@pytest.mark.parametrize("script", ["1-rollback.py", "2-rollback_orm.py"])
def test_rollback_leaves_every_row_as_it_was(db, fresh, script):
    """Two moves ran, the third failed, ROLLBACK: the rows of a fresh load.

    Then the whole merge commits: the rows are the fresh ones with
    Nevada's cities in Arizona and Nevada gone, nothing else changed.
    """
    with server_log(db) as received:
        assert ok(script, db) == ROLLBACK
    sent = [arg for kind, arg in received if kind == "Query"]
    updates = [s for s in sent if s.startswith("UPDATE cities")]
    assert len(updates) == 3 + 4
    # The third move failed, and the next thing the server heard was:
    assert sent[sent.index(updates[2]) + 1] == "ROLLBACK"
    states, cities = fresh
    assert contents(db) == (
        [row for row in states if row[1] != "Nevada"],
        [(i, 2 if s == 5 else s, name) for i, s, name in cities])


def test_isolation_levels(db):
    """The reader's counts at each level, the writer's row committed."""
    assert ok("3-isolation.py", db) == EXPECTED["3-isolation.py"]
    assert texas(db) == TEXAS.split(", ") + ["Lubbock"]


# What the writers of steps 4 to 6 send, one letter each: R reads the
# counter, L reads it FOR UPDATE, W writes a number, A adds one, C commits.
LETTERS = [("SELECT visits FROM states WHERE name = 'Texas' FOR UPDATE", "L"),
           ("SELECT visits FROM states WHERE name = 'Texas'", "R"),
           ("UPDATE states SET visits = visits + 1", "A"),
           ("UPDATE states SET visits = ", "W"), ("COMMIT", "C")]


def rounds(received):
    """The writers' statements, as the server received them, by round."""
    letters = ""
    for kind, arg in received:
        for start, letter in LETTERS:
            if kind == "Query" and arg.startswith(start):
                letters += letter
                break
    size = {"R": 6, "L": 6, "A": 4}[letters[0]]
    return [letters[i:i + size] for i in range(0, 100 * size, size)]


@pytest.mark.parametrize("script,visits,order,seen", [
    ("4-lost_update.py", 100, "RR", 100),
    ("5-atomic_update.py", 200, "AA", 1),
    ("6-select_for_update.py", 200, "LL", 1),
])
def test_lost_update_and_its_fixes(db, script, visits, order, seen):
    """100 rounds of 2 writers: 100 kept without a fix, 200 with each.

    Without a fix, every round the server received both reads before
    either write: the barrier forces it.  With a fix, in some rounds
    (most) the second writer's statement reached the server while the
    first writer's transaction held the row: it waited for the commit,
    and still no update was lost.
    """
    with server_log(db) as received:
        assert ok(script, db) == EXPECTED[script]
    assert query(db, "SELECT name, visits FROM states WHERE visits > 0") \
        == [("Texas", visits)]
    found = rounds(received)
    assert all(sorted(r) == sorted(found[0]) for r in found), found
    assert sum(r.startswith(order) for r in found) >= seen, found


def mariadbd_processes(folder):
    """The pids of the MariaDB servers whose command line names folder."""
    found = set()
    for pid in os.listdir("/proc"):
        try:
            with open("/proc/{}/cmdline".format(pid), "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        # A server, not mariadb-install-db's bootstrap run of one.
        if argv[0].endswith(b"mariadbd") and b"--bind-address=127.0.0.1" \
                in argv and any(folder.encode() in a for a in argv):
            found.add(int(pid))
    return found


def test_durability_kills_its_own_server_and_finds_the_commit(db):
    """Two servers in a row on one data folder, then nothing left over.

    The step's temporary folder is made in TMPDIR, here a folder of the
    test's, so the test can see the server processes that use it.
    """
    folder = tempfile.mkdtemp(prefix="p4-", dir="/tmp")
    try:
        done = {}
        thread = threading.Thread(target=lambda: done.update(
            proc=part("7-durability.py", db, env={"TMPDIR": folder})))
        thread.start()
        pids = set()
        while thread.is_alive():
            pids |= mariadbd_processes(folder)
            time.sleep(0.01)
        thread.join()
        proc = done["proc"]
        assert (proc.returncode, proc.stderr) == (0, "")
        assert proc.stdout == EXPECTED["7-durability.py"]
        assert len(pids) == 2, pids
        assert not mariadbd_processes(folder)
        assert os.listdir(folder) == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    # The user's server was not the one: its copy was never created.
    assert query(None, "SHOW TABLES FROM {}".format(db)) == []


def test_savepoints_roll_back_one_row(db):
    """One ROLLBACK TO SAVEPOINT, three released, one COMMIT."""
    with server_log(db) as received:
        assert ok("8-savepoints.py", db) == EXPECTED["8-savepoints.py"]
    sent = [re.sub(r"sa_savepoint_\d+", "sp", arg)
            for kind, arg in received if kind == "Query"
            and re.search("SAVEPOINT|COMMIT|ROLLBACK", arg)]
    sent = sent[sent.index("SAVEPOINT sp"):]
    sent = sent[:sent.index("COMMIT") + 1]
    assert sent == ["SAVEPOINT sp", "RELEASE SAVEPOINT sp"] * 2 + [
        "SAVEPOINT sp", "ROLLBACK TO SAVEPOINT sp", "SAVEPOINT sp",
        "RELEASE SAVEPOINT sp", "COMMIT"], sent
    assert texas(db) == TEXAS.split(", ") + ["Lubbock", "El Paso",
                                             "Amarillo"]


def test_deadlock_is_the_servers_and_the_retry_completes(db):
    """The server's latest deadlock is on this table; both visits counted."""
    assert ok("9-deadlock.py", db) == EXPECTED["9-deadlock.py"]
    status = query(None, "SHOW ENGINE INNODB STATUS")[0][2]
    latest = status.split("LATEST DETECTED DEADLOCK")[1].split("\n----")[1]
    assert "`{}`.`states`".format(db) in latest
    assert "WE ROLL BACK TRANSACTION" in latest
    assert query(db, "SELECT name, visits FROM states ORDER BY id") == [
        ("California", 0), ("Arizona", 0), ("Texas", 2), ("New York", 0),
        ("Nevada", 2)]


# --- Steps 10 to 14: beyond MariaDB ---------------------------------------

class Recorder:
    """A TCP relay to the parts' PostgreSQL that keeps what both sides sent.

    The step connects to it (PGHOST, PGPORT, no TLS), so the test reads
    each connection's statements and the server's errors off the wire.
    """

    def __init__(self):
        """Listen on a free port of 127.0.0.1; relay in the background."""
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.env = {"PGHOST": "127.0.0.1", "PGSSLMODE": "disable",
                    "PGGSSENCMODE": "disable",
                    "PGPORT": str(self.listener.getsockname()[1])}
        self.chunks = []  # (connection, "client" or "server", bytes)
        self.lock = threading.Lock()
        self.sockets = [self.listener]
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        """Relay each connection the step opens to the real server."""
        number = 0
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            server = socket.create_connection(
                (PG["PGHOST"], int(os.environ.get("PGPORT", "5432"))))
            number += 1
            self.sockets += [client, server]
            for args in ((number, "client", client, server),
                         (number, "server", server, client)):
                threading.Thread(target=self.pump, args=args,
                                 daemon=True).start()

    def pump(self, number, side, source, sink):
        """Copy one direction, keeping each chunk in arrival order."""
        try:
            data = source.recv(65536)
            while data:
                with self.lock:
                    self.chunks.append((number, side, data))
                sink.sendall(data)
                data = source.recv(65536)
            sink.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the other side is gone: nothing left to relay

    def messages(self, side):
        """Every (connection, type, body) one side sent, in order.

        The client's first message (the startup) has no type byte.
        """
        streams, found = {}, []
        with self.lock:
            for number, who, data in self.chunks:
                if who != side:
                    continue
                buf = streams.setdefault(number, bytearray(
                    b"S" if side == "client" else b""))
                buf += data
                while len(buf) >= 5 and len(buf) >= 1 + struct.unpack(
                        "!i", buf[1:5])[0]:
                    end = 1 + struct.unpack("!i", buf[1:5])[0]
                    found.append((number, chr(buf[0]), bytes(buf[5:end])))
                    del buf[:end]
        return found

    def statements(self):
        """(connection, SQL) of each Query and Parse message, in order."""
        return [(n, body.split(b"\0")[kind == "P"].decode())
                for n, kind, body in self.messages("client")
                if kind in "QP"]

    def sqlstates(self):
        """(connection, SQLSTATE) of each ErrorResponse, in order."""
        return [(n, field[1:].decode()) for n, kind, body in
                self.messages("server") if kind == "E"
                for field in body.split(b"\0") if field[:1] == b"C"]

    def close(self):
        """Stop relaying: close every socket."""
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def pg(db):
    """The step's database on PostgreSQL too, dropped after the test."""
    yield db
    psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(db))


@pytest.fixture
def wire():
    """A Recorder between the step and PostgreSQL."""
    recorder = Recorder()
    yield recorder
    recorder.close()


def pg_part(script, database, env=None):
    """Run a PostgreSQL step with the tests' PostgreSQL login."""
    return run_part("parts/4-transactions/" + script, PG["PGUSER"],
                    PG["PGPASSWORD"], database, env=dict(PG, **(env or {})))


def pg_ok(script, database, env=None):
    """Run a PostgreSQL step that must succeed; return its stdout."""
    proc = pg_part(script, database, env)
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout


def visits_on_postgres(database):
    """The visits of Texas, as PostgreSQL holds them now."""
    return psql("SELECT visits FROM states WHERE name = 'Texas'", database)


# What step 10 sends, one letter each: L sets the level, R reads the
# visits, C counts the cities, U adds a visit, I inserts Lubbock.
ANOMALY_LETTERS = [("SET TRANSACTION ISOLATION LEVEL ", "L"),
                   ("SELECT visits FROM states WHERE name = ", "R"),
                   ("SELECT COUNT(*) FROM cities JOIN states", "C"),
                   ("UPDATE states SET visits = visits + 1", "U"),
                   ("INSERT INTO cities (state_id, name) SELECT", "I")]
LEVELS = ("READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ")


def anomaly_letters(sent):
    """Step 10's statements as letters, and the levels it set, in order."""
    letters, levels = "", []
    for statement in sent:
        for start, letter in ANOMALY_LETTERS:
            if statement.startswith(start):
                letters += letter
                if letter == "L":
                    levels.append(statement[len(start):])
    return letters, levels


def test_anomalies_on_both_servers(pg, wire):
    """Each server received, for every level and anomaly, the level set
    first, then a read, the writer's change, the same read again; what
    stays is the last level's writes: one committed visit and Lubbock.
    """
    with server_log(pg) as received:
        assert ok("10-anomalies.py", pg, env=wire.env) \
            == EXPECTED["10-anomalies.py"]
    for sent in ([arg for kind, arg in received if kind == "Query"],
                 [sql for _, sql in wire.statements()]):
        assert anomaly_letters(sent) == (
            "LRURLRURLCIC" * 3, [level for level in LEVELS
                                 for _ in range(3)]), sent
    assert query(pg, "SELECT visits FROM states WHERE name = 'Texas'") \
        == [(1,)]
    assert texas(pg)[-1] == "Lubbock"
    assert visits_on_postgres(pg) == [("1",)]
    assert psql("SELECT name FROM cities WHERE state_id = 3 ORDER BY id"
                " DESC LIMIT 1", pg) == [("Lubbock",)]


def test_lost_update_on_postgres(pg, wire):
    """READ COMMITTED: both UPDATEs committed, one visit lost.

    REPEATABLE READ: the server answered one's UPDATE with SQLSTATE 40001,
    the only error of the run, and kept two's visit alone.
    """
    assert pg_ok("11-lost_update_pg.py", pg, wire.env) \
        == EXPECTED["11-lost_update_pg.py"]
    sent = wire.statements()
    updates = [n for n, sql in sent if sql.startswith("UPDATE states")]
    assert len(set(updates)) == 4, sent
    for number, level in zip(updates, ["READ COMMITTED"] * 2
                             + ["REPEATABLE READ"] * 2):
        assert (number, "BEGIN ISOLATION LEVEL " + level) in sent
    assert wire.sqlstates() == [(updates[3], "40001")]
    assert visits_on_postgres(pg) == [("1",)]


def test_retry_on_postgres(pg, wire):
    """40001 once; then the refused connection ran it all again.

    Texas is the seventh row version of a five-row table: the old
    versions are still there (MVCC).
    """
    assert pg_ok("12-retry_pg.py", pg, wire.env) \
        == EXPECTED["12-retry_pg.py"]
    (refused, code), = wire.sqlstates()
    assert code == "40001"
    mine = [sql.split(" WHERE")[0] for n, sql in wire.statements()
            if n == refused]
    attempt = ["BEGIN ISOLATION LEVEL REPEATABLE READ",
               "SELECT visits FROM states", "UPDATE states SET visits = $1"]
    assert mine == attempt + ["ROLLBACK"] + attempt + ["COMMIT"] \
        + attempt[:2], mine
    assert visits_on_postgres(pg) == [("2",)]
    # MVCC: each UPDATE wrote a new version of Texas; the old ones (items
    # 3 and 6 of the table's first page) still take their place.
    assert psql("SELECT ctid, (SELECT COUNT(*) FROM states) FROM states"
                " WHERE name = 'Texas'", pg) == [("(0,7)", "5")]


@pytest.fixture
def sqlite_file(db):
    """The SQLite file step 13 makes for ``db``, removed after the test."""
    path = ROOT / ".local" / (db + ".db")
    yield path
    path.unlink(missing_ok=True)


def test_retry_on_sqlite(sqlite_file):
    """The file is in WAL mode and holds both visits."""
    assert ok("13-retry_sqlite.py", sqlite_file.stem) \
        == EXPECTED["13-retry_sqlite.py"]
    with closing(sqlite3.connect(sqlite_file)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert db.execute("SELECT name, visits FROM states").fetchall() \
            == [("Texas", 2)]


def test_optimistic_locking(db):
    """Each UPDATE named the version loaded; the stale one was undone.

    The server received two UPDATEs for version 1: two's, followed by
    COMMIT, and one's, which matched no row, followed by ROLLBACK; then
    one's UPDATE for version 2, followed by COMMIT (one thread: the next
    statement the server received is the same session's).
    """
    with server_log(db) as received:
        assert ok("14-version_id.py", db) == EXPECTED["14-version_id.py"]
    sent = [arg for kind, arg in received if kind == "Query"
            and re.match("UPDATE states|COMMIT|ROLLBACK", arg)]
    update = ("UPDATE states SET visits={0}, version={1} WHERE states.id"
              " = 3 AND states.version = {2}")
    after = [(s, sent[i + 1]) for i, s in enumerate(sent)
             if s.startswith("UPDATE")]
    assert after == [(update.format(1, 2, 1), "COMMIT"),
                     (update.format(1, 2, 1), "ROLLBACK"),
                     (update.format(2, 3, 2), "COMMIT")], sent
    assert query(db, "SELECT visits, version FROM states"
                 " WHERE name = 'Texas'") == [(2, 3)]


# Steps 10 to 14 share the same lines (one skeleton, tested below).
@pytest.mark.parametrize("script", STEPS[:10])
def test_wrong_argument_count(script):
    """Too few arguments: the usage line, exit 1."""
    proc = run_part("parts/4-transactions/" + script, USER, PASSWORD)
    one_line_error(proc, "Usage: ./parts/4-transactions/{} mysql_username"
                   " mysql_password database_name".format(script))


@pytest.mark.parametrize("script", ["0-commit.py", "2-rollback_orm.py",
                                    "9-deadlock.py"])
def test_a_task_database_is_refused_untouched(dbs, script):
    """A copy of hbtn_0e_4_usa given by mistake: one line, rows kept."""
    task = dbs.new("hbtn_0e_4_usa")
    before = contents(task)
    one_line_error(part(script, task),
                   "Error: {} holds tables that are not Part 4's".format(
                       task))
    assert contents(task) == before


@pytest.mark.parametrize("script", ["1-rollback.py", "8-savepoints.py"])
@pytest.mark.errors
def test_wrong_password_and_bytes(db, script):
    """A wrong password (never echoed) or a non-UTF-8 name: one line."""
    proc = run_part("parts/4-transactions/" + script, USER, "Wr0ng:pw", db)
    one_line_error(proc, "Error 1045: Access denied")
    assert "Wr0ng" not in proc.stderr
    proc = run_part("parts/4-transactions/" + script, USER, PASSWORD,
                    b"hbtn_\xff")
    one_line_error(proc, "Error: an argument is not valid text")


@pytest.mark.parametrize("script", ["11-lost_update_pg.py",
                                    "13-retry_sqlite.py"])
@pytest.mark.errors
def test_a_wrong_address_is_one_line_before_anything(db, script):
    """MYSQL_TCP_PORT that cannot be one: the line, before anything.

    The steps on MariaDB check it as they connect (kit.connect, models),
    those on PostgreSQL and SQLite in pg_connect and sqlite_file.
    """
    proc = part(script, db, env={"MYSQL_TCP_PORT": "abc"})
    assert (proc.returncode, proc.stdout, proc.stderr) == (
        1, "", "Error: MYSQL_TCP_PORT must be a port number from 1 to"
        " 65535, not 'abc'\n")
    assert query(None, "SHOW TABLES FROM {}".format(db)) == []


def test_postgres_steps_refuse_bad_input(pg):
    """A wrong password (never echoed), another database's tables (kept):
    one line each, exit 1.
    """
    proc = run_part("parts/4-transactions/11-lost_update_pg.py",
                    PG["PGUSER"], "Wr0ng:pw", pg, env=PG)
    one_line_error(proc, "Error: connection failed: ")
    assert "password authentication failed" in proc.stderr
    assert "Wr0ng" not in proc.stderr
    psql("CREATE DATABASE {}".format(pg))
    psql("CREATE TABLE notes (id INT); INSERT INTO notes VALUES (7)", pg)
    one_line_error(pg_part("12-retry_pg.py", pg), "Error: {} on"
                   " PostgreSQL holds tables that are not Part 4's".format(
                       pg))
    assert psql("SELECT * FROM notes", pg) == [("7",)]


def test_sqlite_step_refuses_bad_input(sqlite_file):
    """Bytes that are not UTF-8 make no file; another file is kept."""
    proc = part("13-retry_sqlite.py", b"hbtn_\xff")
    one_line_error(proc, "Error: an argument is not valid text")
    assert not (ROOT / ".local" / "hbtn_\udcff.db").exists()
    with closing(sqlite3.connect(sqlite_file)) as db:
        db.execute("CREATE TABLE notes (id INTEGER)")
        db.commit()
    one_line_error(part("13-retry_sqlite.py", sqlite_file.stem),
                   "Error: {} holds tables".format(sqlite_file.name))
    with closing(sqlite3.connect(sqlite_file)) as db:
        assert db.execute("SELECT name FROM sqlite_master").fetchall() \
            == [("notes",)]


def python_files():
    """The part's Python files, its tests aside."""
    return sorted(p for p in PART.glob("*.py")
                  if not p.name.startswith("test_"))


def docstrings_are_sentences(tree):
    """Whether the module, each class and each function opens a sentence."""
    nodes = [tree] + [n for n in ast.walk(tree) if isinstance(
        n, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))]
    for node in nodes:
        doc = " ".join((ast.get_docstring(node) or "").split("\n\n")[0]
                       .split())
        if not (doc.endswith(".") and doc[:1].isupper()
                and len(doc.split()) >= 4):
            return getattr(node, "name", "module")
    return None


def test_the_files_keep_the_house_rules():
    """pycodestyle, Python 3.9, sentences, drivers, shebang, one skeleton."""
    names = [str(p) for p in python_files()] + [__file__]
    proc = subprocess.run(["pycodestyle"] + names, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT)
    assert (proc.returncode, proc.stdout) == (0, b"")
    mains = set()
    for path in python_files():
        text = path.read_text("utf-8")
        tree = ast.parse(text, feature_version=(3, 9))
        assert docstrings_are_sentences(tree) is None, path.name
        assert not re.search(r"^import \w+, ", text, re.M), path.name
        # The ORM steps (and their models) use SQLAlchemy alone; the
        # others never load it.
        orm = path.name in ("2-rollback_orm.py", "8-savepoints.py",
                            "14-version_id.py", "models.py")
        assert ("\nfrom sqlalchemy" in text) == orm, path.name
        assert not (orm and "MySQLdb" in text), path.name
        if path.name in STEPS:
            assert text.startswith("#!/usr/bin/env python3\n"), path.name
            assert os.access(path, os.X_OK), path.name
            mains.add(text[text.index('if __name__ == "__main__":'):])
    assert len(mains) == 1, mains


def test_the_page_shows_what_the_steps_print():
    """Each step's command on the page shows the output tested here."""
    shown = {}
    for cmd in commands(PAGE):
        found = re.match(r"\./parts/4-transactions/(\S+) root root hbtn_4_tx$",
                         cmd.text)
        if found:
            shown[found.group(1)] = cmd.output
    assert shown == EXPECTED
    first = commands(PAGE)[0]
    assert (first.text, first.output) == (". .local/venv/bin/activate", "")


def test_reset_refuses_before_dropping(dbs):
    """A database with one foreign table is refused; its table stays."""
    other = dbs.new()
    mysql_cli("CREATE TABLE notes (id INT PRIMARY KEY)", other)
    one_line_error(part("3-isolation.py", other), "Error: ")
    assert query(other, "SHOW TABLES") == [("notes",)]
