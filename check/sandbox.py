"""Where the student's code runs: a copy, an account, throw-away databases.

The folder is copied to a temporary one and every script runs there, as
a grader runs it (./file args, its own shebang), in a process group of
its own with a small environment that holds no password, and is killed
with its whole group after TIMEOUT seconds; when the checker runs as
root, the scripts run as nobody.  It logs in as a MySQL
account made for this run, whose only rights are on this run's databases
(hbtn_chk<pid>_*); the account, its databases and its connections are
gone when the run ends.  The admin login (MYSQL_USER, MYSQL_PWD) is only
ever used by the checker itself.
"""
import os
import pwd
import secrets
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from check import process
from check.process import LARGEST, kill_group, kill_marked
from lesson import server
from lesson.steps import SHEBANG, TASK_FILES

TIMEOUT = 30


def copy_folder(source, target):
    """Copy the top-level files of ``source`` (not its folders) to target.

    Returns the task files it held.  Symbolic links are followed, so the
    copy holds plain files; files over 1 MiB are left out.
    """
    present = []
    for path in sorted(Path(source).iterdir()):
        if path.is_file() and path.stat().st_size <= LARGEST:
            shutil.copy2(str(path), str(Path(target) / path.name))
            if path.name in TASK_FILES:
                present.append(path.name)
    return present


def unprivileged():
    """The system account scripts run as if we are root: nobody, or None.

    Run as root, a script could do anything to the machine; as nobody it
    can only write in the copy.
    """
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("nobody")
    except KeyError:
        return None


def hand_over(top, account):
    """Give ``account`` the copy and the home under ``top``."""
    os.chmod(str(top), 0o755)
    for folder in (top / "dir", top / "home"):
        for path in [folder] + list(folder.iterdir()):
            os.chown(str(path), account.pw_uid, account.pw_gid)


class Sandbox:
    """One check run's copy of the folder, MySQL account and databases."""

    def __init__(self, source):
        """Copy ``source`` and create this run's MySQL account."""
        self.tag = "hbtn_chk{}".format(os.getpid())
        self.user = self.tag
        # Letters, digits and "_" only: safe in any hand-built URL.
        self.password = "Ck_{}_Z9".format(secrets.token_hex(12))
        self.top = Path(tempfile.mkdtemp(prefix="hbtn-check-"))
        self.folder = self.top / "dir"
        self.home = self.top / "home"
        self.count = 0
        self.lock = threading.Lock()
        self.procs = set()
        self.hosts = ()
        self.admin = None
        self.runner = unprivileged()
        try:
            self.folder.mkdir()
            self.home.mkdir()
            self.present = copy_folder(source, self.folder)
            if self.runner:
                hand_over(self.top, self.runner)
            self.admin = server.connect()
            self.create_account()
        except Exception:
            self.close()
            raise

    def sql(self, statement, params=None):
        """Run one statement as the admin login; return its rows."""
        with self.lock:
            cur = self.admin.cursor()
            cur.execute(statement, params)
            rows = list(cur.fetchall()) if cur.description else []
            cur.close()
            return rows

    def create_account(self):
        """Create the run's account on the hosts a local client comes from.

        USER() names the host the server sees for our own connection; the
        scripts come from the same machine, by that route, by the socket
        (localhost) or by TCP (127.0.0.1 or ::1).
        """
        seen = self.sql("SELECT USER()")[0][0].rsplit("@", 1)[-1]
        self.hosts = tuple(sorted({seen, "localhost", "127.0.0.1", "::1"}))
        pattern = self.tag.replace("_", "\\_") + "\\_%"
        for host in self.hosts:
            # A script that opens connections in a loop stops at the cap.
            self.sql("CREATE USER %s@%s IDENTIFIED BY %s"
                     " WITH MAX_USER_CONNECTIONS 40",
                     (self.user, host, self.password))
            self.sql("GRANT ALL PRIVILEGES ON `{}`.* TO %s@%s"
                     .format(pattern.replace("%", "%%")), (self.user, host))

    def database(self, task=None, statements=()):
        """A new throw-away database, then ``statements`` run in it.

        ``task`` names a task database (hbtn_0e_4_usa): its file in sql/
        is loaded, renamed.  Without it the database starts empty.
        """
        with self.lock:
            self.count += 1
            name = "{}_{}".format(self.tag, self.count)
        if task:
            text = server.task_sql(task, name)
        else:
            # DROP first: a script could have made one by this name.
            text = ("DROP DATABASE IF EXISTS {0}; CREATE DATABASE {0}"
                    " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;"
                    .format(name))
        text += "\nUSE {};\n".format(name)
        text += "".join(s + ";\n" for s in statements)
        server.mysql_cli(text)
        return name

    def student(self, database=None):
        """A connection as the run's account, autocommit on."""
        return server.connect(database, user=self.user,
                              password=self.password, read_timeout=TIMEOUT)

    def as_student(self, database, statement, params=None):
        """Run a statement as the run's account; return its rows.

        Whatever a script may have left in a database (a view, a function
        that runs with the rights of whoever reads it) is read this way,
        never with the admin login, and so is a statement a script sent:
        as the account, it can only touch this run's databases.
        """
        db = self.student(database)
        try:
            cur = db.cursor()
            cur.execute(statement, params)
            return list(cur.fetchall()) if cur.description else []
        finally:
            db.close()

    def environment(self):
        """The small environment a script gets: no login, no password."""
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
               "HOME": str(self.home), "HBTN_CHECK_RUN": self.tag,
               "PYTHONDONTWRITEBYTECODE": "1"}
        for name in ("MYSQL_HOST", "MYSQL_TCP_PORT"):
            if name in os.environ:
                env[name] = os.environ[name]
        return env

    def run(self, argv, timeout=TIMEOUT, env=None):
        """Run ``argv`` in the copy; a Result once it ended or was killed."""
        def started(pid):
            """Remember a process group to kill at the end."""
            with self.lock:
                self.procs.add(pid)
        return process.run(argv, self.folder, env or self.environment(),
                           timeout, started, self.runner)

    def runnable(self, script):
        """Whether ``./script`` starts as it is: exact shebang, run bit.

        A file a grader could not even start (the style class says so) is
        run with /usr/bin/python3 instead, so the other classes can still
        say what they find.
        """
        path = self.folder / script
        with path.open("rb") as source:
            first = source.readline()
        return (first == SHEBANG.encode() + b"\n"
                and os.access(str(path), os.X_OK))

    def command(self, script):
        """The argv that starts ``script``: ./script, or through python3."""
        if self.runnable(script):
            return ["./" + script]
        return ["/usr/bin/python3", script]

    def step(self, script, database, *args, timeout=TIMEOUT):
        """Run ``./script user password database args`` as the account."""
        return self.run(self.command(script)
                        + [self.user, self.password, database] + list(args),
                        timeout=timeout)

    def drop_account(self):
        """Drop the account, kill its connections, drop its databases."""
        for host in self.hosts:
            self.sql("DROP USER IF EXISTS %s@%s", (self.user, host))
        for (thread,) in self.sql(
                "SELECT id FROM information_schema.processlist"
                " WHERE user = %s", (self.user,)):
            try:
                self.sql("KILL CONNECTION %s", (thread,))
            except server.MySQLdb.Error:
                pass  # it ended meanwhile
        pattern = self.tag.replace("_", "\\_") + "\\_%"
        for (name,) in self.sql("SHOW DATABASES LIKE %s", (pattern,)):
            self.sql("DROP DATABASE IF EXISTS `{}`".format(name))
        self.admin.close()

    def close(self):
        """Kill what is left, drop the account, the databases, the copy.

        The account goes first, so nothing can log in again; then its
        connections are killed and its databases dropped.  If the server
        fails meanwhile, one line on stderr names what is left.
        """
        for pid in sorted(self.procs):
            kill_group(pid)
        kill_marked(self.tag)
        if self.admin is not None:
            try:
                self.drop_account()
            except server.MySQLdb.Error as error:
                print("bin/check: could not remove the account {} and its"
                      " databases: {}".format(self.user, error.args[-1]),
                      file=sys.stderr)
        shutil.rmtree(str(self.top), ignore_errors=True)
