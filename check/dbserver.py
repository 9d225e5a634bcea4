"""The disposable MariaDB of one bin/check run, thrown away at its end.

No script of a student ever shares a server with anything else: each run
starts its own MariaDB from a template data directory (made once per
server version, small, copied sparse in a fraction of a second), with no
TCP (only a socket in the run's folder), LOCAL INFILE off, file reading
and writing confined to an empty folder (secure_file_priv), InnoDB as the
only engine, its tablespace capped and a time limit on every statement.
Run as root, the server runs as the system account ACCOUNT.  Its admin
login is root with a random password that only this process knows (no
file, argv or environment holds it); the socket's folder stays closed
(mode 700) until that password is set.  At the end the server is killed
and its folder removed with everything in it.
"""
import ctypes
import fcntl
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import MySQLdb
from MySQLdb.constants import CLIENT

from harness.server import ROOT

ACCOUNT = "hbtn-mysql"
STATEMENT_SECONDS = 20
# Small InnoDB files, so that the template copies fast; one capped
# tablespace (no file per table) and InnoDB only, so that a script that
# inserts for ever fills at most that much disk.
INNODB = ["--innodb-log-file-size=4M", "--innodb-buffer-pool-size=32M",
          "--innodb-undo-tablespaces=0", "--innodb-file-per-table=0",
          "--innodb-data-file-path=ibdata1:4M:autoextend:max:512M",
          "--innodb-temp-data-file-path=ibtmp1:4M:autoextend:max:256M"]


class ServerError(Exception):
    """The disposable server could not be made or started (one line)."""


def program(*names):
    """The path of the first of ``names`` found, or ServerError."""
    for name in names:
        for folder in os.environ.get("PATH", "").split(":") + [
                "/usr/sbin", "/usr/bin"]:
            path = os.path.join(folder or ".", name)
            if os.access(path, os.X_OK) and os.path.isfile(path):
                return path
    raise ServerError("no {} found (install mariadb-server-core)"
                      .format(names[0]))


def account():
    """The pwd entry the server runs as: ACCOUNT when root, else None."""
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam(ACCOUNT)
    except KeyError:
        raise ServerError("the system account {} is missing (bin/check"
                          " creates it)".format(ACCOUNT)) from None


def state_folder():
    """Where templates and runs live: .local/, or a private temp folder.

    .local/ when we may write there (root, or the project's owner);
    else (bin/check run by another user) a folder of our own in /tmp,
    mode 700, refused if someone else made it or it is a link.
    """
    local = ROOT / ".local"
    if os.access(str(ROOT), os.W_OK):
        local.mkdir(exist_ok=True)
    owner = account()
    if local.is_dir() and os.access(str(local), os.W_OK) and \
            reachable(local, owner):
        return local
    # Root's folder in /tmp may be crossed (not read) by the server's
    # account, for the project under a private folder (/root, mktemp -d).
    mode = 0o711 if owner else 0o700
    base = Path(tempfile.gettempdir()) / "hbtn-check-{}".format(os.geteuid())
    try:
        base.mkdir(mode=mode)
    except FileExistsError:
        pass
    info = os.lstat(str(base))
    if info.st_uid != os.geteuid() or not os.path.isdir(str(base)) or \
            os.path.islink(str(base)) or info.st_mode & 0o777 != mode:
        raise ServerError("{} is not a private folder of ours".format(base))
    return base


def reachable(path, owner):
    """Whether ``owner`` (a pwd entry, or None for us) may cross every
    folder down to ``path``, as the server running as it must."""
    if owner is None:
        return True
    path = Path(path).resolve()
    for folder in [path] + list(path.parents):
        info = os.stat(str(folder))
        if not (info.st_mode & 0o001 or (
                info.st_uid == owner.pw_uid and info.st_mode & 0o100) or (
                info.st_gid == owner.pw_gid and info.st_mode & 0o010)):
            return False
    return True


def own(path, owner):
    """Give ``path`` (and everything in it) to ``owner``, if any."""
    if owner is None:
        return
    for folder, dirs, files in os.walk(str(path)):
        os.lchown(folder, owner.pw_uid, owner.pw_gid)
        for name in dirs + files:
            os.lchown(os.path.join(folder, name), owner.pw_uid,
                      owner.pw_gid)


def template(base, server, owner):
    """The template data directory for this server version; made once.

    Built in a temporary folder and renamed when complete, under a lock,
    so two first runs at once make it once.
    """
    out = subprocess.run([server, "--version"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL,
                         universal_newlines=True).stdout.split()
    version = next((w for w in out if w[:1].isdigit()), "unknown")
    folder = base / "check-template" / version.replace("/", "_")
    if (folder / "data" / "mysql").is_dir():
        return folder / "data"
    folder.parent.mkdir(mode=0o711, exist_ok=True)
    with open(str(folder.parent / "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if (folder / "data" / "mysql").is_dir():
            return folder / "data"
        install = program("mariadb-install-db", "mysql_install_db")
        work = Path(tempfile.mkdtemp(dir=str(folder.parent)))
        own(work, owner)
        user = ["--user=" + owner.pw_name] if owner else []
        done = subprocess.run(
            [install, "--no-defaults"] + user + [
                "--datadir={}/data".format(work), "--force",
                "--skip-name-resolve", "--skip-test-db",
                "--auth-root-authentication-method=normal"] + INNODB,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            universal_newlines=True)
        if done.returncode != 0:
            shutil.rmtree(str(work), ignore_errors=True)
            raise ServerError("mariadb-install-db failed: {}".format(
                (done.stdout.strip().splitlines() or ["?"])[-1]))
        # The servers copy it; none of them (hbtn-mysql) may change it.
        own(work, pwd.getpwuid(0) if owner else None)
        shutil.rmtree(str(folder), ignore_errors=True)
        os.rename(str(work), str(folder))
    return folder / "data"


def die_with_us():
    """In the child: be killed when the process that started us ends."""
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)


class Server:
    """One disposable MariaDB in the folder ``top``; see the module."""

    def __init__(self, top):
        """Copy the template into ``top``/server and start the server."""
        self.top = Path(top)
        self.proc = None
        self.password = secrets.token_urlsafe(24)
        self.local = threading.local()
        self.owner = account()
        server = program("mariadbd", "mysqld")
        data = template(state_folder(), server, self.owner)
        home = self.top / "server"
        self.socket_dir = self.top / "socket"
        for folder in (home, self.socket_dir):
            folder.mkdir(mode=0o700)
        for name in ("tmp", "files"):
            (home / name).mkdir(mode=0o700)
        subprocess.run(["cp", "-a", "--sparse=always", str(data),
                        str(home / "data")], check=True)
        own(home, self.owner)
        own(self.socket_dir, self.owner)
        self.socket = self.socket_dir / "mysqld.sock"
        user = dict(user=self.owner.pw_uid, group=self.owner.pw_gid,
                    extra_groups=[]) if self.owner else {}
        self.proc = subprocess.Popen(
            [server, "--no-defaults", "--datadir={}".format(home / "data"),
             "--socket={}".format(self.socket), "--skip-networking",
             "--pid-file={}".format(home / "mariadbd.pid"),
             "--log-error={}".format(home / "error.log"),
             "--tmpdir={}".format(home / "tmp"),
             "--secure-file-priv={}".format(home / "files"),
             "--local-infile=0", "--skip-name-resolve",
             "--max-statement-time={}".format(STATEMENT_SECONDS),
             "--enforce-storage-engine=InnoDB",
             "--character-set-server=utf8mb4",
             "--collation-server=utf8mb4_unicode_ci",
             "--log-output=TABLE", "--general-log=0",
             "--max-connections=400"] + INNODB,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True,
            preexec_fn=die_with_us, **user)
        self.wait_ready(home / "error.log")
        self.lock_root()
        # Only now may the scripts' sandboxes reach the socket.
        os.chmod(str(self.socket_dir), 0o711)

    def wait_ready(self, log):
        """Wait until the server answers on its socket (30 s at most)."""
        for _ in range(600):
            if self.proc.poll() is not None:
                break
            try:
                self.first_login().close()
                return
            except MySQLdb.Error:
                time.sleep(0.05)
        lines = log.read_text("utf-8", "replace").splitlines() \
            if log.exists() else []
        errors = [x for x in lines if "[ERROR]" in x] or lines or ["?"]
        raise ServerError("the disposable MariaDB did not start: {}"
                          .format(errors[-1].strip()))

    def first_login(self):
        """root's login before it has a password.

        The password is given, empty: the client library would otherwise
        take MYSQL_PWD from our environment.
        """
        return MySQLdb.connect(unix_socket=str(self.socket), user="root",
                               password="")

    def lock_root(self):
        """Give root the random password; no other admin login is left."""
        db = self.first_login()
        cur = db.cursor()
        cur.execute("SELECT user, host FROM mysql.user WHERE user = 'root'"
                    " AND host <> 'localhost' OR user = ''")
        for user, host in cur.fetchall():
            cur.execute("DROP USER %s@%s", (user, host))
        cur.execute("ALTER USER root@localhost IDENTIFIED BY %s",
                    (self.password,))
        db.close()

    def connect(self, user="root", password=None, database=None,
                **kwargs):
        """A new connection to this server, autocommit on."""
        params = dict(unix_socket=str(self.socket), user=user,
                      password=self.password if password is None
                      else password, charset="utf8mb4", **kwargs)
        if database:
            params["database"] = database
        db = MySQLdb.connect(**params)
        db.autocommit(True)
        return db

    def admin(self):
        """This thread's admin connection (one per thread, kept)."""
        if getattr(self.local, "db", None) is None:
            self.local.db = self.connect(
                client_flag=CLIENT.MULTI_STATEMENTS)
        return self.local.db

    def sql(self, statement, params=None):
        """Run one statement as admin; return its rows."""
        cur = self.admin().cursor()
        try:
            cur.execute(statement, params)
            return list(cur.fetchall()) if cur.description else []
        finally:
            cur.close()

    def script(self, text):
        """Run SQL text of many statements as admin (a file of sql/)."""
        cur = self.admin().cursor()
        try:
            cur.execute(text)
            while cur.nextset():
                pass
        finally:
            cur.close()

    def stop(self):
        """Kill the server at once: everything in it is thrown away."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            self.proc.wait()
