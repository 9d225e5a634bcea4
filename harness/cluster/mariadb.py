"""One MariaDB server of Part 12's: its options, a new data folder, a
start that waits until it answers, and SQL sent to it as root."""
import os
import shutil
import subprocess
import time
from contextlib import closing
from pathlib import Path

import MySQLdb

from harness.cluster import PORTS, ROOT, WAIT, ServerError, folder

ACCESS_DENIED = 1045


def program(*names):
    """The path of the first of ``names`` installed."""
    for name in names:
        found = shutil.which(name) or shutil.which(name, path="/usr/sbin")
        if found:
            return found
    raise ServerError("no " + names[0] + " found")


def options(name):
    """What every server's mariadbd is given; the roles add theirs."""
    home = folder(name)
    args = [program("mariadbd", "mysqld"), "--no-defaults",
            "--datadir={}/data".format(home), "--tmpdir={}/tmp".format(home),
            "--socket={}/mysqld.sock".format(home),
            "--pid-file={}/mariadbd.pid".format(home),
            "--log-error={}/error.log".format(home),
            "--bind-address=127.0.0.1", "--port={}".format(PORTS[name]),
            "--server-id={}".format(PORTS[name]),
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            "--performance-schema=OFF", "--innodb-log-file-size=16M",
            "--innodb-buffer-pool-size=32M",
            "--general-log=ON", "--log-output=TABLE"]
    return args + (["--user=root"] if os.getuid() == 0 else [])


def connect(name, password="root", **params):
    """A connection to ``name`` as root, autocommit on."""
    db = MySQLdb.connect(host="127.0.0.1", port=PORTS[name], user="root",
                         password=password, connect_timeout=5, **params)
    db.autocommit(True)
    return db


def sql(name, *statements, password="root"):
    """Run statements on ``name`` as root; return the last one's rows."""
    with closing(connect(name, password=password)) as db:
        cursor = db.cursor()
        for statement in statements:
            cursor.execute(statement)
        return cursor.fetchall()


def answers(name):
    """The server takes connections (a refused login is an answer too)."""
    try:
        sql(name, "SELECT 1")
        return True
    except MySQLdb.Error as error:
        return error.args[0] == ACCESS_DENIED


def launch(name, args, ready=answers):
    """Start ``args`` (a mariadbd) in the background; wait till ready."""
    home = folder(name)
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    log = home / "error.log"
    start = log.stat().st_size if log.exists() else 0
    if answers(name):
        raise ServerError("{} cannot start: another server already answers"
                          " on 127.0.0.1:{}".format(name, PORTS[name]))
    # Galera runs its state transfer script, wsrep_sst_local, from PATH.
    env = dict(os.environ, PATH="{}:{}".format(
        Path(__file__).parent, os.environ.get("PATH", "/usr/bin:/bin")))
    server = subprocess.Popen(args, start_new_session=True, env=env,
                              stdin=subprocess.DEVNULL,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and server.poll() is None:
        if ready(name):
            return
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[start:].strip().split("\n")
    errors = [line for line in tail if "ERROR" in line] or tail
    raise ServerError("{} did not start: {} (see {})".format(
        name, errors[-1][:200], log.relative_to(ROOT)))


def install(name):
    """A new data folder for ``name``, empty but for MariaDB's own."""
    home = folder(name)
    shutil.rmtree(home, ignore_errors=True)
    (home / "tmp").mkdir(parents=True)
    user = ["--user=root"] if os.getuid() == 0 else []
    subprocess.run([program("mariadb-install-db", "mysql_install_db"),
                    "--no-defaults", "--datadir={}/data".format(home),
                    "--tmpdir={}/tmp".format(home), "--skip-name-resolve",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db", "--force"] + user,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, timeout=WAIT)


def set_root_password(name, binlog=True):
    """root gets the password of the part's examples, root.

    Without ``binlog`` the change is not logged: a replica that starts
    from a copy of this server must not apply it a second time.
    """
    with closing(connect(name, password="")) as db:
        cursor = db.cursor()
        if not binlog:
            cursor.execute("SET SESSION sql_log_bin = 0")
        for host in ("localhost", "127.0.0.1", "::1"):
            cursor.execute("ALTER USER root@%s IDENTIFIED BY 'root'",
                           (host,))
