"""Where the student's code runs: a copy, a server of its own, a sandbox.

The folder's regular top-level files are copied (never through a link,
never more than the student may read) to the run's own folder; a
disposable MariaDB is started for the run (check/dbserver.py); every
script runs under bubblewrap (check/process.py) in that copy, as nobody
when we are root.  Each task file gets a MySQL account of its own whose
only rights are on the databases made for that file's checks, so one
file's script cannot spoil another's.  Time is budgeted per script, per
file and per run; a run past its budget is reported as a timeout.  At
the end the scripts, the server and the folder are gone.
"""
import contextlib
import os
import pwd
import secrets
import shutil
import stat
import tempfile
import threading
import time
from pathlib import Path

from check import dbserver, process
from check.files import copy_folder
from harness import queries, server
from lesson.steps import SHEBANG, TASK_FILES

# Seconds: one run of a script, all the runs of one file, the whole run.
# The honest step 10, the file with the most runs, takes 60 to 100 s of
# runs on a two-core machine at a load of 13 to 30: its budget leaves
# three times that.
# The attack tests set smaller ones (HBTN_CHECK_TIMEOUT, _FILE_BUDGET).
TIMEOUT = int(os.environ.get("HBTN_CHECK_TIMEOUT", "30"))
FILE_BUDGET = int(os.environ.get("HBTN_CHECK_FILE_BUDGET", "300"))
RUN_BUDGET = 600
# The sandboxes alive in this process: a signal handler removes them.
LIVE = []


def unprivileged():
    """The system account scripts run as if we are root: nobody, or None.

    Run as root, a script could do anything to the machine; as nobody it
    can only write in the copy.
    """
    if os.geteuid() != 0:
        return None
    return pwd.getpwnam("nobody")


def clear_stale(runs):
    """Remove the folders of runs whose process is gone (killed -9)."""
    for old in runs.iterdir():
        pid = old.name.split("-", 1)[0]
        if pid.isdigit() and not Path("/proc", pid).exists():
            shutil.rmtree(str(old), ignore_errors=True)


class Sandbox:
    """One check run's copy of the folder, server, accounts, scripts."""

    def __init__(self, source, notes=None):
        """Copy ``source``, start the server, prove bwrap works.

        ``notes`` is a host folder every script may write in, at /notes
        (for the attack tests: what a script saw); normally None.
        """
        self.top = self.server = None
        self.procs = set()
        self.closing = False
        LIVE.append(self)
        self.runner = unprivileged()
        self.lock = threading.Lock()
        self.accounts = {}
        self.owners = {}
        self.spent = {}
        self.count = 0
        self.deadline = time.monotonic() + RUN_BUDGET
        runs = dbserver.state_folder() / "check-runs"
        runs.mkdir(mode=0o711, exist_ok=True)
        clear_stale(runs)
        self.top = Path(tempfile.mkdtemp(prefix="{}-".format(os.getpid()),
                                         dir=str(runs)))
        try:
            os.chmod(str(self.top), 0o711)
            self.folder = self.top / "dir"
            self.folder.mkdir(mode=0o700)
            if self.runner:
                os.chown(str(self.folder), self.runner.pw_uid,
                         self.runner.pw_gid)
            self.present, self.refused, self.skipped = copy_folder(
                source, self.folder, self.runner)
            self.socket_dir = self.top / "socket"
            self.socket_dir.mkdir(mode=0o711)
            self.jail(notes)
            self.socket_dir.rmdir()
            self.server = dbserver.Server(self.top)
            # The judges' helpers (harness.server) reach this server only.
            server.use(self.server)
        except BaseException:
            self.close()
            raise

    def sql(self, statement, params=None):
        """Run one statement as the admin login; return its rows."""
        return self.server.sql(statement, params)

    def database(self, task=None, statements=()):
        """A new throw-away database, then ``statements`` run in it.

        ``task`` names a task database (hbtn_0e_4_usa): its file in sql/
        is loaded, renamed.  Without it the database starts empty.  It
        belongs to no file until a file's script is given it.
        """
        with self.lock:
            self.count += 1
            name = "hbtn_run_{}".format(self.count)
        if task:
            text = server.task_sql(task, name)
        else:
            text = ("CREATE DATABASE {} CHARACTER SET utf8mb4"
                    " COLLATE utf8mb4_unicode_ci;".format(name))
        text += "\nUSE {};\n".format(name)
        text += "".join(s + ";\n" for s in statements)
        self.server.script(text)
        return name

    def login(self, script, database=None):
        """(user, password) of ``script``'s account, given ``database``.

        The account is made on first use; a database goes to the first
        file that asks for it, and only to that one.
        """
        with self.lock:
            if script not in self.accounts:
                user = "hbtn_f{}".format(len(self.accounts) + 1)
                password = "Ck_{}_Z9".format(secrets.token_hex(12))
                # A script that opens connections in a loop stops here.
                self.server.sql("CREATE USER %s@localhost IDENTIFIED BY %s"
                                " WITH MAX_USER_CONNECTIONS 40",
                                (user, password))
                self.accounts[script] = (user, password)
            if database and database not in self.owners:
                self.owners[database] = script
                self.server.sql("GRANT ALL PRIVILEGES ON `{}`.* TO"
                                " %s@localhost".format(
                                    database.replace("_", "\\_")),
                                (self.accounts[script][0],))
        return self.accounts[script]

    def student(self, database=None):
        """A connection as the account that owns ``database``.

        A database no script was given yet holds only what we put there:
        it is read with the admin login.
        """
        owner = self.owners.get(database)
        if owner is None:
            return self.server.connect(database=database)
        user, password = self.accounts[owner]
        return self.server.connect(user, password, database,
                                   read_timeout=TIMEOUT)

    def as_student(self, database, statement, params=None):
        """Run a statement as the database's account; return its rows.

        Whatever a script may have left in a database (a view, a function
        that runs with the rights of whoever reads it) is read this way,
        never with the admin login, and so is a statement a script sent:
        as the file's account, it can only touch that file's databases.
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
        return {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8",
                "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1"}

    def budget(self, argv, timeout):
        """(file, seconds this run may take): the least budget left."""
        names = [a[2:] if a.startswith("./") else a for a in argv[:6]]
        name = next((n for n in names if n in TASK_FILES), None)
        with self.lock:
            left = min(timeout, FILE_BUDGET - self.spent.get(name, 0),
                       self.deadline - time.monotonic())
        return name, (0 if self.closing else left)

    def jail(self, notes):
        """Choose how bwrap runs here, and prove it works.

        bwrap starts as nobody in a user namespace of its own.  A chroot
        or a container refuses user namespaces even to root, who needs
        none: there bwrap starts as root, makes every other namespace,
        and the script becomes nobody before it starts.  Anyone else
        gets SandboxError (one line), never a script unconfined.
        """
        self.options = process.bwrap_options(self.folder, self.socket_dir,
                                             notes)
        self.starter, self.drop = self.runner, None
        self.rebind = False
        try:
            process.probe(self.options, self.environment(), self.starter)
        except process.SandboxError as first:
            if self.runner is None:
                raise
            self.options = process.bwrap_options(
                self.folder, self.socket_dir, notes, user=False)
            self.starter, self.drop = None, self.runner
            try:
                process.probe(self.options, self.environment(), None,
                              self.drop)
            except process.SandboxError:
                # A chroot whose / is no mount point: see process.REBIND.
                self.rebind = True
                try:
                    process.probe(self.options, self.environment(), None,
                                  self.drop, True)
                except process.SandboxError:
                    # No way worked: bwrap's own reason is the line.
                    raise first from None

    def run(self, argv, timeout=TIMEOUT, env=None):
        """Run ``argv`` in the copy; a Result once it ended or was killed.

        A file that used up its time (or a run that did) is not started:
        its Result says it timed out.
        """
        name, left = self.budget(argv, timeout)
        if left < 0.5:
            return process.Result("", "", -9, 0.0, True)

        def started(proc):
            """Remember a sandbox to kill if the run is stopped."""
            with self.lock:
                self.procs.add(proc)
            if self.closing:
                process.kill(proc)
        try:
            result = process.run(argv, self.options,
                                 env or self.environment(), left, started,
                                 self.starter, self.drop, self.rebind)
        finally:
            with self.lock:
                self.procs = {p for p in self.procs if p.poll() is None}
        with self.lock:
            self.spent[name] = self.spent.get(name, 0) + result.seconds
        return result

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
                and os.stat(str(path)).st_mode & stat.S_IXUSR != 0)

    def command(self, script):
        """The argv that starts ``script``: ./script, or through python3."""
        if self.runnable(script):
            return ["./" + script]
        return ["/usr/bin/python3", script]

    def step(self, script, database, *args, timeout=TIMEOUT):
        """Run ``./script user password database args`` as its account."""
        user, password = self.login(script, database)
        return self.run(self.command(script)
                        + [user, password, database] + list(args),
                        timeout=timeout)

    @contextlib.contextmanager
    def general_log(self):
        """The server's query log on for a block; yield (cursor, start).

        The server is this run's own: no other process shares its log.
        """
        db = self.server.connect()
        cur = db.cursor()
        cur.execute("SET GLOBAL general_log = 'ON'")
        cur.execute("SELECT NOW(6)")
        (start,) = cur.fetchone()
        try:
            yield cur, start
        finally:
            cur.execute("SET GLOBAL general_log = 'OFF'")
            cur.execute("TRUNCATE TABLE mysql.general_log")
            db.close()

    def logged(self, cur, start):
        """What every file's account sent since ``start``, by database."""
        found = {}
        for user, _ in list(self.accounts.values()):
            for database, sent in queries.read_log(cur, start,
                                                   user).items():
                found.setdefault(database, []).extend(sent)
        return found

    def stop(self):
        """Kill every script still running and the server (any thread)."""
        self.closing = True
        for proc in list(self.procs):
            process.kill(proc)
        if self.server is not None:
            self.server.stop()

    def close(self):
        """Stop everything and remove the run's folder with all in it."""
        self.stop()
        server.use(None)
        if self.top is not None:
            shutil.rmtree(str(self.top), ignore_errors=True)
