"""Part 4's plumbing: connections, the known start, threads, a server.

Each step begins from hbtn_4_tx.sql, loaded again into the database it
is given (reset), opens DB-API connections (connect) the way the task's
steps do, runs two writers side by side when its lesson needs real
concurrency (side_by_side), and turns any error into the task's one line
(explain, from hints.py).  Step 7 kills a server: Server starts one of
its own, on new data, that it may kill.  Steps 10 to 13 go beyond
MariaDB: pg_reset and pg_connect do the same on PostgreSQL (psycopg 3,
imported only there), and sqlite_file makes a SQLite file anew.  Only
the drivers are imported here: the DB-API steps do not load SQLAlchemy
(the ORM steps' models are in models.py).
"""
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import threading
import time
from contextlib import closing
from pathlib import Path

import MySQLdb

import hints
from hints import explain  # noqa: F401

SCHEMA = Path(__file__).resolve().parent / "hbtn_4_tx.sql"
PG_SCHEMA = SCHEMA.with_name("hbtn_4_tx.postgres.sql")
NAME = "hbtn_4_tx"
USAGE = "Usage: {} mysql_username mysql_password database_name"


class PartError(Exception):
    """A refusal of the part's own, said in one line."""


# The errors every step turns into one line; the ORM steps add SQLAlchemy's,
# the PostgreSQL steps psycopg's.
# ValueError: MYSQL_HOST or MYSQL_TCP_PORT that cannot be one (hints).
ERRORS = (MySQLdb.Error, sqlite3.Error, PartError, UnicodeError, ValueError)


def connect(user, password, database=None, host=None, port=None):
    """Open a DB-API connection: autocommit off, as PEP 249 wants.

    The server is hints.host() and hints.port() (MYSQL_HOST and
    MYSQL_TCP_PORT, checked), as for the task's steps, unless ``host``
    and ``port`` say.
    """
    params = dict(host=host or hints.host(), port=port or hints.port(),
                  user=user, password=password, charset="utf8mb4")
    if database:
        params["database"] = database
    db = MySQLdb.connect(**params)
    with closing(db.cursor()) as cursor:
        # MariaDB 11.6.2 and later refuse a write based on a stale read at
        # REPEATABLE READ (innodb_snapshot_isolation, error 1020); this part
        # shows what MySQL and earlier MariaDB do, so it is turned off
        # there (a /*M!110602 ... */ comment runs only on those servers).
        cursor.execute("SET /*M!110602 SESSION innodb_snapshot_isolation"
                       " = OFF, */ @hbtn_part4 = 1")
    return db


def reset(user, password, database, host=None, port=None):
    """Drop ``database`` and load hbtn_4_tx.sql into it, as new.

    A database that holds tables of something else (a task database
    given by mistake) is refused before anything is dropped.
    """
    with closing(connect(user, password, host=host, port=port)) as db:
        with closing(db.cursor()) as cursor:
            refuse_others(cursor, database)
            for statement in statements(database):
                cursor.execute(statement)
        db.commit()


def refuse_others(cursor, database):
    """Raise PartError unless ``database`` is new, empty or this part's."""
    cursor.execute("SELECT TABLE_NAME FROM information_schema.TABLES"
                   " WHERE TABLE_SCHEMA = %s ORDER BY TABLE_NAME",
                   (database,))
    tables = [name for (name,) in cursor.fetchall()]
    cursor.execute("SELECT COUNT(*) FROM information_schema.COLUMNS"
                   " WHERE TABLE_SCHEMA = %s AND TABLE_NAME = 'states'"
                   " AND COLUMN_NAME = 'visits'", (database,))
    (counter,) = cursor.fetchone()
    if tables and (tables != ["cities", "states"] or not counter):
        raise PartError(
            "{} holds tables that are not Part 4's, so it was left as it"
            " was (hint: give the part a database of its own, such as {};"
            " each step drops it and loads its {}.sql again)".format(
                database, NAME, NAME))


def statements(database):
    """The statements of hbtn_4_tx.sql, renamed for ``database``."""
    text = "\n".join(line for line in SCHEMA.read_text("utf-8").split("\n")
                     if not line.startswith("--"))
    quoted = "`{}`".format(database.replace("`", "``"))
    return [part.strip().replace(NAME, quoted) for part in text.split(";")
            if part.strip()]


def pg_connect(user, password, database="postgres", **options):
    """Open a psycopg connection to PostgreSQL: autocommit off.

    The server is libpq's PGHOST (localhost, the project's own, if it is
    not set) and PGPORT.  A MYSQL_HOST or MYSQL_TCP_PORT that cannot be
    one is refused here too: every step of the part says the same line.
    psycopg is imported here, not above: the MariaDB steps never pay for
    it (a heavier import than MySQLdb).
    """
    import psycopg
    hints.host(), hints.port()
    return psycopg.connect(host=os.environ.get("PGHOST", "localhost"),
                           user=user, password=password, dbname=database,
                           **options)


def pg_reset(user, password, database):
    """Make ``database`` on PostgreSQL if it is missing; load the tables.

    hbtn_4_tx.postgres.sql runs in one transaction; a database that holds
    other tables is refused before anything is dropped.
    """
    from psycopg import sql
    with closing(pg_connect(user, password, autocommit=True)) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             (database,)).fetchone():
            admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0")
                          .format(sql.Identifier(database)))
    with closing(pg_connect(user, password, database)) as db:
        tables = [name for (name,) in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " ORDER BY tablename")]
        if tables not in ([], ["cities", "states"]):
            raise PartError("{} on PostgreSQL holds tables that are not"
                            " Part 4's, so it was left as it was".format(
                                database))
        db.execute(PG_SCHEMA.read_text("utf-8"))
        db.commit()


def sqlite_file(database):
    """Make .local/DATABASE.db anew, with Texas in a states table.

    SQLite needs no server and no login: the database is this file, in
    the project's .local folder (a file of anything else is refused).
    Return its path.
    """
    hints.host(), hints.port()
    # A name that is not text is refused, as the servers refuse it.
    database.encode("utf-8")
    path = SCHEMA.parents[2] / ".local" / (Path(database).name + ".db")
    if path.exists():
        with closing(sqlite3.connect(path)) as db:
            tables = [name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]
        if tables not in ([], ["states"]):
            raise PartError("{} holds tables that are not Part 4's, so it"
                            " was left as it was".format(path.name))
        path.unlink()
    path.parent.mkdir(exist_ok=True)
    with closing(sqlite3.connect(path)) as db:
        db.execute("CREATE TABLE states (id INTEGER PRIMARY KEY,"
                   " name TEXT NOT NULL UNIQUE,"
                   " visits INTEGER NOT NULL DEFAULT 0)")
        db.execute("INSERT INTO states (name) VALUES ('Texas')")
        db.commit()
    return path


def side_by_side(barrier, *calls):
    """Run each call in a thread of its own, all at once; wait for them.

    An error in one thread breaks the barrier, so the others stop waiting
    at it instead of hanging, and the first real error is raised here.
    """
    errors = []

    def run(call):
        """Make one call, keeping its error for the main thread."""
        try:
            call()
        except Exception as error:
            errors.append(error)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors.sort(key=lambda e: isinstance(e, threading.BrokenBarrierError))
    if errors:
        raise errors[0]


# Step 7's own server: durability is shown on a MariaDB the step can kill.
AS_ROOT = ["--user=root"] if os.geteuid() == 0 else []
# A small server; commit writes the redo log to disk (1 is the default).
OPTIONS = ["--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M",
           "--innodb-flush-log-at-trx-commit=1"]


def program(name):
    """The path of a MariaDB program, also where PATH lacks /usr/sbin."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if not found:
        raise PartError("{} not found (hint: install the Debian package"
                        " mariadb-server-core)".format(name))
    return found


class Server:
    """A throw-away MariaDB: its data, socket and log in ``folder``."""

    def __init__(self, folder):
        """Pick a free port; nothing runs until start()."""
        self.folder = folder
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.address = dict(host="127.0.0.1", port=sock.getsockname()[1])
        self.process = None
        # Its own tmpdir: a starting server empties its tmpdir of #sql
        # files, and /tmp may hold another server's temporary tables.
        self.paths = ["--datadir=" + os.path.join(folder, "data"),
                      "--tmpdir=" + folder]

    def start(self, user, password):
        """Start the server (a new data directory the first time)."""
        if self.process is None and subprocess.run(
                [program("mariadb-install-db"), "--no-defaults", *AS_ROOT,
                 *self.paths, *OPTIONS[:2], "--force", "--skip-test-db",
                 "--auth-root-authentication-method=normal"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL).returncode != 0:
            raise PartError("mariadb-install-db could not make the step's"
                            " own data directory")
        self.process = subprocess.Popen(
            [program("mariadbd"), "--no-defaults", *AS_ROOT, *self.paths,
             *OPTIONS, "--socket=" + self.socket(), "--skip-name-resolve",
             "--port={}".format(self.address["port"]),
             "--bind-address=127.0.0.1",
             "--log-error=" + os.path.join(self.folder, "error.log"),
             "--pid-file=" + os.path.join(self.folder, "mariadbd.pid")],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        with closing(self.wait()) as admin, closing(admin.cursor()) as cur:
            # Your login, over TCP from 127.0.0.1, as the steps connect.
            cur.execute("CREATE USER IF NOT EXISTS %s@'127.0.0.1'", (user,))
            cur.execute("ALTER USER %s@'127.0.0.1' IDENTIFIED BY %s",
                        (user, password))
            cur.execute("GRANT ALL ON *.* TO %s@'127.0.0.1'", (user,))

    def socket(self):
        """The path of the server's unix socket."""
        return os.path.join(self.folder, "mariadbd.sock")

    def wait(self):
        """Return a root connection on the socket once the server answers."""
        deadline = time.monotonic() + 30
        while True:
            try:
                # root has no password on a new data directory; say so, or
                # the client library would take MYSQL_PWD instead.
                return MySQLdb.connect(unix_socket=self.socket(),
                                       user="root", password="")
            except MySQLdb.OperationalError:
                if self.process.poll() is not None or \
                        time.monotonic() > deadline:
                    raise PartError("the step's own MariaDB did not"
                                    " start: " + self.last_error())
                time.sleep(0.05)

    def last_error(self):
        """The first [ERROR] line of the server's log: the cause, usually."""
        with open(os.path.join(self.folder, "error.log"), errors="replace",
                  encoding="utf-8") as log:
            found = [line for line in log if "[ERROR]" in line]
        return found[0].split("[ERROR]", 1)[1].strip() if found else "?"

    def kill(self):
        """Kill the server with SIGKILL; return the signal it died of."""
        self.process.send_signal(signal.SIGKILL)
        return -self.process.wait(timeout=30)

    def __enter__(self):
        """Use the server in a with block, which stops it at the end."""
        return self

    def __exit__(self, *exc):
        """Kill the server if it still runs: it holds nothing to keep."""
        if self.process and self.process.poll() is None:
            self.kill()
