"""Shared fixtures: run the steps as graders do, against the real server.

Every test works in databases of its own (``hbtn_t<pid>_<n>``), created
from the files in sql/ or from SQL the test sends, and dropped afterwards,
so the task databases the tour loaded are never touched.

Environment:
  MYSQL_USER, MYSQL_PWD   the login (bin/test sets them; default root/root)
  HBTN_PYTHON             run the scripts with this interpreter and
                          ``-W error`` instead of through their shebang
                          (the compatibility matrix, bin/matrix)
"""
import contextlib
import itertools
import os
import socket
import subprocess
import time
from pathlib import Path

import MySQLdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SQL = ROOT / "sql"
USER = os.environ.get("MYSQL_USER", "root")
PASSWORD = os.environ.get("MYSQL_PWD", "root")
_names = itertools.count()


def command(script, *args):
    """Return the argv that runs ``script`` the way this test run should."""
    python = os.environ.get("HBTN_PYTHON")
    if python:
        return [python, "-W", "error", str(ROOT / script), *args]
    return ["./" + script, *args]


def run(script, *args, env=None, timeout=120):
    """Run a step as its own process, in the project directory.

    ``args`` are the whole argv after the script name.  Returns the
    CompletedProcess, with stdout and stderr decoded as UTF-8 (strict, so a
    wrongly encoded byte fails the test).
    """
    full_env = dict(os.environ, **(env or {}))
    full_env.setdefault("LANG", "C.UTF-8")
    proc = subprocess.run(command(script, *args), cwd=ROOT, env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=timeout)
    proc.stdout = proc.stdout.decode("utf-8")
    proc.stderr = proc.stderr.decode("utf-8")
    return proc


def step(script, database, *args, **kwargs):
    """Run a step with the test login: ``./script user password db args``."""
    return run(script, USER, PASSWORD, database, *args, **kwargs)


def ok(script, database, *args, **kwargs):
    """Run a step that must succeed; return its stdout."""
    proc = step(script, database, *args, **kwargs)
    assert proc.stderr == "", proc.stderr
    assert proc.returncode == 0
    return proc.stdout


def connect(database=None, **kwargs):
    """A fresh connection of the test's own (autocommit on)."""
    params = dict(host=os.environ.get("MYSQL_HOST", "localhost"),
                  port=int(os.environ.get("MYSQL_TCP_PORT", "3306")),
                  user=USER, password=PASSWORD, charset="utf8mb4")
    if database:
        params["database"] = database
    params.update(kwargs)
    db = MySQLdb.connect(**params)
    db.autocommit(True)
    return db


def query(database, sql, params=None):
    """Run one statement on a fresh connection and return all its rows."""
    db = connect(database)
    try:
        cur = db.cursor()
        cur.execute(sql, params)
        return list(cur.fetchall())
    finally:
        db.close()


def mysql_cli(sql_text, database=None):
    """Feed SQL text to the mysql command-line client, as a student does."""
    cmd = ["mysql", "--no-defaults", "--default-character-set=utf8mb4",
           "-u" + USER]
    if database:
        cmd.append(database)
    env = dict(os.environ, MYSQL_PWD=PASSWORD)
    subprocess.run(cmd, input=sql_text.encode("utf-8"), env=env,
                   check=True, stdout=subprocess.DEVNULL)


def load_states(database):
    """Load sql/hbtn_0e_6_usa.states.sql into a copy of hbtn_0e_6_usa.

    That file holds the five states, loaded once step 6 made the table.
    """
    text = (SQL / "hbtn_0e_6_usa.states.sql").read_text("utf-8")
    mysql_cli(text.replace("hbtn_0e_6_usa", database))


def after_step_6(made):
    """A new copy of hbtn_0e_6_usa, after step 6 and the five states."""
    database = made.new("hbtn_0e_6_usa")
    assert ok("6-model_state.py", database) == ""
    load_states(database)
    return database


def lines(items):
    """The text a step prints for ``items``: one line each."""
    return "".join("{}\n".format(item) for item in items)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on (just released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Databases:
    """Creates throw-away databases and drops them all at the end."""

    def __init__(self):
        self.names = []

    def new(self, task=None):
        """Create a database; ``task`` names a task file to load into it.

        ``task`` is a task database name such as "hbtn_0e_4_usa": its file in
        sql/ is loaded with that name replaced.  Without it the database is
        empty (utf8mb4, like the task databases).
        """
        name = "hbtn_t{}_{}".format(os.getpid(), next(_names))
        self.names.append(name)
        if task:
            text = (SQL / (task + ".sql")).read_text("utf-8")
            mysql_cli(text.replace(task, name))
        else:
            mysql_cli("DROP DATABASE IF EXISTS {0}; CREATE DATABASE {0}"
                      " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                      .format(name))
        return name

    def drop_all(self):
        """Drop every database made by this object."""
        if self.names:
            mysql_cli("".join("DROP DATABASE IF EXISTS {};".format(n)
                              for n in self.names))


@pytest.fixture
def dbs():
    """A factory of throw-away databases, dropped after the test."""
    made = Databases()
    yield made
    made.drop_all()


@contextlib.contextmanager
def server_log(database):
    """Collect what the server received from clients of ``database``.

    Turns on the general query log (to the mysql.general_log table) and
    yields a list; when the block ends the list is filled with
    (command_type, argument) for every command sent by the connections
    that logged in to ``database`` during the block, in order.
    """
    admin = connect()
    cur = admin.cursor()
    # The log is the server's, not this process's: parallel test workers
    # take turns, so none switches it off while another is reading it.
    cur.execute("SELECT GET_LOCK('hbtn_tests_server_log', 300)")
    assert cur.fetchone() == (1,), "another test held the server log"
    cur.execute("SELECT @@GLOBAL.general_log, @@GLOBAL.log_output")
    was_on, output = cur.fetchone()
    cur.execute("SET GLOBAL log_output = 'TABLE'")
    cur.execute("SET GLOBAL general_log = 'ON'")
    cur.execute("SELECT NOW(6)")
    (start,) = cur.fetchone()
    received = []
    try:
        yield received
    finally:
        time.sleep(0.05)
        received.extend(read_log(cur, start, database))
        if not was_on:
            # Put the server back as it was; the log table has no index,
            # so emptying it keeps the next read fast.
            cur.execute("SET GLOBAL general_log = 'OFF'")
            cur.execute("TRUNCATE TABLE mysql.general_log")
        cur.execute("SET GLOBAL log_output = %s", (output,))
        cur.execute("SELECT RELEASE_LOCK('hbtn_tests_server_log')")
        admin.close()


def read_log(cur, start, database):
    """What clients of ``database`` sent since ``start``, from the log.

    A list of (command_type, argument), in the order the server logged
    them, for every connection that logged in to ``database`` (its Connect
    line names it) since ``start``.  bench/bench.py counts with it too.
    """
    cur.execute(
        "SELECT command_type, CONVERT(argument USING utf8mb4)"
        " FROM mysql.general_log WHERE event_time >= %s AND thread_id IN"
        " (SELECT thread_id FROM mysql.general_log"
        "  WHERE event_time >= %s AND command_type = 'Connect'"
        "  AND CONVERT(argument USING utf8mb4) LIKE %s)"
        " ORDER BY event_time",
        (start, start, "% on {} %".format(database)))
    return list(cur.fetchall())


def selects(received):
    """The SELECT statements among what the server received."""
    return [arg for kind, arg in received
            if kind == "Query" and arg.lstrip().upper().startswith("SELECT")]


def data_selects(received):
    """The SELECTs that read the collection's tables (states, cities)."""
    return [s for s in selects(received)
            if " states" in s or " cities" in s]
