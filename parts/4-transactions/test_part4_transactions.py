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
import subprocess
import tempfile
import threading
import time

import pytest

from conftest import (PASSWORD, ROOT, USER, Databases, mysql_cli, query,
                      run_part, server_log)
from lesson.transcript import commands

PART = ROOT / "parts" / "4-transactions"
STEPS = sorted(p.name for p in PART.glob("[0-9]-*.py"))
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
    assert STEPS == sorted(EXPECTED)


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


@pytest.mark.parametrize("script", STEPS)
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
def test_wrong_password_and_bytes(db, script):
    """A wrong password (never echoed) or a non-UTF-8 name: one line."""
    proc = run_part("parts/4-transactions/" + script, USER, "Wr0ng:pw", db)
    one_line_error(proc, "Error 1045: Access denied")
    assert "Wr0ng" not in proc.stderr
    proc = run_part("parts/4-transactions/" + script, USER, PASSWORD,
                    b"hbtn_\xff")
    one_line_error(proc, "Error: an argument is not valid text")


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
                            "models.py")
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
