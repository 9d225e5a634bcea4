"""The server the collection uses: connections, the mysql client, scratch
databases, and what the server received (its general query log).

The login comes from MYSQL_USER and MYSQL_PWD (bin/lib.sh sets them; the
default is root/root), the server from MYSQL_HOST and MYSQL_TCP_PORT,
read and checked by hints.host() and hints.port(), as every step reads
them.  Nothing here imports pytest: the tests,
bin/check and the benchmark share it.
"""
import atexit
import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import MySQLdb

import hints

ROOT = Path(__file__).resolve().parent.parent
SQL = ROOT / "sql"
USER = os.environ.get("MYSQL_USER", "root")
PASSWORD = os.environ.get("MYSQL_PWD", "root")
HOST = hints.host()
PORT = hints.port()
_names = itertools.count()
# bin/check's disposable server (check/dbserver.Server), while a check
# runs: connect(), query() and mysql_cli() then reach it, as its admin.
_target = None


def use(target):
    """Send connect(), query() and mysql_cli() to ``target`` (or back)."""
    global _target
    _target = target


def connect(database=None, **kwargs):
    """A fresh connection of our own, autocommit on."""
    if _target is not None:
        return _target.connect(kwargs.pop("user", "root"),
                               kwargs.pop("password", None), database,
                               **kwargs)
    params = dict(host=HOST, port=PORT, user=USER, password=PASSWORD,
                  charset="utf8mb4")
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


def mysql_command(database=None, user=USER, password=PASSWORD):
    """The argv that starts the mysql client on our server, logged in.

    The password goes in an option file of our own (mode 600, removed
    when this process ends), the only one the client reads: never in the
    argv, where other processes could read it.  The client of MariaDB
    11.6 and later warns about "an insecure passwordless login" when the
    password only comes from MYSQL_PWD.
    """
    cmd = ["mysql", "--defaults-file=" + option_file(password),
           "--default-character-set=utf8mb4", "-h", HOST, "-P", str(PORT),
           "-u" + user]
    if database:
        cmd.append(database)
    return cmd


_option_files = {}
_folder = []


def run_folder():
    """This process's own folder for temporary files, removed at its end.

    One mkdtemp (mode 700) per process: nothing else lists it, and no name
    of ours lies bare in the shared /tmp for another program to remove.
    """
    if not _folder:
        _folder.append(tempfile.mkdtemp(prefix="hbtn-{}-".format(
            os.getpid())))
        atexit.register(shutil.rmtree, _folder[0], True)
    return _folder[0]


def option_file(password):
    """A client option file that holds ``password``; made once per value."""
    if password not in _option_files:
        path = os.path.join(run_folder(), "client-{}.cnf".format(
            len(_option_files)))
        quoted = password.replace("\\", "\\\\").replace('"', '\\"')
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write('[client]\npassword="{}"\n'.format(quoted))
        _option_files[password] = path
    return _option_files[password]


def mysql_cli(sql_text, database=None, user=USER, password=PASSWORD):
    """Feed SQL text to the mysql command-line client, as a student does."""
    if _target is not None:
        _target.script(("USE `{}`;\n".format(database) if database else "")
                       + sql_text)
        return
    subprocess.run(mysql_command(database, user, password),
                   input=sql_text.encode("utf-8"), check=True,
                   stdout=subprocess.DEVNULL)


def task_sql(task, name=None):
    """The text of sql/TASK.sql, with the database renamed to ``name``."""
    text = (SQL / (task + ".sql")).read_text("utf-8")
    return text.replace(task, name) if name else text


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on (just released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Databases:
    """Creates throw-away databases and drops them all at the end."""

    def __init__(self, prefix=None):
        self.prefix = prefix or "hbtn_t{}".format(os.getpid())
        self.names = []

    def new(self, task=None):
        """Create a database; ``task`` names a task file to load into it.

        ``task`` is a task database name such as "hbtn_0e_4_usa": its file
        in sql/ is loaded with that name replaced.  Without it the database
        is empty (utf8mb4, like the task databases).
        """
        name = "{}_{}".format(self.prefix, next(_names))
        self.names.append(name)
        if task:
            mysql_cli(task_sql(task, name))
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
            self.names = []


@contextlib.contextmanager
def general_log():
    """Turn the general query log on for a block; yield (cursor, start).

    The log goes to the mysql.general_log table; ``start`` is the
    server's time when it was on, and the admin ``cursor`` stays open
    until the block ends, to read the log with.  Afterwards the server is
    put back as it was.
    """
    admin = connect()
    cur = admin.cursor()
    # The log is the server's, not this process's: parallel readers take
    # turns, so none switches it off while another is reading it.
    cur.execute("SELECT GET_LOCK('hbtn_server_log', 600)")
    assert cur.fetchone() == (1,), "another process held the server log"
    cur.execute("SELECT @@GLOBAL.general_log, @@GLOBAL.log_output")
    was_on, output = cur.fetchone()
    cur.execute("SET GLOBAL log_output = 'TABLE'")
    cur.execute("SET GLOBAL general_log = 'ON'")
    cur.execute("SELECT NOW(6)")
    (start,) = cur.fetchone()
    try:
        yield cur, start
    finally:
        if not was_on:
            # Put the server back as it was; the log table has no index,
            # so emptying it keeps the next read fast.
            cur.execute("SET GLOBAL general_log = 'OFF'")
            cur.execute("TRUNCATE TABLE mysql.general_log")
        cur.execute("SET GLOBAL log_output = %s", (output,))
        cur.execute("SELECT RELEASE_LOCK('hbtn_server_log')")
        admin.close()


@contextlib.contextmanager
def server_log(database):
    """Collect what the server received from clients of ``database``.

    Turns on the general query log (to the mysql.general_log table) and
    yields a list; when the block ends the list is filled with
    (command_type, argument) for every command sent by the connections
    that logged in to ``database`` during the block, in order.
    """
    with general_log() as (cur, start):
        received = []
        try:
            yield received
        finally:
            time.sleep(0.05)
            received.extend(read_log(cur, start, database))


def read_log(cur, start, database):
    """What clients of ``database`` sent since ``start``, from the log.

    A list of (command_type, argument), in the order the server logged
    them, for every connection that logged in to ``database`` (its Connect
    line names it) since ``start``.
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


def statements(received):
    """The statements (Query commands) among what the server received."""
    return [arg for kind, arg in received if kind == "Query"]


def selects(received):
    """The SELECT statements among what the server received."""
    return [arg for arg in statements(received)
            if arg.lstrip().upper().startswith("SELECT")]


def data_selects(received):
    """The SELECTs that read the collection's tables (states, cities)."""
    return [s for s in selects(received)
            if " states" in s or " cities" in s]
