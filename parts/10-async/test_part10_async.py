"""Part 10: async, on SQLite, MariaDB and PostgreSQL (parts/10-async).

The page, the folder's README.md, runs here as bin/tour runs it (the
``toured`` fixture, harness/recorded.py): its other commands in one bash
session, in page order, and its step commands, in page order too, in a
session per database, the three at once; each step by its own command
line, the virtualenv's python running the file; bin/tour does not run it
again (tests/test_docs.py, TOURED_ELSEWHERE).  Only the names of what the
page makes are the tests' own: the setup lines name a SQLite file in
pytest's temporary folder and ``hbtn_t<pid>_10_<n>`` on MariaDB and on
PostgreSQL, which the steps create themselves and the tests drop, and
the endpoint listens on a free port and logs to a file of the tests:
they change nothing of yours, even when run by hand on your servers.
A recorder the session's python loads (harness/record) writes to a file
of its own, never to the step's output, every statement
a step handed the driver, when it was sent and answered, and, once the
step is done and before its process ends, the connections the server
still has to the step's database (MariaDB's process list, PostgreSQL's
pg_stat_activity): an engine the step forgot to dispose of would still
hold its pool's connections then.
"""
import itertools
import json
import os
import re
import shlex
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
from harness.recorded import ACTIVATE, run_page, swapper
from harness.transcript import commands

PART = ROOT / "parts" / "10-async"
PAGE = PART / "README.md"
KINDS = ("sqlite", "mariadb", "postgres")
COMMAND = re.compile(r'^\./parts/10-async/(\S+\.py) "\$(\w+)"'
                     r'(?:  # exit status (\d+))?$')
# Part 9's list of states, byte for byte, as its own tests hold it.
STATES = ('[{"id":1,"name":"California"},{"id":2,"name":"Arizona"},'
          '{"id":3,"name":"Texas"},{"id":4,"name":"New York"},'
          '{"id":5,"name":"Nevada"}]\n')
GREENLET = "Error: MissingGreenlet: greenlet_spawn has not been called\n"
# Step 4's lookups: each waits 0.05 s on the server, 10 at once at most
# (its pool); step 5's countings take 0.02 s or so each.
DELAY = 0.05
POOL = 10
_numbers = itertools.count()


class Three:
    """A throw-away database of each kind, and their async URLs."""

    def __init__(self, folder):
        self.name = "hbtn_t{}_10_{}".format(os.getpid(), next(_numbers))
        # The page's endpoint's: a free port, a log in the folder.
        self.folder, self.port = folder, free_port()
        self.file, self.log = folder / "hbtn_10.db", folder / "10-async.log"
        self.urls = {
            "sqlite": "sqlite+aiosqlite:///" + str(self.file),
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


def kind_of(text):
    """The database a step command of the page runs on."""
    return COMMAND.match(text).group(2)


def own(made):
    """How the session runs the page's commands (harness.recorded): the
    setup lines name the tests' SQLite file and servers' database; the
    endpoint listens on the tests' free port and logs to their file."""
    return swapper(PAGE, COMMAND.match, venv(), [
        ("sqlite+aiosqlite:///.local/hbtn_10.db",
         shlex.quote(made.urls["sqlite"])),
        (".local/hbtn_10.db", shlex.quote(str(made.file))),
        ("hbtn_10_async", made.name)],
        [("5010", str(made.port)),
         (".local/10-async.log", shlex.quote(str(made.log)))])


@pytest.fixture(scope="module")
def toured(made):
    """Every command of the page, as bin/tour runs it (harness.recorded).

    Returns [harness.recorded.Ran of each command], the recorder counting
    the connections each step left.  A step's stdout and stderr are kept
    apart; the page shows them one after the other, stderr's one line
    last (kit.run prints it as the step ends).
    """
    return run_page(PAGE, COMMAND.match, own(made), made.folder, kind_of,
                    HBTN_RECORD_CONNECTIONS="1")


def step_runs(toured, kind):
    """The step commands run on one database: [(script, Ran)]."""
    found = []
    for r in toured:
        match = r.err is not None and COMMAND.match(r.cmd.text)
        if match and match.group(2) == kind:
            found.append((match.group(1), r))
    return found


def record(toured, kind, script):
    """What the recorder wrote of a step's run on one database."""
    [ran] = [r for s, r in step_runs(toured, kind) if s == script]
    return ran.records[0]


def test_the_page_runs_every_step_on_each_database():
    """Each step is on the page for the three databases (4: refused)."""
    runs = page_runs()
    assert sorted({script for script, _, _, _ in runs}) == sorted(
        s for s in steps() if s != "9-endpoint.py")
    for script in {script for script, _, _, _ in runs}:
        assert sorted(k for s, k, _, _ in runs if s == script) == sorted(
            KINDS), script


@pytest.mark.parametrize("kind", KINDS)
def test_every_step_prints_the_page(made, toured, kind):
    """stdout, then stderr's one line, exactly the page's; the status;
    and each step ran as the page runs it (its argv)."""
    runs = step_runs(toured, kind)
    assert [s for s, _ in runs] == [
        s for s, k, _, _ in page_runs() if k == kind]
    for script, r in runs:
        assert (r.status, r.out + r.err) == (r.cmd.status, r.cmd.output), (
            kind, script, r.err)
        assert r.err.count("\n") == (1 if r.status else 0), (script, r.err)
        assert [x["argv"] for x in r.records] == [
            ["./parts/10-async/" + script, made.urls[kind]]]


@pytest.mark.parametrize("kind", KINDS)
def test_no_step_leaves_a_connection_open(toured, kind):
    """Once a step is done, its database has no connection left (a step
    that sent nothing, step 4 refused on SQLite, is not counted)."""
    left = {script: r.records[0]["connections"]
            for script, r in step_runs(toured, kind)
            if r.records[0]["sent"]}
    assert len(left) == 9 - (kind == "sqlite")
    assert left == dict.fromkeys(left, 0)


def test_the_lazy_load_raises_missing_greenlet(toured):
    """Step 1: the first state, then MissingGreenlet, on all three."""
    for kind in KINDS:
        [got] = [r for s, r in step_runs(toured, kind)
                 if s == "1-lazy_load.py"]
        assert (got.status, got.out, got.err) == (
            1, "1: California\n", GREENLET), kind


def reads(toured, kind, script):
    """The SELECTs of the part's tables that a step sent, in order."""
    return [sql for sql, _, _, _ in record(toured, kind, script)["sent"]
            if sql.lstrip().startswith("SELECT")
            and re.search(r"\bFROM (states|cities)\b", sql)]


@pytest.mark.parametrize("kind", KINDS)
def test_how_many_queries_each_loader_sends(toured, kind):
    """Step 2 sends two, the second for every state's cities at once
    (IN); step 3 one for the states, then one per state.
    """
    two = reads(toured, kind, "2-selectinload.py")
    assert len(two) == 2 and " IN " in two[1], two
    assert len(reads(toured, kind, "3-awaitable_attrs.py")) == 1 + 5


def sent_and_answered(toured, kind, script, word):
    """(sent, answered) of each statement of a step's run holding word."""
    return [(t0, t1) for sql, _, t0, t1 in record(toured, kind, script)[
        "sent"] if word in sql.lower()]


def most_at_once(spans):
    """The most statements that were on the server at the same time."""
    ends = sorted([(t0, 1) for t0, _ in spans]
                  + [(t1, -1) for _, t1 in spans])
    now = most = 0
    for _, change in ends:
        now += change
        most = max(most, now)
    return most


@pytest.mark.parametrize("kind", ["mariadb", "postgres"])
def test_gathered_lookups_wait_on_the_server_ten_at_once(toured, kind):
    """Step 4, as the recorder saw its run: every lookup was answered
    0.05 s after it was sent at least (the server waited); the 50 in
    sequence one after another (2.5 s at least); the 50 gathered on the
    server at once, up to the pool's ten, and in half the time at most.
    """
    lookups = sent_and_answered(toured, kind, "4-gather.py", "sleep(")
    assert len(lookups) == POOL + 50 + 50
    # 2%: the server's clock and ours.
    assert min(t1 - t0 for t0, t1 in lookups) >= 0.98 * DELAY
    sequence, gathered = lookups[POOL:POOL + 50], lookups[POOL + 50:]
    assert all(b[0] >= a[1] for a, b in zip(sequence, sequence[1:]))
    took = [run[-1][1] - run[0][0] for run in (sequence, gathered)]
    assert took[0] >= 50 * 0.98 * DELAY
    assert 2 <= most_at_once(gathered) <= POOL
    # The floor the step claims, as measured here.
    assert took[0] >= 2 * took[1], took


@pytest.mark.parametrize("kind", KINDS)
def test_gathered_work_that_never_waits_is_not_faster(toured, kind):
    """Step 5, as the recorder saw its run: in sequence, between a
    task's lookup answered and the next one sent, 0.01 s at least went
    by each time (its counting: 0.02 s or so on an idle machine), so the
    step's "no shorter than its countings: yes" was measured, not
    given."""
    lookups = sent_and_answered(toured, kind, "5-cpu_bound.py",
                                "from states")
    assert len(lookups) == 4 + 4
    sequence = lookups[:4]
    gaps = [b[0] - a[1] for a, b in zip(sequence, sequence[1:])]
    assert min(gaps) >= 0.01, gaps


def test_times_adds_one_line_on_stderr_only(made, toured):
    """--times (the page's prose): the same stdout as the page's run of
    step 5, and the seconds it measured in one line on stderr."""
    proc = run_part("parts/10-async/5-cpu_bound.py", made.urls["sqlite"],
                    "--times")
    [page] = [r for s, r in step_runs(toured, "sqlite")
              if s == "5-cpu_bound.py"]
    assert (proc.returncode, proc.stdout) == (0, page.cmd.output)
    times = re.fullmatch(r"in sequence (\S+) s, gathered (\S+) s \(counting"
                         r" (\S+) s\): (\S+) times as fast\n", proc.stderr)
    assert times, proc.stderr
    sequence, gathered, counting, _ = map(float, times.groups())
    assert gathered >= counting > 0 and sequence > 0


def test_the_pages_other_commands(made, toured):
    """The page's other commands, in one session as bin/tour runs them:
    the setup lines, the endpoint (started on the database the steps
    left, asked twice with curl, stopped with Ctrl-C, its log) and the
    refusals, each output and exit status as shown."""
    swapped = own(made)
    others = [(number, r) for number, r in enumerate(toured)
              if r.err is None]
    assert len(others) == 15 and others[0][1].cmd.text == ACTIVATE
    assert [(r.cmd.text, r.out, r.status) for _, r in others] == [
        (r.cmd.text, swapped(number, r.cmd)[1], r.cmd.status)
        for number, r in others]


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


@pytest.mark.errors
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
@pytest.mark.errors
def test_bad_input_is_one_line(args, line):
    """Exit 1, nothing on stdout, one line on stderr, no password."""
    proc = run_part("parts/10-async/0-list_states.py", *args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", line + "\n")
    assert SECRET not in proc.stderr


@pytest.mark.errors
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
@pytest.mark.errors
def test_bad_extra_arguments_are_one_line(made, script, args, line):
    """A step's own arguments are checked: one line, exit 1."""
    proc = run_part("parts/10-async/" + script, made.urls["sqlite"], *args)
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", line + "\n")
