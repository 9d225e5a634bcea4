"""Part 10: async, on SQLite, MariaDB and PostgreSQL (parts/10-async).

Every step runs as a process in the parts' virtualenv, on throw-away
databases of the three kinds: a SQLite file in pytest's temporary
folder, and ``hbtn_t<pid>_10_<n>`` on MariaDB and on PostgreSQL, which the
steps create themselves and the tests drop.  The page, the folder's
README.md, is the contract for the outputs.  Each step runs under a small
wrapper that, once the step is done and before its process ends, counts
the connections the server still has to the step's database (MariaDB's
process list, PostgreSQL's pg_stat_activity): an engine the step forgot
to dispose of would still hold its pool's connections then.
"""
import itertools
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from conftest import (PG, ROOT, free_port, mysql_cli, psql, query,
                      run_part, url_string, venv)
from harness.server import HOST, PASSWORD, PORT, USER
from harness.transcript import commands

PART = ROOT / "parts" / "10-async"
PAGE = PART / "README.md"
KINDS = ("sqlite", "mariadb", "postgres")
COMMAND = re.compile(r'^\./parts/10-async/(\S+\.py) "\$(\w+)"'
                     r'(?:  # exit status (\d+))?$')
TIMES = re.compile(r"in sequence (\S+) s, gathered (\S+) s(?: \(counting "
                   r"(\S+) s\))?: (\S+) times as fast\n")
# Part 9's list of states, byte for byte, as its own tests hold it.
STATES = ('[{"id":1,"name":"California"},{"id":2,"name":"Arizona"},'
          '{"id":3,"name":"Texas"},{"id":4,"name":"New York"},'
          '{"id":5,"name":"Nevada"}]\n')
GREENLET = "Error: MissingGreenlet: greenlet_spawn has not been called\n"
# The step 4 floor: gathered lookups that wait at least twice as fast as
# in sequence.
PAYS = 2.0
_numbers = itertools.count()

# Runs a step (argv: kind, database, step, its arguments) as its shebang
# would, recording every statement SQLAlchemy hands the driver; then,
# before this process ends, counts the server's connections to the
# database, waiting up to 5 s for them to go, and writes the statements
# (JSON) and the count as the last two lines of stderr.
COUNTED = r"""
import json, os, runpy, subprocess, sys, time
from sqlalchemy import event
from sqlalchemy.engine import Engine
kind, database, step = sys.argv[1:4]
sys.argv = sys.argv[3:]
sent = []
event.listen(Engine, "before_cursor_execute",
             lambda conn, cursor, sql, *rest: sent.append(sql))
status = 0
try:
    runpy.run_path(step, run_name="__main__")
except SystemExit as end:
    if isinstance(end.code, str):
        print(end.code, file=sys.stderr)
        status = 1
    else:
        status = end.code or 0
sys.stdout.flush()


def count():
    if kind == "mariadb":
        import MySQLdb
        db = MySQLdb.connect(host=os.environ["T_HOST"],
                             port=int(os.environ["T_PORT"]),
                             user=os.environ["T_USER"],
                             password=os.environ["T_PASSWORD"])
        try:
            cur = db.cursor()
            cur.execute("SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                        " WHERE DB = %s", (database,))
            return cur.fetchone()[0]
        finally:
            db.close()
    if kind == "postgres":
        return int(subprocess.run(
            ["psql", "-X", "-A", "-t", "-d", "postgres", "-c",
             "SELECT count(*) FROM pg_stat_activity WHERE datname = '{}'"
             .format(database)], stdout=subprocess.PIPE, check=True,
            universal_newlines=True).stdout)
    return 0


left = count()
for _ in range(50):
    if not left:
        break
    time.sleep(0.1)
    left = count()
sys.stderr.write("\x1fsent {}\n\x1fconnections {}\n".format(
    json.dumps(sent), left))
sys.exit(status)
"""


class Three:
    """A throw-away database of each kind, and their async URLs."""

    def __init__(self, folder):
        self.name = "hbtn_t{}_10_{}".format(os.getpid(), next(_numbers))
        self.urls = {
            "sqlite": "sqlite+aiosqlite:///" + str(folder / "hbtn_10.db"),
            "mariadb": url_string(
                "mysql+asyncmy", username=USER, password=PASSWORD,
                host=HOST, port=PORT, database=self.name,
                query={"charset": "utf8mb4"}),
            "postgres": url_string("postgresql+asyncpg",
                                   database=self.name),
        }

    def drop(self):
        """Drop the server databases (the steps made them)."""
        mysql_cli("DROP DATABASE IF EXISTS {};".format(self.name))
        psql("DROP DATABASE IF EXISTS {} WITH (FORCE)".format(self.name))


def counted(made, kind, script, *args):
    """Run a step under COUNTED.

    Returns (status, stdout, stderr, connections, statements sent).
    """
    # The step's folder first on the path, as its shebang would put it.
    env = dict(os.environ, LANG="C.UTF-8", T_HOST=HOST, T_PORT=str(PORT),
               T_USER=USER, T_PASSWORD=PASSWORD,
               PYTHONPATH=str(PART), **PG)
    proc = subprocess.run(
        [str(venv() / "bin" / "python"), "-c", COUNTED, kind, made.name,
         "parts/10-async/" + script, made.urls[kind], *args], cwd=ROOT,
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        timeout=120)
    stderr = proc.stderr.decode("utf-8")
    match = re.search("\x1fsent (.*)\n\x1fconnections (\\d+)\n$", stderr)
    assert match, stderr
    return (proc.returncode, proc.stdout.decode("utf-8"),
            stderr[:match.start()], int(match.group(2)),
            json.loads(match.group(1)))


def page_runs():
    """The page's step commands: (script, kind, output, status)."""
    found = []
    for cmd in commands(PAGE):
        match = COMMAND.match(cmd.text)
        if match:
            found.append((match.group(1), match.group(2), cmd.output,
                          cmd.status))
    return found


def steps():
    """The part's step files, in order."""
    return sorted((p.name for p in PART.glob("[0-9]*-*.py")),
                  key=lambda n: int(n.split("-")[0]))


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """New databases of the three kinds, dropped at the end."""
    three = Three(tmp_path_factory.mktemp("part10"))
    try:
        yield three
    finally:
        three.drop()


@pytest.fixture(scope="module")
def toured(made):
    """Each database's page commands, in page order, the three at once.

    Steps 4 and 5 run with --times, which adds one line on stderr only.
    Returns {kind: [(script, expected, status, (status, out, err, n))]}.
    """
    runs = page_runs()

    def in_order(kind):
        """Run the page's commands for one database."""
        got = []
        for script, k, output, status in runs:
            if k == kind:
                extra = ["--times"] if script[0] in "45" and not status \
                    else []
                got.append((script, output, status,
                            counted(made, kind, script, *extra)))
        return got
    with ThreadPoolExecutor(3) as pool:
        return dict(zip(KINDS, pool.map(in_order, KINDS)))


def test_the_page_runs_every_step_on_each_database():
    """Each step is on the page for the three databases (4: refused)."""
    runs = page_runs()
    assert sorted({script for script, _, _, _ in runs}) == sorted(
        s for s in steps() if s != "9-endpoint.py")
    for script in {script for script, _, _, _ in runs}:
        assert sorted(k for s, k, _, _ in runs if s == script) == sorted(
            KINDS), script


@pytest.mark.parametrize("kind", KINDS)
def test_every_step_prints_what_the_page_shows(toured, kind):
    """stdout, then stderr's one line, exactly the page's; the status."""
    for script, output, status, got in toured[kind]:
        code, out, err = got[:3]
        err = TIMES.sub("", err) if script[0] in "45" else err
        assert (code, out + err) == (status, output), (kind, script, err)
        assert err.count("\n") == (1 if status else 0), (script, err)


@pytest.mark.parametrize("kind", KINDS)
def test_no_step_leaves_a_connection_open(toured, kind):
    """Once a step is done, its database has no connection left."""
    left = {script: got[3] for script, _, _, got in toured[kind]}
    assert left == dict.fromkeys(left, 0)


def test_the_lazy_load_raises_missing_greenlet(toured):
    """Step 1: the first state, then MissingGreenlet, on all three."""
    for kind in KINDS:
        [got] = [g for s, _, _, g in toured[kind] if s == "1-lazy_load.py"]
        assert got[:3] == (1, "1: California\n", GREENLET), kind


def reads(toured, kind, script):
    """The SELECTs of the part's tables that a step sent, in order."""
    [got] = [g for s, _, _, g in toured[kind] if s == script]
    return [sql for sql in got[4] if sql.lstrip().startswith("SELECT")
            and re.search(r"\bFROM (states|cities)\b", sql)]


@pytest.mark.parametrize("kind", KINDS)
def test_how_many_queries_each_loader_sends(toured, kind):
    """Step 2 sends two, the second for every state's cities at once
    (IN); step 3 one for the states, then one per state.
    """
    two = reads(toured, kind, "2-selectinload.py")
    assert len(two) == 2 and " IN " in two[1], two
    assert len(reads(toured, kind, "3-awaitable_attrs.py")) == 1 + 5


def timing(toured, kind, script):
    """(sequence, gathered, counting, ratio) a step printed with --times;
    counting is None for step 4, which does not count."""
    [got] = [g for s, _, _, g in toured[kind] if s == script]
    match = TIMES.search(got[2])
    assert match, got
    return tuple(None if x is None else float(x) for x in match.groups())


@pytest.mark.parametrize("kind", ["mariadb", "postgres"])
def test_gathered_lookups_that_wait_are_at_least_twice_as_fast(
        toured, kind):
    """Step 4: the ratio, measured in one run, is above the floor.

    And the server really waited: 50 lookups of 0.05 s in sequence take
    2.5 s at least.
    """
    sequence, gathered, _, ratio = timing(toured, kind, "4-gather.py")
    assert sequence >= 2.5
    assert ratio >= PAYS, (sequence, gathered)


@pytest.mark.parametrize("kind", KINDS)
def test_gathered_work_that_never_waits_is_not_faster(toured, kind):
    """Step 5: the gathered run took no less than its countings, and the
    countings took time (0.02 s or so each on an idle machine), so the
    step's yes was measured, not given."""
    sequence, gathered, counting, _ = timing(toured, kind, "5-cpu_bound.py")
    assert gathered >= counting >= 0.04, (sequence, gathered, counting)


def test_the_task_rows_are_in_the_databases_after_the_tour(made, toured):
    """Step 8 started over: the task's rows again, ids 1-5 and 1-15."""
    names = ["California", "Arizona", "Texas", "New York", "Nevada"]
    rows = query(made.name, "SELECT id, name FROM states ORDER BY id")
    assert [tuple(r) for r in rows] == list(enumerate(names, 1))
    assert psql("SELECT id, name FROM states ORDER BY id", made.name) == [
        (str(i), n) for i, n in enumerate(names, 1)]
    assert psql("SELECT count(*), max(id) FROM cities", made.name) == [
        ("15", "15")]


# --- The endpoint --------------------------------------------------------

def get(port, path, method="GET"):
    """(status, content type, body) of one request to the endpoint."""
    request = urllib.request.Request(
        "http://127.0.0.1:{}{}".format(port, path), method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return (reply.status, reply.headers["Content-Type"],
                    reply.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return (error.code, error.headers["Content-Type"],
                error.read().decode("utf-8"))


def connections(made, kind, most):
    """The server's connections to the part's database, once at most
    ``most`` (closing ones take a moment to go), or after 5 s."""
    for _ in range(50):
        if kind == "mariadb":
            now = query("information_schema", "SELECT COUNT(*) FROM"
                        " PROCESSLIST WHERE DB = %s", (made.name,))[0][0]
        else:
            now = int(psql("SELECT count(*) FROM pg_stat_activity WHERE"
                           " datname = '{}'".format(made.name))[0][0])
        if now <= most:
            break
        time.sleep(0.1)
    return now


def start(made, kind):
    """Start step 9 on a free port; wait until it answers: (proc, port)."""
    port = free_port()
    proc = subprocess.Popen(
        ["./parts/10-async/9-endpoint.py", made.urls[kind], str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        env=dict(os.environ, LANG="C.UTF-8",
                 PATH=str(venv() / "bin") + os.pathsep + os.environ["PATH"],
                 **PG))
    deadline = time.monotonic() + 30
    while True:
        try:
            get(port, "/api/nowhere")
            return proc, port
        except OSError:
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.1)


def test_the_endpoint_answers_part_9s_json_and_lets_go(made, toured):
    """Step 9 on the three databases, at once, over real HTTP.

    The exact JSON of Part 9's list, a JSON 404 and 405; forty requests
    at once answered alike, after which the pool keeps at most its five
    connections; then SIGINT (Ctrl-C) or SIGTERM: two lines, exit 0, and
    no connection left.
    """
    servers = {kind: start(made, kind) for kind in KINDS}
    try:
        for kind, (proc, port) in servers.items():
            assert get(port, "/api/states") == (
                200, "application/json", STATES), kind
            assert get(port, "/api/nowhere") == (
                404, "application/json", '{"error":"Not Found"}\n')
            assert get(port, "/api/states", "POST") == (
                405, "application/json", '{"error":"Method Not Allowed"}\n')
            with ThreadPoolExecutor(40) as pool:
                answers = set(pool.map(lambda _: get(port, "/api/states"),
                                       range(40)))
            assert answers == {(200, "application/json", STATES)}
            if kind != "sqlite":
                assert 1 <= connections(made, kind, 5) <= 5, kind
    finally:
        stops = dict(zip(KINDS, (signal.SIGINT, signal.SIGTERM,
                                 signal.SIGINT)))
        for kind, (proc, _) in servers.items():
            proc.send_signal(stops[kind])
        ended = {kind: proc.communicate(timeout=30)
                 for kind, (proc, _) in servers.items()}
    for kind, (proc, port) in servers.items():
        out, err = ended[kind]
        assert (proc.returncode, out.decode(), err.decode()) == (
            0, "Serving on http://127.0.0.1:{}/api/states (Ctrl-C stops"
               " it)\nStopped.\n".format(port), ""), kind
        if kind != "sqlite":
            assert connections(made, kind, 0) == 0


def test_a_port_in_use_is_one_line(made):
    """Step 9 on a port already taken: one line, exit 1, no traceback."""
    proc, port = start(made, "sqlite")
    try:
        again = run_part("parts/10-async/9-endpoint.py", made.urls["sqlite"],
                         str(port))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert (again.returncode, again.stdout) == (1, "")
    assert again.stderr == (
        "Error: OSError: [Errno 98] Address already in use (while attempting"
        " to bind on address ('127.0.0.1', {}))\n".format(port))


# --- Bad input -----------------------------------------------------------

URLS = ("sqlite+aiosqlite:///.local/hbtn_10.db, mysql+asyncmy://USER:"
        "PASSWORD@HOST/DATABASE?charset=utf8mb4 or postgresql+asyncpg://"
        "USER:PASSWORD@HOST/DATABASE")
SECRET = "S3cret-pw"


@pytest.mark.parametrize("args, line", [
    ([], "Usage: ./parts/10-async/0-list_states.py URL"),
    (["a", "b"], "Usage: ./parts/10-async/0-list_states.py URL"),
    (["not-a-url"], "Error: the argument is not a SQLAlchemy URL (hint:"
                    " for example " + URLS + ")"),
    (["mysql+mysqldb://root:" + SECRET + "@localhost/x"],
     "Error: InvalidRequestError: The asyncio extension requires an async"
     " driver to be used. The loaded 'mysqldb' is not async. (hint: the URL"
     " starts with " + URLS + ")"),
    (["postgresql+pg8000:///x"],
     "Error: the URL's driver is not installed: No module named 'pg8000'"
     " (hint: run the step in the parts' virtualenv, ."
     " .local/venv/bin/activate)"),
    (["nosuch+driver:///x"],
     "Error: Can't load plugin: sqlalchemy.dialects:nosuch.driver (hint:"
     " the URL starts with " + URLS + ")"),
    (["sqlite+aiosqlite:///no/such/folder/x.db"],
     "Error: OperationalError: unable to open database file"),
], ids=["none", "two", "not-a-url", "sync-driver", "no-driver",
        "no-dialect", "no-folder"])
def test_bad_input_is_one_line(args, line):
    """Exit 1, nothing on stdout, one line on stderr, no password."""
    proc = run_part("parts/10-async/0-list_states.py", *args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", line + "\n")
    assert SECRET not in proc.stderr


def test_a_wrong_password_is_one_line_without_it(made):
    """The server's refusal, on MariaDB and PostgreSQL; never the password."""
    mariadb = url_string("mysql+asyncmy", username=USER, password=SECRET,
                         host=HOST, port=PORT, database=made.name)
    proc = run_part("parts/10-async/0-list_states.py", mariadb)
    assert (proc.returncode, proc.stdout) == (1, "")
    assert re.fullmatch(r"Error: OperationalError: \(1045, \"Access denied"
                        r" for user '[^']+'@'[^']+' \(using password:"
                        r" YES\)\"\)\n", proc.stderr), proc.stderr
    proc = run_part("parts/10-async/0-list_states.py", made.urls["postgres"],
                    env=dict(PG, PGPASSWORD=SECRET))
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == ('Error: DBAPIError: password authentication'
                           ' failed for user "{}"\n'.format(PG["PGUSER"]))
    assert SECRET not in proc.stderr


@pytest.mark.parametrize("script, args, line", [
    ("4-gather.py", ["--time"], "Usage: ./parts/10-async/4-gather.py URL"
                                " [--times]"),
    ("9-endpoint.py", ["http"], "Error: the port must be a number from 1"
                                " to 65535"),
    ("9-endpoint.py", ["70000"], "Error: the port must be a number from 1"
                                 " to 65535"),
    ("9-endpoint.py", ["80", "x"], "Usage: ./parts/10-async/9-endpoint.py"
                                   " URL [PORT]"),
])
def test_bad_extra_arguments_are_one_line(made, script, args, line):
    """A step's own arguments are checked: one line, exit 1."""
    proc = run_part("parts/10-async/" + script, made.urls["sqlite"], *args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", line + "\n")
