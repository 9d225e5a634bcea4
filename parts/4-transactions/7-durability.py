#!/usr/bin/env python3
"""Step 7: durability: a committed row survives the server being killed.

The step starts a MariaDB of its own (new data in a temporary folder, a
free port on 127.0.0.1; your server is not touched), gives it your login
and the part's database, commits one city and leaves a second one
uncommitted, then kills the server with SIGKILL: no shutdown, no last
write.  Started again on the same data, the server replays its redo log:
the committed city is there, the other one is not.  The folder is
removed at the end.

Usage: ./parts/4-transactions/7-durability.py mysql_username
       mysql_password database_name
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import closing

import MySQLdb

import tx

ERRORS = tx.ERRORS
AS_ROOT = ["--user=root"] if os.geteuid() == 0 else []
# A small server; commit writes the redo log to disk (1 is the default).
OPTIONS = ["--innodb-log-file-size=4M", "--innodb-buffer-pool-size=16M",
           "--innodb-flush-log-at-trx-commit=1"]


def program(name):
    """The path of a MariaDB program, also where PATH lacks /usr/sbin."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
    if not found:
        raise tx.PartError("{} not found (hint: install the Debian package"
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
            raise tx.PartError("mariadb-install-db could not make the step's"
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
                    raise tx.PartError("the step's own MariaDB did not"
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


def texas(db):
    """Print the cities of Texas as this connection sees them now."""
    with closing(db.cursor()) as cursor:
        cursor.execute("SELECT cities.name FROM cities JOIN states"
                       " ON states.id = cities.state_id"
                       " WHERE states.name = %s ORDER BY cities.id",
                       ("Texas",))
        print("Texas:", ", ".join(n for (n,) in cursor))


def insert(db, city):
    """Insert ``city`` into Texas, in the connection's open transaction."""
    with closing(db.cursor()) as cursor:
        cursor.execute("INSERT INTO cities (state_id, name) SELECT id, %s"
                       " FROM states WHERE name = %s", (city, "Texas"))


def main(user, password, database):
    """Commit one city, leave one pending, kill the server, look again."""
    with tempfile.TemporaryDirectory(prefix="hbtn-4-") as folder, \
            Server(folder) as server:
        server.start(user, password)
        print("a server of our own, on a free port, with new data")
        tx.reset(user, password, database, **server.address)
        done = tx.connect(user, password, database, **server.address)
        insert(done, "Lubbock")
        done.commit()
        print("connection 1: INSERT Lubbock, COMMIT")
        pending = tx.connect(user, password, database, **server.address)
        insert(pending, "Amarillo")
        print("connection 2: INSERT Amarillo, no COMMIT")
        print("the server was killed by signal {} (SIGKILL)".format(
            server.kill()))
        done.close()
        pending.close()
        server.start(user, password)
        print("started again on the same data")
        with closing(tx.connect(user, password, database,
                                **server.address)) as db:
            texas(db)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(tx.USAGE.format(sys.argv[0]))
    try:
        main(*sys.argv[1:])
    except ERRORS as error:
        sys.exit(tx.explain(error))
